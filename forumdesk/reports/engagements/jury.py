"""The jury's published report: its question, how the jury was drawn (and how anyone can
re-run the draw), its sessions and witnesses, its recommendations and the council's
responses. Written in the document language."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences, report_back
from forumdesk.core.engagements import jury, jury_draw, jury_sessions, jury_text
from forumdesk.db.models import AgendaItem, Engagement, Forum, Participant
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.jury import DrawRecord
from forumdesk.domain.language import Language, day_month_year
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
HEADING_ROOM = 40 * mm


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes."""
    fonts.register()
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = session.get(Forum, row.forum_id) if row.forum_id is not None else None
    title = tr.gettext("Policy jury report: {title}").format(title=row.title)
    where = forum.name if forum else tr.gettext("Council-wide")
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(title), styles.TITLE),
        Paragraph(text(f"{where} · {row.reference}"), styles.SUBTITLE),
    ]
    if row.wording:
        story += _heading(tr.gettext("The question the jury was asked"))
        story.append(Paragraph(text(row.wording), styles.PLAIN))
    found = jury.draws(session, row.id)
    story += _heading(tr.gettext("How the jury was drawn"))
    if found:
        story += _draw(session, found[-1], row.reference, tr, language)
    else:
        story.append(Paragraph(text(tr.gettext("No draw has been made yet.")), styles.PLAIN))
    story += _sessions(session, row, tr, language)
    story += _recommendations(session, row, tr, language, today)
    decor = PageDecor(
        header=tr.gettext("Policy jury · {reference} · made on {date}").format(
            reference=row.reference, date=day_month_year(today, language)
        ),
        footer=f"{council} · {row.title}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Policy jury report"),
        lang=language.tag,
    )


def _heading(words: str) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(text(words), styles.HEADING)]


def _stratum(key: str, tr: DocumentText) -> str:
    return ", ".join(part or tr.gettext("not given") for part in key.split(jury_draw.SEPARATOR))


def _draw(
    session: Session,
    record: DrawRecord,
    reference: str,
    tr: DocumentText,
    language: Language | DocumentText,
) -> list[Flowable]:
    fields = ", ".join(tr.gettext(jury_text.STRATA[f]) for f in record.strata)
    story: list[Flowable] = [
        Paragraph(
            text(
                tr.ngettext(
                    "The jury of {size} was drawn at random on {date} from a pool of {pool} "
                    "volunteer, by {fields}. Each group's share of the jury is in proportion "
                    "to its volunteers, rounded by the largest remainder.",
                    "The jury of {size} was drawn at random on {date} from a pool of {pool} "
                    "volunteers, by {fields}. Each group's share of the jury is in proportion "
                    "to its volunteers, rounded by the largest remainder.",
                    record.pool_size,
                ).format(
                    size=record.size,
                    date=day_month_year(record.drawn_at.date(), language),
                    pool=record.pool_size,
                    fields=fields,
                )
            ),
            styles.PLAIN,
        ),
        Paragraph(text(tr.gettext("Seed: {seed}").format(seed=record.seed)), styles.PLAIN),
        Paragraph(
            text(
                tr.gettext("Witnessed by: {names}").format(names=", ".join(record.witnesses))
                if record.witnesses
                else tr.gettext("No witness of the draw was named.")
            ),
            styles.PLAIN,
        ),
    ]
    story += table(
        [tr.gettext("Group"), tr.gettext("Volunteers"), tr.gettext("Jurors")],
        [(_stratum(q.stratum, tr), q.available, q.drawn) for q in record.quotas],
        [0.6 * WIDTH, 0.2 * WIDTH, 0.2 * WIDTH],
    )
    story += _heading(tr.gettext("The jurors"))
    story += table(
        [tr.gettext("No."), tr.gettext("Name"), tr.gettext("Ward"), tr.gettext("Age band")],
        [
            (j.number, j.name or tr.gettext("not named"), j.ward or "", j.age_band or "")
            for j in record.jurors
        ],
        [0.1 * WIDTH, 0.45 * WIDTH, 0.25 * WIDTH, 0.2 * WIDTH],
    )
    story += _heading(tr.gettext("How anyone can re-run the draw"))
    story.append(
        Paragraph(
            text(
                tr.gettext(
                    "Number the pool below from 1 in the order shown. Start Python's "
                    'random number generator with the seed: rng = random.Random("{seed}"). '
                    "Take the groups in alphabetical order. For each, list the numbers of "
                    "its volunteers in pool order and, once per juror it gives, take out "
                    "the number at position int(rng.random() * numbers left), counting "
                    "from 0. The numbers taken out, in that order, are the jurors above. "
                    "ForumDesk does the same with: forumdesk engagement draw {reference} "
                    "--check {id}"
                ).format(seed=record.seed, reference=reference, id=record.id)
            ),
            styles.PLAIN,
        )
    )
    story += table(
        [tr.gettext("No."), tr.gettext("Group")],
        _pool_rows(session, record, tr),
        [0.15 * WIDTH, 0.85 * WIDTH],
    )
    return story


