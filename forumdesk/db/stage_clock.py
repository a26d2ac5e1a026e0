"""When each issue entered its current stage (``issue.stage_since``), kept in SQL.

The column is this desk's own (it never travels): the time of the issue's latest
"raised" or "stage moved" timeline event, so that "days in this stage" can be sorted and
filtered in SQL over a large register. A capture and a stage move set it as they write
their event; a merge, which inserts timeline events in bulk, calls :func:`catch_up`.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.enums import TimelineKind

_STARTS = (TimelineKind.RAISED, TimelineKind.STAGE_MOVED)


def _starts_of_issue():  # type: ignore[no-untyped-def]
    return and_(
        TimelineEvent.issue_id == Issue.id,
        TimelineEvent.kind.in_(_STARTS),
        TimelineEvent.deleted_at.is_(None),
    )


def catch_up(session: Session) -> int:
    """Sets ``stage_since`` of every issue whose timeline holds a later start of a stage
    than it records (or that records none). Returns how many issues changed."""
    latest = select(func.max(TimelineEvent.at)).where(_starts_of_issue()).scalar_subquery()
    behind = exists().where(
        _starts_of_issue(),
        or_(Issue.stage_since.is_(None), TimelineEvent.at > Issue.stage_since),
    )
    result = session.execute(
        update(Issue)
        .where(behind)
        .values(stage_since=latest)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
