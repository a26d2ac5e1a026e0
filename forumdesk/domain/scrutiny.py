"""A scrutiny review's recommendations as plain frozen records (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forumdesk.domain.enums import PolicyStage


@dataclass(frozen=True)
class Recommendation:
    """One recommendation of a review: an issue, and where the executive's response stands.

    ``awaiting`` and ``overdue`` come from the one rule of ``forumdesk.core.report_back``.
    """

    issue_id: int
    reference: str
    title: str
    forum_code: str
    stage: PolicyStage
    response_due: date | None
    responded_on: date | None
    response: str | None
    awaiting: bool
    overdue: bool
