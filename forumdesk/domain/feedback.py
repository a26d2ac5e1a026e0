"""Report-back ("you said, we did") as plain frozen records: what residents raised at a
forum, what the council said back and when, and what still awaits a response."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forumdesk.domain.enums import IssueStatus, PolicyStage


@dataclass(frozen=True)
class ResponseGiven:
    """One response to residents, as its timeline event records it."""

    at: datetime  # UTC, as stored
    text: str
    author: str | None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True)
class ResponseStanding:
    """Where an issue stands with residents: its latest response and whether one is awaited.

    ``awaiting`` and ``overdue`` come from the one rule of ``forumdesk.core.report_back``.
    """

    issue_id: int
    last: ResponseGiven | None
    response_due: date | None
    awaiting: bool
    overdue: bool


@dataclass(frozen=True)
class FeedbackItem:
    """An issue raised at the forum in the period, with what the council did about it.

    ``waiting_since`` and ``days_waited`` are set when a response is awaited: counted from
    the day it was raised, or from the day of the last response when a further one is due.
    """

    issue_id: int
    reference: str
    title: str
    description: str | None
    ward: str | None
    place: str | None
    raised_on: date
    stage: PolicyStage
    status: IssueStatus
    responses: tuple[ResponseGiven, ...]  # oldest first, the newest last
    response_due: date | None
    awaiting: bool
    overdue: bool
    waiting_since: date | None
    days_waited: int | None

    @property
    def further_awaited(self) -> bool:
        """A response was given and a further one is due."""
        return self.awaiting and bool(self.responses)


@dataclass(frozen=True)
class FeedbackReport:
    """The report-back of one forum over a period (either end open when not given)."""

    forum_code: str
    forum_name: str
    start: date | None
    end: date | None
    today: date
    meetings: int  # meetings of the forum held in the period
    items: tuple[FeedbackItem, ...]  # in the order raised

    @property
    def awaiting(self) -> tuple[FeedbackItem, ...]:
        """The issues still awaiting a response: the overdue first, each the longest wait first."""
        waiting = [i for i in self.items if i.awaiting]
        return tuple(
            sorted(waiting, key=lambda i: (not i.overdue, -(i.days_waited or 0), i.reference))
        )

    @property
    def raised(self) -> int:
        return len(self.items)

    @property
    def responded(self) -> int:
        """Issues with at least one response."""
        return sum(1 for i in self.items if i.responses)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)
