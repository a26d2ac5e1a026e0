"""What one change to the store touched: kinds of record and their ids, as plain data.

Every write the window makes returns a :class:`Changes` beside its result (recorded from
what was actually written, see ``forumdesk.db.changes``), and ``Desk.changed`` carries
it: each view decides from this value alone whether, and what, to read again.

A kind is the name of a table (``ISSUE``, ``TIMELINE_EVENT``…). For each kind touched,
``touched`` holds the ids written (created, edited, tombstoned or deleted) and
``created`` the ids of rows added; a kind in ``bulk`` was written by a statement that
names no single row (a bulk insert, an update of many rows): any of its rows may have
changed. ``everything`` stands for a change whose extent is unknown (a restore, another
database opened): every view reads again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The kinds views ask about most (table names).
FORUM = "forum"
MEETING = "meeting"
AGENDA_ITEM = "agenda_item"
OUTCOME = "outcome"
PERSON = "person"
ATTENDANCE = "attendance"
THEME = "theme"
ISSUE = "issue"
ISSUE_THEME = "issue_theme"
TIMELINE_EVENT = "timeline_event"
ACTION = "action"
ACTION_CARRY = "action_carry"
MINUTES_VERSION = "minutes_version"
ERASURE = "erasure"
SETTING = "setting"
CONFLICT = "conflict"
ENGAGEMENT = "engagement"
ENGAGEMENT_ISSUE = "engagement_issue"
PARTICIPANT = "participant"
ENGAGEMENT_COUNT = "engagement_count"
DRAW = "draw"
CONTRIBUTION = "contribution"
OFFER = "offer"
#: An engagement's own record and what belongs to it alone.
ENGAGEMENT_KINDS = frozenset(
    {ENGAGEMENT, ENGAGEMENT_ISSUE, PARTICIPANT, ENGAGEMENT_COUNT, DRAW, CONTRIBUTION}
)

#: An issue's own record and what belongs to it alone (its timeline, its themes' links,
#: the search index the database keeps of it).
ISSUE_KINDS = frozenset({ISSUE, ISSUE_THEME, TIMELINE_EVENT, "issue_search"})
#: What the store keeps about itself, not data a view shows (sync bookkeeping).
BOOKKEEPING = frozenset({"field_revision", "desk", "alembic_version", "reference_counter"})

_EMPTY: Mapping[str, frozenset[int]] = MappingProxyType({})


def _frozen(ids: Mapping[str, Iterable[int]]) -> Mapping[str, frozenset[int]]:
    return MappingProxyType({kind: frozenset(values) for kind, values in ids.items()})


@dataclass(frozen=True)
class Changes:
    """The kinds and ids one change wrote (see the module's text)."""

    touched: Mapping[str, frozenset[int]] = field(default_factory=lambda: _EMPTY)
    created: Mapping[str, frozenset[int]] = field(default_factory=lambda: _EMPTY)
    bulk: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(
        cls,
        touched: Mapping[str, Iterable[int]] | None = None,
        created: Mapping[str, Iterable[int]] | None = None,
        bulk: Iterable[str] = (),
    ) -> Changes:
        """Changes from plain mappings (the recorder and tests build them so)."""
        created = dict(created or {})
        seen = {k: set(v) for k, v in (touched or {}).items()}
        for kind, ids in created.items():  # what was added was touched too
            seen.setdefault(kind, set()).update(ids)
        return cls(_frozen(seen), _frozen(created), frozenset(bulk))

    @classmethod
    def all(cls) -> Changes:
        """A change whose extent is unknown: every view reads again."""
        return cls(everything=True)

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind written (bookkeeping left out)."""
        return frozenset(self.touched) | self.bulk

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        """Whether any of these kinds may have changed."""
        return self.everything or any(k in self.touched or k in self.bulk for k in kinds)

    def only(self, allowed: Iterable[str]) -> bool:
        """Whether every kind written is among ``allowed`` (never so for ``everything``)."""
        return not self.everything and self.kinds <= frozenset(allowed)

    def ids(self, kind: str) -> frozenset[int] | None:
        """The ids of ``kind`` written; None when any of them may have (bulk or all)."""
        if self.everything or kind in self.bulk:
            return None
        return self.touched.get(kind, frozenset())

    def added(self, kind: str) -> frozenset[int]:
        """The ids of ``kind`` that were created (by statements that named their rows)."""
        return self.created.get(kind, frozenset())

    def issues_only(self) -> bool:
        """Whether only issues (and their timelines) changed: no forum, meeting, people."""
        return self.only(ISSUE_KINDS)

    def __or__(self, other: Changes) -> Changes:
        if self.everything or other.everything:
            return Changes.all()
        touched = {k: set(v) for k, v in self.touched.items()}
        for k, v in other.touched.items():
            touched.setdefault(k, set()).update(v)
        created = {k: set(v) for k, v in self.created.items()}
        for k, v in other.created.items():
            created.setdefault(k, set()).update(v)
        return Changes(_frozen(touched), _frozen(created), self.bulk | other.bulk)


NOTHING = Changes()
