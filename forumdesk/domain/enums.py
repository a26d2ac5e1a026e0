"""Closed vocabularies: policy stages, meeting formats, statuses and roles.

Every enum is a ``StrEnum`` whose value is what the database and the exchange
file store, so a value never changes once released; ``label`` is what people read, in
the interface language. A member is parsed by its value or name, never by its label,
which changes with the language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from forumdesk.i18n import N_, _, for_language


class _Labelled(StrEnum):
    """A StrEnum whose members carry a human label (marked for translation)."""

    source_label: str  # as written in the source, in English

    def __new__(cls, value: str, label: str) -> _Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.source_label = label
        return member

    @property
    def label(self) -> str:
        """What people read, in the interface language."""
        return _(self.source_label)

    def label_in(self, language: str) -> str:
        """What people read in a document of ``language`` ("en", "cy")."""
        return for_language(language).gettext(self.source_label)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Finds a member by value or name, ignoring case, spaces and underscores.

        Raises:
            ValueError: naming the accepted values.
        """
        wanted = _fold(text)
        for member in cls:
            if wanted in (_fold(member.value), _fold(member.name)):
                return member
        choices = ", ".join(m.value for m in cls)
        raise ValueError(_("{text!r} is not one of: {choices}").format(text=text, choices=choices))


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class PolicyStage(_Labelled):
    """The five stages of the co-productive policy cycle, in order."""

    CO_DEFINITION = "co-definition", N_("Co-definition of problems")
    CO_FORMULATION = "co-formulation", N_("Co-formulation of options")
    CO_DECISION = "co-decision", N_("Co-decision making")
    CO_IMPLEMENTATION = "co-implementation", N_("Co-implementation")
    CO_EVALUATION = "co-evaluation", N_("Co-evaluation")

    @property
    def number(self) -> int:
        """1 to 5, the stage's place in the cycle."""
        return _STAGE_NUMBERS[self]

    @property
    def short(self) -> str:
        """The stage's name alone, for narrow columns: "Co-decision"."""
        return _(_SHORT_STAGES[self.value])

    def short_in(self, language: str) -> str:
        """The stage's name alone in a document of ``language`` ("en", "cy")."""
        return for_language(language).gettext(_SHORT_STAGES[self.value])

    @classmethod
    def parse(cls, text: str) -> PolicyStage:
        """Accepts a value, a name or the stage number 1-5."""
        stripped = text.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(cls):
            return list(cls)[int(stripped) - 1]
        return super().parse(text)


_STAGE_NUMBERS = {stage: number for number, stage in enumerate(PolicyStage, start=1)}
_SHORT_STAGES = {
    "co-definition": N_("Co-definition"),
    "co-formulation": N_("Co-formulation"),
    "co-decision": N_("Co-decision"),
    "co-implementation": N_("Co-implementation"),
    "co-evaluation": N_("Co-evaluation"),
}


class MeetingFormat(_Labelled):
    """Kinds of gathering a forum holds; each usually serves some policy stages."""

    AREA_FORUM = "area-forum", N_("Area forum meeting")
    COMMUNITY_CONFERENCE = "community-conference", N_("Community conference")
    PETITION_HEARING = "petition-hearing", N_("Petition hearing")
    CONSULTATION_WORKSHOP = "consultation-workshop", N_("Consultation workshop")
    POLICY_JURY = "policy-jury", N_("Policy jury")
    REFERENDUM = "referendum", N_("Referendum or ballot")
    ONLINE_DELIBERATION = "online-deliberation", N_("Online deliberation")
    SCRUTINY_SESSION = "scrutiny-session", N_("Scrutiny session")
    OTHER = "other", N_("Other")

    @property
    def usual_stages(self) -> tuple[PolicyStage, ...]:
        """The stages this format usually serves (docs/concepts.md, the policy cycle table)."""
        return _FORMAT_STAGES[self]


_FORMAT_STAGES: dict[MeetingFormat, tuple[PolicyStage, ...]] = {
    MeetingFormat.AREA_FORUM: (PolicyStage.CO_DEFINITION, PolicyStage.CO_EVALUATION),
    MeetingFormat.COMMUNITY_CONFERENCE: (PolicyStage.CO_DEFINITION,),
    MeetingFormat.PETITION_HEARING: (PolicyStage.CO_DEFINITION,),
    MeetingFormat.CONSULTATION_WORKSHOP: (PolicyStage.CO_FORMULATION,),
    MeetingFormat.POLICY_JURY: (PolicyStage.CO_DECISION,),
    MeetingFormat.REFERENDUM: (PolicyStage.CO_DECISION,),
    MeetingFormat.ONLINE_DELIBERATION: (PolicyStage.CO_DECISION,),
    MeetingFormat.SCRUTINY_SESSION: (PolicyStage.CO_FORMULATION, PolicyStage.CO_EVALUATION),
    MeetingFormat.OTHER: (),
}


