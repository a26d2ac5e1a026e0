"""When each issue entered its current stage (``issue.stage_since``), kept in SQL.

The column is this desk's own (it never travels): the time of the issue's latest
"raised" or "stage moved" timeline event, so that "days in this stage" can be sorted and
filtered in SQL over a large register. A capture and a stage move set it as they write
their event; a merge, which inserts timeline events in bulk, calls :func:`catch_up`, which
only ever moves it forward. Work that dates events earlier than they were written (the
demo's timelines) calls :func:`recompute`, which sets it exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.enums import TimelineKind

_STARTS = (TimelineKind.RAISED, TimelineKind.STAGE_MOVED)


def _starts_of_issue() -> ColumnElement[bool]:
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
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult


def recompute(session: Session, ids: Iterable[int] | None = None) -> int:
    """Sets ``stage_since`` of these issues (None: every issue) to exactly their latest
    start of a stage, earlier or later than it was; an issue whose timeline holds no
    start keeps its value. Returns how many issues were set."""
    latest = select(func.max(TimelineEvent.at)).where(_starts_of_issue()).scalar_subquery()
    statement = update(Issue).where(exists().where(_starts_of_issue()))
    if ids is not None:
        statement = statement.where(Issue.id.in_(list(ids)))
    result = session.execute(
        statement.values(stage_since=latest).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
