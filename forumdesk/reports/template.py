"""Page templates: running header, "Page x of y" footer, and the DRAFT mark until approved.

"Page x of y" needs the page count, known only at the end: the canvas keeps each
page's state and draws the footers when the document is saved. A document made again
from the same content (approved minutes) says the same creation date each time, so
its bytes are the same.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.language import Language
from forumdesk.i18n import N_
from forumdesk.reports import fonts, styles

#: ReportLab's embedded fonts are not safe to subset from two threads at once (the window
#: makes a preview on a thread of its own while a clerk exports): one PDF at a time.
_BUILDING = threading.Lock()


@dataclass(frozen=True)
class PageDecor:
    """What every page of a document carries besides its content."""

    header: str  # right of the running header, e.g. "Brixton Hill Area Forum · 4 March 2026"
    footer: str  # left of the footer, e.g. "Minutes version 1 · Content hash …" (a line each)
    draft: bool = False
    landscape: bool = False
    # the document's, for "Page x of y" and DRAFT
    language: Language | DocumentText = Language.ENGLISH


def pdf_date(when: date | datetime) -> str:
    """A PDF date string: a day alone ("D:20261008") or a moment in UTC."""
    if isinstance(when, datetime):
        moment = when.astimezone(UTC) if when.tzinfo else when  # naive: stored in UTC
        return f"D:{moment:%Y%m%d%H%M%S}+00'00'"
    return f"D:{when:%Y%m%d}"


def _numbered_canvas(decor: PageDecor, created: str | None) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Draws the footer of every page once the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            if created is not None:  # else ReportLab writes the time of making
                self.setDateFormatter(lambda *_now: created)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, decor, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canvas: Canvas, decor: PageDecor, page: int, total: int) -> None:
    tr = DocumentText.of(decor.language)
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setStrokeColor(styles.RULE)
    canvas.setLineWidth(0.4)
    canvas.line(styles.MARGIN, styles.MARGIN - 4, width - styles.MARGIN, styles.MARGIN - 4)
    canvas.setFont(*styles.FOOTER_FONT)
    canvas.setFillColor(styles.MUTED)
    for line, said in enumerate(decor.footer.split("\n")):
        canvas.drawString(styles.MARGIN, styles.MARGIN - 14 - line * _FOOTER_LEADING, said)
    canvas.drawRightString(
        width - styles.MARGIN,
        styles.MARGIN - 14,
        tr.sentence(N_("Page {page} of {total}")).format(page=page, total=total),
    )
    canvas.setFont(*styles.HEADER_FONT)
    canvas.drawRightString(width - styles.MARGIN, height - styles.MARGIN + 10, decor.header)
    canvas.line(
        styles.MARGIN, height - styles.MARGIN + 6, width - styles.MARGIN, height - styles.MARGIN + 6
    )
    if decor.draft:
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.13))
        mark = tr.gettext("DRAFT")
        font, size = styles.DRAFT_FONT
        # Smaller when the mark would run off the page's diagonal ("DRAFFT / DRAFT").
        room = 0.8 * math.hypot(width, height)
        size = min(size, size * room / max(canvas.stringWidth(mark, font, size), 1))
        canvas.setFont(font, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.drawCentredString(0, -size / 3, mark)
    canvas.restoreState()


_FOOTER_LEADING = 9  # between the lines of a bilingual footer


def build_pdf(
    story: list[Flowable],
    decor: PageDecor,
    *,
    title: str,
    author: str,
    subject: str,
    lang: str,
    created: date | datetime | None = None,
    on_first: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> bytes:
    """Lays out a story on A4 (portrait or landscape) and returns the PDF's bytes.

    Args:
        lang: the document's language tag ("en-GB"), for screen readers.
        created: the creation date the document states. Given, the document id is
            fixed too, so the same story always gives the same bytes (approved minutes
            are made again byte for byte); None, the time of making.
    """
    fonts.register()
    size = landscape(A4) if decor.landscape else A4
    out = BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=styles.MARGIN,
        rightMargin=styles.MARGIN,
        topMargin=styles.MARGIN,
        bottomMargin=styles.MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="ForumDesk",  # i18n: not text
        lang=lang,
        invariant=0 if created is None else 1,
        initialFontName=fonts.FAMILY,
    )
    # No frame padding: tables are sized to the full width between the margins, and
    # a table wider than its frame cannot split across pages.
    frame = Frame(
        styles.MARGIN,
        styles.MARGIN,
        size[0] - 2 * styles.MARGIN,
        size[1] - 2 * styles.MARGIN,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_first or _nothing)])
    stated = None if created is None else pdf_date(created)
    with _BUILDING:
        doc.build(story, canvasmaker=_numbered_canvas(decor, stated))
    return out.getvalue()


def _nothing(_canvas: Canvas, _doc: BaseDocTemplate) -> None:
    return None
