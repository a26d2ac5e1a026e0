"""Every user setting, declared once: its key, kind, default, limits and meaning.

Two homes, by what a setting governs:

* **with the data** (``Scope.DATABASE``): what shapes documents and the desk (the
  council's name and logo on minutes, this desk's name, how many backups to keep) is
  stored in the database it belongs to, so that every desk's minutes of a forum look
  the same and a copied database keeps them;
* **for this user** (``Scope.USER``): the interface language and the database opened
  without ``--db`` are kept in a small file in the user's configuration folder
  (:mod:`forumdesk.user_settings`).

The command line (``forumdesk config``) and the window's Settings dialog are both made
from these declarations and check values with :func:`clean`, so they cannot disagree.
Window placement is the window's own business (QSettings in forumdesk.gui).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import N_, _


class Kind(Enum):
    """What a setting holds, which says how it is checked and edited."""

    TEXT = "text"
    CHOICE = "choice"
    NUMBER = "number"
    IMAGE = "image"  # a PNG or JPEG file, kept with the setting
    DATABASE = "database"  # a database file's path


class Scope(Enum):
    """Where a setting is kept."""

    DATABASE = "database"
    USER = "user"


@dataclass(frozen=True)
class Setting:
    """One setting. ``label`` and ``meaning`` are marked with ``N_``, translated where shown.

    ``choices`` are (value, label) pairs; ``minimum``/``maximum`` bound a number.
    """

    key: str
    label: str
    default: str
    meaning: str
    kind: Kind = Kind.TEXT
    scope: Scope = Scope.DATABASE
    limit: int = 200
    choices: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    minimum: int = 0
    maximum: int = 0


DESK_NAME = Setting(
    "desk_name",
    N_("This desk's name"),
    "",
    N_("how other desks know this one in imports and conflicts (empty: the computer's name)"),
)
COUNCIL_NAME = Setting(
    "council_name",
    N_("Council name"),
    N_("Your Council"),
    N_("the council's name, at the top of minutes"),
)
COUNCIL_LOGO = Setting(
    "council_logo",
    N_("Council logo"),
    "",
    N_("a PNG or JPEG logo for minutes (empty: the neutral default)"),
    kind=Kind.IMAGE,
    limit=1000,
)
DOCUMENT_LANGUAGE = Setting(
    "document_language",
    N_("Document language"),
    "en",
    N_("the language minutes and issue logs are written in (a document may be given another)"),
    kind=Kind.CHOICE,
    choices=(
        ("en", N_("English")),
        ("cy", N_("Cymraeg (Welsh)")),
        ("bilingual", N_("Bilingual (Welsh and English)")),
    ),
)
BILINGUAL_LAYOUT = Setting(
    "bilingual_layout",
    N_("Bilingual layout"),
    "welsh_first",
    N_(
        "how a bilingual document places its headings and fixed phrases: Welsh first "
        "(English under the Welsh) or side by side (Welsh on the left)"
    ),
    kind=Kind.CHOICE,
    choices=(
        ("welsh_first", N_("Welsh first")),
        ("side_by_side", N_("Side by side")),
    ),
)
BACKUPS_KEPT = Setting(
    "backups_kept",
    N_("Backups to keep"),
    "10",
    N_(
        "how many automatic backups of the database are kept beside it, at most (those "
        "older than the backup days are deleted too)"
    ),
    kind=Kind.NUMBER,
    minimum=1,
    maximum=500,
)
#: Bounds how long an erased name can survive in a backup (docs/data-protection.md);
#: the count above bounds the space backups take. A backup goes when either says so.
BACKUP_DAYS = Setting(
    "backup_days",
    N_("Days to keep backups"),
    "30",
    N_("automatic backups older than this many days are deleted, whatever their number"),
    kind=Kind.NUMBER,
    minimum=1,
    maximum=365,
)
RETENTION_MONTHS = Setting(
    "retention_months",
    N_("Months to keep residents' details"),
    "24",
    N_(
        "residents' names and contact details are erased this many months after the "
        "person's last attendance"
    ),
    kind=Kind.NUMBER,
    minimum=1,
    maximum=120,
)
PETITION_RESPONSE_DAYS = Setting(
    "petition_days",
    N_("Days to respond to a petition"),
    "56",
    N_(
        "how many days the council has to respond once a petition reaches its threshold, "
        "unless the petition sets its own"
    ),
    kind=Kind.NUMBER,
    minimum=1,
    maximum=365,
)
SCRUTINY_RESPONSE_MONTHS = Setting(
    "scrutiny_months",
    N_("Months for the executive's response"),
    "2",
    N_(
        "a scrutiny recommendation's response from the executive is due this many months "
        "after it is made, unless another date is given"
    ),
    kind=Kind.NUMBER,
    minimum=1,
    maximum=24,
)
#: A forum's code; checked against the forums where it is set (forumdesk.core.preferences),
#: and read as none once that forum is deleted.
DEFAULT_FORUM = Setting(
    "default_forum",
    N_("Default forum"),
    "",
    N_("the forum's code used when a command or a new meeting names no forum (empty: none)"),
    limit=8,
)
INTERFACE_LANGUAGE = Setting(
    "interface_language",
    N_("Interface language"),
    "system",
    N_("the language of the window and the command line's messages"),
    kind=Kind.CHOICE,
    scope=Scope.USER,
    choices=(
        ("system", N_("As the computer is set")),
        ("en", N_("English")),
        ("cy", N_("Cymraeg (Welsh)")),
    ),
)
DATABASE = Setting(
    "database",
    N_("Database"),
    "",
    N_("the database opened without --db (empty: the one in the data folder)"),
    kind=Kind.DATABASE,
    scope=Scope.USER,
    limit=4000,
)

ALL: dict[str, Setting] = {
    s.key: s
    for s in (
        DESK_NAME,
        COUNCIL_NAME,
        COUNCIL_LOGO,
        DOCUMENT_LANGUAGE,
        BILINGUAL_LAYOUT,
        BACKUPS_KEPT,
        BACKUP_DAYS,
        RETENTION_MONTHS,
        PETITION_RESPONSE_DAYS,
        SCRUTINY_RESPONSE_MONTHS,
        DEFAULT_FORUM,
        INTERFACE_LANGUAGE,
        DATABASE,
    )
}


def declared(key: str) -> Setting:
    """The setting called ``key``.

    Raises:
        InvalidValue: there is no such setting.
    """
    try:
        return ALL[key]
    except KeyError:
        raise InvalidValue(
            "setting",
            _("{value} is not one of: {choices}").format(value=repr(key), choices=", ".join(ALL)),
        ) from None


def clean(setting: Setting, value: str) -> str:
    """The value as it is stored ("" restores the default).

    Checks what can be checked without the database or the disk: lengths, control
    characters, choices, number bounds (a logo's file and a database's folder are checked
    where they are read).

    Raises:
        InvalidValue: naming the setting and what is wrong.
    """
    from forumdesk.domain import limits

    cleaned = limits.text(setting.key, value, setting.limit, one_line=True) or ""
    if not cleaned:
        return ""
    if setting.kind is Kind.CHOICE:
        values = [choice for choice, _label in setting.choices]
        if cleaned not in values:
            raise InvalidValue(
                setting.key,
                _("{value} is not one of: {choices}").format(
                    value=repr(cleaned), choices=", ".join(values)
                ),
            )
    if setting.kind is Kind.NUMBER:
        if not cleaned.isascii() or not cleaned.isdigit():
            raise InvalidValue(setting.key, _("must be a whole number"))
        if not setting.minimum <= int(cleaned) <= setting.maximum:
            raise InvalidValue(
                setting.key,
                _("must be between {low} and {high}").format(
                    low=setting.minimum, high=setting.maximum
                ),
            )
        cleaned = str(int(cleaned))
    return cleaned
