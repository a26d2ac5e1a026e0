"""Field limits and checks shared by every face: what a value may be before it is stored."""

from __future__ import annotations

import re
from datetime import date

from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _

SHORT_TEXT = 200  # names, venues, owners, wards, places
TITLE = 300
LONG_TEXT = 20_000  # descriptions, notes, comments, responses
FORUM_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
MAX_SUPPORT = 10_000_000
MAX_HEADCOUNT = 100_000
MAX_THEMES = 20
#: Characters no text field takes: C0 controls but tab, line feed and carriage return
#: (NUL, BEL, ESC…), DEL and the C1 controls (a terminal takes U+009B for ESC [), and the
#: bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
#: make text show in another order than it is stored ("Trojan Source"). The left-to-right
#: and right-to-left marks stay: right-to-left writing needs them.
CONTROL = re.compile(  # i18n: not text
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def text(
    field: str, value: str | None, limit: int, *, required: bool = False, one_line: bool = False
) -> str | None:
    """Returns the value stripped of surrounding white space, or None when empty.

    ``one_line``: a title, which lists and headings show on one line, takes no line break.

    Raises:
        InvalidValue: when required and empty, too long, or holding control characters.
    """
    if value is None:
        cleaned = ""
    elif not isinstance(value, str):
        raise InvalidValue(field, _("expected text, got {kind}").format(kind=type(value).__name__))
    else:
        cleaned = value.strip()
    if not cleaned:
        if required:
            raise InvalidValue(field, _("must not be empty"))
        return None
    if len(cleaned) > limit:
        raise InvalidValue(
            field,
            _("is {length:,} characters long; the limit is {limit:,}").format(
                length=len(cleaned), limit=limit
            ),
        )
    if CONTROL.search(cleaned):
        raise InvalidValue(field, _("contains control characters"))
    if one_line and ("\n" in cleaned or "\r" in cleaned):
        raise InvalidValue(field, _("must be one line, without line breaks"))
    return cleaned


def required_text(field: str, value: str | None, limit: int, *, one_line: bool = False) -> str:
    """Like :func:`text` but never returns None."""
    result = text(field, value, limit, required=True, one_line=one_line)
    assert result is not None
    return result


def count(field: str, value: int | None, maximum: int) -> int:
    """A whole number from 0 to maximum."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, _("expected a whole number, got {value!r}").format(value=value))
    if value < 0 or value > maximum:
        raise InvalidValue(
            field,
            _("must be between 0 and {maximum:,}, not {value:,}").format(
                maximum=maximum, value=value
            ),
        )
    return value


def forum_code(value: str) -> str:
    """Upper-cases a forum code and checks it: 2-8 letters or digits, starting with a letter."""
    code = required_text("code", value, 8).upper()
    if not FORUM_CODE.match(code):
        raise InvalidValue(
            "code",
            _("{code!r} must be 2 to 8 letters or digits, starting with a letter").format(
                code=code
            ),
        )
    return code


def plausible_date(field: str, value: date | None) -> date | None:
    """Refuses dates no council meeting or deadline could have (before 1900, after 2200)."""
    if value is not None and not (date(1900, 1, 1) <= value <= date(2200, 12, 31)):
        raise InvalidValue(
            field, _("{date} is not a plausible date").format(date=value.isoformat())
        )
    return value
