"""Which records a forum's or a meeting's export holds: its own, and everything they refer to."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forumdesk.db.models import (
    Action,
    ActionCarry,
    AgendaItem,
    Attendance,
    Erasure,
    Issue,
    Meeting,
    MinutesVersion,
    Outcome,
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
    _add_references(session, ids)
    # The erasures of these sign-ins go with them, so the receiving desk erases too.
    signed = set(
        session.scalars(select(Attendance.uuid).where(Attendance.id.in_(ids["attendance"])))
    )
    if signed:
        ids["erasures"] |= {
            ident
            for ident, erased in session.execute(select(Erasure.id, Erasure.attendance))
            if signed & set(erased or ())
        }
    return {kind.name: ids[kind.name] for kind in KINDS}


def _add_references(session: Session, ids: dict[str, set[int]]) -> None:
    """Adds every record referred to, until nothing new is found."""
    changed = True
    while changed:
        changed = False
        for kind in KINDS:
            if not kind.refs or not ids[kind.name]:
                continue
            columns = [getattr(kind.model, column) for column, _ in kind.refs.values()]
            rows = session.execute(
                select(*columns).where(kind.model.id.in_(ids[kind.name]))  # type: ignore[attr-defined]
            ).all()
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
