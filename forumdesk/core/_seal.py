"""Approved minutes seal what they record: changes to it wait until they are reopened."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.db.models import MinutesVersion
from forumdesk.domain.errors import Conflict
from forumdesk.i18n import _


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
