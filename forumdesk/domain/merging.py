"""What an import does with one copy of a record against this desk's: pure decisions.

The rules of docs/exchange-format.md ("Merge rules") over plain data: version vectors,
per-field dots and field values in their file form. No database here; the exchange
package reads the rows, asks :func:`decide`, and writes what it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from forumdesk.domain import versions
from forumdesk.domain.versions import Order, VersionVector

Dots = Mapping[str, list[Any]]

#: The field a deletion is versioned under.
DELETED = "deleted_at"


@dataclass(frozen=True)
class Copy:
    """One side's copy of a record: its version, its dots, and field values in file form.

    ``values`` holds the fields both sides carry (a field a file left out, such as
    personal data, is not compared).
    """

    vv: Mapping[str, int]
    dots: Dots
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """What becomes of this desk's copy."""

    order: Order  # the file's version against this desk's
    take: tuple[str, ...]  # fields that take the file's value
    conflicts: tuple[str, ...]  # fields both desks wrote since they parted, to different values
    vv: VersionVector  # the version this desk's copy is at afterwards
    dots: dict[str, list[Any]]  # and its dots

    @property
    def changes(self) -> bool:
        """Whether this desk's copy changes at all (its values, its version or its dots)."""
        return self.order in (Order.AFTER, Order.CONCURRENT)


def decide(mine: Copy, theirs: Copy) -> Decision:
    """Merges the file's copy (``theirs``) into this desk's (``mine``).

    * the same version, or one this desk has moved past: nothing changes;
    * the file's version descends from this desk's: taken whole (fast-forward);
    * concurrent: field by field. A field whose dot here the file has seen takes the
      file's value; a field whose file dot this desk has seen keeps its own; a field both
      wrote to different values is a conflict (this desk's value stays). A deletion of a
      record this desk edited meanwhile is a conflict too. Two desks that wrote the same
      value agree: the field keeps the greater of the two dots, so both end alike.
    """
    order = versions.compare(theirs.vv, mine.vv)
    if order in (Order.EQUAL, Order.BEFORE):
        return Decision(order, (), (), dict(mine.vv), dict(mine.dots))
    if order is Order.AFTER:
        changed = tuple(
            name for name, value in theirs.values.items() if mine.values.get(name) != value
        )
        return Decision(order, changed, (), dict(theirs.vv), dict(theirs.dots))
    take: list[str] = []
    conflicts: list[str] = []
    dots = dict(mine.dots)
    deleted_there = theirs.values.get(DELETED) and mine.values.get(DELETED) is None
    known = versions.has_seen(mine.vv, theirs.dots.get(DELETED))  # kept it, or revived it
    if deleted_there and not known and edited_since(mine, theirs):
        conflicts.append(DELETED)  # they deleted it; this desk edited it meanwhile
    for name, value in theirs.values.items():
        if name in conflicts:
            continue
        my_dot, their_dot = mine.dots.get(name), theirs.dots.get(name)
        if mine.values.get(name) == value:
            agreed = _agreed_dot(mine, theirs, my_dot, their_dot)
            if agreed is not None:
                dots[name] = agreed
            continue
        if versions.has_seen(mine.vv, their_dot):
            continue  # this desk already has their write of it, or a later one
        if versions.has_seen(theirs.vv, my_dot):
            take.append(name)
            if their_dot:
                dots[name] = list(their_dot)
            continue
        conflicts.append(name)
    return Decision(order, tuple(take), tuple(conflicts), versions.merge(mine.vv, theirs.vv), dots)


def edited_since(mine: Copy, theirs: Copy) -> bool:
    """Whether this desk wrote any field the other side has not seen."""
    return any(not versions.has_seen(theirs.vv, dot) for dot in mine.dots.values())


def _agreed_dot(
    mine: Copy, theirs: Copy, my_dot: list[Any] | None, their_dot: list[Any] | None
) -> list[Any] | None:
    """The dot a field both sides hold with the same value keeps (None: no dot)."""
    if my_dot == their_dot or their_dot is None:
        return None if my_dot is None else list(my_dot)
    if my_dot is None or versions.has_seen(theirs.vv, my_dot):
        return list(their_dot)
    if versions.has_seen(mine.vv, their_dot):
        return list(my_dot)
    return max(list(my_dot), list(their_dot), key=lambda dot: (str(dot[0]), int(dot[1])))


def settles(
    arriving_vv: Mapping[str, int],
    arriving_dot: list[Any] | None,
    mine_dot: list[Any] | None,
    theirs_dot: list[Any] | None,
) -> bool:
    """Whether an arriving write of a field settles a conflict open here over that field.

    It does when it is a later write than either side (not one of the two) by a desk
    that had seen both: a resolution made elsewhere, which every desk then takes.
    """
    if not arriving_dot:
        return False
    arriving = list(arriving_dot)
    if arriving in (_as_list(mine_dot), _as_list(theirs_dot)):
        return False
    return versions.has_seen(arriving_vv, mine_dot) and versions.has_seen(arriving_vv, theirs_dot)


def _as_list(dot: list[Any] | None) -> list[Any] | None:
    return None if dot is None else list(dot)


def personal_to_fill(given: Mapping[str, Any], here: Mapping[str, Any]) -> dict[str, Any]:
    """The personal fields a file may fill in on a copy of the very same version here.

    Only those this desk has no value for: a version this desk moved past may have erased
    them on purpose, and an equal version never overwrites what a person typed here.
    """
    return {name: value for name, value in given.items() if value and here.get(name) is None}
