"""Report-back ("you said, we did"): which issues await a response to residents.

The one rule, kept here and used everywhere (register, board, reports, minutes):

- an issue's **last response** is its latest ``response`` timeline event;
- it **awaits a response** when it is not withdrawn and either no response was ever
  given, or a further response was asked for: ``response_due`` falls after the day of
  the last response;
- its response is **overdue** on a day when it awaits one and ``response_due`` is
  before that day.

These are SQL conditions over ``Issue`` (correlated on ``Issue.id``), so lists of
100,000 issues filter and sort by them in the database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.sql.selectable import ScalarSelect

from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.enums import IssueStatus, TimelineKind


def last_response_at() -> ScalarSelect[object]:
    """The time of the issue's latest response to residents (NULL: none given)."""
    return (
        select(func.max(TimelineEvent.at))
        .where(
            TimelineEvent.issue_id == Issue.id,
            TimelineEvent.kind == TimelineKind.RESPONSE,
            TimelineEvent.deleted_at.is_(None),
        )
        .scalar_subquery()
    )


def first_response_at() -> ScalarSelect[object]:
    """The time of the issue's first response to residents (NULL: none given): when the
    loop was first closed (the co-production audit)."""
    return (
        select(func.min(TimelineEvent.at))
        .where(
            TimelineEvent.issue_id == Issue.id,
            TimelineEvent.kind == TimelineKind.RESPONSE,
            TimelineEvent.deleted_at.is_(None),
        )
        .scalar_subquery()
    )


def awaiting_response() -> ColumnElement[bool]:
    """Issues that await a response to residents (see the module's text)."""
    last = last_response_at()
    return and_(
        Issue.status != IssueStatus.WITHDRAWN,
        or_(
            last.is_(None),
            and_(Issue.response_due.is_not(None), Issue.response_due > func.date(last)),
        ),
    )


def response_overdue(today: date) -> ColumnElement[bool]:
    """Issues whose response to residents was due before ``today`` and is not given."""
    return and_(Issue.response_due.is_not(None), Issue.response_due < today, awaiting_response())


def responded() -> ColumnElement[bool]:
    """Issues that have had at least one response to residents."""
    return not_(last_response_at().is_(None))
