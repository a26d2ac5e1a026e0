"""A petition's signatures and thresholds as plain records (docs/engagements.md, Petitions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The two thresholds a council's petition scheme sets.
RESPONSE = "response"  # i18n: not text
DEBATE = "debate"  # i18n: not text


@dataclass(frozen=True)
class Sheet:
    """One paper signature sheet as entered."""

    number: int
    count: int
    entered_on: date | None


@dataclass(frozen=True)
class Crossing:
    """A threshold the petition reached, and what was done about it."""

    threshold: str  # RESPONSE or DEBATE
    signatures: int  # the threshold itself
    total: int  # the petition's total when it was reached
    reached_on: date
    meeting_id: int | None  # the meeting the item was added to (None: no planned meeting)
    item_id: int | None


@dataclass(frozen=True)
class Signatures:
    """A petition's signatures: on paper sheets, online, in all, and the thresholds reached."""

    paper: int
    sheets: tuple[Sheet, ...]
    online: int
    online_on: date | None  # when the online total was last entered
    threshold_response: int | None
    threshold_debate: int | None
    response_due: date | None
    crossings: tuple[Crossing, ...]

    @property
    def total(self) -> int:
        """Paper and online signatures together."""
        return self.paper + self.online

    def reached(self, threshold: str) -> Crossing | None:
        """The crossing of ``threshold`` (RESPONSE or DEBATE), None while not reached."""
        return next((c for c in self.crossings if c.threshold == threshold), None)


@dataclass(frozen=True)
class SignatureChange:
    """What one entry of signatures did: the figures after it, any threshold it crossed,
    and sentences saying so (for the command line and the window)."""

    signatures: Signatures
    crossed: tuple[Crossing, ...]
    messages: tuple[str, ...]

    def text(self) -> str:
        """The sentences as one paragraph."""
        return " ".join(self.messages)
