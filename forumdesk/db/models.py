"""ORM models of the ForumDesk store (SQLAlchemy 2, typed).

Personal data (residents' names and contact details) is marked with
``info=PERSONAL`` on its column so that exports can leave it out by default.

No ``from __future__ import annotations`` here: SQLAlchemy would evaluate every
column's annotation text when the module is imported, which slowed start-up.
"""

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forumdesk.db.base import PERSONAL, Base, Synced, utcnow
from forumdesk.domain import limits
from forumdesk.domain.enums import (
    ActionStatus,
    AttendanceRole,
    BallotRule,
    Channel,
    CountKind,
    DecisionMethod,
    EngagementKind,
    EngagementStatus,
    IssueStatus,
    LinkRole,
    Mechanism,
    MeetingFormat,
    MeetingStatus,
    OfferKind,
    OfferStatus,
    OutcomeKind,
    ParticipantRole,
    PolicyStage,
    Presence,
    TimelineKind,
)


def _enum(cls: type[StrEnum], name: str) -> Enum:
    """Stores an enum by value as text with a named CHECK constraint (portable)."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda members: [m.value for m in members],
        length=max(len(m.value) for m in cls),
        validate_strings=True,
    )


class DeskIdentity(Base):
    """This installation: one row, created on first use."""

    __tablename__ = "desk"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(limits.SHORT_TEXT))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Letters that set this desk's issue references apart from other desks' in a forum
    #: another desk made (None: not chosen yet).
    mark: Mapped[str | None] = mapped_column(String(3))


class TrustedDesk(Base):
    """A key of another desk whose signed exchange files this desk accepts (or once did).

    One row per key: a desk given a new key has a row for each, the older one revoked, so
    that a revoked key is remembered and can never be trusted again.
    """

    __tablename__ = "trusted_desk"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(limits.SHORT_TEXT))
    public_key: Mapped[str] = mapped_column(String(100))  # Ed25519, raw 32 bytes as hex
    fingerprint: Mapped[str] = mapped_column(String(100), unique=True)
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class Setting(Base):
    """A user setting stored with the data it governs (see forumdesk.settings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()


class Forum(Synced, Base):
    """A standing engagement body for an area."""

    __tablename__ = "forum"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(limits.SHORT_TEXT))
    area: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    wards: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text)
    #: The desk that made the forum: its issue references carry no desk mark.
    home_desk: Mapped[str | None] = mapped_column(String(36))

    meetings: Mapped[list["Meeting"]] = relationship(back_populates="forum")


class ReferenceCounter(Base):
    """The last number given to an issue of a forum in one series of references
    (``BHF-`` on the forum's home desk, ``BHF-KT-`` on a desk with mark KT).

    Bookkeeping of this database, never exchanged. A new issue locks its series' row
    in the transaction that records it, so that two officers recording issues at once
    on a database server take turns for the number (docs/internals.md, "Many officers
    on one register").
    """

    __tablename__ = "reference_counter"

    forum_id: Mapped[int] = mapped_column(
        ForeignKey("forum.id", ondelete="CASCADE"), primary_key=True
    )
    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int]


class Meeting(Synced, Base):
    """One gathering of a forum."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_forum_date", "forum_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum.id", ondelete="CASCADE"))
    format: Mapped[MeetingFormat] = mapped_column(_enum(MeetingFormat, "meeting_format"))
    title: Mapped[str | None] = mapped_column(String(limits.TITLE))
    date: Mapped[date]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    venue: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    chair: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    facilitator: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    clerk: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    status: Mapped[MeetingStatus] = mapped_column(
        _enum(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED
    )
    headcount: Mapped[int] = mapped_column(default=0)  # anonymous attendance
    #: The engagement this meeting was held for (a jury session, an evidence session).
    engagement_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement.id", ondelete="SET NULL"), index=True, default=None
    )

    forum: Mapped[Forum] = relationship(back_populates="meetings")


class AgendaItem(Synced, Base):
    """An item on a meeting's agenda; carried forward when not discussed."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    presenter: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    notes: Mapped[str | None] = mapped_column(Text)
    discussed: Mapped[bool] = mapped_column(Boolean, default=False)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )


