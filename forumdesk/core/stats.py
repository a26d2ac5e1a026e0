"""Counts across the database: issues per stage and status, meetings per format."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from forumdesk.core import lookup
from forumdesk.db.models import Action, Forum, Issue, Meeting
from forumdesk.domain.enums import ActionStatus, IssueStatus, MeetingFormat, PolicyStage
from forumdesk.domain.records import Stats


def stats(session: Session, forum: str | int | None = None) -> Stats:
    """Counts of live records, for the whole database or one forum; every stage is listed."""
    forum_id = lookup.forum(session, forum).id if forum is not None else None

    issues_by_stage = _count_by(session, Issue.stage, forum_id)
    issues_by_status = _count_by(session, Issue.status, forum_id)
    meetings_by_format = _count_by(session, Meeting.format, forum_id)
    open_actions = (
        select(func.count())
        .select_from(Action)
        .where(
            Action.deleted_at.is_(None), Action.status.in_([s for s in ActionStatus if s.is_open])
        )
    )
    if forum_id is not None:
        open_actions = open_actions.join(Meeting, Action.meeting_id == Meeting.id).where(
            Meeting.forum_id == forum_id
        )
    forums = (
        1
        if forum_id is not None
        else session.scalar(select(func.count()).where(Forum.deleted_at.is_(None)))
    )
    return Stats(
        forums=forums or 0,
        meetings=sum(meetings_by_format.values()),
        issues=sum(issues_by_stage.values()),
        actions_open=session.scalar(open_actions) or 0,
        issues_by_stage={s: issues_by_stage.get(s, 0) for s in PolicyStage},
        issues_by_status={s: issues_by_status.get(s, 0) for s in IssueStatus},
        meetings_by_format={f: meetings_by_format.get(f, 0) for f in MeetingFormat},
    )


def _count_by(
    session: Session, column: InstrumentedAttribute[Any], forum_id: int | None
) -> dict[Any, int]:
    """Live rows of the column's table grouped by the column, optionally for one forum."""
    model = column.class_
    query = select(column, func.count()).where(model.deleted_at.is_(None)).group_by(column)
    if forum_id is not None:
        query = query.where(model.forum_id == forum_id)
    return dict(session.execute(query).all())
