"""Engagements of every kind on one desk, built by hand for the exchange tests.

Rows the kinds' own services will make (counts, draws, contributions, offers) are made
directly here, stamped with ``sync.created`` as every travelling record is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import sync
from forumdesk.core.engagements import base
from forumdesk.db.base import utcnow
from forumdesk.db.models import (
    Contribution,
    Draw,
    EngagementCount,
    Issue,
    Offer,
    Participant,
)
from forumdesk.domain.enums import Channel, CountKind, OfferKind

RESIDENT = "Aled Jones"
RESIDENT_CONTACT = "aled@example.org"


def add(session: Session, row: Any) -> Any:
    """A new travelling row, versioned by this desk."""
    sync.created(session, row)
    session.add(row)
    session.flush()
    return row


def count(session: Session, engagement_id: int, kind: CountKind, key: str, n: int, **more: Any):
    return add(
        session,
        EngagementCount(engagement_id=engagement_id, kind=kind, key=key, count=n, **more),
    )


def first_issue(session: Session, forum_code: str) -> Issue:
    from forumdesk.db.models import Forum

    return session.scalars(
        select(Issue).join(Forum).where(Forum.code == forum_code).order_by(Issue.id)
    ).first()


def fill(session: Session, forum: str | None = "BHF") -> dict[str, int]:
    """One engagement of every kind (ids by kind), with what hangs under each, and an offer."""
    made: dict[str, int] = {}
    issue = first_issue(session, forum or "BHF")
    pet = base.add_engagement(
        session, "petition", forum=forum, title="Keep the lido open", threshold_response=50
    )
    made["petition"] = pet.id
    for sheet in (1, 2, 3):
        count(session, pet.id, CountKind.SHEET, str(sheet), 20 + sheet, entered_on=date(2026, 5, 1))
    count(session, pet.id, CountKind.ONLINE, "", 140)
    base.add_participant(
        session,
        pet.id,
        "lead-petitioner",
        name=RESIDENT,
        contact=RESIDENT_CONTACT,
        consent_named=True,
        consent_contact=True,
    )
    base.link_issue(session, pet.id, issue.id, "co-definition", "raised")
    con = base.add_engagement(
        session, "consultation", forum=forum, title="Parking zones", questions=["Which streets?"]
    )
    made["consultation"] = con.id
    for channel, n in ((Channel.PAPER, 12), (Channel.ONLINE, 30)):
        count(session, con.id, CountKind.RESPONSES, channel.value, n, channel=channel)
    scr = base.add_engagement(
        session, "scrutiny", forum=forum, title="Review of street lighting", committee="Scrutiny"
    )
    made["scrutiny"] = scr.id
    base.add_participant(
        session,
        scr.id,
        "co-opted",
        name="Bethan Morgan",
        consent_named=True,
        voting=True,
        term_from=date(2026, 1, 1),
        term_to=date(2026, 12, 31),
        interests="Governor of Hill Primary",
    )
    jury = base.add_engagement(session, "jury", forum=forum, title="Jury on the high street")
    made["jury"] = jury.id
    pool = [
        base.add_participant(session, jury.id, "volunteer", ward=ward, age_band="18-29")
        for ward in ("North", "South", "North")
    ]
    uuids = [session.get(Participant, p.id).uuid for p in pool]
    draw = add(
        session,
        Draw(
            engagement_id=jury.id,
            seed="council-2026",
            size=2,
            strata=["ward"],
            quotas={"North": 1, "South": 1},
            witnesses="Clerk and one councillor",
            drawn_at=utcnow(),
            pool=uuids,
            chosen=uuids[:2],
        ),
    )
    for p in pool[:2]:
        sync.apply(session, session.get(Participant, p.id), {"draw_id": draw.id})
    ballot = base.add_engagement(
        session, "ballot", forum=forum, title="Name the new square", options=["Yes", "No"]
    )
    made["ballot"] = ballot.id
    for box in ("Box 1", "Box 2"):
        count(session, ballot.id, CountKind.BALLOTS, box, 40, option="Yes")
        count(session, ballot.id, CountKind.BALLOTS, box, 25, option="No")
    count(session, ballot.id, CountKind.SPOILT, "Box 1", 2)
    delib = base.add_engagement(
        session, "deliberation", forum=forum, title="Ideas for the park", platform="Your Voice"
    )
    made["deliberation"] = delib.id
    add(
        session,
        Contribution(
            engagement_id=delib.id,
            external_id="yv-101",
            title="More benches",
            text="By the pond.",
            author="parkfan",
            supports=7,
            issue_id=issue.id,
        ),
    )
    offer = add(
        session,
        Offer(
            forum_id=issue.forum_id,
            kind=OfferKind.TIME,
            description="Two hours a week litter picking",
            name="Carys Evans",
            contact="07700 900123",
            consent_named=True,
            consent_contact=True,
            consent_named_at=utcnow(),
            consent_contact_at=utcnow(),
            engagement_id=delib.id,
            issue_id=issue.id,
            offered_on=date(2026, 5, 2),
        ),
    )
    made["offer"] = offer.id
    return made


def sheet(session: Session, engagement_id: int, key: str) -> EngagementCount:
    """The live count of one signature sheet of a petition."""
    return session.scalars(
        select(EngagementCount).where(
            EngagementCount.engagement_id == engagement_id,
            EngagementCount.kind == CountKind.SHEET,
            EngagementCount.key == key,
            EngagementCount.deleted_at.is_(None),
        )
    ).one()
