"""The consultation's published report (the consultation part of issue 14): what was asked
and when, how many responded by each channel, what residents raised (the issues the
responses were coded to, with their counts), the summary and "you said, we did"."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import consultation
from forumdesk.db.models import Engagement, Forum
from forumdesk.domain.consultations import Totals
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import Channel
from forumdesk.domain.language import Language, day_month_year
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
#: Room a heading needs below it for a few lines; with less, it starts the next page.
HEADING_ROOM = 35 * mm


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes, in the document language setting's language."""
    consultation.consultation(session, row.id)  # refuses another kind
    language = preferences.document_language(session)
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = None
    if row.forum_id is not None:
        forum = session.scalar(select(Forum.name).where(Forum.id == row.forum_id))
    return render(
        row,
        consultation.totals(session, row.id),
        council=council,
        forum=forum,
        today=today,
        language=language,
    )


def render(
    row: Engagement,
    sums: Totals,
    *,
    council: str,
    forum: str | None,
    today: date,
    language: Language | DocumentText = Language.ENGLISH,
) -> bytes:
    """The report of a consultation and its totals as PDF bytes, in ``language``."""
    fonts.register()
    tr = DocumentText.of(language)
    owner = forum or tr.gettext("Council-wide")
    title = tr.gettext("Consultation summary: {title}").format(title=row.title)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(owner), styles.FORUM),
        Paragraph(text(title), styles.TITLE),
        Paragraph(text(_when(row, tr, language)), styles.SUBTITLE),
    ]
    story += _questions(row, tr)
    story += _channels(sums, tr, language)
    story += _raised(sums, tr, language)
    story += _text_section(
        tr.gettext("Summary of what residents said"),
        row.outcome,
        tr.gettext("The summary has not been written yet."),
    )
    story += _text_section(
        tr.gettext("You said, we did"),
        row.you_said_we_did,
        tr.gettext("The council's response has not been written yet."),
    )
    made_on = day_month_year(today, language)
    decor = PageDecor(
        header=tr.gettext("Consultation summary · {reference} · made on {date}").format(
            reference=row.reference, date=made_on
        ),
        footer=f"{council} · {owner} · {row.reference}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Consultation summary"),
        lang=language.tag,
    )


def _when(row: Engagement, tr: DocumentText, language: Language | DocumentText) -> str:
    """The reference and the dates it was open: "LLF-CON-1A2B · open 1 April to 31 May"."""
    if row.opens and row.closes:
        dates = tr.gettext("Open from {opens} to {closes}").format(
            opens=day_month_year(row.opens, language), closes=day_month_year(row.closes, language)
        )
    elif row.opens:
        dates = tr.gettext("Open from {opens}").format(opens=day_month_year(row.opens, language))
    elif row.closes:
        dates = tr.gettext("Open until {closes}").format(
            closes=day_month_year(row.closes, language)
        )
    else:
        return row.reference
    return f"{row.reference} · {dates}"


def _heading(words: str) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(text(words), styles.HEADING)]


def _questions(row: Engagement, tr: DocumentText) -> list[Flowable]:
    story = _heading(tr.gettext("What we asked"))
    asked = list(row.questions or ())
    if not asked:
        return [*story, Paragraph(text(tr.gettext("No questions were recorded.")), styles.PLAIN)]
    return story + [
        Paragraph(f"{n}.&nbsp;&nbsp;{text(q)}", styles.PLAIN) for n, q in enumerate(asked, 1)
    ]


def _channels(sums: Totals, tr: DocumentText, language: Language | DocumentText) -> list[Flowable]:
    story = _heading(tr.gettext("How residents responded"))
    story.append(
        Paragraph(
            text(
                tr.ngettext(
                    "{n} response in all, {coded} of them coded to an issue.",
                    "{n} responses in all, {coded} of them coded to an issue.",
                    sums.total,
                ).format(n=sums.total, coded=sums.total - sums.not_coded)
            ),
            styles.PLAIN,
        )
    )
    rows = [(c.label_in(language.value), n) for c, n in sums.by_channel]
    rows.append((tr.gettext("In all"), sums.total))
    return story + table(
        [tr.gettext("Channel"), tr.gettext("Responses")], rows, [0.45 * WIDTH, 0.2 * WIDTH]
    )


def _raised(sums: Totals, tr: DocumentText, language: Language | DocumentText) -> list[Flowable]:
    story = _heading(tr.gettext("What residents raised"))
    if not sums.issues:
        story.append(
            Paragraph(text(tr.gettext("No responses were coded to an issue.")), styles.PLAIN)
        )
    else:
        channels = list(Channel)
        story += table(
            [
                tr.gettext("Reference"),
                tr.gettext("Issue"),
                tr.gettext("How"),
                *[c.label_in(language.value) for c in channels],
                tr.gettext("In all"),
            ],
            [
                (
                    i.reference,
                    i.title,
                    i.role.label_in(language.value),
                    *[dict(i.by_channel)[c] for c in channels],
                    i.total,
                )
                for i in sums.issues
            ],
            [0.12 * WIDTH, 0.34 * WIDTH, 0.16 * WIDTH]
            + [0.1 * WIDTH] * len(channels)
            + [0.08 * WIDTH],
        )
    if sums.not_coded:
        story.append(Spacer(0, 2 * mm))
        story.append(
            Paragraph(
                text(
                    tr.ngettext(
                        "{n} response was not coded to an issue.",
                        "{n} responses were not coded to an issue.",
                        sums.not_coded,
                    ).format(n=sums.not_coded)
                ),
                styles.SMALL,
            )
        )
    return story


def _text_section(heading: str, body: str | None, missing: str) -> list[Flowable]:
    story = _heading(heading)
    if not body or not body.strip():
        return [*story, Paragraph(text(missing), styles.PLAIN)]
    return story + [
        Paragraph(text(part.strip()), styles.PLAIN) for part in body.split("\n\n") if part.strip()
    ]
