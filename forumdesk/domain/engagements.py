"""Engagements as lists and panels show them: plain frozen records, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forumdesk.domain.enums import (
    BallotRule,
    EngagementKind,
    EngagementStatus,
    LinkRole,
    ParticipantRole,
    PolicyStage,
)


@dataclass(frozen=True)
class EngagementInfo:
    """One engagement: what every kind shares, and each kind's own fields."""

    id: int
    uuid: str
    kind: EngagementKind
    reference: str
    title: str
    forum_id: int | None
    forum_code: str | None  # None: council-wide
    wording: str | None
    opens: date | None
    closes: date | None
    status: EngagementStatus
    outcome: str | None
    response_due: date | None
    responded_at: date | None
    threshold_response: int | None
    threshold_debate: int | None
    response_days: int | None
    questions: tuple[str, ...]
    options: tuple[str, ...]
    you_said_we_did: str | None
    committee: str | None
    electorate: int | None
    rule: BallotRule | None
    rule_threshold: int | None
    binding: bool
    platform: str | None
    created_at: datetime

    def response_overdue(self, today: date) -> bool:
        """A response was due before ``today`` and none is recorded."""
        return (
            self.response_due is not None
            and self.responded_at is None
            and self.response_due < today
        )


@dataclass(frozen=True)
class LinkedIssue:
    """An issue tied to an engagement, with the stage the engagement served for it."""

    id: int  # the link's id
    issue_id: int
    reference: str
    title: str
    stage: PolicyStage
    role: LinkRole


@dataclass(frozen=True)
class ParticipantInfo:
    """A person taking part in an engagement; ``name`` None when not given with consent."""

    id: int
    uuid: str
    engagement_id: int
    role: ParticipantRole
    name: str | None
    contact: str | None
    consent_named: bool
    consent_contact: bool
    ward: str | None
    age_band: str | None
    voting: bool
    term_from: date | None
    term_to: date | None
    interests: str | None
    drawn: bool
