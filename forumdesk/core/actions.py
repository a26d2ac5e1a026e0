"""Actions: agreed, owned, due, and carried forward while open."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, _seal, convert, lookup, sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.models import Action, ActionCarry, Meeting
from forumdesk.domain import rules
from forumdesk.domain.enums import ActionStatus
from forumdesk.domain.errors import NotFound
from forumdesk.domain.records import ActionInfo
from forumdesk.i18n import _

_CHECKS: dict[str, _edit.Check] = dict(rules.ACTION)


def add_action(
    session: Session,
    *,
    description: str,
    owner: str | None = None,
    due_date: date | str | None = None,
    meeting: str | int | None = None,
    agenda_item: int | None = None,
    issue: str | int | None = None,
) -> ActionInfo:
    """Records an action, optionally tied to a meeting, an agenda item and an issue."""
    values = _edit.clean(
        {"description": description, "owner": owner, "due_date": due_date}, _CHECKS
    )
    meeting_id = lookup.meeting(session, meeting).id if meeting is not None else None
    item_id = None
    if agenda_item is not None:
        item = lookup.agenda_item(session, agenda_item)
        item_id = item.id
        meeting_id = meeting_id or item.meeting_id
    if meeting_id is not None:  # the minutes record the actions a meeting agreed
        _seal.ensure_minutes_open(session, meeting_id)
    issue_id = lookup.issue(session, issue).id if issue is not None else None
    row = Action(
        status=ActionStatus.OPEN,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        issue_id=issue_id,
        **values,
    )
    sync.created(session, row)
    session.add(row)
    session.flush()
    return convert.action_info(row)


def edit_action(session: Session, ident: int, changes: Mapping[str, Any]) -> ActionInfo:
    """Changes an action's description, owner, due date or status."""
    row = lookup.action(session, ident)
    sync.apply(session, row, _edit.clean(changes, _CHECKS))
    session.flush()
    return convert.action_info(row)


def set_action_status(session: Session, ident: int, status: ActionStatus | str) -> ActionInfo:
    """Marks an action open, in progress, done or cancelled."""
    return edit_action(session, ident, {"status": status})


def delete_action(session: Session, ident: int) -> ActionInfo:
    """Deletes an action (a tombstone); not one that approved minutes record."""
    row = lookup.action(session, ident)
    if row.meeting_id is not None:
        _seal.ensure_minutes_open(session, row.meeting_id)
    sync.tombstone(session, row)
    return convert.action_info(row)


def restore_action(session: Session, ident: int) -> ActionInfo:
    """Undoes a deletion."""
    row = session.get(Action, ident)
    if row is None:
        raise NotFound(_("There is no action with id {id}.").format(id=ident))
    sync.revive(session, row)
    return convert.action_info(row)


def get_action(session: Session, ident: int) -> ActionInfo:
    """One action by id."""
    return convert.action_info(lookup.action(session, ident))


def list_actions(
    session: Session,
    *,
    meeting: str | int | None = None,
    forum: str | int | None = None,
    issue: str | int | None = None,
    open_only: bool = False,
    rows: RowLimit | None = None,
) -> list[ActionInfo]:
    """Actions by due date. For a meeting: those agreed there and those carried into it.

    ``rows``: at most that many, counted in SQL (:class:`forumdesk.core.paging.RowLimit`).
    """
    query = select(Action).where(Action.deleted_at.is_(None))
    carried_ids: set[int] = set()
    if meeting is not None:
        target = lookup.meeting(session, meeting)
        carried_ids = set(
            session.scalars(
                select(ActionCarry.action_id).where(ActionCarry.meeting_id == target.id)
            )
        )
        query = query.where((Action.meeting_id == target.id) | Action.id.in_(carried_ids))
    if forum is not None:
        owner = lookup.forum(session, forum)
        query = query.join(Meeting, Action.meeting_id == Meeting.id).where(
            Meeting.forum_id == owner.id
        )
    if issue is not None:
        query = query.where(Action.issue_id == lookup.issue(session, issue).id)
    if open_only:
        query = query.where(Action.status.in_([s for s in ActionStatus if s.is_open]))
    query = query.order_by(Action.due_date.is_(None), Action.due_date, Action.id)
    if rows is not None:
        query = rows.apply(session, query)
    return [convert.action_info(r, carried=r.id in carried_ids) for r in session.scalars(query)]
