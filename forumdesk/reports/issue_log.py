"""The issue log: a filtered list of issues as a landscape table, for officers' reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, Paragraph

from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.feedback import ResponseStanding
from forumdesk.domain.language import Language, short_date
from forumdesk.domain.records import IssueInfo
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = landscape(A4)[0] - 2 * styles.MARGIN
#: The latest response is cut to this in a cell; the feedback report prints every one whole.
RESPONSE_SHOWN = 240


def render_issue_log(
    issues: Sequence[IssueInfo],
    *,
    council: str,
    described: str,
    made_on: str,
    language: Language | DocumentText = Language.ENGLISH,
    standing: Mapping[int, ResponseStanding] | None = None,
) -> bytes:
    """A landscape table of issues: reference, title, forum, ward, stage, status, owner,
    update, the latest response to residents and when the next is due.

    Args:
        described: the filters in words ("Forum BHF, stage co-decision").
        made_on: the date the log was made, printed in the header.
        language: the document's language (the council's, not the computer's).
        standing: each issue's report-back by id
            (:func:`forumdesk.core.report_back.standing`); an issue not in it shows none.
    """
    fonts.register()
    tr = DocumentText.of(language)
    counted = tr.ngettext("{n} issue", "{n} issues", len(issues)).format(n=len(issues))
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(tr.gettext("Issue log"), styles.TITLE),
        Paragraph(f"{text(described)} · {counted} · {text(made_on)}", styles.SUBTITLE),
    ]
    rows = [
        (
            i.reference,
            i.title,
            i.forum_code,
            ", ".join(p for p in (i.ward, i.place) if p),
            f"{i.stage.number}. {i.stage.label_in(language.value)}",
            i.status.label_in(language.value),
            i.owner or "",
            i.updated_at.date().isoformat(),
            *_report_back((standing or {}).get(i.id), tr, language),
        )
        for i in issues
    ]
    if rows:
        w = WIDTH
        story += table(
            [
                tr.gettext("Reference"),
                tr.gettext("Title"),
                tr.gettext("Forum"),
                tr.gettext("Ward or place"),
                tr.gettext("Stage"),
                tr.gettext("Status"),
                tr.gettext("Owner"),
                tr.gettext("Last update"),
                tr.gettext("Latest response to residents"),
                tr.gettext("Response due"),
            ],
            rows,
            [
                0.08 * w,
                0.17 * w,
                0.055 * w,
                0.1 * w,
                0.13 * w,
                0.075 * w,
                0.065 * w,
                0.08 * w,
                0.17 * w,
                0.075 * w,
            ],
        )
    else:
        story.append(Paragraph(tr.gettext("No issue matches."), styles.PLAIN))
    decor = PageDecor(
        header=tr.gettext("Issue log · {date}").format(date=made_on),
        footer=f"{council} · {described}",
        landscape=True,
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=tr.gettext("Issue log"),
        author=council,
        subject=described,
        lang=language.tag,
    )


def _report_back(
    standing: ResponseStanding | None, tr: DocumentText, language: Language | DocumentText
) -> tuple[str, str]:
    """The latest response ("20 Apr 2026: We asked…") and its due day, "overdue" when it is."""
    if standing is None:
        return "", ""
    response = ""
    if standing.last is not None:
        said = standing.last.text
        if len(said) > RESPONSE_SHOWN:
            said = said[: RESPONSE_SHOWN - 1].rstrip() + "…"
        response = tr.gettext("{date}: {response}").format(
            date=short_date(standing.last.day, language), response=said
        )
    due = short_date(standing.response_due, language) if standing.response_due else ""
    if standing.overdue:
        due = tr.gettext("{date}, overdue").format(date=due)
    return response, due
