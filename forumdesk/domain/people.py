"""What the people services return: a person, their sign-ins, and what is held about them.

A person is the sign-ins a facilitator confirmed are one human being; an unlinked
sign-in that holds a name or contact detail is listed too, as one of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forumdesk.domain.enums import (
    AttendanceRole,
    EngagementKind,
    MeetingFormat,
    OfferKind,
    OfferStatus,
    ParticipantRole,
    Presence,
)
from forumdesk.i18n import _

#: The prefix that marks a sign-in's id where a person's id could stand (``s12``).
SIGN_IN_PREFIX = "s"  # i18n: not text


@dataclass(frozen=True)
class Entry:
    """One line of the list of people: a person, or a sign-in not linked to anyone."""

    person_id: int | None  # None: an unlinked sign-in
    attendance_id: int | None  # the sign-in, when not linked
    uuid: str  # the person's, or the sign-in's
    name: str | None  # the newest name on their sign-ins (None: none given, or erased)
    contact: str | None  # the newest contact detail
    sign_ins: int
    forums: tuple[str, ...]  # forum codes
    last_attended: date | None
    erased_at: datetime | None = None

    @property
    def key(self) -> str:
        """How the command line names it: ``4`` for a person, ``s12`` for a sign-in."""
        if self.person_id is not None:
            return str(self.person_id)
        return f"{SIGN_IN_PREFIX}{self.attendance_id}"


@dataclass(frozen=True)
class SignIn:
    """One sign-in as a person's record shows it, with the meeting named."""

    id: int
    uuid: str
    meeting_id: int
    forum_code: str
    forum_name: str
    meeting_date: date
    meeting_format: MeetingFormat
    meeting_title: str | None
    role: AttendanceRole
    presence: Presence
    name: str | None
    contact: str | None
    consent_named: bool
    consent_named_at: datetime | None
    consent_contact: bool
    consent_contact_at: datetime | None
    person_id: int | None

    @property
    def meeting(self) -> str:
        """The meeting as commands name it: ``BHF 2026-03-04``."""
        return f"{self.forum_code} {self.meeting_date.isoformat()}"


@dataclass(frozen=True)
class RaisedIssue:
    """An issue a person raised (``issue.raised_by``)."""

    id: int
    reference: str
    title: str
    forum_code: str
    sign_in_id: int
    meeting: str | None  # the meeting where it was raised: ``BHF 2026-03-04``


@dataclass(frozen=True)
class Engagement:
    """A forum a person took part in, and how."""

    forum_code: str
    forum_name: str
    meetings: int
    first: date
    last: date
    roles: tuple[AttendanceRole, ...]


@dataclass(frozen=True)
class Suggestion:
    """A sign-in that looks like the same person: offered for a person to confirm."""

    attendance_id: int
    person_id: int | None  # the person it already belongs to, if any
    meeting: str
    name: str | None
    contact: str | None
    same_name: bool
    same_contact: bool

    @property
    def why(self) -> str:
        """What it shares with the person: "same name", "same contact" or both."""
        if self.same_name and self.same_contact:
            return _("same name and contact")
        return _("same name") if self.same_name else _("same contact")

    @property
    def owner(self) -> str:
        """Whom it belongs to now: "person 4" or "not linked"."""
        if self.person_id is None:
            return _("not linked")
        return _("person {id}").format(id=self.person_id)


@dataclass(frozen=True)
class TakingPart:
    """A person taking part in a petition, consultation, review, jury, ballot or online
    deliberation: what that participant record holds."""

    uuid: str
    reference: str  # the engagement's: ``BHF-PET-7F3A``
    title: str
    kind: EngagementKind
    role: ParticipantRole
    name: str | None
    contact: str | None
    interests: str | None
    consent_named: bool
    consent_named_at: datetime | None
    consent_contact: bool
    consent_contact_at: datetime | None


@dataclass(frozen=True)
class PersonOffer:
    """A resident's offer of time, skills, knowledge, equipment or money."""

    uuid: str
    kind: OfferKind
    description: str
    status: OfferStatus
    offered_on: date | None
    name: str | None
    contact: str | None
    consent_named: bool
    consent_named_at: datetime | None
    consent_contact: bool
    consent_contact_at: datetime | None


@dataclass(frozen=True)
class PersonDetail:
    """Everything this desk holds about one person (or one unlinked sign-in)."""

    entry: Entry
    sign_ins: tuple[SignIn, ...]
    names: tuple[str, ...]
    contacts: tuple[str, ...]
    issues: tuple[RaisedIssue, ...]
    engagements: tuple[Engagement, ...]
    #: Since issue 14: the engagements they take part in, and their offers (linked to the
    #: person, or made from one of their sign-ins).
    taking_part: tuple[TakingPart, ...] = ()
    offers: tuple[PersonOffer, ...] = ()


@dataclass(frozen=True)
class Sent:
    """An export that carried a person's name or contact detail."""

    export_id: str
    at: datetime
    #: What it carried: the meetings of the sign-ins (``BHF 2026-03-04``), the engagements
    #: of participants (``BHF-PET-7F3A``), and offers (by their description).
    sign_ins: tuple[str, ...]


@dataclass(frozen=True)
class Received:
    """An import that brought one of a person's sign-ins to this desk."""

    export_id: str
    at: datetime
    desk_uuid: str
    desk_name: str | None
    sign_ins: tuple[str, ...]


@dataclass(frozen=True)
class SubjectAccess:
    """A subject access answer: what is held, and where it went and came from."""

    detail: PersonDetail
    desk_uuid: str
    desk_name: str
    made_at: datetime
    sent: tuple[Sent, ...]
    received: tuple[Received, ...]
