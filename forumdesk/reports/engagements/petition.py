"""The petition's published report: the petition, its signatures, and the council's response."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import base
from forumdesk.core.engagements import petition as petitions
from forumdesk.db.models import Engagement, Forum, Meeting
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import ParticipantRole
from forumdesk.domain.language import Language, day_month_year
from forumdesk.domain.petitions import DEBATE, RESPONSE, Signatures
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The petition and the council's response as PDF bytes, in the document language.

    The lead petitioner is named only with their consent; signatories never are.
    """
    fonts.register()
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = session.get(Forum, row.forum_id) if row.forum_id is not None else None
    counted = petitions.signatures(session, row)
    title = tr.gettext("Petition: {title}").format(title=row.title)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(title), styles.TITLE),
        Paragraph(
            text(
                tr.gettext("{reference} · {forum}").format(
                    reference=row.reference,
                    forum=forum.name if forum else tr.gettext("council-wide"),
                )
            ),
            styles.SUBTITLE,
        ),
        Paragraph(text(tr.gettext("The petition")), styles.HEADING),
        Paragraph(text(row.wording or row.title), styles.PLAIN),
    ]
    facts = _facts(session, row, counted, tr, language)
    story += table([tr.gettext("About the petition"), ""], facts, [0.35 * WIDTH, 0.65 * WIDTH])
    story.append(Paragraph(text(tr.gettext("The council's response")), styles.HEADING))
    if row.outcome:
        if row.responded_at is not None:
            story.append(
                Paragraph(
                    text(
                        tr.gettext("Given on {date}.").format(
                            date=day_month_year(row.responded_at, language)
                        )
                    ),
                    styles.SMALL,
                )
            )
        story.append(Paragraph(text(row.outcome), styles.PLAIN))
    elif row.response_due is not None:
        story.append(
            Paragraph(
                text(
                    tr.gettext(
                        "The council has not yet responded; its response is due by {date}."
                    ).format(date=day_month_year(row.response_due, language))
                ),
                styles.PLAIN,
            )
        )
    else:
        story.append(
            Paragraph(
                text(
                    tr.gettext(
                        "The petition has not reached the number of signatures that calls "
                        "for a response."
                    )
                ),
                styles.PLAIN,
            )
        )
    linked = base.linked_issues(session, row.id)
    if linked:
        story.append(Paragraph(text(tr.gettext("Issues it concerns")), styles.HEADING))
        story += table(
            [tr.gettext("Reference"), tr.gettext("Issue"), tr.gettext("Stage")],
            [[i.reference, i.title, i.stage.label_in(language.value)] for i in linked],
            [0.15 * WIDTH, 0.6 * WIDTH, 0.25 * WIDTH],
        )
    decor = PageDecor(
        header=tr.gettext("Petition {reference} · made on {date}").format(
            reference=row.reference, date=day_month_year(today, language)
        ),
        footer=f"{council} · {row.reference}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Petition response"),
        lang=language.tag,
    )


def _facts(
    session: Session,
    row: Engagement,
    counted: Signatures,
    tr: DocumentText,
    language: Language | DocumentText,
) -> list[list[str]]:
    facts: list[list[str]] = []
    leads = base.participants(session, row.id, ParticipantRole.LEAD_PETITIONER)
    named = [p.name for p in leads if p.name and p.consent_named]
    if named:
        facts.append([tr.gettext("Lead petitioner"), ", ".join(named)])
    if row.opens or row.closes:
        facts.append(
            [
                tr.gettext("Open for signatures"),
                tr.gettext("{opens} to {closes}").format(
                    opens=day_month_year(row.opens, language) if row.opens else "…",
                    closes=day_month_year(row.closes, language) if row.closes else "…",
                ),
            ]
        )
    sheets = len(counted.sheets)
    facts.append(
        [
            tr.gettext("Signatures"),
            tr.ngettext(
                "{total} in all: {paper} on {n} paper sheet, {online} online",
                "{total} in all: {paper} on {n} paper sheets, {online} online",
                sheets,
            ).format(total=counted.total, paper=counted.paper, n=sheets, online=counted.online),
        ]
    )
    for threshold, needed, label in (
        (RESPONSE, row.threshold_response, tr.gettext("Signatures for a response")),
        (DEBATE, row.threshold_debate, tr.gettext("Signatures for a debate")),
    ):
        if needed is None:
            continue
        crossed = counted.reached(threshold)
        facts.append(
            [
                label,
                tr.gettext("{n}: reached on {date}").format(
                    n=needed, date=day_month_year(crossed.reached_on, language)
                )
                if crossed
                else tr.gettext("{n}: not reached").format(n=needed),
            ]
        )
    for crossing in counted.crossings:
        meeting = session.get(Meeting, crossing.meeting_id) if crossing.meeting_id else None
        if meeting is None:
            continue
        held_by = session.get(Forum, meeting.forum_id)
        facts.append(
            [
                tr.gettext("On the agenda of"),
                tr.gettext("{forum}, {date}").format(
                    forum=held_by.name if held_by else "",
                    date=day_month_year(meeting.date, language),
                ),
            ]
        )
    if row.response_due is not None:
        facts.append([tr.gettext("Response due by"), day_month_year(row.response_due, language)])
    return facts
