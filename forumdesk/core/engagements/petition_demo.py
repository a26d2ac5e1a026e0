"""The demo's petition: a Brixton Hill petition past its threshold for a response."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core.engagements import base, petition
from forumdesk.db.models import Issue
from forumdesk.domain.enums import EngagementStatus, LinkRole, PolicyStage

#: The demo is English data, like the rest of the demo (core/demo.py).
WORDING = (
    "We, the undersigned, ask the council to put a signal-controlled crossing on "  # i18n: not text
    "New Park Road outside the primary school, and a 20 mph limit at school times."
)
LEAD = "Amira Hassan"  # i18n: not text

#: Paper sheets as the forum's volunteers handed them in: (sheet, signatures, day).
SHEETS = (
    (1, 20, date(2026, 6, 13)),
    (2, 20, date(2026, 6, 13)),
    (3, 17, date(2026, 6, 20)),
    (4, 19, date(2026, 6, 20)),
    (5, 12, date(2026, 6, 27)),
    (6, 20, date(2026, 7, 4)),
    (7, 14, date(2026, 7, 4)),
    (8, 18, date(2026, 7, 18)),
    (9, 20, date(2026, 7, 25)),
    (10, 9, date(2026, 8, 8)),
    (11, 16, date(2026, 8, 22)),
    (12, 20, date(2026, 9, 5)),
    (13, 11, date(2026, 9, 5)),
)  # 216 on paper
#: Online totals from the council's e-petition site, as each was entered.
ONLINE = ((date(2026, 7, 1), 96), (date(2026, 8, 1), 187), (date(2026, 9, 1), 264))
#: The total that takes the petition past 500 (216 on paper + 291 online = 507).
CROSSING = (date(2026, 9, 12), 291)


def add(session: Session) -> None:
    """Adds the petition, its lead petitioner, sheets and online totals; the last total
    crosses the threshold for a response and starts the response clock. The demo's forum
    has no meeting planned after it (its last meeting is in progress), so the petition is
    on no agenda yet: the facilitator is told to plan one."""
    made = base.add_engagement(
        session,
        "petition",
        forum="BHF",
        title="A safe crossing on New Park Road by the school",  # i18n: not text (demo data)
        wording=WORDING,
        opens=date(2026, 6, 1),
        closes=date(2026, 9, 30),
        threshold_response=500,
        threshold_debate=1500,
        response_days=56,
    )
    base.set_status(session, made.id, EngagementStatus.OPEN)
    petition.add_lead_petitioner(session, made.id, name=LEAD, consent_named=True)
    speeding = session.scalars(
        select(Issue.reference).where(Issue.title.like("Speeding on New Park Road%"))
    ).first()
    if speeding is not None:
        base.link_issue(session, made.id, speeding, PolicyStage.CO_DEFINITION, LinkRole.SUPPORTED)
    entries: list[tuple[date, int | None, int | None, int | None]]
    entries = [(day, sheet, count, None) for sheet, count, day in SHEETS]
    entries += [(day, None, None, total) for day, total in (*ONLINE, CROSSING)]
    for day, sheet, count, total in sorted(entries, key=lambda e: e[0]):
        if sheet is not None and count is not None:  # a paper sheet
            petition.enter_sheet(session, made.id, sheet, count, today=day)
        elif total is not None:  # the online total
            petition.set_online(session, made.id, total, today=day)
    base.set_status(session, made.id, EngagementStatus.CLOSED)  # it closed on 30 September
