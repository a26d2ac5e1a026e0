"""Earlier issues at today's meeting: bring one in, list what was said, offer what is due.

An issue raised at one meeting (or between meetings) is followed up at later ones. A
facilitator *brings it* to a meeting: a ``discussed`` timeline event tied to that
meeting records it, with what was said. A stage move or status change made while the
issue is open at the meeting carries the meeting's id as well, so the minutes can say,
per issue, what was said, what moved and what residents were told ("you said, we did").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from forumdesk.core import _seal, convert, issues, lookup, report_back, sync
from forumdesk.core.issue_query import issues_by_id, list_issues
from forumdesk.db.models import Forum, Issue, Meeting, MinutesVersion, TimelineEvent
from forumdesk.domain.enums import IssueStatus, MeetingStatus, PolicyStage, TimelineKind
from forumdesk.domain.errors import Conflict, NotFound
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.domain.records import IssueFilter, IssueInfo, MeetingInfo, TimelineEntry
from forumdesk.i18n import _

#: A net change made at a meeting: (from, to), or (None, None) when there is none.
_StageChange = tuple[PolicyStage | None, PolicyStage | None]
_StatusChange = tuple[IssueStatus | None, IssueStatus | None]


@dataclass(frozen=True)
class DiscussedIssue:
    """An earlier issue brought to a meeting, with what happened to it there."""

    issue: IssueInfo
    discussed_at: datetime  # when it was first brought to the meeting
    said: tuple[str, ...]  # the notes of what was said (empty: none written)
    from_stage: PolicyStage | None  # the net stage move made at the meeting, if any
    to_stage: PolicyStage | None
    from_status: IssueStatus | None  # the net status change made at the meeting, if any
    to_status: IssueStatus | None
    response: TimelineEntry | None  # the latest response to residents, if any


@dataclass(frozen=True)
class DueIssue:
    """An earlier issue of the forum a meeting should hear about, and why."""

    issue: IssueInfo
    due: bool  # still being worked on, and due on or before the meeting's day
    awaits_response: bool  # residents have not heard back (core/report_back.py)
    response_overdue: bool  # ... and the response was due before the meeting's day


def discuss(
    session: Session, ref: str | int, meeting: str | int, *, note: str | None = None
) -> TimelineEntry:
    """Brings an earlier issue to a meeting: a "discussed" event tied to the meeting.

    Raises:
        NotFound: no such issue or meeting. Conflict: the issue was deleted, was raised
        at this meeting or was already discussed at it, or the meeting's minutes are
        approved (reopen them first).
    """
    row = _live_issue(session, ref)
    at = lookup.meeting(session, meeting)
    _seal.ensure_minutes_open(session, at.id)
    if row.meeting_id == at.id:
        raise Conflict(
            _(
                "{reference} was raised at this meeting; it is listed among the issues "
                "raised, not discussed."
            ).format(reference=row.reference)
        )
    already = session.scalar(
        select(TimelineEvent.id).where(
            TimelineEvent.issue_id == row.id,
            TimelineEvent.meeting_id == at.id,
            TimelineEvent.kind == TimelineKind.DISCUSSED,
            TimelineEvent.deleted_at.is_(None),
        )
    )
    if already is not None:
        raise Conflict(
            _("{reference} was already discussed at {meeting}.").format(
                reference=row.reference, meeting=meeting_name(session, at)
            )
        )
    if at.forum_id != row.forum_id:
        raise Conflict(
            _(
                "{reference} belongs to another forum; it can be discussed only at a meeting "
                "of its own forum."
            ).format(reference=row.reference)
        )
    raised = _raised_on(session, row)
    if raised is not None and at.date < raised:
        raise Conflict(
            _("{reference} was raised on {raised}, after {meeting}.").format(
                reference=row.reference,
                raised=raised.isoformat(),
                meeting=meeting_name(session, at),
            )
        )
    return issues.mark_discussed(session, row.id, at.id, note=note)


def _raised_on(session: Session, row: Issue) -> date | None:
    """The date of the meeting an issue was raised at (None: recorded outside a meeting,
    perhaps after the fact, so its day says nothing of when it was raised)."""
    if row.meeting_id is None:
        return None
    return session.scalar(select(Meeting.date).where(Meeting.id == row.meeting_id))


@dataclass(frozen=True)
class Brought:
    """What bringing several issues to a meeting did: the events made, and the refusals."""

    events: tuple[TimelineEntry, ...]
    refused: tuple[str, ...]  # one sentence per issue that could not be brought


def discuss_many(
    session: Session, refs: Iterable[str | int], meeting: str | int, *, note: str | None = None
) -> Brought:
    """Brings several issues to a meeting; one that cannot be is said, and the rest go on.

    Raises:
        NotFound: no such meeting. Conflict: its minutes are approved.
    """
    at = lookup.meeting(session, meeting)
    _seal.ensure_minutes_open(session, at.id)
    made, refused = [], []
    for ref in refs:
        try:
            with session.begin_nested():
                made.append(discuss(session, ref, at.id, note=note))
        except (Conflict, NotFound) as exc:
            refused.append(str(exc))
    return Brought(tuple(made), tuple(refused))


def withdraw(session: Session, event_ids: Iterable[int]) -> None:
    """Takes "discussed" events back (undo): they stay on record as deleted, and travel.

    Raises:
        Conflict: the meeting's minutes were approved since.
    """
    for event in _discussed_events(session, event_ids):
        _seal.ensure_minutes_open(session, event.meeting_id)  # type: ignore[arg-type]  # has one
        sync.tombstone(session, event)
    session.flush()


def restore(session: Session, event_ids: Iterable[int]) -> None:
    """Puts "discussed" events taken back by :func:`withdraw` back (redo)."""
    for event in _discussed_events(session, event_ids):
        _seal.ensure_minutes_open(session, event.meeting_id)  # type: ignore[arg-type]  # has one
        sync.revive(session, event)
    session.flush()


def _discussed_events(session: Session, event_ids: Iterable[int]) -> list[TimelineEvent]:
    wanted = list(event_ids)
    rows = session.scalars(
        select(TimelineEvent).where(
            TimelineEvent.id.in_(wanted), TimelineEvent.kind == TimelineKind.DISCUSSED
        )
    ).all()
    return [row for row in rows if row.meeting_id is not None]


def find_earlier(
    session: Session, meeting: str | int, text: str | None, *, limit: int = 50
) -> list[tuple[IssueInfo, bool]]:
    """Issues that could be brought to a meeting, each with whether it already was.

    With no text: the forum's issues that are due (:func:`due_for`). With text: an issue
    whose reference it is first, then the forum's issues that match the words, then
    other forums'. Issues raised at the meeting itself are left out.

    Raises:
        InvalidValue: the text is too long to search for.
    """
    at = lookup.meeting(session, meeting)
    words = (text or "").strip()
    found: dict[int, IssueInfo] = {}
    if not words:
        for due in due_for(session, at.id)[:limit]:
            found[due.issue.id] = due.issue
    else:
        try:
            exact = lookup.issue(session, words) if not words.isdigit() else None
        except NotFound:
            exact = None
        if exact is not None:
            found.update(issues_by_id(session, [exact.id]))
        for forum in (at.forum_id, None):
            page = list_issues(
                session,
                IssueFilter(forum=forum, text=words, sort="relevance", limit=limit),
            )
            for info in page.items:
                if len(found) < limit:
                    found.setdefault(info.id, info)
    chosen = [i for i in found.values() if i.meeting_id != at.id]
    already = set(
        session.scalars(
            select(TimelineEvent.issue_id).where(
                TimelineEvent.meeting_id == at.id,
                TimelineEvent.kind == TimelineKind.DISCUSSED,
                TimelineEvent.deleted_at.is_(None),
                TimelineEvent.issue_id.in_([i.id for i in chosen]),
            )
        )
    )
    return [(i, i.id in already) for i in chosen]


def meetings_to_discuss(session: Session, issue_ids: Iterable[int]) -> list[MeetingInfo]:
    """The meetings issues could be brought to: those of their forums that are not closed
    and whose minutes are not approved, the one in progress first, then by date."""
    forum_ids = set(session.scalars(select(Issue.forum_id).where(Issue.id.in_(list(issue_ids)))))
    sealed = select(MinutesVersion.meeting_id).where(MinutesVersion.reopened_at.is_(None))
    rows = session.execute(
        select(Meeting, Forum.code)
        .join(Forum, Forum.id == Meeting.forum_id)
        .where(
            Meeting.forum_id.in_(forum_ids),
            Meeting.deleted_at.is_(None),
            Meeting.status != MeetingStatus.CLOSED,
            Meeting.id.not_in(sealed),
        )
        .order_by(Meeting.status != MeetingStatus.IN_PROGRESS, Meeting.date, Forum.code, Meeting.id)
    ).all()
    return [convert.meeting_info(m, code) for m, code in rows]


def discussed_at(session: Session, meeting: str | int) -> list[DiscussedIssue]:
    """The earlier issues discussed at a meeting, in the order they were brought in."""
    at = lookup.meeting(session, meeting)
    rows = session.execute(
        select(TimelineEvent.issue_id, TimelineEvent.at, TimelineEvent.text)
        .join(Issue, Issue.id == TimelineEvent.issue_id)
        .where(
            TimelineEvent.meeting_id == at.id,
            TimelineEvent.kind == TimelineKind.DISCUSSED,
            TimelineEvent.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
            or_(Issue.meeting_id.is_(None), Issue.meeting_id != at.id),
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    ).all()
    first: dict[int, datetime] = {}
    said: dict[int, list[str]] = {}
    for issue_id, when, text in rows:
        first.setdefault(issue_id, when)
        if text:
            said.setdefault(issue_id, []).append(text)
    ids = list(first)
    if not ids:
        return []
    infos = issues_by_id(session, ids)
    moves = _changes_at(session, at.id, ids)
    responses = _latest_responses(session, ids)
    found = []
    for ident in ids:
        stage, status = moves.get(ident, ((None, None), (None, None)))
        found.append(
            DiscussedIssue(
                issue=infos[ident],
                discussed_at=first[ident],
                said=tuple(said.get(ident, ())),
                from_stage=stage[0],
                to_stage=stage[1],
                from_status=status[0],
                to_status=status[1],
                response=responses.get(ident),
            )
        )
    return found


def due_for(session: Session, meeting: str | int) -> list[DueIssue]:
    """The forum's earlier issues that are due, overdue or await a response to residents.

    Left out: issues raised at this meeting or at a later one, and those already
    discussed at it. Those due first come first.
    """
    at = lookup.meeting(session, meeting)
    later = aliased(Meeting)
    due = and_(
        Issue.status.in_([s for s in IssueStatus if s.is_active]),
        Issue.due_date.is_not(None),
        Issue.due_date <= at.date,
    )
    awaiting = report_back.awaiting_response()
    overdue = report_back.response_overdue(at.date)
    discussed = exists().where(
        TimelineEvent.issue_id == Issue.id,
        TimelineEvent.meeting_id == at.id,
        TimelineEvent.kind == TimelineKind.DISCUSSED,
        TimelineEvent.deleted_at.is_(None),
    )
    raised_later = exists().where(later.id == Issue.meeting_id, later.date > at.date)
    rows = session.execute(
        select(Issue.id, due, awaiting, overdue)
        .where(
            Issue.forum_id == at.forum_id,
            Issue.deleted_at.is_(None),
            or_(Issue.meeting_id.is_(None), Issue.meeting_id != at.id),
            ~raised_later,
            ~discussed,
            or_(due, awaiting),
        )
        .order_by(
            Issue.due_date.is_(None),
            Issue.due_date,
            Issue.response_due.is_(None),
            Issue.response_due,
            Issue.number,
            Issue.id,
        )
    ).all()
    infos = issues_by_id(session, [r[0] for r in rows])
    return [
        DueIssue(infos[ident], bool(is_due), bool(waits), bool(late))
        for ident, is_due, waits, late in rows
        if ident in infos
    ]


def discussed_count(session: Session, meeting: str | int) -> int:
    """How many earlier issues were brought to a meeting (cheaper than listing them)."""
    at = lookup.meeting(session, meeting)
    return (
        session.scalar(
            select(func.count(func.distinct(TimelineEvent.issue_id)))
            .join(Issue, Issue.id == TimelineEvent.issue_id)
            .where(
                TimelineEvent.meeting_id == at.id,
                TimelineEvent.kind == TimelineKind.DISCUSSED,
                TimelineEvent.deleted_at.is_(None),
                Issue.deleted_at.is_(None),
            )
        )
        or 0
    )


def meeting_name(session: Session, row: Meeting) -> str:
    """ "the Brixton Hill Area Forum meeting of 4 March 2026", as a sentence names it."""
    forum = session.get(Forum, row.forum_id)
    return _("the {forum} meeting of {date}").format(
        forum=forum.name if forum is not None else row.forum_id,
        date=day_month_year(row.date, INTERFACE),
    )


def _live_issue(session: Session, ref: str | int) -> Issue:
    """The issue, with a sentence of its own for one that was deleted."""
    try:
        return lookup.issue(session, ref)
    except NotFound:
        text = str(ref).strip()
        condition = Issue.id == int(text) if text.isdigit() else Issue.reference == text.upper()
        gone = session.scalars(select(Issue).where(condition)).first()
        if gone is None:
            raise
        raise Conflict(
            _("{reference} was deleted, so it cannot be discussed at a meeting.").format(
                reference=gone.reference
            )
        ) from None


def _changes_at(
    session: Session, meeting_id: int, ids: Iterable[int]
) -> dict[int, tuple[_StageChange, _StatusChange]]:
    """Per issue, the net stage move and the net status change made at the meeting.

    An undo records a move back, so a move undone nets to nothing, as the minutes'
    list of stage moves does.
    """
    rows = session.execute(
        select(TimelineEvent)
        .where(
            TimelineEvent.meeting_id == meeting_id,
            TimelineEvent.issue_id.in_(list(ids)),
            TimelineEvent.kind.in_([TimelineKind.STAGE_MOVED, TimelineKind.STATUS_CHANGED]),
            TimelineEvent.deleted_at.is_(None),
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    ).scalars()
    stages: dict[int, list[PolicyStage | None]] = {}
    statuses: dict[int, list[IssueStatus | None]] = {}
    for event in rows:
        if event.kind is TimelineKind.STAGE_MOVED:
            moved = stages.setdefault(event.issue_id, [event.from_stage, None])
            moved[1] = event.to_stage
        else:
            changed = statuses.setdefault(event.issue_id, [event.from_status, None])
            changed[1] = event.to_status
    found: dict[int, tuple[_StageChange, _StatusChange]] = {}
    for ident in set(stages) | set(statuses):
        stage = stages.get(ident, [None, None])
        status = statuses.get(ident, [None, None])
        found[ident] = (
            (stage[0], stage[1]) if stage[0] != stage[1] else (None, None),
            (status[0], status[1]) if status[0] != status[1] else (None, None),
        )
    return found


def _latest_responses(session: Session, ids: list[int]) -> dict[int, TimelineEntry]:
    """Each issue's latest response to residents."""
    rows = session.execute(
        select(TimelineEvent)
        .where(
            TimelineEvent.issue_id.in_(ids),
            TimelineEvent.kind == TimelineKind.RESPONSE,
            TimelineEvent.deleted_at.is_(None),
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    ).scalars()
    return {event.issue_id: convert.timeline_entry(event) for event in rows}
