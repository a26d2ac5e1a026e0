"""Validating a set of field changes against per-field checks before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, time
from functools import partial
from typing import Any

from forumdesk.domain import limits
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _

Check = Callable[[Any], Any]


def clean(changes: Mapping[str, Any], checks: Mapping[str, Check]) -> dict[str, Any]:
    """Runs each change through its field's check; unknown fields are refused by name."""
    unknown = sorted(set(changes) - set(checks))
    if unknown:
        allowed = ", ".join(sorted(checks))
        raise InvalidValue(
            unknown[0], _("cannot be changed here; the fields are: {fields}").format(fields=allowed)
        )
    return {name: checks[name](value) for name, value in changes.items()}


def optional_text(field: str, limit: int, *, one_line: bool = False) -> Check:
    """A check for an optional text field."""
    return partial(limits.text, field, limit=limit, one_line=one_line)


def required_text(field: str, limit: int, *, one_line: bool = False) -> Check:
    """A check for a text field that must not be empty."""
    return partial(limits.required_text, field, limit=limit, one_line=one_line)


def enum_value(field: str, cls: type, *, optional: bool = False) -> Check:
    """A check that accepts a member of ``cls`` or text naming one."""

    def check(value: Any) -> Any:
        if value is None or value == "":
            if optional:
                return None
            raise InvalidValue(field, _("must be given"))
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise InvalidValue(
                field, _("expected text, got {kind}").format(kind=type(value).__name__)
            )
        try:
            return cls.parse(value)  # type: ignore[attr-defined]
        except ValueError as exc:
            raise InvalidValue(field, str(exc)) from exc

    return check


def date_value(field: str, *, optional: bool = True) -> Check:
    """A check for a date (a ``date`` or ISO text such as 2026-03-04)."""

    def check(value: Any) -> date | None:
        if value is None or value == "":
            if optional:
                return None
            raise InvalidValue(field, _("must be given"))
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError as exc:
                raise InvalidValue(
                    field, _("{value} is not a date like 2026-03-04").format(value=repr(value))
                ) from exc
        if not isinstance(value, date):
            raise InvalidValue(
                field, _("expected a date, got {kind}").format(kind=type(value).__name__)
            )
        return limits.plausible_date(field, value)

    return check


def time_value(field: str) -> Check:
    """A check for an optional time of day (a ``time`` or text such as 18:30)."""

    def check(value: Any) -> time | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = time.fromisoformat(value.strip())
            except ValueError as exc:
                raise InvalidValue(
                    field, _("{value} is not a time like 18:30").format(value=repr(value))
                ) from exc
        if not isinstance(value, time):
            raise InvalidValue(
                field, _("expected a time, got {kind}").format(kind=type(value).__name__)
            )
        return value.replace(tzinfo=None)

    return check


def flag(field: str) -> Check:
    """A check for a yes/no field."""

    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise InvalidValue(
                field, _("expected yes or no, got {value}").format(value=repr(value))
            )
        return value

    return check


def whole_number(field: str, maximum: int) -> Check:
    """A check for a count from 0 to ``maximum``."""
    return partial(limits.count, field, maximum=maximum)


def optional_id(field: str) -> Check:
    """A check for an optional reference by id (existence is checked by the service)."""

    def check(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValue(field, _("expected an id, got {value}").format(value=repr(value)))
        return value

    return check
