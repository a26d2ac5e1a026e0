"""The co-production audit as plain data: where the forums co-produce, and where not yet.

Built by ``forumdesk.core.coverage``; the dashboard, the PDF and the command line show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from forumdesk.domain.enums import EngagementKind, Mechanism, MeetingFormat, PolicyStage, _Labelled
from forumdesk.i18n import N_


class OtherActivity(_Labelled):
    """An activity of the audit's grid that is neither a meeting nor an engagement."""

    OFFERS = "offers", N_("Residents' offers")


@dataclass(frozen=True)
class CoverageCell:
    """One stage of one mechanism or meeting format: what happened there.

    ``usual`` says the row's format (or activity) usually serves the stage (always False
    for a mechanism row); a usual cell with nothing in it is a gap. ``engagements``, in an
    activity's row only: the engagements of its kind linked to an issue at the stage (the
    offers made, in the offers row).
    """

    engagements: int = 0
    issues: int = 0
    meetings: int = 0
    residents: int = 0  # residents present at the cell's meetings (one per sign-in)
    usual: bool = False

    @property
    def empty(self) -> bool:
        """No issue, no meeting and no engagement landed here."""
        return self.issues == 0 and self.meetings == 0 and self.engagements == 0

    @property
    def gap(self) -> bool:
        """A stage the format usually serves, with nothing in it."""
        return self.usual and self.empty


@dataclass(frozen=True)
class CoverageRow:
    """A mechanism, a meeting format or an activity (an engagement's kind, residents'
    offers), with one cell per stage (in the cycle's order)."""

    subject: Mechanism | MeetingFormat | EngagementKind | OtherActivity
    cells: tuple[CoverageCell, ...]

    @property
    def is_format(self) -> bool:
        """A meeting format's row (else a participation mechanism's)."""
        return isinstance(self.subject, MeetingFormat)

    @property
    def is_activity(self) -> bool:
        """An engagement kind's row, or residents' offers."""
        return isinstance(self.subject, (EngagementKind, OtherActivity))

    @property
    def used(self) -> bool:
        """Something landed in one of its cells."""
        return any(not c.empty for c in self.cells)

    def cell(self, stage: PolicyStage) -> CoverageCell:
        """The cell of one stage."""
        return self.cells[stage.number - 1]


@dataclass(frozen=True)
class MonthFlow:
    """Responses given to residents and issues resolved in one month (its first day)."""

    month: date
    responses: int
    resolved: int


@dataclass(frozen=True)
class Coverage:
    """The audit of one period and forum (None: from the start, to today, all forums)."""

    start: date | None
    end: date | None
    forum_code: str | None
    forum_name: str | None
    today: date
    issues: int  # raised in the period
    meetings: int  # held in the period
    residents: int  # residents present at those meetings (one per sign-in)
    mechanism_rows: tuple[CoverageRow, ...] = ()
    format_rows: tuple[CoverageRow, ...] = ()
    issues_by_stage: dict[PolicyStage, int] = field(default_factory=dict)
    #: Median days an issue spent in each stage (None: no issue was in it).
    median_days: dict[PolicyStage, float | None] = field(default_factory=dict)
    #: (ward, issues raised), most first; ward None: no ward recorded.
    issues_by_ward: tuple[tuple[str | None, int], ...] = ()
    flow: tuple[MonthFlow, ...] = ()
    #: Issues whose loop closed (a response given) within 90 days of being raised, and how
    #: many issues could have: those raised 90 days or more before today, or answered.
    closed_in_time: int = 0
    closable: int = 0
    #: One row per kind of engagement, then residents' offers (see core.coverage).
    activity_rows: tuple[CoverageRow, ...] = ()
    #: Co-decisions in the period by how they were decided: with residents (consensus, a
    #: show of hands, a ballot, a jury), for them (an officer under delegation), and those
    #: whose method was not recorded.
    decided_with: int = 0
    decided_for: int = 0
    decided_unrecorded: int = 0

    @property
    def rows(self) -> tuple[CoverageRow, ...]:
        """Mechanisms first, then engagements and offers, then meeting formats."""
        return self.mechanism_rows + self.activity_rows + self.format_rows

    @property
    def gaps(self) -> tuple[tuple[MeetingFormat, PolicyStage], ...]:
        """Every (format, stage) usually served that had nothing in the period."""
        return tuple(
            (row.subject, stage)  # type: ignore[misc]  # a format row's subject is a MeetingFormat
            for row in self.format_rows
            for stage in PolicyStage
            if row.cell(stage).gap
        )


@dataclass(frozen=True)
class Chart:
    """A bar chart's data: categories along the bottom, one bar per series in each.

    The window paints it and the PDF draws it from the same value; ``description`` is
    what a screen reader says of it.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    description: str = ""
