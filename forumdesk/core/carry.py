"""Carrying forward into a new meeting: open actions and agenda items not yet discussed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _seal, lookup, meetings, sync
from forumdesk.db.models import Action, ActionCarry, AgendaItem, Meeting
from forumdesk.domain.enums import ActionStatus
from forumdesk.domain.records import CarryForward


def pending_carry_forward(session: Session, meeting: str | int) -> CarryForward:
    """What :func:`carry_forward` would bring in, without changing anything (for the offer)."""
    target = lookup.meeting(session, meeting)
    actions, items, previous = _candidates(session, target)
    return CarryForward(
        meeting_id=target.id,
        actions=tuple(a.id for a in actions),
        agenda_items=tuple(i.id for i in items),
        from_meeting_id=previous,
    )


def carry_forward(session: Session, meeting: str | int) -> CarryForward:
    """Brings the forum's open actions and the previous meeting's undiscussed items forward.

    Open actions of earlier meetings of the same forum join this meeting's actions
    list (they stay one record). Each undiscussed agenda item of the previous
    meeting is copied onto this agenda, remembering where it came from. Running it
    again brings nothing twice.
    """
    target = lookup.meeting(session, meeting)
    _seal.ensure_minutes_open(session, target.id)
    actions, items, previous = _candidates(session, target)
    for action in actions:
        carry = ActionCarry(action_id=action.id, meeting_id=target.id)
        sync.created(session, carry)
        session.add(carry)
    last = session.scalar(
        select(AgendaItem.position)
        .where(AgendaItem.meeting_id == target.id, AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.position.desc())
    )
    new_ids = []
    for offset, item in enumerate(items, start=1):
        copy = AgendaItem(
            meeting_id=target.id,
            position=(last or 0) + offset,
            title=item.title,
            presenter=item.presenter,
            notes=None,
            discussed=False,
            carried_from_id=item.id,
        )
        sync.created(session, copy)
        session.add(copy)
        session.flush()
        new_ids.append(copy.id)
    session.flush()
    return CarryForward(
        meeting_id=target.id,
        actions=tuple(a.id for a in actions),
        agenda_items=tuple(new_ids),
        from_meeting_id=previous,
    )


def _candidates(
    session: Session, target: Meeting
) -> tuple[list[Action], list[AgendaItem], int | None]:
    previous = meetings.previous_meeting(session, target.id)
    earlier_meetings = select(Meeting.id).where(
        Meeting.forum_id == target.forum_id,
        Meeting.id != target.id,
        Meeting.date <= target.date,
    )
    already = select(ActionCarry.action_id).where(ActionCarry.meeting_id == target.id)
    actions = list(
        session.scalars(
            select(Action)
            .where(
                Action.deleted_at.is_(None),
                Action.status.in_([s for s in ActionStatus if s.is_open]),
                Action.meeting_id.in_(earlier_meetings),
                Action.id.not_in(already),
            )
            .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
        )
    )
    items: list[AgendaItem] = []
    if previous is not None:
        carried = select(AgendaItem.carried_from_id).where(
            AgendaItem.meeting_id == target.id, AgendaItem.carried_from_id.is_not(None)
        )
        items = list(
            session.scalars(
                select(AgendaItem)
                .where(
                    AgendaItem.meeting_id == previous.id,
                    AgendaItem.deleted_at.is_(None),
                    AgendaItem.discussed.is_(False),
                    AgendaItem.id.not_in(carried),
                )
                .order_by(AgendaItem.position)
            )
        )
    return actions, items, previous.id if previous else None
