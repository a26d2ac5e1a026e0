"""Version vectors with per-field dots: how desks tell newer edits from concurrent ones.

Every record that travels between desks carries:

* ``vv``: a version vector ``{desk_uuid: counter}``. A desk that edits a record
  increments its own counter, so vector A descends from B when A >= B entry-wise.
* ``dots``: for each field, the ``(desk_uuid, counter)`` of the edit that last
  wrote it. When two vectors are concurrent, a field whose dot the other side has
  already seen was not changed there, so the two edits can be merged field by field;
  a field written on both sides since they diverged is a conflict for a person.

This module is pure: it computes, the services persist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

VersionVector = dict[str, int]
Dot = tuple[str, int]


class Order(Enum):
    """How two version vectors relate."""

    EQUAL = "equal"
    BEFORE = "before"  # the left one is an ancestor of the right one
    AFTER = "after"  # the left one descends from the right one
    CONCURRENT = "concurrent"


def bump(vv: Mapping[str, int], desk: str) -> VersionVector:
    """A new vector with this desk's counter incremented."""
    result = dict(vv)
    result[desk] = result.get(desk, 0) + 1
    return result


def compare(left: Mapping[str, int], right: Mapping[str, int]) -> Order:
    """Orders two version vectors."""
    keys = set(left) | set(right)
    left_ahead = any(left.get(k, 0) > right.get(k, 0) for k in keys)
    right_ahead = any(right.get(k, 0) > left.get(k, 0) for k in keys)
    if left_ahead and right_ahead:
        return Order.CONCURRENT
    if left_ahead:
        return Order.AFTER
    if right_ahead:
        return Order.BEFORE
    return Order.EQUAL


def merge(left: Mapping[str, int], right: Mapping[str, int]) -> VersionVector:
    """The least vector that descends from both."""
    return {k: max(left.get(k, 0), right.get(k, 0)) for k in sorted(set(left) | set(right))}


def has_seen(vv: Mapping[str, int], dot: Dot | list[Any] | None) -> bool:
    """Whether a record at ``vv`` already includes the edit identified by ``dot``."""
    if not dot:
        return True
    desk, counter = dot[0], dot[1]
    return vv.get(str(desk), 0) >= int(counter)


#: A reference is versioned under the name it travels by, not its local id column.
REFERENCE_FIELDS = {
    "forum_id": "forum",
    "meeting_id": "meeting",
    "agenda_item_id": "agenda_item",
    "raised_by_id": "raised_by",
    "person_id": "person",
    "issue_id": "issue",
    "action_id": "action",
    "carried_from_id": "carried_from",
    "agreed_at_meeting_id": "agreed_at",
    "engagement_id": "engagement",
    "attendance_id": "attendance",
    "draw_id": "draw",
}


def field_name(column: str) -> str:
    """The name a field's dot is kept under: a reference's, not its id column's."""
    return REFERENCE_FIELDS.get(column, column)


def stamp(
    dots: Mapping[str, list[object]], fields: Iterable[str], desk: str, counter: int
) -> dict[str, list[object]]:
    """New per-field dots with ``fields`` (columns or field names) marked as written by
    edit ``(desk, counter)``."""
    result = dict(dots)
    for field in fields:
        result[field_name(field)] = [desk, counter]
    return result
