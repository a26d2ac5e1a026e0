"""Agenda items and their typed outcomes (information, decision, action)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, _seal, convert, lookup, sync
from forumdesk.core.engagements import decisions
from forumdesk.db.models import Action, AgendaItem, Outcome
from forumdesk.domain import limits, rules
from forumdesk.domain.enums import ActionStatus, DecisionMethod, OutcomeKind
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.records import AgendaItemInfo, OutcomeInfo
from forumdesk.i18n import _

_ITEM_CHECKS: dict[str, _edit.Check] = dict(rules.AGENDA_ITEM)


def add_agenda_item(
    session: Session,
    meeting: str | int,
    *,
    title: str,
    presenter: str | None = None,
    notes: str | None = None,
) -> AgendaItemInfo:
    """Appends an item to a meeting's agenda."""
    owner = lookup.meeting(session, meeting)
    _seal.ensure_minutes_open(session, owner.id)
    values = _edit.clean({"title": title, "presenter": presenter, "notes": notes}, _ITEM_CHECKS)
    last = session.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == owner.id, AgendaItem.deleted_at.is_(None)
        )
    )
    row = AgendaItem(
        meeting_id=owner.id, position=(last or 0) + 1, discussed=bool(values["notes"]), **values
    )
    sync.created(session, row)
    session.add(row)
    session.flush()
    return convert.agenda_item_info(row)


def edit_agenda_item(session: Session, ident: int, changes: Mapping[str, Any]) -> AgendaItemInfo:
    """Changes an item's title, presenter, notes or discussed flag; notes mark it discussed."""
    row = lookup.agenda_item(session, ident)
    _seal.ensure_minutes_open(session, row.meeting_id)
    values = _edit.clean(changes, _ITEM_CHECKS)
    if values.get("notes") and "discussed" not in values:
        values["discussed"] = True
    sync.apply(session, row, values)
    session.flush()
    return get_agenda_item(session, row.id)


def move_agenda_item(session: Session, ident: int, position: int) -> list[AgendaItemInfo]:
    """Moves an item to ``position`` (1-based, clamped) and renumbers the agenda."""
    row = lookup.agenda_item(session, ident)
    _seal.ensure_minutes_open(session, row.meeting_id)
    items = _live_items(session, row.meeting_id)
    if isinstance(position, bool) or not isinstance(position, int):
        raise InvalidValue(
            "position", _("expected a whole number, got {value}").format(value=repr(position))
        )
    items.remove(row)
    items.insert(max(0, min(position - 1, len(items))), row)
    for index, item in enumerate(items, start=1):
        sync.apply(session, item, {"position": index})
    session.flush()
    return list_agenda(session, row.meeting_id)


def delete_agenda_item(session: Session, ident: int) -> AgendaItemInfo:
    """Deletes an item (a tombstone) and closes the gap in the numbering."""
    row = lookup.agenda_item(session, ident)
    _seal.ensure_minutes_open(session, row.meeting_id)
    sync.tombstone(session, row)
    for index, item in enumerate(_live_items(session, row.meeting_id), start=1):
        sync.apply(session, item, {"position": index})
    session.flush()
    return convert.agenda_item_info(row)


def restore_agenda_item(session: Session, ident: int) -> AgendaItemInfo:
    """Undoes a deletion, putting the item back where it was."""
    row = session.get(AgendaItem, ident)
    if row is None:
        return convert.agenda_item_info(lookup.agenda_item(session, ident))  # raises NotFound
    position = row.position
    sync.revive(session, row)
    session.flush()
    move_agenda_item(session, row.id, position)
    return get_agenda_item(session, row.id)


def get_agenda_item(session: Session, ident: int) -> AgendaItemInfo:
    """One agenda item with its outcomes."""
    row = lookup.agenda_item(session, ident)
    return convert.agenda_item_info(row, _outcomes_of(session, [row.id]).get(row.id, ()))


def list_agenda(session: Session, meeting: str | int) -> list[AgendaItemInfo]:
    """A meeting's agenda in order, each item with its outcomes."""
    owner = lookup.meeting(session, meeting)
    items = _live_items(session, owner.id)
    outcomes = _outcomes_of(session, [i.id for i in items])
    return [convert.agenda_item_info(i, outcomes.get(i.id, ())) for i in items]


