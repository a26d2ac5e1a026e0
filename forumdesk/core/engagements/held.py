"""The meetings held for an engagement (its hearings, evidence sessions, count nights)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import convert
from forumdesk.core.engagements import base
from forumdesk.db.models import Forum, Meeting
from forumdesk.domain.records import MeetingInfo


def meetings_for(session: Session, ref: str | int) -> list[MeetingInfo]:
    """The live meetings held for an engagement, oldest first."""
    row = base.engagement(session, ref)
    query = (
        select(Meeting, Forum.code)
        .join(Forum, Meeting.forum_id == Forum.id)
        .where(Meeting.engagement_id == row.id, Meeting.deleted_at.is_(None))
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
    )
    return [convert.meeting_info(m, code) for m, code in session.execute(query)]