def _pool_rows(session: Session, record: DrawRecord, tr: DocumentText) -> list[list[object]]:
    from forumdesk.db.models import Draw

    stored = session.get(Draw, record.id)
    pool = list(stored.pool) if stored else []
    people = {
        p.uuid: p for p in session.scalars(select(Participant).where(Participant.uuid.in_(pool)))
    }
    rows: list[list[object]] = []
    for number, uuid in enumerate(pool, start=1):
        person = people.get(uuid)
        values = {"ward": person.ward, "age_band": person.age_band} if person else {}
        rows.append([number, _stratum(jury_draw.stratum(values, record.strata), tr)])
    return rows


def _sessions(
    session: Session, row: Engagement, tr: DocumentText, language: Language | DocumentText
) -> list[Flowable]:
    held = jury_sessions.sessions(session, row.id)
    story = _heading(tr.gettext("Sessions and witnesses"))
    if not held:
        story.append(Paragraph(text(tr.gettext("No session has been held yet.")), styles.PLAIN))
        return story
    evidence: dict[int, list[str]] = {}
    for item in session.scalars(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id.in_([m.id for m in held]),
            AgendaItem.deleted_at.is_(None),
            AgendaItem.presenter.is_not(None),
        )
        .order_by(AgendaItem.position)
    ):
        evidence.setdefault(item.meeting_id, []).append(
            tr.gettext("{presenter}: {title}").format(presenter=item.presenter, title=item.title)
        )
    story += table(
        [tr.gettext("Date"), tr.gettext("Session"), tr.gettext("Evidence heard")],
        [
            (
                day_month_year(m.date, language),
                ", ".join(v for v in (m.title, m.venue) if v),
                "\n".join(evidence.get(m.id, [])) or "-",
            )
            for m in held
        ],
        [0.2 * WIDTH, 0.35 * WIDTH, 0.45 * WIDTH],
    )
    return story


def _recommendations(
    session: Session,
    row: Engagement,
    tr: DocumentText,
    language: Language | DocumentText,
    today: date,
) -> list[Flowable]:
    found = jury_sessions.recommendations(session, row.id)
    story = _heading(tr.gettext("Recommendations and the council's responses"))
    if not found:
        story.append(
            Paragraph(text(tr.gettext("The jury has made no recommendation yet.")), styles.PLAIN)
        )
        return story
    standing = report_back.standing(session, [r.id for r in found], today)
    rows = []
    for issue in found:
        known = standing.get(issue.id)
        if known and known.last:
            response = tr.gettext("{date}: {text}").format(
                date=day_month_year(known.last.day, language), text=known.last.text
            )
        elif known and known.overdue:
            response = tr.gettext("Overdue: none given yet")
        else:
            response = tr.gettext("Awaited")
        rows.append(
            (
                issue.reference,
                issue.title + (f"\n{issue.description}" if issue.description else ""),
                day_month_year(issue.response_due, language) if issue.response_due else "-",
                response,
            )
        )
    story += table(
        [
            tr.gettext("Reference"),
            tr.gettext("Recommendation"),
            tr.gettext("Response due"),
            tr.gettext("The council's response"),
        ],
        rows,
        [0.13 * WIDTH, 0.35 * WIDTH, 0.17 * WIDTH, 0.35 * WIDTH],
    )
    return story
