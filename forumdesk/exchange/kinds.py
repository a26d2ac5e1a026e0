"""How each kind of record appears in an exchange file: its fields and its references.

References between records travel as UUIDs (ids are local to a desk). Fields are
listed once here; export, import and merge all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Time

from forumdesk.db.base import Synced
from forumdesk.db.models import (
    Action,
    ActionCarry,
    AgendaItem,
    Attendance,
    Contribution,
    Draw,
    Engagement,
    EngagementCount,
    EngagementIssue,
    Erasure,
    Forum,
    Issue,
    Meeting,
    MinutesVersion,
    Offer,
    Outcome,
    Participant,
    Person,
    Theme,
    TimelineEvent,
)
from forumdesk.i18n import N_, _


@dataclass(frozen=True)
class Kind:
    """One kind of record in the file."""

    name: str  # the key under "records", e.g. "issues"
    model: type[Synced]
    fields: tuple[str, ...]  # plain fields, stored as they are (enums by value, dates ISO)
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # wire -> (fk column, kind)
    personal: frozenset[str] = frozenset()  # left out unless personal data is asked for
    append_only: bool = False  # created once, never edited (merge by union)
    since: int = 0  # the minor format version that added it: files before it lack it
    #: Fields a later minor version added: files before it lack them (read as null).
    added: frozenset[str] = frozenset()

    @property
    def noun(self) -> str:
        """What a person calls one record of the kind ("Agenda item")."""
        return _(NOUNS[self.name])

    @property
    def merge_fields(self) -> tuple[str, ...]:
        """Every field that versions and merges, references included."""
        extra = ("themes",) if self.name == "issues" else ()
        return (*self.fields, *self.refs, *extra, "deleted_at")


#: How a co-decision was decided (a move to co-decision, a decision outcome): format 1.5.
DECISION_FIELDS = ("decided_by", "votes_for", "votes_against", "votes_abstain")

FORUMS = Kind(
    "forums",
    Forum,
    ("code", "name", "area", "wards", "description", "home_desk"),
    added=frozenset({"home_desk"}),  # format 1.2
)
THEMES = Kind("themes", Theme, ("name",))
MEETINGS = Kind(
    "meetings",
    Meeting,
    (
        "format",
        "title",
        "date",
        "start_time",
        "end_time",
        "venue",
        "chair",
        "facilitator",
        "clerk",
        "status",
        "headcount",
    ),
    {"forum": ("forum_id", "forums"), "engagement": ("engagement_id", "engagements")},
    added=frozenset({"engagement"}),  # format 1.5
)
PEOPLE = Kind("people", Person, ("erased_at",), since=3)
ATTENDANCE = Kind(
    "attendance",
    Attendance,
    (
        "name",
        "role",
        "presence",
        "consent_named",
        "consent_contact",
        "contact",
        "consent_named_at",
        "consent_contact_at",
    ),
    {"meeting": ("meeting_id", "meetings"), "person": ("person_id", "people")},
    personal=frozenset({"name", "contact"}),
    added=frozenset({"consent_named_at", "consent_contact_at", "person"}),  # format 1.3
)
AGENDA_ITEMS = Kind(
    "agenda_items",
    AgendaItem,
    ("position", "title", "presenter", "notes", "discussed"),
    {"meeting": ("meeting_id", "meetings"), "carried_from": ("carried_from_id", "agenda_items")},
)
ISSUES = Kind(
    "issues",
    Issue,
    (
        "number",
        "reference",
        "title",
        "description",
        "ward",
        "place",
        "stage",
        "status",
        "mechanism",
        "support",
        "owner",
        "due_date",
        "response_due",
    ),
    {
        "forum": ("forum_id", "forums"),
        "meeting": ("meeting_id", "meetings"),
        "agenda_item": ("agenda_item_id", "agenda_items"),
        "raised_by": ("raised_by_id", "attendance"),
    },
    added=frozenset({"response_due"}),  # format 1.4
)
TIMELINE = Kind(
    "timeline_events",
    TimelineEvent,
    (
        "kind",
        "at",
        "from_stage",
        "to_stage",
        "from_status",
        "to_status",
        "text",
        "author",
        "desk_uuid",
        *DECISION_FIELDS,
    ),
    {"issue": ("issue_id", "issues"), "meeting": ("meeting_id", "meetings")},
    append_only=True,
    added=frozenset(DECISION_FIELDS),  # format 1.5
)
ACTIONS = Kind(
    "actions",
    Action,
    ("description", "owner", "due_date", "status"),
    {
        "meeting": ("meeting_id", "meetings"),
        "agenda_item": ("agenda_item_id", "agenda_items"),
        "issue": ("issue_id", "issues"),
    },
)
OUTCOMES = Kind(
    "outcomes",
    Outcome,
    ("position", "kind", "text", *DECISION_FIELDS),
    {"agenda_item": ("agenda_item_id", "agenda_items"), "action": ("action_id", "actions")},
    added=frozenset(DECISION_FIELDS),  # format 1.5
)
MINUTES = Kind(
    "minutes_versions",
    MinutesVersion,
    (
        "version",
        "content",
        "content_hash",
        "approved_by",
        "approved_at",
        "reopened_at",
        "reopen_reason",
        "redactions",
    ),
    {"meeting": ("meeting_id", "meetings"), "agreed_at": ("agreed_at_meeting_id", "meetings")},
    added=frozenset({"redactions"}),  # format 1.3
)
#: Erasures travel (UUIDs only) so that every desk erases what one desk erased.
ERASURES = Kind(
    "erasures",
    Erasure,
    ("reason", "fields", "attendance", "person_uuid", "erased_at", "desk_uuid", "by", "records"),
    append_only=True,
    since=3,
    added=frozenset({"records"}),  # format 1.5
)

ACTION_CARRIES = Kind(
    "action_carries",
    ActionCarry,
    (),
    {"action": ("action_id", "actions"), "meeting": ("meeting_id", "meetings")},
    append_only=True,
    since=1,
)

# Engagements (format 1.5): every participation activity besides a forum's meetings.
ENGAGEMENTS = Kind(
    "engagements",
    Engagement,
    (
        "kind",
        "reference",
        "title",
        "wording",
        "opens",
        "closes",
        "status",
        "outcome",
        "response_due",
        "responded_at",
        "threshold_response",
        "threshold_debate",
        "response_days",
        "questions",
        "options",
        "you_said_we_did",
        "committee",
        "electorate",
        "rule",
        "rule_threshold",
        "binding",
        "platform",
    ),
    {"forum": ("forum_id", "forums")},
    since=5,
)
ENGAGEMENT_ISSUES = Kind(
    "engagement_issues",
    EngagementIssue,
    ("stage", "role"),
    {"engagement": ("engagement_id", "engagements"), "issue": ("issue_id", "issues")},
    since=5,
)
DRAWS = Kind(
    "draws",
    Draw,
    ("seed", "size", "strata", "quotas", "witnesses", "drawn_at", "pool", "chosen"),
    {"engagement": ("engagement_id", "engagements")},
    since=5,
)
PARTICIPANTS = Kind(
    "participants",
    Participant,
    (
        "role",
        "name",
        "contact",
        "consent_named",
        "consent_contact",
        "consent_named_at",
        "consent_contact_at",
        "ward",
        "age_band",
        "voting",
        "term_from",
        "term_to",
        "interests",
    ),
    {
        "engagement": ("engagement_id", "engagements"),
        "attendance": ("attendance_id", "attendance"),
        "person": ("person_id", "people"),
        "draw": ("draw_id", "draws"),
    },
    personal=frozenset({"name", "contact", "interests"}),
    since=5,
)
ENGAGEMENT_COUNTS = Kind(
    "engagement_counts",
    EngagementCount,
    ("kind", "key", "option", "count", "channel", "note", "entered_on"),
    {"engagement": ("engagement_id", "engagements"), "issue": ("issue_id", "issues")},
    since=5,
)
CONTRIBUTIONS = Kind(
    "contributions",
    Contribution,
    ("external_id", "title", "text", "author", "supports"),
    {"engagement": ("engagement_id", "engagements"), "issue": ("issue_id", "issues")},
    personal=frozenset({"author"}),
    since=5,
)
OFFERS = Kind(
    "offers",
    Offer,
    (
        "kind",
        "description",
        "status",
        "name",
        "contact",
        "consent_named",
        "consent_contact",
        "consent_named_at",
        "consent_contact_at",
        "offered_on",
        "delivered_on",
        "delivered",
    ),
    {
        "forum": ("forum_id", "forums"),
        "meeting": ("meeting_id", "meetings"),
        "engagement": ("engagement_id", "engagements"),
        "attendance": ("attendance_id", "attendance"),
        "person": ("person_id", "people"),
        "action": ("action_id", "actions"),
        "issue": ("issue_id", "issues"),
    },
    personal=frozenset({"name", "contact"}),
    since=5,
)

#: Every kind, parents before children: the order records are written and applied in.
KINDS: tuple[Kind, ...] = (
    FORUMS,
    THEMES,
    ENGAGEMENTS,
    MEETINGS,
    PEOPLE,
    ATTENDANCE,
    AGENDA_ITEMS,
    ISSUES,
    TIMELINE,
    ACTIONS,
    OUTCOMES,
    MINUTES,
    ACTION_CARRIES,
    ENGAGEMENT_ISSUES,
    DRAWS,
    PARTICIPANTS,
    ENGAGEMENT_COUNTS,
    CONTRIBUTIONS,
    OFFERS,
    ERASURES,
)
BY_NAME = {kind.name: kind for kind in KINDS}
NOUNS = {
    "forums": N_("Forum"),
    "themes": N_("Theme"),
    "meetings": N_("Meeting"),
    "people": N_("Person"),
    "attendance": N_("Sign-in"),
    "agenda_items": N_("Agenda item"),
    "issues": N_("Issue"),
    "timeline_events": N_("Timeline entry"),
    "actions": N_("Action"),
    "outcomes": N_("Outcome"),
    "minutes_versions": N_("Minutes version"),
    "action_carries": N_("Carried action"),
    "erasures": N_("Erasure"),
    "engagements": N_("Engagement"),
    "engagement_issues": N_("Engagement's issue"),
    "draws": N_("Jury draw"),
    "participants": N_("Participant"),
    "engagement_counts": N_("Count"),
    "contributions": N_("Online contribution"),
    "offers": N_("Residents' offer"),
}


def from_wire(kind: Kind, name: str, value: Any) -> Any:
    """A JSON value back into what the model's column holds."""
    if value is None:
        return None
    return _converter(kind.model, name)(value)  # type: ignore[arg-type]  # a class is hashable


@cache
def _converter(model: type, name: str) -> Callable[[Any], Any]:
    """How to read one column's values from the file, worked out once per column."""
    column_type = model.__table__.columns[name].type  # type: ignore[attr-defined]  # a model
    enum_class: Callable[[Any], Any] | None = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return enum_class
    impl = getattr(column_type, "impl", column_type)  # through UTCDateTime to DateTime
    if isinstance(impl, DateTime):
        return _moment
    if isinstance(impl, Date):
        return date.fromisoformat
    if isinstance(impl, Time):
        return time.fromisoformat
    return _same


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)  # "…Z" (Python 3.11 and later)


def _same(value: Any) -> Any:
    return value
