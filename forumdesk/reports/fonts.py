"""The embedded font of every document: DejaVu Sans, which shows ŵ ŷ Ŵ Ŷ and other accents.

The standard PDF fonts (Helvetica, Times) cannot show Welsh place names
(docs/internals.md, "Documents").
"""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from forumdesk.domain.errors import StoreError
from forumdesk.i18n import _
from forumdesk.paths import resources_dir

FAMILY = "DejaVuSans"  # i18n: not text
BOLD = "DejaVuSans-Bold"  # i18n: not text
ITALIC = "DejaVuSans-Oblique"  # i18n: not text
BOLD_ITALIC = "DejaVuSans-BoldOblique"  # i18n: not text

_registered = False


def register() -> None:
    """Registers the family once per process (bold and italic map for <b> and <i>)."""
    global _registered
    if _registered:
        return
    folder = resources_dir() / "fonts"
    for name in (FAMILY, BOLD, ITALIC, BOLD_ITALIC):
        path = folder / f"{name}.ttf"
        if not path.is_file():
            raise StoreError(
                _("The PDF font {path} is missing; reinstall ForumDesk.").format(path=path)
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    _registered = True
