"""Closed vocabularies: policy stages, meeting formats, statuses and roles.

Every enum is a ``StrEnum`` whose value is what the database and the exchange
file store, so a value never changes once released; ``label`` is what people read.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A StrEnum whose members carry a human label."""

    label: str

    def __new__(cls, value: str, label: str) -> _Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def parse(cls, text: str) -> _Labelled:
        """Finds a member by value, name or label, ignoring case, spaces and underscores.

        Raises:
            ValueError: naming the accepted values.
        """
        wanted = _fold(text)
        for member in cls:
            if wanted in (_fold(member.value), _fold(member.name), _fold(member.label)):
                return member
        choices = ", ".join(m.value for m in cls)
        raise ValueError(f"{text!r} is not one of: {choices}")


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class PolicyStage(_Labelled):
    """The five stages of the co-productive policy cycle, in order."""

    CO_DEFINITION = "co-definition", "Co-definition of problems"
    CO_FORMULATION = "co-formulation", "Co-formulation of options"
    CO_DECISION = "co-decision", "Co-decision making"
    CO_IMPLEMENTATION = "co-implementation", "Co-implementation"
    CO_EVALUATION = "co-evaluation", "Co-evaluation"

    @property
    def number(self) -> int:
        """1 to 5, the stage's place in the cycle."""
        return _STAGE_NUMBERS[self]

    @property
    def short(self) -> str:
        """The stage's name alone, for narrow columns: "Co-decision"."""
        return self.value.capitalize()

    @classmethod
    def parse(cls, text: str) -> PolicyStage:
        """Accepts a value, a label or the stage number 1-5."""
        stripped = text.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(cls):
            return list(cls)[int(stripped) - 1]
        return super().parse(text)  # type: ignore[return-value]


_STAGE_NUMBERS = {stage: number for number, stage in enumerate(PolicyStage, start=1)}


class MeetingFormat(_Labelled):
    """Kinds of gathering a forum holds; each usually serves some policy stages."""

    AREA_FORUM = "area-forum", "Area forum meeting"
    COMMUNITY_CONFERENCE = "community-conference", "Community conference"
    PETITION_HEARING = "petition-hearing", "Petition hearing"
    CONSULTATION_WORKSHOP = "consultation-workshop", "Consultation workshop"
    POLICY_JURY = "policy-jury", "Policy jury"
    REFERENDUM = "referendum", "Referendum or ballot"
    ONLINE_DELIBERATION = "online-deliberation", "Online deliberation"
    SCRUTINY_SESSION = "scrutiny-session", "Scrutiny session"
    OTHER = "other", "Other"

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

    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    CLOSED = "closed", "Closed"


class IssueStatus(_Labelled):
    """Where an issue stands, independent of its policy stage."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in-progress", "In progress"
    REFERRED = "referred", "Referred"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @property
    def is_active(self) -> bool:
        """Open, in progress or referred: still being worked on."""
        return self in (IssueStatus.OPEN, IssueStatus.IN_PROGRESS, IssueStatus.REFERRED)


class Mechanism(_Labelled):
    """The participation mechanism through which an issue reached the council."""

    AREA_FORUM = "area-forum", "Area forum"
    COMMUNITY_CONFERENCE = "community-conference", "Community conference"
    PETITION = "petition", "Petition"
    CONSULTATION = "consultation", "Community or user consultation"
    SCRUTINY_CO_OPTION = "scrutiny-co-option", "Co-option onto scrutiny"
    POLICY_JURY = "policy-jury", "Policy jury"
    REFERENDUM = "referendum", "Referendum or ballot"
    ONLINE_DELIBERATION = "online-deliberation", "Online deliberation"
    CO_PRODUCTION = "co-production", "Co-production of services"
    VOLUNTEERING = "volunteering", "Volunteering"
    FEEDBACK_SURVEY = "feedback-survey", "Feedback survey"
    OTHER = "other", "Other"


class AttendanceRole(_Labelled):
    """Why a person was at a meeting."""

    RESIDENT = "resident", "Resident"
    COUNCILLOR = "councillor", "Councillor"
    OFFICER = "officer", "Officer"
    PARTNER = "partner", "Partner"
    OTHER = "other", "Other"

    @property
    def is_public(self) -> bool:
        """Councillors, officers and partners attend in a public capacity: they are named
        without asking. A resident's (or other person's) name needs their consent."""
        return self in (AttendanceRole.COUNCILLOR, AttendanceRole.OFFICER, AttendanceRole.PARTNER)


class Presence(_Labelled):
    """Whether a person attended."""

    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    LEFT_EARLY = "left-early", "Left early"


class OutcomeKind(_Labelled):
    """What an agenda item produced."""

    INFORMATION = "information", "Information"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"


class ActionStatus(_Labelled):
    """An action is carried forward while it is open or in progress."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"

    @property
    def is_open(self) -> bool:
        """Still to be done, so carried forward to the next meeting."""
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class TimelineKind(_Labelled):
    """What an append-only timeline event records about an issue."""

    RAISED = "raised", "Raised"
    STAGE_MOVED = "stage-moved", "Stage moved"
    STATUS_CHANGED = "status-changed", "Status changed"
    COMMENT = "comment", "Comment"
    RESPONSE = "response", "Response to residents"
    DISCUSSED = "discussed", "Discussed at meeting"
