"""The issue log: a filtered list of issues as a landscape table, for officers' reports."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, Paragraph

from forumdesk.domain.language import Language
from forumdesk.domain.records import IssueInfo
from forumdesk.i18n import for_language
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = landscape(A4)[0] - 2 * styles.MARGIN


def render_issue_log(
    issues: Sequence[IssueInfo],
    *,
    council: str,
    described: str,
    made_on: str,
    language: Language = Language.ENGLISH,
) -> bytes:
    """A landscape table of issues: reference, title, forum, ward, stage, status, owner, update.

    Args:
        described: the filters in words ("Forum BHF, stage co-decision").
        made_on: the date the log was made, printed in the header.
        language: the document's language (the council's, not the computer's).
    """
    fonts.register()
    tr = for_language(language)
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
            ],
            rows,
            [0.09 * w, 0.3 * w, 0.06 * w, 0.14 * w, 0.15 * w, 0.08 * w, 0.1 * w, 0.08 * w],
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