class Outcome(Synced, Base):
    """A typed outcome of an agenda item: information, decision or action."""

    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[OutcomeKind] = mapped_column(_enum(OutcomeKind, "outcome_kind"))
    text: Mapped[str] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"))
    #: How a decision was made (a decision outcome; see ``DecisionMethod``), with the
    #: votes of a show of hands.
    decided_by: Mapped[DecisionMethod | None] = mapped_column(
        _enum(DecisionMethod, "decision_method"), default=None
    )
    votes_for: Mapped[int | None] = mapped_column(default=None)
    votes_against: Mapped[int | None] = mapped_column(default=None)
    votes_abstain: Mapped[int | None] = mapped_column(default=None)


class Person(Synced, Base):
    """A person as the sign-ins a facilitator confirmed are one and the same.

    Holds no personal data itself: names and contact details stay on the sign-ins
    (``Attendance``), so that erasing them leaves nothing behind here.
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the person's personal data was erased (their sign-ins keep a placeholder).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class Attendance(Synced, Base):
    """A person's attendance; name and contact are personal data, kept only with consent."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    role: Mapped[AttendanceRole] = mapped_column(_enum(AttendanceRole, "attendance_role"))
    presence: Mapped[Presence] = mapped_column(
        _enum(Presence, "presence"), default=Presence.PRESENT
    )
    consent_named: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    #: When each consent was given (None: not given, or given before consents were dated).
    consent_named_at: Mapped[datetime | None] = mapped_column(default=None)
    consent_contact_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The person this sign-in belongs to, once a facilitator linked it (never guessed).
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )


