"""Finding the row a person means: by id, by code, by reference; NotFound otherwise."""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from forumdesk.db.base import Synced
from forumdesk.db.engine import for_change
from forumdesk.db.models import (
    Action,
    AgendaItem,
    Attendance,
    Forum,
    Issue,
    Meeting,
    Outcome,
)
from forumdesk.domain.errors import Conflict, NotFound
from forumdesk.i18n import N_, _, ngettext

R = TypeVar("R", bound=Synced)

_MEETING_BY_DATE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{1,7})[\s:/@]+(\d{4}-\d{2}-\d{2})\s*$")


def by_id(session: Session, model: type[R], ident: int, missing: str) -> R:
    """A live (not deleted) row by primary key; ``missing`` (marked ``N_``, with ``{id}``) says
    there is none.

    In a writing unit on a database server the row is locked for the rest of the unit
    and read as it is now (:func:`_locked`).
    """
    if for_change(session):
        row = session.get(
            model,
            ident,
            with_for_update={"key_share": True, "of": model},
            populate_existing=True,
        )
    else:
        row = session.get(model, ident)
    if row is None or row.deleted_at is not None:
        raise NotFound(_(missing).format(id=ident))
    return row


def _locked(session: Session, query: Select[R]) -> Select[R]:
    """The row a person named, to be changed: in a writing unit on a database server it
    is locked (``FOR NO KEY UPDATE``) until the unit ends, and read as the last commit
    left it. A second officer changing the same record at the same moment waits for the
    first one's commit and then changes what that one left, so neither change is lost
    (docs/internals.md, "Many officers on one register"). Reads, and SQLite, whose
    writers take turns, lock nothing."""
    if not for_change(session):
        return query
    entity = query.column_descriptions[0]["entity"]
    return query.with_for_update(key_share=True, of=entity).execution_options(
        populate_existing=True
    )


def forum(session: Session, ref: str | int) -> Forum:
    """A forum by id or by its code (any case)."""
    if isinstance(ref, int) or str(ref).strip().isdigit():
        return by_id(session, Forum, int(ref), N_("There is no forum with id {id}."))
    code = str(ref).strip().upper()
    row = session.scalars(_locked(session, select(Forum).where(Forum.code == code))).first()
    if row is None or row.deleted_at is not None:
        raise NotFound(_("There is no forum with code {code}.").format(code=repr(code)))
    return row


def meeting(session: Session, ref: str | int) -> Meeting:
    """A meeting by id, or by forum code and date (``BHF 2026-03-04`` or ``BHF:2026-03-04``)."""
    if isinstance(ref, int) or str(ref).strip().isdigit():
        return by_id(session, Meeting, int(ref), N_("There is no meeting with id {id}."))
    match = _MEETING_BY_DATE.match(str(ref))
    if not match:
        raise NotFound(
            _(
                "{text} does not name a meeting; give its id or a forum code and date "
                "such as 'BHF 2026-03-04'."
            ).format(text=repr(ref))
        )
    owner = forum(session, match.group(1))
    try:
        day = date.fromisoformat(match.group(2))
    except ValueError as exc:
        raise NotFound(_("{text} is not a valid date.").format(text=repr(match.group(2)))) from exc
    rows = session.scalars(
        _locked(
            session,
            select(Meeting).where(
                Meeting.forum_id == owner.id, Meeting.date == day, Meeting.deleted_at.is_(None)
            ),
        )
    ).all()
    if not rows:
        raise NotFound(
            _("{code} has no meeting on {date}.").format(code=owner.code, date=day.isoformat())
        )
    if len(rows) > 1:
        ids = ", ".join(str(r.id) for r in rows)
        raise Conflict(
            ngettext(
                "{code} has {n} meeting on {date} (ids {ids}); give the id.",
                "{code} has {n} meetings on {date} (ids {ids}); give the id.",
                len(rows),
            ).format(code=owner.code, n=len(rows), date=day.isoformat(), ids=ids)
        )
    return rows[0]


def issue(session: Session, ref: str | int) -> Issue:
    """An issue by id or by its reference (``BHF-0042``, any case)."""
    if isinstance(ref, int) or str(ref).strip().isdigit():
        return by_id(session, Issue, int(ref), N_("There is no issue with id {id}."))
    wanted = str(ref).strip().upper()
    row = session.scalars(_locked(session, select(Issue).where(Issue.reference == wanted))).first()
    if row is None or row.deleted_at is not None:
        raise NotFound(
            _("There is no issue with reference {reference}.").format(reference=repr(wanted))
        )
    return row


def agenda_item(session: Session, ident: int) -> AgendaItem:
    """An agenda item by id."""
    return by_id(session, AgendaItem, ident, N_("There is no agenda item with id {id}."))


def outcome(session: Session, ident: int) -> Outcome:
    """An outcome by id."""
    return by_id(session, Outcome, ident, N_("There is no outcome with id {id}."))


def attendance(session: Session, ident: int) -> Attendance:
    """An attendance record by id."""
    return by_id(session, Attendance, ident, N_("There is no attendance record with id {id}."))


def action(session: Session, ident: int) -> Action:
    """An action by id."""
    return by_id(session, Action, ident, N_("There is no action with id {id}."))