class MeetingStatus(_Labelled):
    """A meeting moves planned → in progress → closed, never back."""

    PLANNED = "planned", N_("Planned")
    IN_PROGRESS = "in-progress", N_("In progress")
    CLOSED = "closed", N_("Closed")


class IssueStatus(_Labelled):
    """Where an issue stands, independent of its policy stage."""

    OPEN = "open", N_("Open")
    IN_PROGRESS = "in-progress", N_("In progress")
    REFERRED = "referred", N_("Referred")
    RESOLVED = "resolved", N_("Resolved")
    CLOSED = "closed", N_("Closed")
    WITHDRAWN = "withdrawn", N_("Withdrawn")

    @property
    def is_active(self) -> bool:
        """Open, in progress or referred: still being worked on."""
        return self in (IssueStatus.OPEN, IssueStatus.IN_PROGRESS, IssueStatus.REFERRED)


class Mechanism(_Labelled):
    """The participation mechanism through which an issue reached the council."""

    AREA_FORUM = "area-forum", N_("Area forum")
    COMMUNITY_CONFERENCE = "community-conference", N_("Community conference")
    PETITION = "petition", N_("Petition")
    CONSULTATION = "consultation", N_("Community or user consultation")
    SCRUTINY_CO_OPTION = "scrutiny-co-option", N_("Co-option onto scrutiny")
    POLICY_JURY = "policy-jury", N_("Policy jury")
    REFERENDUM = "referendum", N_("Referendum or ballot")
    ONLINE_DELIBERATION = "online-deliberation", N_("Online deliberation")
    CO_PRODUCTION = "co-production", N_("Co-production of services")
    VOLUNTEERING = "volunteering", N_("Volunteering")
    FEEDBACK_SURVEY = "feedback-survey", N_("Feedback survey")
    OTHER = "other", N_("Other")


class AttendanceRole(_Labelled):
    """Why a person was at a meeting."""

    RESIDENT = "resident", N_("Resident")
    COUNCILLOR = "councillor", N_("Councillor")
    OFFICER = "officer", N_("Officer")
    PARTNER = "partner", N_("Partner")
    OTHER = "other", N_("Other")

    @property
    def is_public(self) -> bool:
        """Councillors, officers and partners attend in a public capacity: they are named
        without asking. A resident's (or other person's) name needs their consent."""
        return self in (AttendanceRole.COUNCILLOR, AttendanceRole.OFFICER, AttendanceRole.PARTNER)


class Presence(_Labelled):
    """Whether a person attended."""

    PRESENT = "present", N_("Present")
    APOLOGIES = "apologies", N_("Apologies")
    LEFT_EARLY = "left-early", N_("Left early")


class OutcomeKind(_Labelled):
    """What an agenda item produced."""

    INFORMATION = "information", N_("Information")
    DECISION = "decision", N_("Decision")
    ACTION = "action", N_("Action")


class ActionStatus(_Labelled):
    """An action is carried forward while it is open or in progress."""

    OPEN = "open", N_("Open")
    IN_PROGRESS = "in-progress", N_("In progress")
    DONE = "done", N_("Done")
    CANCELLED = "cancelled", N_("Cancelled")

    @property
    def is_open(self) -> bool:
        """Still to be done, so carried forward to the next meeting."""
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class TimelineKind(_Labelled):
    """What an append-only timeline event records about an issue."""

    RAISED = "raised", N_("Raised")
    STAGE_MOVED = "stage-moved", N_("Stage moved")
    STATUS_CHANGED = "status-changed", N_("Status changed")
    COMMENT = "comment", N_("Comment")
    RESPONSE = "response", N_("Response to residents")
    DISCUSSED = "discussed", N_("Discussed at meeting")


class EngagementKind(_Labelled):
    """A participation activity other than a forum's own meetings (docs/engagements.md)."""

    PETITION = "petition", N_("Petition")
    CONSULTATION = "consultation", N_("Consultation")
    SCRUTINY = "scrutiny", N_("Scrutiny co-option")
    JURY = "jury", N_("Policy jury")
    BALLOT = "ballot", N_("Referendum or ballot")
    DELIBERATION = "deliberation", N_("Online deliberation")

    @property
    def mechanism(self) -> Mechanism:
        """The mechanism an issue raised through this kind of engagement is tagged with."""
        return _KIND_MECHANISMS[self]

    @property
    def usual_stages(self) -> tuple[PolicyStage, ...]:
        """The stages of the policy cycle this kind of activity usually serves."""
        return _KIND_STAGES[self]

    @property
    def code(self) -> str:
        """Three letters in the engagement's reference: ``NTH-PET-7F3A``."""
        return _KIND_CODES[self]