class Theme(Synced, Base):
    """A theme issues are tagged with (housing, transport, ...)."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not unique: two desks may each create "Roads"; after an exchange both stay, and
    # filters by theme name find the issues tagged with either.
    name: Mapped[str] = mapped_column(String(100), index=True)


issue_theme = Table(
    "issue_theme",
    Base.metadata,
    Column("issue_id", Integer, ForeignKey("issue.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Integer, ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class Issue(Synced, Base):
    """Something residents raised, at one stage of the policy cycle."""

    __tablename__ = "issue"
    __table_args__ = (
        Index("ix_issue_stage_status", "stage", "status"),
        Index("ix_issue_stage_stage_since", "stage", "stage_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum.id", ondelete="CASCADE"))
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    description: Mapped[str | None] = mapped_column(Text)
    ward: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), index=True)
    place: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    stage: Mapped[PolicyStage] = mapped_column(_enum(PolicyStage, "policy_stage"))
    status: Mapped[IssueStatus] = mapped_column(
        _enum(IssueStatus, "issue_status"), default=IssueStatus.OPEN
    )
    mechanism: Mapped[Mechanism | None] = mapped_column(_enum(Mechanism, "mechanism"))
    support: Mapped[int] = mapped_column(default=0)
    owner: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    due_date: Mapped[date | None]
    #: When residents should hear back ("you said, we did"); travels (format 1.4).
    response_due: Mapped[date | None] = mapped_column(index=True)
    #: When the issue entered its current stage: its latest "raised" or "stage moved"
    #: timeline event (kept by this desk, never travels; see ``db.stage_clock``).
    stage_since: Mapped[datetime | None] = mapped_column(default=utcnow)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    raised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance.id", ondelete="SET NULL")
    )

    themes: Mapped[list[Theme]] = relationship(secondary=issue_theme, order_by=Theme.name)


class TimelineEvent(Synced, Base):
    """An append-only record on an issue's timeline."""

    __tablename__ = "timeline_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TimelineKind] = mapped_column(_enum(TimelineKind, "timeline_kind"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_stage: Mapped[PolicyStage | None] = mapped_column(_enum(PolicyStage, "from_stage"))
    to_stage: Mapped[PolicyStage | None] = mapped_column(_enum(PolicyStage, "to_stage"))
    from_status: Mapped[IssueStatus | None] = mapped_column(_enum(IssueStatus, "from_status"))
    to_status: Mapped[IssueStatus | None] = mapped_column(_enum(IssueStatus, "to_status"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    desk_uuid: Mapped[str] = mapped_column(String(36))
    #: How a decision was made (a move to co-decision; see ``DecisionMethod``), with the
    #: votes of a show of hands.
    decided_by: Mapped[DecisionMethod | None] = mapped_column(
        _enum(DecisionMethod, "decision_method"), default=None
    )
    votes_for: Mapped[int | None] = mapped_column(default=None)
    votes_against: Mapped[int | None] = mapped_column(default=None)
    votes_abstain: Mapped[int | None] = mapped_column(default=None)


class Action(Synced, Base):
    """Something someone agreed to do; carried forward while open."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    due_date: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(
        _enum(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), index=True
    )


class ActionCarry(Synced, Base):
    """An open action brought forward to a later meeting's actions list.

    A carry is a fact that never changes, and it travels between desks. The same
    action carried into the same meeting on two desks is the same fact twice: every
    reader treats a meeting's carries as a set.
    """

    __tablename__ = "action_carry"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )


class MinutesVersion(Synced, Base):
    """An approved, sealed version of a meeting's minutes: the minuted content as it was.

    ``content`` is the snapshot the PDF is made from, and ``content_hash`` its SHA-256
    (of the canonical JSON), printed in the footer. A version is never changed; a
    ``reopened_at`` starts the next draft, which a later approval seals as version n+1.
    """

    __tablename__ = "minutes_version"
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    content: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    approved_by: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    approved_at: Mapped[datetime]
    agreed_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL")
    )
    reopened_at: Mapped[datetime | None]
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    #: Where personal data was taken out of ``content`` after sealing (an erasure, or an
    #: export without personal data): ``[{"path": [...], "erasure": UUID | None}]``.
    #: ``content_hash`` stays the hash of the content as approved.
    redactions: Mapped[list[Any] | None] = mapped_column(JSON, default=None)


class Erasure(Synced, Base):
    """A record that personal data was erased: it travels, so every desk erases it too.

    It names sign-ins and people by UUID only, never the data it erased, and an import
    of an older file cannot bring that data back while it stands.
    """

    __tablename__ = "erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Why: "request" (the person asked), "consent" (a consent withdrawn), "removed"
    #: (a sign-in removed) or "retention" (kept longer than the retention period).
    reason: Mapped[str] = mapped_column(String(20))
    #: The personal fields erased from each sign-in: ["name", "contact"] or one of them.
    fields: Mapped[list[str]] = mapped_column(JSON)
    attendance: Mapped[list[str]] = mapped_column(JSON)  # the sign-ins' UUIDs
    person_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    desk_uuid: Mapped[str] = mapped_column(String(36))  # the desk that erased
    by: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))  # who asked it done
    #: The UUIDs of engagement participants, offers and online contributions whose
    #: personal fields were erased (format 1.5; None in older records).
    records: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True), default=None)


class Engagement(Synced, Base):
    """One participation activity run by a forum, or council-wide (``forum_id`` None).

    The fields every kind shares are columns; what only one kind needs is a column too
    (thresholds for a petition, the rule of a ballot) so that each merges on its own.
    """

    __tablename__ = "engagement"
    __table_args__ = (Index("ix_engagement_kind_forum", "kind", "forum_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EngagementKind] = mapped_column(_enum(EngagementKind, "engagement_kind"))
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forum.id", ondelete="SET NULL"))
    #: ``NTH-PET-7F3A`` (forum code, kind, the UUID's first digits; ``ALL-`` council-wide).
    reference: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    #: A petition's wording, a ballot's question, a review's remit, a jury's question.
    wording: Mapped[str | None] = mapped_column(Text)
    opens: Mapped[date | None]
    closes: Mapped[date | None]
    status: Mapped[EngagementStatus] = mapped_column(
        _enum(EngagementStatus, "engagement_status"), default=EngagementStatus.PLANNED
    )
    #: What came of it, in words (a summary, the council's response).
    outcome: Mapped[str | None] = mapped_column(Text)
    #: When the council's response is due (a petition past its threshold, a jury's
    #: recommendations); the response itself is ``outcome`` and ``responded_at``.
    response_due: Mapped[date | None]
    responded_at: Mapped[date | None] = mapped_column(default=None)
    # Petition
    threshold_response: Mapped[int | None] = mapped_column(default=None)
    threshold_debate: Mapped[int | None] = mapped_column(default=None)
    #: Days from crossing the response threshold to the response deadline.
    response_days: Mapped[int | None] = mapped_column(default=None)
    # Consultation ("questions") and ballot ("options"): lists of text.
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The consultation's "you said, we did" response.
    you_said_we_did: Mapped[str | None] = mapped_column(Text, default=None)
    # Scrutiny co-option: the committee or review.
    committee: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), default=None)
    # Ballot
    electorate: Mapped[int | None] = mapped_column(default=None)
    rule: Mapped[BallotRule | None] = mapped_column(_enum(BallotRule, "ballot_rule"), default=None)
    #: For the threshold rule: the share of valid ballots an option needs, in percent.
    rule_threshold: Mapped[int | None] = mapped_column(default=None)
    binding: Mapped[bool] = mapped_column(Boolean, default=False)
    # Online deliberation: the platform the contributions came from.
    platform: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), default=None)


class EngagementIssue(Synced, Base):
    """An issue an engagement concerns, raised, supported, recommended or decided."""

    __tablename__ = "engagement_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    #: The stage of the policy cycle the engagement served for this issue.
    stage: Mapped[PolicyStage] = mapped_column(_enum(PolicyStage, "link_stage"))
    role: Mapped[LinkRole] = mapped_column(_enum(LinkRole, "link_role"), default=LinkRole.CONCERNS)


class Participant(Synced, Base):
    """A person taking part in an engagement; name and contact only with consent.

    The lead petitioner, a co-opted member, a jury volunteer (drawn or not), a witness.
    """

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(_enum(ParticipantRole, "participant_role"))
    name: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    contact: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    consent_named: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_named_at: Mapped[datetime | None] = mapped_column(default=None)
    consent_contact_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Strata a jury draw may be made by (not personal data on their own).
    ward: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), default=None)
    age_band: Mapped[str | None] = mapped_column(String(20), default=None)
    # Scrutiny co-option
    voting: Mapped[bool] = mapped_column(Boolean, default=False)
    term_from: Mapped[date | None] = mapped_column(default=None)
    term_to: Mapped[date | None] = mapped_column(default=None)
    #: The co-opted member's register of interests.
    interests: Mapped[str | None] = mapped_column(Text, default=None, info=PERSONAL)
    #: The sign-in this volunteer came from, and the person, once linked.
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance.id", ondelete="SET NULL"), default=None
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, default=None
    )
    #: The draw that chose this volunteer as a juror (None: not drawn).
    draw_id: Mapped[int | None] = mapped_column(
        ForeignKey("draw.id", ondelete="SET NULL"), default=None
    )


class EngagementCount(Synced, Base):
    """One count entered for an engagement: a paper sheet, an online total, responses by
    channel, the ballots of one box for one option, a box's spoilt ballots.

    ``key`` names what was counted (a sheet number, a channel, a ballot box) and ``option``
    the ballot option; one live count per (engagement, kind, key, option), so a sheet is
    never counted twice. Re-entering a count edits it (and merges like an issue's field).
    """

    __tablename__ = "engagement_count"
    __table_args__ = (Index("ix_engagement_count_key", "engagement_id", "kind", "key", "option"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    kind: Mapped[CountKind] = mapped_column(_enum(CountKind, "count_kind"))
    key: Mapped[str] = mapped_column(String(limits.SHORT_TEXT), default="")
    option: Mapped[str] = mapped_column(String(limits.SHORT_TEXT), default="")
    count: Mapped[int] = mapped_column(default=0)
    #: A consultation response's channel, and the issue it was coded to.
    channel: Mapped[Channel | None] = mapped_column(_enum(Channel, "channel"), default=None)
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str | None] = mapped_column(Text, default=None)
    entered_on: Mapped[date | None] = mapped_column(default=None)


class Draw(Synced, Base):
    """A policy jury's stratified random draw, recorded so that anyone can re-run it."""

    __tablename__ = "draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    seed: Mapped[str] = mapped_column(String(limits.SHORT_TEXT))
    size: Mapped[int]
    #: The fields drawn by (``["ward"]``, ``["ward", "age_band"]``).
    strata: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: How many were drawn from each stratum: ``{"Northfield|18-29": 2, ...}``.
    quotas: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    witnesses: Mapped[str | None] = mapped_column(Text, default=None)
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The pool as drawn from (participant UUIDs in the order used) and those chosen.
    pool: Mapped[list[str]] = mapped_column(JSON, default=list)
    chosen: Mapped[list[str]] = mapped_column(JSON, default=list)


class Contribution(Synced, Base):
    """A contribution imported from an online platform's export; its ``external_id`` makes
    a re-import change nothing."""

    __tablename__ = "contribution"
    __table_args__ = (Index("ix_contribution_external", "engagement_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(limits.SHORT_TEXT))
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    text: Mapped[str | None] = mapped_column(Text)
    #: The author's name on the platform: personal data, even as a pseudonym.
    author: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    supports: Mapped[int] = mapped_column(default=0)
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), default=None
    )


class Offer(Synced, Base):
    """A resident's offer of time, skills, knowledge, equipment or money (co-implementation)."""

    __tablename__ = "offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[OfferKind] = mapped_column(_enum(OfferKind, "offer_kind"))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[OfferStatus] = mapped_column(
        _enum(OfferStatus, "offer_status"), default=OfferStatus.OFFERED
    )
    name: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    contact: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT), info=PERSONAL)
    consent_named: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_named_at: Mapped[datetime | None] = mapped_column(default=None)
    consent_contact_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Where it was made: a meeting, an engagement, or a sign-in (``attendance_id``).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), default=None
    )
    engagement_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement.id", ondelete="SET NULL"), default=None
    )
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance.id", ondelete="SET NULL"), default=None
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, default=None
    )
    #: What it was matched to.
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL"), default=None
    )
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), index=True, default=None
    )
    offered_on: Mapped[date | None] = mapped_column(default=None)
    delivered_on: Mapped[date | None] = mapped_column(default=None)
    #: What was delivered, in words, for the minutes and the feedback report.
    delivered: Mapped[str | None] = mapped_column(Text, default=None)


