"""Frozen records that services return: plain data, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from forumdesk.domain.enums import (
    ActionStatus,
    AttendanceRole,
    DecisionMethod,
    EngagementKind,
    IssueStatus,
    Mechanism,
    MeetingFormat,
    MeetingStatus,
    OutcomeKind,
    PolicyStage,
    Presence,
    TimelineKind,
)


@dataclass(frozen=True)
class ForumInfo:
    """A forum as faces show it."""

    id: int
    uuid: str
    code: str
    name: str
    area: str | None
    wards: tuple[str, ...]
    description: str | None


@dataclass(frozen=True)
class MeetingInfo:
    """A meeting of a forum."""

    id: int
    uuid: str
    forum_id: int
    forum_code: str
    format: MeetingFormat
    title: str | None
    date: date
    start_time: time | None
    end_time: time | None
    venue: str | None
    chair: str | None
    facilitator: str | None
    clerk: str | None
    status: MeetingStatus
    headcount: int

    @property
    def display_title(self) -> str:
        """The title, or the format's name when the meeting has none."""
        return self.title or self.format.label

    @property
    def name(self) -> str:
        """How a person names it: forum code and date (as commands accept it), and what it is.

        ``BHF 2026-09-22, Area forum meeting``.
        """
        return f"{self.forum_code} {self.date.isoformat()}, {self.display_title}"


@dataclass(frozen=True)
class OutcomeInfo:
    """A typed outcome of an agenda item."""

    id: int
    uuid: str
    agenda_item_id: int
    position: int
    kind: OutcomeKind
    text: str
    action_id: int | None
    #: How a decision was made, and a show of hands' votes (None: not said).
    decided_by: DecisionMethod | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None


@dataclass(frozen=True)
class AgendaItemInfo:
    """An agenda item with its outcomes in order."""

    id: int
    uuid: str
    meeting_id: int
    position: int
    title: str
    presenter: str | None
    notes: str | None
    discussed: bool
    carried_from_id: int | None
    outcomes: tuple[OutcomeInfo, ...] = ()


@dataclass(frozen=True)
class AttendanceInfo:
    """One person's attendance; ``name`` and ``contact`` are personal data."""

    id: int
    uuid: str
    meeting_id: int
    name: str | None
    role: AttendanceRole
    presence: Presence
    consent_named: bool
    consent_contact: bool
    contact: str | None


@dataclass(frozen=True)
class IssueInfo:
    """An issue as lists and panels show it."""

    id: int
    uuid: str
    reference: str
    forum_id: int
    forum_code: str
    title: str
    description: str | None
    ward: str | None
    place: str | None
    stage: PolicyStage
    status: IssueStatus
    mechanism: Mechanism | None
    support: int
    owner: str | None
    due_date: date | None
    meeting_id: int | None
    agenda_item_id: int | None
    raised_by_id: int | None
    themes: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    response_due: date | None = None  # when residents should hear back
    stage_since: datetime | None = None  # when it entered its current stage

    def response_overdue(self, today: date) -> bool:
        """A response to residents was due before today (the caller knows none was given)."""
        return self.response_due is not None and self.response_due < today


@dataclass(frozen=True)
class TimelineEntry:
    """One append-only event on an issue's timeline."""

    id: int
    uuid: str
    issue_id: int
    kind: TimelineKind
    at: datetime
    from_stage: PolicyStage | None
    to_stage: PolicyStage | None
    from_status: IssueStatus | None
    to_status: IssueStatus | None
    meeting_id: int | None
    text: str | None
    author: str | None
    #: A move to co-decision: how it was decided, and a show of hands' votes.
    decided_by: DecisionMethod | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None


@dataclass(frozen=True)
class ActionInfo:
    """An action; ``carried`` is set when listed for a meeting it was carried into."""

    id: int
    uuid: str
    description: str
    owner: str | None
    due_date: date | None
    status: ActionStatus
    meeting_id: int | None
    agenda_item_id: int | None
    issue_id: int | None
    carried: bool = False

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status.is_open and self.due_date is not None and self.due_date < today


@dataclass(frozen=True)
class IssueDetail:
    """An issue with its timeline and linked actions, for a detail panel."""

    issue: IssueInfo
    timeline: tuple[TimelineEntry, ...]
    actions: tuple[ActionInfo, ...]


@dataclass(frozen=True)
class IssueFilter:
    """What an issue list asks for; every criterion is optional and they combine with AND."""

    forum: str | int | None = None  # code or id
    meeting_id: int | str | None = None  # an id, or forum code and date: 'BHF 2026-03-04'
    stage: PolicyStage | None = None
    status: IssueStatus | None = None
    ward: str | None = None
    theme: str | None = None
    mechanism: Mechanism | None = None
    owner: str | None = None
    overdue_on: date | None = None  # overdue as of this day
    idle_days: int | None = None  # unchanged for at least this many days (the register)
    raised_from: date | None = None  # raised on or after this day
    raised_to: date | None = None  # raised on or before this day
    response_overdue_on: date | None = None  # a response to residents overdue on this day
    # Linked to an engagement: one (its id or reference), or any of a kind (EngagementKind).
    engagement: EngagementKind | str | int | None = None
    text: str | None = None
    sort: str = "reference"
    descending: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class IssuePage:
    """One page of an issue list and how many issues match in all."""

    items: tuple[IssueInfo, ...]
    total: int
    offset: int


@dataclass(frozen=True)
class CarryForward:
    """What carrying forward into a meeting brought in."""

    meeting_id: int
    actions: tuple[int, ...]
    agenda_items: tuple[int, ...]
    from_meeting_id: int | None


@dataclass(frozen=True)
class Stats:
    """Counts across the database: the basis of the coverage view."""

    forums: int
    meetings: int
    issues: int
    actions_open: int
    issues_by_stage: dict[PolicyStage, int] = field(default_factory=dict)
    issues_by_status: dict[IssueStatus, int] = field(default_factory=dict)
    meetings_by_format: dict[MeetingFormat, int] = field(default_factory=dict)
