"""Tables that stay fast and readable at any length: wrapped cells, repeated headers, chunks.

One ReportLab table re-measures its remaining rows at every page split, so a long one
costs more than linear time (docs/internals.md); tables are built in chunks of CHUNK rows,
each repeating the header row.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Table

from forumdesk.reports import styles

CHUNK = 250


def text(value: object) -> str:
    """Any value as Paragraph markup, with characters that markup would misread escaped."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]
) -> list[Flowable]:
    """A table of wrapped cells in chunks, each with the header row repeated on every page."""
    # A hair under the frame's width: float sums of fractions can exceed it by an
    # epsilon, and a table wider than its frame will not split across pages.
    widths = [w * 0.999 for w in widths]
    head = [Paragraph(text(h), styles.CELL_HEAD) for h in headers]
    body = [[Paragraph(text(v), styles.CELL) for v in row] for row in rows]
    if not body:
        return []
    return [
        Table(
            [head, *body[start : start + CHUNK]],
            colWidths=list(widths),
            repeatRows=1,
            style=styles.TABLE,
            hAlign="LEFT",
        )
        for start in range(0, len(body), CHUNK)
    ]
