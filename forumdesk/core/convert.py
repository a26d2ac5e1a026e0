"""ORM rows to frozen records: the only place that knows both shapes."""

from __future__ import annotations

from forumdesk.db.models import (
    Action,
    AgendaItem,
    Attendance,
    Forum,
    Issue,
    Meeting,
    Outcome,
    TimelineEvent,
)
from forumdesk.domain.records import (
    ActionInfo,
    AgendaItemInfo,
    AttendanceInfo,
    ForumInfo,
    IssueInfo,
    MeetingInfo,
    OutcomeInfo,
    TimelineEntry,
)


def forum_info(row: Forum) -> ForumInfo:
    """A forum record."""
    return ForumInfo(
        id=row.id,
        uuid=row.uuid,
        code=row.code,
        name=row.name,
        area=row.area,
        wards=tuple(row.wards or ()),
        description=row.description,
    )


def meeting_info(row: Meeting, forum_code: str) -> MeetingInfo:
    """A meeting record; the forum code is passed in to avoid a lazy load per row."""
    return MeetingInfo(
        id=row.id,
        uuid=row.uuid,
        forum_id=row.forum_id,
        forum_code=forum_code,
        format=row.format,
        title=row.title,
        date=row.date,
        start_time=row.start_time,
        end_time=row.end_time,
        venue=row.venue,
        chair=row.chair,
        facilitator=row.facilitator,
        clerk=row.clerk,
        status=row.status,
        headcount=row.headcount,
    )


def outcome_info(row: Outcome) -> OutcomeInfo:
    """An outcome record."""
    return OutcomeInfo(
        id=row.id,
        uuid=row.uuid,
        agenda_item_id=row.agenda_item_id,
        position=row.position,
        kind=row.kind,
        text=row.text,
        action_id=row.action_id,
        decided_by=row.decided_by,
        votes_for=row.votes_for,
        votes_against=row.votes_against,
        votes_abstain=row.votes_abstain,
    )


def agenda_item_info(row: AgendaItem, outcomes: tuple[OutcomeInfo, ...] = ()) -> AgendaItemInfo:
    """An agenda item record with the outcomes given."""
    return AgendaItemInfo(
        id=row.id,
        uuid=row.uuid,
        meeting_id=row.meeting_id,
        position=row.position,
        title=row.title,
        presenter=row.presenter,
        notes=row.notes,
        discussed=row.discussed,
        carried_from_id=row.carried_from_id,
        outcomes=outcomes,
    )


def attendance_info(row: Attendance) -> AttendanceInfo:
    """An attendance record."""
    return AttendanceInfo(
        id=row.id,
        uuid=row.uuid,
        meeting_id=row.meeting_id,
        name=row.name,
        role=row.role,
        presence=row.presence,
        consent_named=row.consent_named,
        consent_contact=row.consent_contact,
        contact=row.contact,
    )


def issue_info(row: Issue, forum_code: str, themes: tuple[str, ...]) -> IssueInfo:
    """An issue record; forum code and theme names are passed in (fetched in bulk by lists)."""
    return IssueInfo(
        id=row.id,
        uuid=row.uuid,
        reference=row.reference,
        forum_id=row.forum_id,
        forum_code=forum_code,
        title=row.title,
        description=row.description,
        ward=row.ward,
        place=row.place,
        stage=row.stage,
        status=row.status,
        mechanism=row.mechanism,
        support=row.support,
        owner=row.owner,
        due_date=row.due_date,
        meeting_id=row.meeting_id,
        agenda_item_id=row.agenda_item_id,
        raised_by_id=row.raised_by_id,
        themes=themes,
        created_at=row.created_at,
        updated_at=row.updated_at,
        response_due=row.response_due,
        stage_since=row.stage_since,
    )


def timeline_entry(row: TimelineEvent) -> TimelineEntry:
    """A timeline event record."""
    return TimelineEntry(
        id=row.id,
        uuid=row.uuid,
        issue_id=row.issue_id,
        kind=row.kind,
        at=row.at,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        from_status=row.from_status,
        to_status=row.to_status,
        meeting_id=row.meeting_id,
        text=row.text,
        author=row.author,
        decided_by=row.decided_by,
        votes_for=row.votes_for,
        votes_against=row.votes_against,
        votes_abstain=row.votes_abstain,
    )


def action_info(row: Action, *, carried: bool = False) -> ActionInfo:
    """An action record."""
    return ActionInfo(
        id=row.id,
        uuid=row.uuid,
        description=row.description,
        owner=row.owner,
        due_date=row.due_date,
        status=row.status,
        meeting_id=row.meeting_id,
        agenda_item_id=row.agenda_item_id,
        issue_id=row.issue_id,
        carried=carried,
    )
