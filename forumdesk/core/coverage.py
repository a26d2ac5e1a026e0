"""The co-production audit: which stages of the policy cycle each mechanism and meeting
format served in a period, where the usual ones were left empty, and how the cycle ran.

Scope. A period (``start``/``end``, both days included, either open) and a forum
(None: all). An issue is **in the period** when it was raised (its ``created_at``, the
moment it was recorded, which travels with it) on a day of the period; a meeting when its
date is. Deleted issues, meetings and sign-ins count nowhere.

The grid: the five stages against every participation mechanism and every meeting format.

- **Mechanism rows.** An issue in the period lands in the cell of its mechanism and its
  current stage (an issue with no mechanism is in no mechanism row). The cell's meetings
  are the meetings in the period at which those issues were raised; its residents, the
  residents present at those meetings.
- **Format rows.** An issue in the period raised at a meeting lands in the row of that
  meeting's format, in the column of its current stage. A meeting in the period lands in
  its format's row once for every stage its issues were at or moved to there: the stage an
  issue was raised at there, the stage an issue moved to there (a stage move made at the
  meeting), and the stage an issue was at when discussed there or when its status changed
  there (its latest stage before that moment). The cell's residents are the residents
  present at its meetings.
- **Residents present**: sign-ins with the role resident and the presence "present" (one
  per sign-in, so a regular who came twice counts twice; the anonymous headcount is not
  counted).
- **Gaps**: a cell of a format row whose stage the format usually serves
  (``MeetingFormat.usual_stages``) with no issue and no meeting in it.
- **Activity rows** (one per kind of engagement, then residents' offers). An engagement
  is in the period when it opened on a day of it (the day it was recorded when it has no
  opening date). Each of its live links to a live issue lands in the column of the stage
  the link was tagged with (``EngagementIssue.stage``, the stage the engagement served);
  with a forum chosen, a link counts when the engagement is the forum's or the issue is
  (a council-wide petition about one forum's issue counts for that forum). A cell counts
  the engagements with a link there, the distinct issues linked, the meetings in the
  period held for those engagements (``Meeting.engagement_id``) and the residents present
  at them. An engagement with no link is in no cell. Residents' offers land in
  co-implementation: offers made in the period (``offered_on``, else the day recorded),
  not withdrawn, of the forum (council-wide offers only with every forum); the issues
  they were matched to (directly, or through an action); the meetings in the period they
  were made at. A usual stage of a used row with nothing in it is shown as a gap, but
  ``gaps`` (and the summary's count of them) keeps to meeting formats.
- **Co-decisions** by how they were decided: the live timeline events in the period, of
  the forum's live issues, that either moved an issue to co-decision or record how a
  decision was made (``decided_by``): with residents when the method is one
  (``DecisionMethod.with_residents``), for them when an officer decided under
  delegation, unrecorded when no method is given.

The charts:

- issues in the period per current stage;
- median days an issue in the period spent in each stage: from its timeline's "raised"
  and "stage moved" events, each stage lasting until the next move, the current one until
  now; an issue that came back to a stage adds the visits up; only issues that were in a
  stage count towards its median;
- issues in the period per ward;
- per month of the period (the months of the events when it is open): responses given to
  residents (``response`` events) and issues resolved (status changed to resolved or
  closed), counted by the day of the event, for the forum's issues whenever raised;
- the loop closed within 90 days: of the issues in the period that are not withdrawn,
  those whose first response to residents came within 90 days of being raised, out of
  those that either got one so or were raised 90 days or more before now (the rest may
  still make it in time). A response is what ``core.report_back`` counts as one.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, aliased

from forumdesk.core import lookup, report_back
from forumdesk.db.models import (
    Action,
    Attendance,
    Engagement,
    EngagementIssue,
    Issue,
    Meeting,
    Offer,
    TimelineEvent,
)
from forumdesk.domain.coverage import (
    Coverage,
    CoverageCell,
    CoverageRow,
    MonthFlow,
    OtherActivity,
)
from forumdesk.domain.enums import (
    AttendanceRole,
    EngagementKind,
    IssueStatus,
    Mechanism,
    MeetingFormat,
    OfferStatus,
    PolicyStage,
    Presence,
    TimelineKind,
)
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _

LOOP_DAYS = 90
_STARTS = (TimelineKind.RAISED, TimelineKind.STAGE_MOVED)
_RESOLVED = (IssueStatus.RESOLVED, IssueStatus.CLOSED)
#: A condition of a scope, and a stored moment (a column or mapped attribute) it compares.
_Condition = ColumnElement[bool]
_Moment = ColumnElement[datetime] | QueryableAttribute[datetime]


def coverage(
    session: Session,
    *,
    start: date | None = None,
    end: date | None = None,
    forum: str | int | None = None,
    now: datetime | None = None,
) -> Coverage:
    """The audit of a period and forum (see the module's text for every count).

    Args:
        now: the moment "until now" means (default: the current time).

    Raises:
        InputRefused: the period ends before it starts. NotFound: no such forum.
    """
    if start is not None and end is not None and end < start:
        raise InputRefused(
            _("The period ends on {end}, before it starts on {start}.").format(
                end=end.isoformat(), start=start.isoformat()
            )
        )
    now = now or datetime.now(UTC)
    forum_row = lookup.forum(session, forum) if forum is not None else None
    forum_id = forum_row.id if forum_row is not None else None

    in_issues = _issue_scope(forum_id, start, end)
    in_meetings = _meeting_scope(forum_id, start, end)
    issues = _issues(session, in_issues)
    meetings = _meetings(session, in_meetings)
    present = _residents_present(session, in_meetings)
    events = _events(session, forum_id, in_issues, in_meetings) if issues or meetings else []
    starts = _starts_by_issue(events)

    stage_of_meeting = _meeting_stages(events, starts, issues, meetings)
    mechanism_rows = _mechanism_rows(issues, meetings, present)
    format_rows = _format_rows(session, issues, meetings, present, stage_of_meeting)
    by_stage = {stage: 0 for stage in PolicyStage}
    wards: dict[str | None, int] = defaultdict(int)
    for issue in issues.values():
        by_stage[issue.stage] += 1
        wards[issue.ward] += 1
    closed, closable = _loop_closed(session, issues, in_issues, now)
    decided = _co_decisions(session, forum_id, start, end)
    activity_rows = (
        *_engagement_rows(session, forum_id, start, end, meetings, present),
        _offers_row(session, forum_id, start, end, meetings, present),
    )
    return Coverage(
        start=start,
        end=end,
        forum_code=forum_row.code if forum_row is not None else None,
        forum_name=forum_row.name if forum_row is not None else None,
        today=now.date(),
        issues=len(issues),
        meetings=len(meetings),
        residents=sum(present.get(m, 0) for m in meetings),
        mechanism_rows=mechanism_rows,
        format_rows=format_rows,
        issues_by_stage=by_stage,
        median_days=_median_days(issues, starts, now),
        issues_by_ward=tuple(sorted(wards.items(), key=lambda w: (-w[1], w[0] is None, w[0]))),
        flow=_flow(session, forum_id, start, end, now),
        closed_in_time=closed,
        closable=closable,
        activity_rows=activity_rows,
        decided_with=decided[0],
        decided_for=decided[1],
        decided_unrecorded=decided[2],
    )


# -- reading ------------------------------------------------------------------------


class _Issue:
    __slots__ = ("created", "id", "mechanism", "meeting_id", "stage", "status", "ward")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.id, self.stage, self.status, self.mechanism, self.ward = row[:5]
        self.meeting_id, self.created = row[5:]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _in_period(column: _Moment, start: date | None, end: date | None) -> list[_Condition]:
    """Conditions that a stored moment falls on a day of the period."""
    conditions: list[_Condition] = []
    if start is not None:
        conditions.append(column >= _moment(start))
    if end is not None:
        conditions.append(column < _moment(end + timedelta(days=1)))
    return conditions


def _issue_scope(forum_id: int | None, start: date | None, end: date | None) -> list[_Condition]:
    """Conditions on ``Issue``: live, of the forum, raised in the period. Kept as SQL, so
    that a scope of 100,000 issues is never a list of 100,000 bound ids."""
    conditions: list[_Condition] = [
        Issue.deleted_at.is_(None),
        *_in_period(Issue.created_at, start, end),
    ]
    if forum_id is not None:
        conditions.append(Issue.forum_id == forum_id)
    return conditions


def _meeting_scope(forum_id: int | None, start: date | None, end: date | None) -> list[_Condition]:
    """Conditions on ``Meeting``: live, of the forum, held in the period."""
    conditions: list[_Condition] = [Meeting.deleted_at.is_(None)]
    if start is not None:
        conditions.append(Meeting.date >= start)
    if end is not None:
        conditions.append(Meeting.date <= end)
    if forum_id is not None:
        conditions.append(Meeting.forum_id == forum_id)
    return conditions


def _issues(session: Session, scope: list[_Condition]) -> dict[int, _Issue]:
    query = select(
        Issue.id,
        Issue.stage,
        Issue.status,
        Issue.mechanism,
        Issue.ward,
        Issue.meeting_id,
        Issue.created_at,
    ).where(*scope)
    return {row[0]: _Issue(tuple(row)) for row in session.execute(query)}


def _meetings(session: Session, scope: list[_Condition]) -> dict[int, MeetingFormat]:
    return dict(session.execute(select(Meeting.id, Meeting.format).where(*scope)).all())


def _residents_present(session: Session, scope: list[_Condition]) -> dict[int, int]:
    query = (
        select(Attendance.meeting_id, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Attendance.deleted_at.is_(None),
            Attendance.role == AttendanceRole.RESIDENT,
            Attendance.presence == Presence.PRESENT,
            *scope,
        )
        .group_by(Attendance.meeting_id)
    )
    return dict(session.execute(query).all())


class _Event:
    __slots__ = ("at", "id", "issue_id", "kind", "meeting_id", "to_stage")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.id, self.issue_id, self.kind, self.at, self.to_stage, self.meeting_id = row


def _events(
    session: Session,
    forum_id: int | None,
    issue_scope: list[_Condition],
    meeting_scope: list[_Condition],
) -> list[_Event]:
    """The stage-bearing events (starts of a stage, and events at a meeting) of the issues
    in the period and of every issue raised at, or with an event at, a meeting in the
    period; oldest first."""
    # Aliases: a subquery on the outer query's own tables would be correlated with it.
    other = aliased(TimelineEvent)
    in_meetings = select(Meeting.id).where(*meeting_scope)
    at_meetings = select(other.issue_id).where(
        other.deleted_at.is_(None), other.meeting_id.in_(in_meetings)
    )
    query = (
        select(
            TimelineEvent.id,
            TimelineEvent.issue_id,
            TimelineEvent.kind,
            TimelineEvent.at,
            TimelineEvent.to_stage,
            TimelineEvent.meeting_id,
        )
        .join(Issue, Issue.id == TimelineEvent.issue_id)
        .where(
            TimelineEvent.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
            or_(TimelineEvent.kind.in_(_STARTS), TimelineEvent.meeting_id.is_not(None)),
            or_(
                and_(*issue_scope),
                Issue.meeting_id.in_(in_meetings),
                Issue.id.in_(at_meetings),
            ),
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    )
    if forum_id is not None:
        query = query.where(Issue.forum_id == forum_id)
    return [_Event(tuple(row)) for row in session.execute(query)]


def _starts_by_issue(events: Iterable[_Event]) -> dict[int, list[_Event]]:
    starts: dict[int, list[_Event]] = defaultdict(list)
    for event in events:
        if event.kind in _STARTS and event.to_stage is not None:
            starts[event.issue_id].append(event)
    return starts


# -- the grid -----------------------------------------------------------------------


def _stage_at(starts: list[_Event], event: _Event) -> PolicyStage | None:
    """The issue's stage when ``event`` happened: the latest start at or before it."""
    found = None
    for begun in starts:
        if (begun.at, begun.id) <= (event.at, event.id):
            found = begun.to_stage
        else:
            break
    return found


def _meeting_stages(
    events: list[_Event],
    starts: dict[int, list[_Event]],
    issues: dict[int, _Issue],
    meetings: dict[int, MeetingFormat],
) -> dict[int, set[PolicyStage]]:
    """For each meeting in the period, the stages its issues were at or moved to there."""
    stages: dict[int, set[PolicyStage]] = defaultdict(set)
    for event in events:
        if event.meeting_id not in meetings:
            continue
        stage = (
            event.to_stage
            if event.kind in _STARTS
            else _stage_at(starts.get(event.issue_id, []), event)
        )
        if stage is not None:
            stages[event.meeting_id].add(stage)
    # An issue linked to the meeting it was raised at whose "raised" event names none.
    for issue_id, begun in starts.items():
        issue = issues.get(issue_id)
        if issue is not None and issue.meeting_id in meetings and begun:
            stages[issue.meeting_id].add(begun[0].to_stage)
    return stages


def _mechanism_rows(
    issues: dict[int, _Issue], meetings: dict[int, MeetingFormat], present: dict[int, int]
) -> tuple[CoverageRow, ...]:
    counts: dict[tuple[Mechanism, PolicyStage], int] = defaultdict(int)
    where: dict[tuple[Mechanism, PolicyStage], set[int]] = defaultdict(set)
    for issue in issues.values():
        if issue.mechanism is None:
            continue
        key = (issue.mechanism, issue.stage)
        counts[key] += 1
        if issue.meeting_id in meetings:
            where[key].add(issue.meeting_id)
    return tuple(
        CoverageRow(
            mechanism,
            tuple(
                CoverageCell(
                    issues=counts[(mechanism, stage)],
                    meetings=len(where[(mechanism, stage)]),
                    residents=sum(present.get(m, 0) for m in where[(mechanism, stage)]),
                )
                for stage in PolicyStage
            ),
        )
        for mechanism in Mechanism
    )


def _format_rows(
    session: Session,
    issues: dict[int, _Issue],
    meetings: dict[int, MeetingFormat],
    present: dict[int, int],
    stage_of_meeting: dict[int, set[PolicyStage]],
) -> tuple[CoverageRow, ...]:
    raised_at = {i.meeting_id for i in issues.values() if i.meeting_id is not None}
    formats = dict(meetings)
    missing = raised_at - set(formats)
    if missing:  # raised in the period at a meeting dated outside it
        formats.update(
            session.execute(
                select(Meeting.id, Meeting.format).where(
                    Meeting.id.in_(list(missing)), Meeting.deleted_at.is_(None)
                )
            ).all()
        )
    issue_counts: dict[tuple[MeetingFormat, PolicyStage], int] = defaultdict(int)
    for issue in issues.values():
        fmt = formats.get(issue.meeting_id) if issue.meeting_id is not None else None
        if fmt is not None:
            issue_counts[(fmt, issue.stage)] += 1
    held: dict[tuple[MeetingFormat, PolicyStage], list[int]] = defaultdict(list)
    for meeting_id, stages in stage_of_meeting.items():
        for stage in stages:
            held[(meetings[meeting_id], stage)].append(meeting_id)
    return tuple(
        CoverageRow(
            fmt,
            tuple(
                CoverageCell(
                    issues=issue_counts[(fmt, stage)],
                    meetings=len(held[(fmt, stage)]),
                    residents=sum(present.get(m, 0) for m in held[(fmt, stage)]),
                    usual=stage in fmt.usual_stages,
                )
                for stage in PolicyStage
            ),
        )
        for fmt in MeetingFormat
    )


# -- engagements, offers and co-decisions ------------------------------------------


def _opened_in(opens: date | None, created: datetime, start: date | None, end: date | None) -> bool:
    day = opens if opens is not None else created.date()
    return (start is None or day >= start) and (end is None or day <= end)


def _engagement_rows(
    session: Session,
    forum_id: int | None,
    start: date | None,
    end: date | None,
    meetings: dict[int, MeetingFormat],
    present: dict[int, int],
) -> tuple[CoverageRow, ...]:
    # Engagements are tens, not thousands: the period is checked here, not in SQL.
    kinds = {
        ident: kind
        for ident, kind, opens, created in session.execute(
            select(Engagement.id, Engagement.kind, Engagement.opens, Engagement.created_at).where(
                Engagement.deleted_at.is_(None)
            )
        )
        if _opened_in(opens, created, start, end)
    }
    links = select(
        EngagementIssue.engagement_id, EngagementIssue.issue_id, EngagementIssue.stage
    ).join(Issue, Issue.id == EngagementIssue.issue_id)
    links = links.join(Engagement, Engagement.id == EngagementIssue.engagement_id).where(
        EngagementIssue.deleted_at.is_(None),
        Issue.deleted_at.is_(None),
        EngagementIssue.engagement_id.in_(list(kinds)),
    )
    if forum_id is not None:
        links = links.where(or_(Engagement.forum_id == forum_id, Issue.forum_id == forum_id))
    found: dict[tuple[EngagementKind, PolicyStage], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    for engagement_id, issue_id, stage in session.execute(links):
        engaged, linked = found[(kinds[engagement_id], stage)]
        engaged.add(engagement_id)
        linked.add(issue_id)
    held: dict[int | None, list[int]] = defaultdict(list)  # by engagement (never None here)
    for meeting_id, holder in session.execute(
        select(Meeting.id, Meeting.engagement_id).where(
            Meeting.engagement_id.in_(list(kinds)), Meeting.deleted_at.is_(None)
        )
    ):
        if meeting_id in meetings:
            held[holder].append(meeting_id)

    def cell(kind: EngagementKind, stage: PolicyStage) -> CoverageCell:
        engaged, linked = found.get((kind, stage), (set(), set()))
        at = {m for e in engaged for m in held.get(e, ())}
        return CoverageCell(
            engagements=len(engaged),
            issues=len(linked),
            meetings=len(at),
            residents=sum(present.get(m, 0) for m in at),
            usual=stage in kind.usual_stages,
        )

    return tuple(
        CoverageRow(kind, tuple(cell(kind, stage) for stage in PolicyStage))
        for kind in EngagementKind
    )


def _offers_row(
    session: Session,
    forum_id: int | None,
    start: date | None,
    end: date | None,
    meetings: dict[int, MeetingFormat],
    present: dict[int, int],
) -> CoverageRow:
    query = (
        select(
            Offer.offered_on,
            Offer.created_at,
            Offer.meeting_id,
            func.coalesce(Offer.issue_id, Action.issue_id),
        )
        .outerjoin(Action, Action.id == Offer.action_id)
        .where(Offer.deleted_at.is_(None), Offer.status != OfferStatus.WITHDRAWN)
    )
    if forum_id is not None:
        query = query.where(Offer.forum_id == forum_id)
    made = 0
    matched: set[int] = set()
    at: set[int] = set()
    for offered, created, meeting_id, issue_id in session.execute(query):
        if not _opened_in(offered, created, start, end):
            continue
        made += 1
        if issue_id is not None:
            matched.add(issue_id)
        if meeting_id in meetings:
            at.add(meeting_id)
    implementing = PolicyStage.CO_IMPLEMENTATION
    return CoverageRow(
        OtherActivity.OFFERS,
        tuple(
            CoverageCell(
                engagements=made,
                issues=len(matched),
                meetings=len(at),
                residents=sum(present.get(m, 0) for m in at),
                usual=True,
            )
            if stage is implementing
            else CoverageCell()
            for stage in PolicyStage
        ),
    )


def _co_decisions(
    session: Session, forum_id: int | None, start: date | None, end: date | None
) -> tuple[int, int, int]:
    """(with residents, for them, method not recorded): the one count of co-decisions
    (moves to co-decision, decisions recorded on issues there, decision outcomes at
    meetings), ``forumdesk.core.engagements.decisions.co_decisions``."""
    from forumdesk.core.engagements.decisions import co_decisions

    counted = co_decisions(session, forum_id, start, end)
    return counted.with_residents, counted.for_residents, counted.unrecorded


# -- the charts ---------------------------------------------------------------------


def _median_days(
    issues: dict[int, _Issue], starts: dict[int, list[_Event]], now: datetime
) -> dict[PolicyStage, float | None]:
    spent: dict[PolicyStage, list[float]] = defaultdict(list)
    for issue in issues.values():
        begun = starts.get(issue.id) or []
        marks = [(e.at, e.to_stage) for e in begun] or [(issue.created, issue.stage)]
        per_stage: dict[PolicyStage, float] = defaultdict(float)
        for (at, stage), following in zip(marks, [*marks[1:], (now, None)], strict=True):
            per_stage[stage] += max((following[0] - at).total_seconds(), 0.0) / 86400
        for stage, days in per_stage.items():
            spent[stage].append(days)
    return {
        stage: (round(statistics.median(spent[stage]), 1) if spent[stage] else None)
        for stage in PolicyStage
    }


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _flow(
    session: Session, forum_id: int | None, start: date | None, end: date | None, now: datetime
) -> tuple[MonthFlow, ...]:
    is_response = TimelineEvent.kind == TimelineKind.RESPONSE
    is_resolved = (TimelineEvent.kind == TimelineKind.STATUS_CHANGED) & TimelineEvent.to_status.in_(
        _RESOLVED
    )
    query = (
        select(TimelineEvent.at, is_response)
        .join(Issue, Issue.id == TimelineEvent.issue_id)
        .where(
            TimelineEvent.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
            or_(is_response, is_resolved),
            *_in_period(TimelineEvent.at, start, end),
        )
    )
    if forum_id is not None:
        query = query.where(Issue.forum_id == forum_id)
    responses: dict[date, int] = defaultdict(int)
    resolved: dict[date, int] = defaultdict(int)
    for at, response in session.execute(query):
        (responses if response else resolved)[_month(at.date())] += 1
    seen = set(responses) | set(resolved)
    if not seen and (start is None or end is None):
        return ()
    first = _month(start) if start is not None else min(seen)
    last = _month(end) if end is not None else max(max(seen), _month(now.date()))
    months = []
    month = first
    while month <= last:
        months.append(MonthFlow(month, responses.get(month, 0), resolved.get(month, 0)))
        month = _next_month(month)
    return tuple(months)


def _loop_closed(
    session: Session,
    issues: dict[int, _Issue],
    scope: list[_Condition],
    now: datetime,
) -> tuple[int, int]:
    window = timedelta(days=LOOP_DAYS)
    closed = closable = 0
    query = select(Issue.id, report_back.first_response_at()).where(
        *scope, Issue.status != IssueStatus.WITHDRAWN
    )
    for issue_id, first in session.execute(query):
        raised = issues[issue_id].created
        in_time = first is not None and _aware(first) - raised <= window
        closed += in_time
        closable += in_time or raised + window <= now
    return closed, closable


def _aware(value: object) -> datetime:
    """A moment read by an aggregate (SQLite hands back text): aware UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
