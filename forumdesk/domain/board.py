"""The policy-cycle board's records: a card per issue, a column per stage."""

from __future__ import annotations

from dataclasses import dataclass

from forumdesk.domain.enums import PolicyStage


@dataclass(frozen=True)
class BoardCard:
    """An issue as a card on the board shows it."""

    id: int
    reference: str
    title: str
    forum_code: str
    ward: str | None
    stage: PolicyStage
    days_in_stage: int | None  # None: when it entered the stage is not known
    overdue: bool  # its due date has passed and it is still being worked on
    response_overdue: bool  # residents were due a response before today and have none
    # The engagements it is linked to, as marks: "Petition BHF-PET-7F3A".
    engagements: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardColumn:
    """One stage's column: how many issues are in it, and one page of its cards."""

    stage: PolicyStage
    total: int
    cards: tuple[BoardCard, ...]
    offset: int