_KIND_MECHANISMS = {
    EngagementKind.PETITION: Mechanism.PETITION,
    EngagementKind.CONSULTATION: Mechanism.CONSULTATION,
    EngagementKind.SCRUTINY: Mechanism.SCRUTINY_CO_OPTION,
    EngagementKind.JURY: Mechanism.POLICY_JURY,
    EngagementKind.BALLOT: Mechanism.REFERENDUM,
    EngagementKind.DELIBERATION: Mechanism.ONLINE_DELIBERATION,
}
_KIND_STAGES = {
    EngagementKind.PETITION: (PolicyStage.CO_DEFINITION,),
    EngagementKind.CONSULTATION: (PolicyStage.CO_FORMULATION,),
    EngagementKind.SCRUTINY: (PolicyStage.CO_FORMULATION, PolicyStage.CO_EVALUATION),
    EngagementKind.JURY: (PolicyStage.CO_DECISION,),
    EngagementKind.BALLOT: (PolicyStage.CO_DECISION,),
    EngagementKind.DELIBERATION: (PolicyStage.CO_DECISION,),
}
_KIND_CODES = {
    EngagementKind.PETITION: "PET",
    EngagementKind.CONSULTATION: "CON",
    EngagementKind.SCRUTINY: "SCR",
    EngagementKind.JURY: "JRY",
    EngagementKind.BALLOT: "BAL",
    EngagementKind.DELIBERATION: "ONL",
}


class EngagementStatus(_Labelled):
    """An engagement is planned, then open, then closed, then reported on."""

    PLANNED = "planned", N_("Planned")
    OPEN = "open", N_("Open")
    CLOSED = "closed", N_("Closed")
    REPORTED = "reported", N_("Reported")
    WITHDRAWN = "withdrawn", N_("Withdrawn")


class LinkRole(_Labelled):
    """How an issue is tied to an engagement."""

    CONCERNS = "concerns", N_("Concerns")
    RAISED = "raised", N_("Raised by it")
    SUPPORTED = "supported", N_("Supported by it")
    RECOMMENDATION = "recommendation", N_("Recommendation")
    RESULT = "result", N_("Decided by it")


class ParticipantRole(_Labelled):
    """Why a person takes part in an engagement."""

    LEAD_PETITIONER = "lead-petitioner", N_("Lead petitioner")
    CO_OPTED = "co-opted", N_("Co-opted member")
    VOLUNTEER = "volunteer", N_("Volunteer")
    JUROR = "juror", N_("Juror")
    WITNESS = "witness", N_("Witness")
    OTHER = "other", N_("Other")

    @property
    def is_public(self) -> bool:
        """A witness gives evidence in public and is named without asking (as a
        councillor at a meeting is); anyone else's name needs their consent."""
        return self is ParticipantRole.WITNESS


class CountKind(_Labelled):
    """What one entered count is."""

    SHEET = "sheet", N_("Paper signature sheet")
    ONLINE = "online", N_("Online signatures")
    RESPONSES = "responses", N_("Consultation responses")
    BALLOTS = "ballots", N_("Ballots for an option")
    SPOILT = "spoilt", N_("Spoilt ballots")


class Channel(_Labelled):
    """How a consultation response reached the council."""

    MEETING = "meeting", N_("At a meeting")
    PAPER = "paper", N_("On paper")
    ONLINE = "online", N_("Online")


class BallotRule(_Labelled):
    """How a ballot's result is decided."""

    SIMPLE_MAJORITY = "simple-majority", N_("Simple majority")
    THRESHOLD = "threshold", N_("Threshold")


class OfferKind(_Labelled):
    """What a resident offers towards putting something into practice."""

    TIME = "time", N_("Time")
    SKILLS = "skills", N_("Skills")
    KNOWLEDGE = "knowledge", N_("Local knowledge")
    EQUIPMENT = "equipment", N_("Equipment")
    MONEY = "money", N_("Money")


class OfferStatus(_Labelled):
    """An offer is made, matched to an action or issue, delivered, or withdrawn."""

    OFFERED = "offered", N_("Offered")
    MATCHED = "matched", N_("Matched")
    DELIVERED = "delivered", N_("Delivered")
    WITHDRAWN = "withdrawn", N_("Withdrawn")


class DecisionMethod(_Labelled):
    """How a co-decision was decided: with residents, or for them."""

    CONSENSUS = "consensus", N_("Consensus")
    SHOW_OF_HANDS = "show-of-hands", N_("Show of hands")
    BALLOT = "ballot", N_("Ballot")
    JURY = "jury", N_("Jury recommendation")
    DELEGATED = "delegated", N_("Officer decision under delegation")

    @property
    def with_residents(self) -> bool:
        """Decided with residents (every method but an officer's delegated decision)."""
        return self is not DecisionMethod.DELEGATED
