"""The online deliberation's published report: what residents contributed, how many
supported each contribution, the issues they became or supported, and the outcome.

Pseudonyms are personal data and are left out: a published report names no contributor.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import deliberation
from forumdesk.db.models import Engagement, Forum, Issue
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.language import day_month_year
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import table, text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
#: A contribution's text longer than this is cut in the table (the platform keeps it all).
TEXT_SHOWN = 400


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes, in the document language."""
    fonts.register()
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    words = language.value
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    forum = (
        session.scalar(select(Forum.name).where(Forum.id == row.forum_id))
        if row.forum_id is not None
        else tr.gettext("Council-wide")
    )
    held = deliberation.contributions(session, row.id)
    issues = {
        i.id: i
        for i in session.scalars(
            select(Issue).where(Issue.id.in_({c.issue_id for c in held if c.issue_id}))
        )
    }
    title = tr.gettext("Online deliberation: {title}").format(title=row.title)
    story: list[Flowable] = [
        Paragraph(text(council), styles.COUNCIL),
        Paragraph(text(forum), styles.FORUM),
        Paragraph(text(title), styles.TITLE),
    ]
    about = []
    if row.platform:
        about.append(tr.gettext("Held on {platform}").format(platform=row.platform))
    if row.opens or row.closes:
        about.append(
            tr.gettext("{opens} to {closes}").format(
                opens=day_month_year(row.opens, language) if row.opens else "…",
                closes=day_month_year(row.closes, language) if row.closes else "…",
            )
        )
    if about:
        story.append(Paragraph(text(" · ".join(about)), styles.SUBTITLE))
    if row.wording:
        story.append(Paragraph(text(row.wording), styles.PLAIN))
    supports = sum(c.supports for c in held)
    raised = {c.issue_id for c in held if c.issue_id}
    story.append(
        Paragraph(
            text(
                "; ".join(
                    [
                        tr.ngettext("{n} contribution", "{n} contributions", len(held)).format(
                            n=len(held)
                        ),
                        tr.ngettext("{n} support", "{n} supports", supports).format(
                            n=f"{supports:,}"
                        ),
                        tr.ngettext(
                            "{n} issue raised or supported",
                            "{n} issues raised or supported",
                            len(raised),
                        ).format(n=len(raised)),
                    ]
                )
            ),
            styles.PLAIN,
        )
    )
    story.append(Paragraph(text(tr.gettext("Contributions")), styles.HEADING))
    if held:
        rows = []
        for c in held:
            said = c.title
            if c.text:
                shown = c.text if len(c.text) <= TEXT_SHOWN else c.text[: TEXT_SHOWN - 1] + "…"
                said += "\n" + shown
            issue = issues.get(c.issue_id) if c.issue_id else None
            became = ""
            if issue is not None and issue.deleted_at is None:
                became = "\n".join(
                    [
                        f"{issue.reference} {issue.title}",
                        f"{issue.stage.short_in(words)} · {issue.status.label_in(words)}",
                    ]
                )
            rows.append([said, f"{c.supports:,}", became])
        story += table(
            [tr.gettext("Contribution"), tr.gettext("Supports"), tr.gettext("Issue")],
            rows,
            [0.53 * WIDTH, 0.12 * WIDTH, 0.35 * WIDTH],
        )
    else:
        story.append(
            Paragraph(text(tr.gettext("No contributions have been imported.")), styles.PLAIN)
        )
    story.append(Paragraph(text(tr.gettext("Outcome")), styles.HEADING))
    story.append(
        Paragraph(text(row.outcome or tr.gettext("No outcome is recorded yet.")), styles.PLAIN)
    )
    if row.you_said_we_did:
        story.append(Paragraph(text(row.you_said_we_did), styles.PLAIN))
    decor = PageDecor(
        header=f"{row.reference} · {day_month_year(today, language)}",
        footer=f"{council} · {title}",
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Online deliberation report"),
        lang=language.tag,
        created=today,
    )
