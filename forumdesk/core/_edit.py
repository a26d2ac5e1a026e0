"""Validating a set of field changes against per-field checks before anything is written.

The checks themselves are the field rules of :mod:`forumdesk.domain.rules`, which an
import applies to every record of a file too; this module adds what only typed input
has (references by local id) and runs a set of changes through a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.rules import Check as Check
from forumdesk.domain.rules import date_value as date_value
from forumdesk.domain.rules import enum_value as enum_value
from forumdesk.domain.rules import flag as flag
from forumdesk.domain.rules import optional_text as optional_text
from forumdesk.domain.rules import required_text as required_text
from forumdesk.domain.rules import time_value as time_value
from forumdesk.domain.rules import whole_number as whole_number
from forumdesk.i18n import _


def clean(changes: Mapping[str, Any], checks: Mapping[str, Check]) -> dict[str, Any]:
    """Runs each change through its field's check; unknown fields are refused by name."""
    unknown = sorted(set(changes) - set(checks))
    if unknown:
        allowed = ", ".join(sorted(checks))
        raise InvalidValue(
            unknown[0], _("cannot be changed here; the fields are: {fields}").format(fields=allowed)
        )
    return {name: checks[name](value) for name, value in changes.items()}


def optional_id(field: str) -> Check:
    """A check for an optional reference by id (existence is checked by the service)."""

    def check(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValue(field, _("expected an id, got {value}").format(value=repr(value)))
        return value

    return check