def add_outcome(
    session: Session,
    agenda_item: int,
    *,
    kind: OutcomeKind | str,
    text: str,
    owner: str | None = None,
    due_date: date | str | None = None,
    issue_id: int | None = None,
    decided_by: DecisionMethod | str | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> OutcomeInfo:
    """Records an outcome of an agenda item; an action outcome also creates the action.
    A decision may say how it was decided (and a show of hands' votes)."""
    item = lookup.agenda_item(session, agenda_item)
    _seal.ensure_minutes_open(session, item.meeting_id)
    outcome: OutcomeKind = _edit.enum_value("kind", OutcomeKind)(kind)
    decided = decisions.decision(decided_by, votes_for, votes_against, votes_abstain)
    if outcome is not OutcomeKind.DECISION and decided["decided_by"] is not None:
        raise InvalidValue("decided_by", _("only a decision records how it was decided"))
    body = _worded(outcome, limits.required_text("text", text, limits.LONG_TEXT))
    action_id = None
    if outcome is OutcomeKind.ACTION:
        action = Action(
            description=body,
            owner=limits.text("owner", owner, limits.SHORT_TEXT),
            due_date=_edit.date_value("due_date")(due_date),
            status=ActionStatus.OPEN,
            meeting_id=item.meeting_id,
            agenda_item_id=item.id,
            issue_id=lookup.issue(session, issue_id).id if issue_id is not None else None,
        )
        sync.created(session, action)
        session.add(action)
        session.flush()
        action_id = action.id
    elif owner or due_date:
        raise InvalidValue("owner", _("only an action outcome has an owner and a due date"))
    last = session.scalar(
        select(func.max(Outcome.position)).where(
            Outcome.agenda_item_id == item.id, Outcome.deleted_at.is_(None)
        )
    )
    row = Outcome(
        agenda_item_id=item.id,
        position=(last or 0) + 1,
        kind=outcome,
        text=body,
        action_id=action_id,
        **decided,
    )
    sync.created(session, row)
    session.add(row)
    if not item.discussed:
        sync.apply(session, item, {"discussed": True})
    session.flush()
    return convert.outcome_info(row)


def edit_outcome(session: Session, ident: int, text: str) -> OutcomeInfo:
    """Changes an outcome's wording (an action outcome's action follows)."""
    row = lookup.outcome(session, ident)
    _seal.ensure_minutes_open(session, lookup.agenda_item(session, row.agenda_item_id).meeting_id)
    body = _worded(row.kind, limits.required_text("text", text, limits.LONG_TEXT))
    sync.apply(session, row, {"text": body})
    if row.action_id is not None:
        sync.apply(session, lookup.action(session, row.action_id), {"description": body})
    session.flush()
    return convert.outcome_info(row)


def delete_outcome(session: Session, ident: int) -> OutcomeInfo:
    """Deletes an outcome (a tombstone); an action it created is cancelled, not lost."""
    row = lookup.outcome(session, ident)
    _seal.ensure_minutes_open(session, lookup.agenda_item(session, row.agenda_item_id).meeting_id)
    sync.tombstone(session, row)
    if row.action_id is not None:
        action = session.get(Action, row.action_id)
        if action is not None and action.status.is_open:
            sync.apply(session, action, {"status": ActionStatus.CANCELLED})
    session.flush()
    return convert.outcome_info(row)


_RESOLVED = re.compile(r"^\s*resolved\s*[:.\-–]\s*", re.IGNORECASE)


def _worded(kind: OutcomeKind, body: str) -> str:
    """A decision as the minutes print it after their own "RESOLVED:": a clerk who typed
    the word too would otherwise read "RESOLVED: RESOLVED: ..."."""
    if kind is OutcomeKind.DECISION:
        return _RESOLVED.sub("", body, count=1) or body
    return body


def _live_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _outcomes_of(session: Session, item_ids: list[int]) -> dict[int, tuple[OutcomeInfo, ...]]:
    if not item_ids:
        return {}
    found: dict[int, list[OutcomeInfo]] = {}
    rows = session.scalars(
        select(Outcome)
        .where(Outcome.agenda_item_id.in_(item_ids), Outcome.deleted_at.is_(None))
        .order_by(Outcome.position, Outcome.id)
    )
    for row in rows:
        found.setdefault(row.agenda_item_id, []).append(convert.outcome_info(row))
    return {k: tuple(v) for k, v in found.items()}
