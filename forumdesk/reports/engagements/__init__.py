"""Each engagement's report as a council would publish it: a petition response, a
consultation summary, a scrutiny review's recommendations and responses, a jury report, a
ballot result, an online deliberation's contributions and what came of them.

Each kind's module (``forumdesk.reports.engagements.<kind>``) defines ``pdf(session,
row, today) -> bytes``; :func:`report_pdf` picks it by the engagement's kind.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module

from sqlalchemy.orm import Session

from forumdesk.core.engagements import base


def report_pdf(session: Session, ref: str | int, today: date) -> bytes:
    """The published report of the engagement ``ref`` (id or reference), as PDF bytes.

    Raises:
        NotFound: no such engagement.
    """
    row = base.engagement(session, ref)
    module = import_module(f"forumdesk.reports.engagements.{row.kind.value}")
    return bytes(module.pdf(session, row, today))
