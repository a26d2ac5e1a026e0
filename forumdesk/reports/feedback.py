"""The report-back PDF ("you said, we did"): what residents raised at a forum over a period,
what the council did or decided, and which issues still await a response and for how long."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences, report_back
from forumdesk.core.engagements import offers
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.feedback import FeedbackItem, FeedbackReport
from forumdesk.domain.language import Language, day_month_year, short_date
from forumdesk.domain.offers import OfferInfo
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = landscape(A4)[0] - 2 * styles.MARGIN  # landscape: five columns of text
#: A description longer than this is cut in the table: the report says what was raised,
#: the register keeps all of it.
DESCRIPTION_SHOWN = 600
#: Room a heading needs below it for a few rows; with less, it starts the next page. (A
#: heading kept with the whole table that follows would push all of it to the next page.)
HEADING_ROOM = 40 * mm


def period_words(start: date | None, end: date | None, language: Language | DocumentText) -> str:
    """The period in words: "1 March 2026 to 30 April 2026", "from …", "until …", "all dates"."""
    tr = DocumentText.of(language)
    if start and end:
        return tr.gettext("{start} to {end}").format(
            start=day_month_year(start, language), end=day_month_year(end, language)
        )
    if start:
        return tr.gettext("from {start}").format(start=day_month_year(start, language))
    if end:
        return tr.gettext("until {end}").format(end=day_month_year(end, language))
    return tr.gettext("all dates")


def feedback_pdf(
    session: Session,
    forum: str | int,
    *,
    start: date | None = None,
    end: date | None = None,
    today: date,
    language: str | None = None,
) -> bytes:
    """The report of a forum over a period as PDF bytes, with the council's name, in the
    document language (``language`` given: that one, else the ``document_language`` setting).

    Raises:
        NotFound: no such forum. InputRefused: the period starts after it ends.
    """
    report = report_back.feedback(session, forum, start=start, end=end, today=today)
    return render_feedback(
        report,
        council=preferences.get_setting(session, settings.COUNCIL_NAME.key),
        language=preferences.document_language(session, language),
        delivered=offers.delivered_between(session, forum, start, end),
    )


def render_feedback(
    report: FeedbackReport,
    *,
    council: str,
    language: Language | DocumentText = Language.ENGLISH,
    delivered: Sequence[OfferInfo] = (),
) -> bytes:
    """The report as PDF bytes, in the document's language (the council's, not the computer's),
    with what residents delivered in the period (``delivered``: their offers carried out)."""
    fonts.register()
    tr = DocumentText.of(language)
    period = period_words(report.start, report.end, language)
    title = tr.gettext("You said, we did — {forum} — {period}").format(
        forum=report.forum_name, period=period
    )
    made_on = day_month_year(report.today, language)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(title), styles.TITLE),
        Paragraph(text(_summary(report, tr)), styles.SUBTITLE),
    ]
    if report.items:
        story += table(
            [
                tr.gettext("Reference"),
                tr.gettext("What residents raised"),
                tr.gettext("What the council did or decided"),
                tr.gettext("Stage"),
                tr.gettext("Status"),
            ],
            [_issue_row(i, tr, language) for i in report.items],
            [0.11 * WIDTH, 0.3 * WIDTH, 0.33 * WIDTH, 0.15 * WIDTH, 0.11 * WIDTH],
        )
    else:
        story.append(
            Paragraph(
                text(tr.gettext("No issues were raised at this forum in this period.")),
                styles.PLAIN,
            )
        )
    story.append(CondPageBreak(HEADING_ROOM))
    story.append(Paragraph(text(tr.gettext("Still awaiting a response")), styles.HEADING))
    waiting = report.awaiting
    if waiting:
        story += table(
            [
                tr.gettext("Reference"),
                tr.gettext("Issue"),
                tr.gettext("Waiting since"),
                tr.gettext("Days waited"),
                tr.gettext("Response due"),
            ],
            [_waiting_row(i, tr, language) for i in waiting],
            [0.11 * WIDTH, 0.38 * WIDTH, 0.2 * WIDTH, 0.1 * WIDTH, 0.21 * WIDTH],
        )
    else:
        story.append(
            Paragraph(
                text(tr.gettext("No issue raised in this period awaits a response.")), styles.PLAIN
            )
        )
    story += _delivered(delivered, tr, language)
    decor = PageDecor(
        header=tr.gettext("You said, we did · {forum} · made on {date}").format(
            forum=report.forum_code, date=made_on
        ),
        footer=f"{council} · {report.forum_name} · {period}",
        landscape=True,
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Report-back to residents"),
        lang=language.tag,
    )


def _delivered(
    delivered: Sequence[OfferInfo], tr: DocumentText, language: Language | DocumentText
) -> list[Flowable]:
    """Residents' own part: offers of time, skills or equipment delivered in the period,
    each named only with the resident's consent."""
    flow: list[Flowable] = [
        CondPageBreak(HEADING_ROOM),
        Paragraph(text(tr.gettext("What residents delivered")), styles.HEADING),
    ]
    if not delivered:
        flow.append(
            Paragraph(
                text(tr.gettext("No offers from residents were delivered in this period.")),
                styles.PLAIN,
            )
        )
        return flow
    rows = []
    for o in delivered:
        helped = [r for r in (o.issue_reference, o.action_description) if r]
        rows.append(
            [
                short_date(o.delivered_on, language) if o.delivered_on else "",
                f"{o.kind.label_in(language.value)}: {o.description}",
                o.delivered or "",
                "\n".join(helped),
                (o.name if o.consent_named and o.name else tr.gettext("A resident")),
            ]
        )
    return flow + table(
        [
            tr.gettext("Delivered"),
            tr.gettext("What was offered"),
            tr.gettext("What was done"),
            tr.gettext("Towards"),
            tr.gettext("By"),
        ],
        rows,
        [0.11 * WIDTH, 0.3 * WIDTH, 0.3 * WIDTH, 0.15 * WIDTH, 0.14 * WIDTH],
    )


