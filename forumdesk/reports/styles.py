"""Styles as data: every paragraph and table style of ForumDesk's documents, in one place."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from forumdesk.reports import fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e7eb")
MARGIN = 20 * mm


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": fonts.FAMILY,
        "fontSize": 10,
        "leading": 13.5,
        "textColor": INK,
        "spaceAfter": 4,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


COUNCIL = _style("council", fontName=fonts.BOLD, fontSize=15, leading=19, alignment=TA_CENTER)
FORUM = _style("forum", fontSize=12, leading=16, alignment=TA_CENTER)
TITLE = _style(
    "title",
    fontName=fonts.BOLD,
    fontSize=12.5,
    leading=16,
    alignment=TA_CENTER,
    spaceBefore=6,
    spaceAfter=2,
)
SUBTITLE = _style("subtitle", alignment=TA_CENTER, textColor=MUTED, spaceAfter=12)
HEADING = _style(
    "heading",
    fontName=fonts.BOLD,
    fontSize=11,
    leading=15,
    spaceBefore=10,
    spaceAfter=4,
)
ITEM = _style(
    "item",
    fontName=fonts.BOLD,
    fontSize=10.5,
    leading=14,
    spaceBefore=8,
    spaceAfter=3,
    leftIndent=12 * mm,
    firstLineIndent=-12 * mm,
    keepWithNext=1,
)
BODY = _style("body", leftIndent=12 * mm)
OUTCOME = _style("outcome", leftIndent=12 * mm)
LABEL = _style("label", fontName=fonts.BOLD, spaceAfter=1)
PLAIN = _style("plain")
CELL = _style("cell", fontSize=8.5, leading=10.5, spaceAfter=0)
CELL_HEAD = _style("cell_head", fontName=fonts.BOLD, fontSize=8.5, leading=10.5, spaceAfter=0)
SMALL = _style("small", fontSize=8, leading=10, textColor=MUTED)
SIGNATURE = _style("signature", spaceBefore=18, spaceAfter=0)
RIGHT = _style("right", alignment=TA_RIGHT)

TABLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)

FOOTER_FONT = (fonts.FAMILY, 7.5)
HEADER_FONT = (fonts.FAMILY, 8)
DRAFT_FONT = (fonts.BOLD, 110)
