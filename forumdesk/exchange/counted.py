"""A sheet or a ballot box counted on two desks is counted once.

Two desks that each enter sheet 3 of one petition make two records (two UUIDs) of one
paper sheet; kept both, the sheet would count twice. When an import leaves more than
one live count of a sheet or a box (the same engagement, kind, key (in any case) and
option), the first entered (created first, then the lower UUID) stays and the others are removed,
as an edit of this desk that travels. Every desk picks the same one and dates the
removal alike (the later of the two entries), so desks that each remove it agree, with
no conflict. The import's report says so: the two counts may differ, and the clerk checks
the paper.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import sync
from forumdesk.db.models import Engagement, EngagementCount
from forumdesk.domain.enums import CountKind, EngagementKind, EngagementStatus
from forumdesk.exchange.labels import count_label
from forumdesk.i18n import _

#: Counts of a thing counted once: a paper sheet, a ballot box's ballots for an option.
ONCE = (CountKind.SHEET, CountKind.BALLOTS, CountKind.SPOILT)


def count_once(session: Session, records: list[dict[str, Any]]) -> list[str]:
    """Removes the second count of any sheet or box the file's counts touch; returns a
    note for each, for the import's report."""
    wanted = {kind.value for kind in ONCE}
    engagements = {
        record["fields"].get("engagement")
        for record in records
        if record["fields"].get("kind") in wanted
    }
    engagements.discard(None)
    if not engagements:
        return []
    session.flush()
    held = dict(
        session.execute(
            select(Engagement.id, Engagement.reference).where(
                Engagement.uuid.in_(sorted(engagements))
            )
        ).all()
    )
    rows = session.scalars(
        select(EngagementCount)
        .where(
            EngagementCount.engagement_id.in_(sorted(held)),
            EngagementCount.kind.in_(ONCE),
            EngagementCount.deleted_at.is_(None),
        )
        .order_by(EngagementCount.created_at, EngagementCount.uuid)
    )
    groups: dict[tuple[Any, ...], list[EngagementCount]] = {}
    for row in rows:
        # A box is named as typed; "Hall" and "HALL" are one box (as the ballot reads them).
        same = (row.engagement_id, row.kind, row.key.casefold(), row.option)
        groups.setdefault(same, []).append(row)
    notes = []
    for (engagement_id, kind, _key, option), group in groups.items():
        kept = group[0]
        for other in group[1:]:
            sync.remember(session, other, "deleted_at", None)
            other.deleted_at = max(kept.created_at, other.created_at)
            sync.touch(session, other, ["deleted_at"])
            notes.append(
                _(
                    "{count} was entered on two desks ({kept} and {other}); the first "
                    "entered ({kept}) is kept and the other was removed, so that it counts "
                    "once. Check the paper and correct the count if it is wrong."
                ).format(
                    count=count_label(kind.label, kept.key, option, held[engagement_id]),
                    kept=kept.count,
                    other=other.count,
                )
            )
    session.flush()
    return notes


#: A declared ballot's counts as this desk held them before an import:
#: engagement id -> {count UUID: (count, live)}.
Declared = dict[int, dict[str, tuple[int, bool]]]


def declared_counts(session: Session) -> Declared:
    """The counts of every ballot whose result this desk has declared, before an import.

    A declared result is published; like approved minutes, a file cannot change what it
    was declared from (:func:`keep_declared`).
    """
    ballots = session.scalars(
        select(Engagement.id).where(
            Engagement.kind == EngagementKind.BALLOT,
            Engagement.status == EngagementStatus.REPORTED,
            Engagement.deleted_at.is_(None),
        )
    ).all()
    held: Declared = {ident: {} for ident in ballots}
    if ballots:
        for row in session.scalars(
            select(EngagementCount).where(EngagementCount.engagement_id.in_(ballots))
        ):
            held[row.engagement_id][row.uuid] = (row.count, row.deleted_at is None)
    return held


def keep_declared(session: Session, before: Declared) -> list[str]:
    """Puts back the counts of ballots declared here before the import that the file
    changed, added or removed (an edit of this desk, which travels); returns a note for
    each ballot, for the import's report."""
    if not before:
        return []
    session.flush()
    notes = []
    for ident, counts in before.items():
        changed = 0
        for row in session.scalars(
            select(EngagementCount).where(EngagementCount.engagement_id == ident)
        ):
            was = counts.get(row.uuid)
            if was is None:  # a count the file added
                if row.deleted_at is None:
                    sync.tombstone(session, row)
                    changed += 1
                continue
            count, live = was
            if row.count != count:
                sync.apply(session, row, {"count": count})
                changed += 1
            if live and row.deleted_at is not None:
                sync.revive(session, row)
                changed += 1
            elif not live and row.deleted_at is None:
                sync.tombstone(session, row)
                changed += 1
        if changed:
            reference = session.scalar(select(Engagement.reference).where(Engagement.id == ident))
            notes.append(
                _(
                    "The result of ballot {reference} was declared on this desk, so the "
                    "file's changes to its counts were not taken: the declared result stands."
                ).format(reference=reference)
            )
    session.flush()
    return notes
