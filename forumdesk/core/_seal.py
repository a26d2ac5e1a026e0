"""Approved minutes seal what they record: changes to it wait until they are reopened."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.db.models import MinutesVersion
from forumdesk.domain.errors import Conflict
from forumdesk.i18n import _

#: What approved minutes seal, by table: the fields of a record of the meeting that the
#: services refuse to change while its minutes are approved (each calls
#: :func:`ensure_minutes_open` first), named as they travel (``meeting``, not
#: ``meeting_id``); ``None`` for every field. Adding a record of one of these tables to
#: the meeting is refused too. A meeting's status moves on and an action's description,
#: owner, due date and status may still be edited: what happens after a meeting. An
#: import is held to the same list (``exchange/sealed.py``).
SEALED: dict[str, frozenset[str] | None] = {
    "meeting": frozenset(
        {
            "format",
            "title",
            "date",
            "start_time",
            "end_time",
            "venue",
            "chair",
            "facilitator",
            "clerk",
            "headcount",
        }
    ),
    "agenda_item": None,  # add, edit, move, delete
    "outcome": None,  # add, edit, delete
    "attendance": None,  # sign in, edit, remove
    "action": frozenset({"meeting", "agenda_item", "deleted_at"}),  # add to it, delete
    "action_carry": None,  # carry forward into it
    "minutes_version": None,  # a later version is approved only after a reopening
}


def ensure_minutes_open(session: Session, meeting_id: int) -> None:
    """Refuses a change to minuted content while the meeting's minutes are approved.

    Raises:
        Conflict: naming the version in force and the way out (reopen).
    """
    sealed = session.scalar(
        select(func.max(MinutesVersion.version)).where(
            MinutesVersion.meeting_id == meeting_id, MinutesVersion.reopened_at.is_(None)
        )
    )
    if sealed is not None:
        raise Conflict(
            _(
                "The minutes of this meeting are approved (version {version}); reopen them "
                "before changing what they record."
            ).format(version=sealed)
        )
