"""Where a document's languages stand: headings and title lines, Welsh first or side by side.

A report asks its DocumentText for words; this module alone places the two languages of
a bilingual document, as the council's ``bilingual_layout`` says: Welsh first (the
English under the Welsh, in a lighter colour) or side by side (Welsh on the left, English
on the right, in a two-cell table). A document in one language gets one paragraph, the
same as before bilingual documents existed, so approved minutes still make the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from forumdesk.domain.document_text import DocumentText, Layout
from forumdesk.reports import styles
from forumdesk.reports.tables import text

_GUTTER = 4 * mm  # between the Welsh and the English columns


def heading(words: DocumentText, message: str) -> list[Flowable]:
    """A section heading in the document's language(s) that never ends a page alone."""
    return [CondPageBreak(35 * mm), *placed(words, words.each(message), styles.HEADING)]


def placed(
    words: DocumentText,
    each: Sequence[str],
    style: ParagraphStyle,
    *,
    markup: bool = False,
    stacked: bool = False,
) -> list[Flowable]:
    """One text per language (Welsh first), placed as the document's layout says.

    Args:
        each: the text in each of the document's languages, as ``words.each`` or
            ``words.alone`` give them.
        markup: the texts are Paragraph markup already (else they are escaped).
        stacked: Welsh over English whatever the layout (a line too long for a column).
    """
    parts = [t if markup else text(t) for t in each]
    if len(parts) == 1 or parts[0] == parts[1]:
        return [Paragraph(parts[0], style)]
    if words.layout is Layout.SIDE_BY_SIDE and not stacked:
        cell = ParagraphStyle(f"{style.name}_cell", parent=style, spaceBefore=0, spaceAfter=0)
        columns = Table(
            [[Paragraph(parts[0], cell), Paragraph(parts[1], cell)]],
            colWidths=["50%", "50%"],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), _GUTTER / 2),
                    ("LEFTPADDING", (1, 0), (1, -1), _GUTTER / 2),
                    ("RIGHTPADDING", (1, 0), (1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("LINEAFTER", (0, 0), (0, -1), 0.25, styles.RULE),
                ]
            ),
        )
        columns.spaceBefore, columns.spaceAfter = style.spaceBefore, style.spaceAfter
        return [columns]
    lighter = styles.MUTED.hexval()[2:]
    second = f'<font color="#{lighter}">{parts[1]}</font>'  # i18n: not text
    return [Paragraph(f"{parts[0]}<br/>{second}", style)]
