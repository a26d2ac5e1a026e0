"""Printable signature sheets for a petition: numbered, with its wording and privacy notice."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import preferences
from forumdesk.core.engagements import petition
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.language import day_month_year
from forumdesk.i18n import _
from forumdesk.reports import fonts, styles
from forumdesk.reports.tables import text
from forumdesk.reports.template import PageDecor, build_pdf

WIDTH = A4[0] - 2 * styles.MARGIN
#: Ruled rows on each sheet, and their height: room for a name written by hand.
ROWS = 18
ROW_HEIGHT = 9.5 * mm
#: More sheets than this in one file is a typing slip (print another batch with --first).
MOST_PAGES = 500

_GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
        ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.5, styles.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TEXTCOLOR", (0, 1), (0, -1), styles.MUTED),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
    ]
)


def sheets_pdf(
    session: Session, ref: str | int, *, pages: int, first: int = 1, today: date
) -> bytes:
    """``pages`` blank signature sheets numbered from ``first``, in the document language.

    Raises:
        InputRefused: more than :data:`MOST_PAGES` sheets at once.
        NotFound, InvalidValue: no such petition.
    """
    if pages > MOST_PAGES:
        raise InputRefused(
            _("{n} sheets is more than one file holds; print at most {most} at a time.").format(
                n=pages, most=MOST_PAGES
            )
        )
    row = petition.petition(session, ref)
    fonts.register()
    council = preferences.get_setting(session, settings.COUNCIL_NAME.key)
    months = int(preferences.get_setting(session, settings.RETENTION_MONTHS.key))
    language = preferences.document_language(session)
    tr = DocumentText.of(language)
    title = tr.gettext("Petition {reference}: {title}").format(
        reference=row.reference, title=row.title
    )
    notice = tr.ngettext(
        "Privacy notice: {council} uses the names and addresses on this sheet only to check "
        "and count the signatures of this petition. They are not published or shared, and "
        "they are destroyed {months} month after the petition closes. Sign only once, on "
        "paper or online; to give your name you must agree to it being used in this way.",
        "Privacy notice: {council} uses the names and addresses on this sheet only to check "
        "and count the signatures of this petition. They are not published or shared, and "
        "they are destroyed {months} months after the petition closes. Sign only once, on "
        "paper or online; to give your name you must agree to it being used in this way.",
        months,
    ).format(council=council, months=months)
    when = []
    if row.closes is not None:
        when.append(
            tr.gettext("Please return this sheet by {date}.").format(
                date=day_month_year(row.closes, language)
            )
        )
    story: list[Flowable] = []
    for number in range(first, first + pages):
        if story:
            story.append(PageBreak())
        story += [
            Paragraph(text(council), styles.COUNCIL),
            Paragraph(text(title), styles.TITLE),
            Paragraph(text(tr.gettext("Signature sheet {n}").format(n=number)), styles.SUBTITLE),
            Paragraph(text(row.wording or row.title), styles.PLAIN),
            Spacer(1, 2 * mm),
            Paragraph(text(notice), styles.SMALL),
            *[Paragraph(text(line), styles.SMALL) for line in when],
            Spacer(1, 3 * mm),
            _grid(tr),
        ]
    decor = PageDecor(
        header=tr.gettext("Petition {reference} · signature sheets").format(
            reference=row.reference
        ),
        footer=tr.gettext("{council} · made on {date}").format(
            council=council, date=day_month_year(today, language)
        ),
        language=language,
    )
    return build_pdf(
        story,
        decor,
        title=title,
        author=council,
        subject=tr.gettext("Petition signature sheets"),
        lang=language.tag,
    )


def _grid(tr: DocumentText) -> Table:
    head = [
        tr.gettext("No."),
        tr.gettext("Name"),
        tr.gettext("Address or postcode"),
        tr.gettext("Signature"),
    ]
    body = [[str(n), "", "", ""] for n in range(1, ROWS + 1)]
    return Table(
        [head, *body],
        colWidths=[0.07 * WIDTH, 0.33 * WIDTH, 0.33 * WIDTH, 0.27 * WIDTH * 0.999],
        rowHeights=[7 * mm] + [ROW_HEIGHT] * ROWS,
        style=_GRID,
        hAlign="LEFT",
    )
