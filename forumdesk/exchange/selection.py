"""Which records a forum's or a meeting's export holds: its own, and everything they refer to.

A forum's export holds its engagements and everything under them (linked issues,
participants, counts, draws, contributions), the meetings held for them, and the forum's
residents' offers. A council-wide engagement belongs to no forum: it goes in a forum's
export when one of its linked issues is the forum's, or a meeting of the forum was held
for it, with its links to the forum's issues only (not to other forums' issues). A
meeting's export holds the offers made at it and the engagement it was held for (the
engagement's own record, not what hangs under it).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forumdesk.db.models import (
    Action,
    ActionCarry,
    AgendaItem,
    Attendance,
    Contribution,
    Draw,
    Engagement,
    EngagementCount,
    EngagementIssue,
    Erasure,
    Issue,
    Meeting,
    MinutesVersion,
    Offer,
    Outcome,
    Participant,
    TimelineEvent,
    issue_theme,
)
from forumdesk.exchange.kinds import BY_NAME, KINDS


def closure(
    session: Session, *, forum_ids: set[int] | None = None, meeting_ids: set[int] | None = None
) -> dict[str, set[int]]:
    """Ids per kind: the forum's (or meetings') records, then every record they refer to."""
    ids: dict[str, set[int]] = defaultdict(set)
    if forum_ids:
        ids["forums"] |= forum_ids
        meeting_ids = set(
            session.scalars(select(Meeting.id).where(Meeting.forum_id.in_(forum_ids)))
        )
        ids["issues"] |= set(session.scalars(select(Issue.id).where(Issue.forum_id.in_(forum_ids))))
        meeting_ids |= _engagements(session, ids, forum_ids, meeting_ids)
    meeting_ids = meeting_ids or set()
    ids["meetings"] |= meeting_ids
    ids["attendance"] |= set(
        session.scalars(select(Attendance.id).where(Attendance.meeting_id.in_(meeting_ids)))
    )
    ids["agenda_items"] |= set(
        session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meeting_ids)))
    )
    ids["issues"] |= set(session.scalars(select(Issue.id).where(Issue.meeting_id.in_(meeting_ids))))
    ids["timeline_events"] |= set(
        session.scalars(select(TimelineEvent.id).where(TimelineEvent.issue_id.in_(ids["issues"])))
    )
    ids["actions"] |= set(
        session.scalars(
            select(Action.id).where(
                or_(Action.meeting_id.in_(meeting_ids), Action.issue_id.in_(ids["issues"]))
            )
        )
    )
    ids["outcomes"] |= set(
        session.scalars(select(Outcome.id).where(Outcome.agenda_item_id.in_(ids["agenda_items"])))
    )
    ids["minutes_versions"] |= set(
        session.scalars(select(MinutesVersion.id).where(MinutesVersion.meeting_id.in_(meeting_ids)))
    )
    # Actions carried into these meetings come too (their own meetings by reference).
    ids["action_carries"] |= set(
        session.scalars(select(ActionCarry.id).where(ActionCarry.meeting_id.in_(meeting_ids)))
    )
    ids["offers"] |= set(
        session.scalars(
            select(Offer.id).where(
                or_(
                    Offer.forum_id.in_(forum_ids or ()),
                    Offer.meeting_id.in_(meeting_ids),
                    Offer.engagement_id.in_(ids["engagements"] if forum_ids else ()),
                )
            )
        )
    )
    _add_references(session, ids)
    # The erasures of these sign-ins go with them, so the receiving desk erases too.
    signed = set(
        session.scalars(select(Attendance.uuid).where(Attendance.id.in_(ids["attendance"])))
    )
    personal = _uuids(session, ids, ("participants", "offers", "contributions"))
    if signed or personal:
        ids["erasures"] |= {
            ident
            for ident, erased, records in session.execute(
                select(Erasure.id, Erasure.attendance, Erasure.records)
            )
            if signed & set(erased or ()) or personal & set(records or ())
        }
    return {kind.name: ids[kind.name] for kind in KINDS}


def _engagements(
    session: Session, ids: dict[str, set[int]], forum_ids: set[int], meeting_ids: set[int]
) -> set[int]:
    """Adds the forums' engagements and what hangs under them; returns the meetings held
    for them (to be exported whole, like the forums' own)."""
    linked_here = select(EngagementIssue.engagement_id).where(
        EngagementIssue.issue_id.in_(ids["issues"])
    )
    held_here = select(Meeting.engagement_id).where(Meeting.id.in_(meeting_ids))
    own = set(session.scalars(select(Engagement.id).where(Engagement.forum_id.in_(forum_ids))))
    council_wide = set(
        session.scalars(
            select(Engagement.id).where(
                Engagement.forum_id.is_(None),
                or_(Engagement.id.in_(linked_here), Engagement.id.in_(held_here)),
            )
        )
    )
    engagements = own | council_wide
    ids["engagements"] |= engagements
    ids["engagement_issues"] |= set(
        session.scalars(
            select(EngagementIssue.id).where(
                or_(
                    EngagementIssue.engagement_id.in_(own),
                    (EngagementIssue.engagement_id.in_(council_wide))
                    & EngagementIssue.issue_id.in_(ids["issues"]),
                )
            )
        )
    )
    for name, model in (
        ("participants", Participant),
        ("engagement_counts", EngagementCount),
        ("draws", Draw),
        ("contributions", Contribution),
    ):
        ids[name] |= set(
            session.scalars(select(model.id).where(model.engagement_id.in_(engagements)))
        )
    return set(session.scalars(select(Meeting.id).where(Meeting.engagement_id.in_(engagements))))


def _uuids(session: Session, ids: dict[str, set[int]], names: tuple[str, ...]) -> set[str]:
    """The UUIDs of the selected records of these kinds."""
    found: set[str] = set()
    for name in names:
        model = BY_NAME[name].model
        chosen = sorted(ids[name])
        for start in range(0, len(chosen), 500):
            found |= set(
                session.scalars(select(model.uuid).where(model.id.in_(chosen[start : start + 500])))
            )
    return found


def _add_references(session: Session, ids: dict[str, set[int]]) -> None:
    """Adds every record referred to, until nothing new is found."""
    changed = True
    while changed:
        changed = False
        for kind in KINDS:
            if not kind.refs or not ids[kind.name]:
                continue
            columns = [getattr(kind.model, column) for column, _ in kind.refs.values()]
            rows = session.execute(select(*columns).where(kind.model.id.in_(ids[kind.name]))).all()
            for row in rows:
                for value, (_, target) in zip(row, kind.refs.values(), strict=True):
                    if value is not None and value not in ids[target]:
                        ids[target].add(value)
                        changed = True
        # An issue's themes are not a column of the issue but they travel with it, also
        # for issues reached only by reference (the issue of an action carried forward).
        themes = set(
            session.scalars(
                select(issue_theme.c.theme_id).where(issue_theme.c.issue_id.in_(ids["issues"]))
            )
        )
        if not themes <= ids["themes"]:
            ids["themes"] |= themes
            changed = True
        if ids["meetings"]:
            forums = set(
                session.scalars(select(Meeting.forum_id).where(Meeting.id.in_(ids["meetings"])))
            )
            if not forums <= ids["forums"]:
                ids["forums"] |= forums
                changed = True
    assert set(ids) <= set(BY_NAME)