class Conflict(Base):
    """A field two desks changed concurrently: this desk's value stays until a person decides."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # the exchange record kind, e.g. "issues"
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    mine: Mapped[dict[str, Any]]  # {"value": ...} as it was on this desk
    theirs: Mapped[dict[str, Any]]  # {"value": ...} as the other desk had it
    source_desk: Mapped[str] = mapped_column(String(200))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_log.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))  # mine, theirs, merged
    base: Mapped[dict[str, Any] | None]  # {"value": ...} both desks had before; None: unknown
    mine_dot: Mapped[list[Any] | None] = mapped_column(JSON)  # the edit that wrote mine
    theirs_dot: Mapped[list[Any] | None] = mapped_column(JSON)  # the edit that wrote theirs


class FieldRevision(Base):
    """A value a travelling record's field held before an edit replaced it, with its dot.

    The base of a conflict (what both desks had before each changed the field) is the
    newest of these whose dot the other desk had seen.
    """

    __tablename__ = "field_revision"
    __table_args__ = (Index("ix_field_revision_record", "table_name", "record_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[dict[str, Any]]  # {"value": ...} in the exchange form; references as ids
    dot: Mapped[list[Any] | None] = mapped_column(JSON)  # who wrote it; None: since creation
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangeLog(Base):
    """Every exchange file this desk wrote or read."""

    __tablename__ = "exchange_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))  # export or import
    export_id: Mapped[str] = mapped_column(String(36), index=True)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    desk_uuid: Mapped[str] = mapped_column(String(36))
    desk_name: Mapped[str | None] = mapped_column(String(limits.SHORT_TEXT))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The fingerprint of the desk key that signed an imported file (None: not verified).
    signed_by: Mapped[str | None] = mapped_column(String(100))
    #: The sign-ins (UUIDs) whose name or contact the file carried: subject access says
    #: where a person's data was sent. None: none, or logged before this was kept.
    personal: Mapped[list[str] | None] = mapped_column(JSON, default=None)


#: Tables whose rows travel between desks, in an order that respects foreign keys.
SYNCED_MODELS: tuple[type[Synced], ...] = (
    Forum,
    Meeting,
    AgendaItem,
    Person,
    Attendance,
    Theme,
    Issue,
    TimelineEvent,
    Action,
    Outcome,
    MinutesVersion,
    ActionCarry,
    Erasure,
)
