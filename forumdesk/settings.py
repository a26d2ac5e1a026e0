"""Every user setting, declared once: its key, type, default and meaning.

Settings that shape documents (the council's name and logo on minutes) are stored in
the database they belong to, so that every desk's minutes of a forum look the same.
Window placement is the window's own business (QSettings in forumdesk.gui).
"""

from __future__ import annotations

from dataclasses import dataclass

from forumdesk.i18n import N_


@dataclass(frozen=True)
class Setting:
    """One setting: its stored key, a default, a maximum length and what it is for.

    ``meaning`` is marked with ``N_`` and translated where it is shown.
    """

    key: str
    default: str
    limit: int
    meaning: str


COUNCIL_NAME = Setting(
    "council_name", N_("Your Council"), 200, N_("the council's name, at the top of minutes")
)
COUNCIL_LOGO = Setting(
    "council_logo", "", 1000, N_("a PNG or JPEG logo for minutes (empty: the neutral default)")
)

ALL: dict[str, Setting] = {s.key: s for s in (COUNCIL_NAME, COUNCIL_LOGO)}
