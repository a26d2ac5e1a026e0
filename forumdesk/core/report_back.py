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

On them stand the services: :func:`standing` (where each of some issues stands with
residents, for the issue log), :func:`feedback` (the report of one forum over a period)
and :func:`respond` (a response given, and when the next one is due).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from forumdesk.core import issues, lookup
from forumdesk.db.base import utcnow
from forumdesk.db.models import Issue, Meeting, TimelineEvent
from forumdesk.domain import rules
from forumdesk.domain.enums import IssueStatus, TimelineKind
from forumdesk.domain.errors import InputRefused, InvalidValue
from forumdesk.domain.feedback import (
    FeedbackItem,
    FeedbackReport,
    ResponseGiven,
    ResponseStanding,
)
from forumdesk.domain.records import IssueInfo, TimelineEntry
from forumdesk.i18n import _

#: Issues read at a time by id: well inside SQLite's limit on bound parameters.
CHUNK = 500


def last_response_at() -> ScalarSelect[datetime]:
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


def first_response_at() -> ScalarSelect[datetime]:
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


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def _responses(session: Session, ids: list[int]) -> dict[int, list[ResponseGiven]]:
    """Every live response of these issues, oldest first."""
    found: dict[int, list[ResponseGiven]] = {}
    rows = session.execute(
        select(TimelineEvent.issue_id, TimelineEvent.at, TimelineEvent.text, TimelineEvent.author)
        .where(
            TimelineEvent.issue_id.in_(ids),
            TimelineEvent.kind == TimelineKind.RESPONSE,
            TimelineEvent.deleted_at.is_(None),
        )
        .order_by(TimelineEvent.issue_id, TimelineEvent.at, TimelineEvent.id)
    )
    for issue_id, at, text, author in rows:
        found.setdefault(issue_id, []).append(ResponseGiven(at=at, text=text or "", author=author))
    return found


def _flags(session: Session, ids: list[int], today: date) -> dict[int, tuple[bool, bool]]:
    """(awaiting, overdue) of each issue, by the one rule."""
    rows = session.execute(
        select(
            Issue.id,
            awaiting_response().label("awaiting"),  # i18n: not text
            response_overdue(today).label("overdue"),  # i18n: not text
        ).where(Issue.id.in_(ids))
    )
    return {ident: (bool(waiting), bool(late)) for ident, waiting, late in rows}


def standing(session: Session, ids: Iterable[int], today: date) -> dict[int, ResponseStanding]:
    """Where each issue stands with residents on ``today``: its latest response, when the
    next is due, whether one is awaited and overdue. Issues that do not exist are left out.
    """
    found: dict[int, ResponseStanding] = {}
    for chunk in _chunks(ids):
        given = _responses(session, chunk)
        flags = _flags(session, chunk, today)
        dues = dict(
            session.execute(select(Issue.id, Issue.response_due).where(Issue.id.in_(chunk))).all()
        )
        for ident, (waiting, late) in flags.items():
            responses = given.get(ident)
            found[ident] = ResponseStanding(
                issue_id=ident,
                last=responses[-1] if responses else None,
                response_due=dues.get(ident),
                awaiting=waiting,
                overdue=late,
            )
    return found


def feedback(
    session: Session,
    forum: str | int,
    *,
    start: date | None = None,
    end: date | None = None,
    today: date,
) -> FeedbackReport:
    """The report-back of a forum: each issue raised there in the period (its
    ``created_at`` day, in UTC, from ``start`` to ``end``, both included; an end not given
    leaves that side open) with the council's responses, its stage and status, and how
    long those still awaiting a response have waited on ``today``.

    Raises:
        NotFound: no such forum. InputRefused: ``start`` is after ``end``.
    """
    row = lookup.forum(session, forum)
    if start is not None and end is not None and start > end:
        raise InputRefused(
            _(
                "The period cannot start on {start}, after its end on {end}; give the "
                "earlier date first."
            ).format(start=start.isoformat(), end=end.isoformat())
        )
    raised = select(Issue).where(Issue.forum_id == row.id, Issue.deleted_at.is_(None))
    held = select(func.count(Meeting.id)).where(
        Meeting.forum_id == row.id, Meeting.deleted_at.is_(None)
    )
    if start is not None:
        raised = raised.where(Issue.created_at >= datetime.combine(start, time.min, tzinfo=UTC))
        held = held.where(Meeting.date >= start)
    if end is not None:
        after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        raised = raised.where(Issue.created_at < after)
        held = held.where(Meeting.date <= end)
    rows = list(session.scalars(raised.order_by(Issue.created_at, Issue.id)))
    given: dict[int, list[ResponseGiven]] = {}
    flags: dict[int, tuple[bool, bool]] = {}
    for chunk in _chunks(r.id for r in rows):
        given.update(_responses(session, chunk))
        flags.update(_flags(session, chunk, today))
    items = []
    for issue in rows:
        responses = tuple(given.get(issue.id, ()))
        waiting, late = flags[issue.id]
        since = None
        if waiting:
            since = responses[-1].day if responses else issue.created_at.date()
        items.append(
            FeedbackItem(
                issue_id=issue.id,
                reference=issue.reference,
                title=issue.title,
                description=issue.description,
                ward=issue.ward,
                place=issue.place,
                raised_on=issue.created_at.date(),
                stage=issue.stage,
                status=issue.status,
                responses=responses,
                response_due=issue.response_due,
                awaiting=waiting,
                overdue=late,
                waiting_since=since,
                days_waited=max(0, (today - since).days) if since is not None else None,
            )
        )
    return FeedbackReport(
        forum_code=row.code,
        forum_name=row.name,
        start=start,
        end=end,
        today=today,
        meetings=session.scalar(held) or 0,
        items=tuple(items),
    )


@dataclass(frozen=True)
class Responded:
    """A response recorded, and the issue as it stands after it."""

    entry: TimelineEntry
    issue: IssueInfo


def respond(
    session: Session,
    ref: str | int,
    text: str,
    *,
    due: date | str | None = None,
    author: str | None = None,
) -> Responded:
    """Records a response to residents and sets when the next one is due.

    ``due`` given: residents should hear again by that day (it must fall after the day of
    this response, or the issue would not await it). None: no further response is due,
    and any earlier ``response_due`` is cleared.

    Raises:
        InvalidValue: the text is empty or too long, or ``due`` is not after today.
    """
    next_due = rules.ISSUE["response_due"](due)
    today = utcnow().date()  # the day the response's event records
    if next_due is not None and next_due <= today:
        raise InvalidValue(
            "response_due",
            _("the next response must be due after the day of this one ({day})").format(
                day=today.isoformat()
            ),
        )
    entry = issues.respond(session, ref, text, author=author)
    row = lookup.issue(session, ref)
    if row.response_due != next_due:
        return Responded(entry, issues.edit_issue(session, row.id, {"response_due": next_due}))
    return Responded(entry, issues.get_issue(session, row.id))