def _summary(report: FeedbackReport, tr: DocumentText) -> str:
    """The counts in one line: "4 issues raised; 2 with a response; …; 1 meeting held"."""
    parts = [
        tr.ngettext("{n} issue raised", "{n} issues raised", report.raised).format(n=report.raised),
        tr.ngettext("{n} with a response", "{n} with a response", report.responded).format(
            n=report.responded
        ),
    ]
    waiting = len(report.awaiting)
    if report.overdue:
        parts.append(
            tr.ngettext(
                "{n} awaiting a response, {late} overdue",
                "{n} awaiting a response, {late} of them overdue",
                waiting,
            ).format(n=waiting, late=report.overdue)
        )
    else:
        parts.append(
            tr.ngettext("{n} awaiting a response", "{n} awaiting a response", waiting).format(
                n=waiting
            )
        )
    parts.append(
        tr.ngettext(
            "{n} meeting held in the period", "{n} meetings held in the period", report.meetings
        ).format(n=report.meetings)
    )
    return "; ".join(parts)


def _issue_row(
    item: FeedbackItem, tr: DocumentText, language: Language | DocumentText
) -> list[str]:
    raised = item.title
    if item.description:
        shown = item.description
        if len(shown) > DESCRIPTION_SHOWN:
            shown = shown[: DESCRIPTION_SHOWN - 1].rstrip() + "…"
        raised += "\n" + shown
    where = ", ".join(p for p in (item.ward, item.place) if p)
    if where:
        raised += "\n" + where
    did = [
        tr.gettext("{date}: {response}").format(date=short_date(r.day, language), response=r.text)
        for r in item.responses
    ]
    if not item.responses:
        did.append(tr.gettext("No response yet."))
    if item.awaiting and item.response_due is not None:
        due = short_date(item.response_due, language)
        did.append(
            tr.gettext("Response overdue: it was due {date}.").format(date=due)
            if item.overdue
            else tr.gettext("Next response due {date}.").format(date=due)
        )
    return [
        item.reference
        + "\n"
        + tr.gettext("raised {date}").format(date=short_date(item.raised_on, language)),
        raised,
        "\n".join(did),
        f"{item.stage.number}. {item.stage.label_in(language.value)}",
        item.status.label_in(language.value),
    ]


def _waiting_row(
    item: FeedbackItem, tr: DocumentText, language: Language | DocumentText
) -> list[str]:
    since = short_date(item.waiting_since, language) if item.waiting_since else ""
    since = (
        tr.gettext("last response {date}").format(date=since)
        if item.further_awaited
        else tr.gettext("raised {date}").format(date=since)
    )
    days = item.days_waited or 0
    if item.response_due is None:
        due = tr.gettext("no date set")
    elif item.overdue:
        due = tr.gettext("OVERDUE: was due {date}").format(
            date=short_date(item.response_due, language)
        )
    else:
        due = short_date(item.response_due, language)
    return [
        item.reference,
        item.title,
        since,
        tr.ngettext("{n} day", "{n} days", days).format(n=days),
        due,
    ]
