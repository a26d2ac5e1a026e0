"""Field values in the form exchange files carry them (plain JSON)."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any


def to_wire(value: Any) -> Any:
    """A field value as JSON: enums by value, dates and times ISO 8601, UTC with "Z"."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date | time):
        return value.isoformat()
    return value
