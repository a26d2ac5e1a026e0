"""Meetings: create, edit, move through their status, count heads, list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, _seal, convert, lookup, sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.models import Forum, Meeting
from forumdesk.domain import limits, rules
from forumdesk.domain.enums import MeetingFormat, MeetingStatus
from forumdesk.domain.errors import Conflict, InvalidValue
from forumdesk.domain.records import MeetingInfo
from forumdesk.i18n import _

_STATUS_ORDER = list(MeetingStatus)

_CHECKS: dict[str, _edit.Check] = dict(rules.MEETING)


def create_meeting(
    session: Session,
    *,
    forum: str | int,
    format: MeetingFormat | str,
    date: date | str,
    title: str | None = None,
    start_time: time | str | None = None,
    end_time: time | str | None = None,
    venue: str | None = None,
    chair: str | None = None,
    facilitator: str | None = None,
    clerk: str | None = None,
) -> MeetingInfo:
    """Creates a planned meeting of a forum."""
    owner = lookup.forum(session, forum)
    values = _edit.clean(
        {
            "format": format,
            "date": date,
            "title": title,
            "start_time": start_time,
            "end_time": end_time,
            "venue": venue,
            "chair": chair,
            "facilitator": facilitator,
            "clerk": clerk,
        },
        _CHECKS,
    )
    _check_times(values["start_time"], values["end_time"])
    row = Meeting(forum_id=owner.id, status=MeetingStatus.PLANNED, headcount=0, **values)
    sync.created(session, row)
    session.add(row)
    session.flush()
    return convert.meeting_info(row, owner.code)


def edit_meeting(session: Session, ref: str | int, changes: Mapping[str, Any]) -> MeetingInfo:
    """Changes a meeting's details (not its status: see :func:`set_meeting_status`)."""
    row = lookup.meeting(session, ref)
    _seal.ensure_minutes_open(session, row.id)
    values = _edit.clean(changes, _CHECKS)
    _check_times(values.get("start_time", row.start_time), values.get("end_time", row.end_time))
    sync.apply(session, row, values)
    session.flush()
    return _info(session, row)


def set_meeting_status(
    session: Session, ref: str | int, status: MeetingStatus | str
) -> MeetingInfo:
    """Moves a meeting forward: planned → in progress → closed (steps may be skipped, not undone).

    Undo in the GUI uses :func:`restore_meeting_status` instead.
    """
    row = lookup.meeting(session, ref)
    new = _edit.enum_value("status", MeetingStatus)(status)
    if _STATUS_ORDER.index(new) < _STATUS_ORDER.index(row.status):
        raise Conflict(
            _("The meeting is {status}; it cannot go back to {earlier}.").format(
                status=row.status.label.lower(), earlier=new.label.lower()
            )
        )
    sync.apply(session, row, {"status": new})
    return _info(session, row)


def restore_meeting_status(session: Session, ref: str | int, status: MeetingStatus) -> MeetingInfo:
    """Puts a meeting's status back to an earlier value: only for undoing a status change."""
    row = lookup.meeting(session, ref)
    sync.apply(session, row, {"status": status})
    return _info(session, row)


def set_headcount(session: Session, ref: str | int, headcount: int) -> MeetingInfo:
    """Sets the anonymous headcount."""
    row = lookup.meeting(session, ref)
    _seal.ensure_minutes_open(session, row.id)
    sync.apply(
        session, row, {"headcount": limits.count("headcount", headcount, limits.MAX_HEADCOUNT)}
    )
    return _info(session, row)


def adjust_headcount(session: Session, ref: str | int, delta: int) -> MeetingInfo:
    """Adds ``delta`` (+1 or -1 from the buttons) to the headcount, never below zero."""
    row = lookup.meeting(session, ref)
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise InvalidValue(
            "headcount", _("expected a whole number, got {value}").format(value=repr(delta))
        )
    return set_headcount(session, row.id, max(0, row.headcount + delta))


def delete_meeting(session: Session, ref: str | int) -> MeetingInfo:
    """Deletes a meeting (kept as a tombstone); its issues stay, without a meeting."""
    row = lookup.meeting(session, ref)
    sync.tombstone(session, row)
    return _info(session, row)


def get_meeting(session: Session, ref: str | int) -> MeetingInfo:
    """One meeting by id or by forum code and date."""
    return _info(session, lookup.meeting(session, ref))


def list_meetings(
    session: Session, forum: str | int | None = None, rows: RowLimit | None = None
) -> list[MeetingInfo]:
    """Live meetings, newest first, of one forum or all (``rows``: at most that many,
    counted in SQL)."""
    query = (
        select(Meeting, Forum.code)
        .join(Forum, Meeting.forum_id == Forum.id)
        .where(Meeting.deleted_at.is_(None))
        .order_by(Meeting.date.desc(), Meeting.start_time.desc(), Meeting.id.desc())
    )
    if forum is not None:
        query = query.where(Meeting.forum_id == lookup.forum(session, forum).id)
    if rows is not None:
        query = rows.apply(session, query)
    return [convert.meeting_info(m, code) for m, code in session.execute(query)]


def previous_meeting(session: Session, ref: str | int) -> MeetingInfo | None:
    """The latest earlier meeting of the same forum, if any."""
    row = lookup.meeting(session, ref)
    earlier = session.scalars(
        select(Meeting)
        .where(
            Meeting.forum_id == row.forum_id,
            Meeting.deleted_at.is_(None),
            Meeting.id != row.id,
            (Meeting.date < row.date) | ((Meeting.date == row.date) & (Meeting.id < row.id)),
        )
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    ).first()
    return None if earlier is None else _info(session, earlier)


def _info(session: Session, row: Meeting) -> MeetingInfo:
    code = session.scalar(select(Forum.code).where(Forum.id == row.forum_id))
    return convert.meeting_info(row, code or "")


def _check_times(start: time | None, end: time | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidValue(
            "end_time",
            _("{end} is before the start time {start}").format(
                end=f"{end:%H:%M}", start=f"{start:%H:%M}"
            ),
        )
