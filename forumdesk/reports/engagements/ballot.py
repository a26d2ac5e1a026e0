"""The ballot's published report (the ballot part of issue 14): the result as a council
publishes it: the question, how the result is decided, the ballots of each box and in
total, spoilt ballots, turnout and the result. A result not yet declared is marked DRAFT."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import ballot, base
from forumdesk.db.models import Engagement, Forum
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import EngagementStatus
from forumdesk.domain.language import Language, day_month_year
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
#: Room a heading needs below it for a few rows; with less, it starts the next page.
HEADING_ROOM = 120


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes, in the document language."""
    fonts.register()
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    words = language.value
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = session.get(Forum, row.forum_id) if row.forum_id is not None else None
    outcome = ballot.result(session, row.id)
    declared = row.status is EngagementStatus.REPORTED
    title = tr.gettext("Ballot result: {title}").format(title=row.title)

    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(
            text(forum.name if forum else tr.gettext("Council-wide")),
            styles.FORUM,
        ),
        Paragraph(text(title), styles.TITLE),
        Paragraph(text(_subtitle(row, today, language, tr)), styles.SUBTITLE),
    ]

    def heading(words_: str) -> None:
        story.append(CondPageBreak(HEADING_ROOM))
        story.append(Paragraph(text(words_), styles.HEADING))

    heading(tr.gettext("The question"))
    story.append(Paragraph(text(row.wording or row.title), styles.PLAIN))
    if row.options:
        story.append(
            Paragraph(
                text(tr.gettext("Options: {options}").format(options="; ".join(row.options))),
                styles.PLAIN,
            )
        )
    heading(tr.gettext("How the result is decided"))
    story.append(Paragraph(text(ballot.rule_text(outcome, words)), styles.PLAIN))

    heading(tr.gettext("Ballots by ballot box"))
    if outcome.boxes:
        options = [o.option for o in outcome.options]
        rows: list[list[object]] = [
            [
                box.name,
                *(f"{box.ballots[o]:,}" for o in options),
                f"{box.spoilt:,}",
                f"{box.total:,}",
            ]
            for box in outcome.boxes
        ]
        rows.append(
            [
                tr.gettext("All boxes"),
                *(f"{o.votes:,}" for o in outcome.options),
                f"{outcome.spoilt:,}",
                f"{outcome.total:,}",
            ]
        )
        columns = len(options) + 3
        first = 0.28 if columns > 4 else 0.34
        rest = (1 - first) / (columns - 1)
        story += table(
            [tr.gettext("Ballot box"), *options, tr.gettext("Spoilt"), tr.gettext("Total")],
            rows,
            [first * WIDTH] + [rest * WIDTH] * (columns - 1),
        )
    else:
        story.append(Paragraph(text(tr.gettext("No ballots have been counted yet.")), styles.PLAIN))

    heading(tr.gettext("The result"))
    if outcome.counted:
        story += table(
            [tr.gettext("Option"), tr.gettext("Ballots"), tr.gettext("Share of valid ballots")],
            [[o.option, f"{o.votes:,}", f"{o.share:.1f}%"] for o in outcome.options],
            [0.5 * WIDTH, 0.2 * WIDTH, 0.3 * WIDTH],
        )
        story.append(Spacer(1, 6))
        for line in (
            tr.gettext("Valid ballots: {n}").format(n=f"{outcome.valid:,}"),
            tr.gettext("Spoilt ballots: {n}").format(n=f"{outcome.spoilt:,}"),
            tr.gettext("Turnout: {turnout}").format(turnout=ballot.turnout_text(outcome, words)),
        ):
            story.append(Paragraph(text(line), styles.PLAIN))
    story.append(Paragraph(f"<b>{text(ballot.result_text(outcome, words))}</b>", styles.PLAIN))
    if not declared:
        story.append(
            Paragraph(
                text(tr.gettext("This result has not been declared: it is the count so far.")),
                styles.PLAIN,
            )
        )
    linked = base.linked_issues(session, row.id)
    if linked:
        heading(tr.gettext("The issues it decides"))
        story += table(
            [tr.gettext("Reference"), tr.gettext("Issue")],
            [[link.reference, link.title] for link in {x.issue_id: x for x in linked}.values()],
            [0.2 * WIDTH, 0.8 * WIDTH],
        )

    decor = PageDecor(
        header=tr.gettext("Ballot result · {reference}").format(reference=row.reference),
        footer=f"{council} · {row.reference} · {day_month_year(today, language)}",
        draft=not declared,
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Ballot result"),
        lang=language.tag,
    )


def _subtitle(
    row: Engagement, today: date, language: Language | DocumentText, tr: DocumentText
) -> str:
    """Reference, voting period, binding or advisory, and the day the report was made."""
    parts = [row.reference]
    if row.opens and row.closes:
        parts.append(
            tr.gettext("voting from {opens} to {closes}").format(
                opens=day_month_year(row.opens, language),
                closes=day_month_year(row.closes, language),
            )
        )
    elif row.closes:
        parts.append(
            tr.gettext("voting closed {closes}").format(closes=day_month_year(row.closes, language))
        )
    parts.append(tr.gettext("binding") if row.binding else tr.gettext("advisory"))
    parts.append(tr.gettext("published {date}").format(date=day_month_year(today, language)))
    return " · ".join(parts)
