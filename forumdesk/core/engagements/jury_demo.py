"""The demo's policy jury: 30 volunteers of Brixton Hill's wards, a draw of 12 by ward with
its seed and two witnesses, two sessions with evidence, and two recommendations."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from forumdesk.core import issues, meetings, sync
from forumdesk.core.engagements import base, jury, jury_sessions
from forumdesk.db.models import Draw, Issue, TimelineEvent
from forumdesk.domain.enums import TimelineKind

WARDS = ("Brixton Hill", "Tulse Hill", "St Martin's")
AGE_BANDS = ("18-29", "30-44", "45-64", "65+")
#: Thirty volunteers: (name given with consent, or None; ward; age band).
VOLUNTEERS = (
    ("Maureen O'Brien", 0, 3),
    ("Kwame Mensah", 0, 1),
    ("Zofia Nowak", 1, 1),
    ("Li Wei", 2, 0),
    ("Amira Hassan", 1, 2),
    ("Joseph Adebayo", 0, 2),
    (None, 0, 0),
    ("Rosa Fernandes", 1, 0),
    ("Callum Reid", 2, 2),
    (None, 1, 3),
    ("Esther Mwangi", 0, 3),
    ("Tomasz Kowalski", 2, 1),
    ("Bernadette Walsh", 0, 2),
    (None, 2, 3),
    ("Yusuf Ali", 1, 1),
    ("Grace Thompson", 0, 0),
    ("Niamh Byrne", 1, 2),
    (None, 0, 1),
    ("Samuel Osei", 2, 0),
    ("Hannah Cohen", 1, 3),
    ("Marcus Bailey", 0, 1),
    (None, 2, 2),
    ("Fatima Begum", 1, 0),
    ("Daniel Okoro", 0, 2),
    ("Irene Papadopoulos", 2, 3),
    (None, 1, 1),
    ("Leon Clarke", 0, 0),
    ("Margaret Hughes", 1, 2),
    ("Ade Bankole", 0, 3),
    ("Chloe Martin", 2, 1),
)
SEED = "BHF jury 2026-06-02"
DRAW_WITNESSES = ("Revd Ruth Mensah", "Dr Alan Price (Lambeth Council)")


def add(session: Session) -> None:
    """Adds the jury to BHF (the demo's forums are made first)."""
    made = base.add_engagement(
        session,
        "jury",
        forum="BHF",
        title="Residents' jury on low-traffic streets",
        wording=(
            "How should the streets around Brixton Hill be shared between people walking, "
            "cycling, driving and waiting for buses?"
        ),
        opens=date(2026, 5, 18),
        closes=date(2026, 7, 11),
        response_days=56,
    )
    for name, ward, band in VOLUNTEERS:
        jury.add_volunteer(
            session,
            made.id,
            name=name,
            consent_named=name is not None,
            ward=WARDS[ward],
            age_band=AGE_BANDS[band],
        )
    drawn = jury.draw(session, made.id, size=12, by=("ward",), seed=SEED, witnesses=DRAW_WITNESSES)
    # Drawn at the forum's June meeting, not on the day the demo is made.
    sync.apply(
        session,
        session.get_one(Draw, drawn.id),
        {"drawn_at": datetime(2026, 6, 2, 18, 30, tzinfo=UTC)},
    )
    first = jury_sessions.add_session(
        session,
        made.id,
        day=date(2026, 6, 20),
        title="Jury session 1: the evidence",
        venue="Brixton Library",
    )
    jury_sessions.add_witness(
        session,
        made.id,
        "Sgt Helen Moss",
        meeting=first.id,
        evidence="Collisions and near misses on Brixton Hill, 2023-2026",
    )
    jury_sessions.add_witness(
        session,
        made.id,
        "Priya Raman (London Cycling Campaign)",
        meeting=first.id,
        evidence="What low-traffic streets changed elsewhere in Lambeth",
    )
    second = jury_sessions.add_session(
        session,
        made.id,
        day=date(2026, 7, 11),
        title="Jury session 2: recommendations",
        venue="St Saviour's Church Hall",
    )
    for held in (first, second):
        meetings.set_meeting_status(session, held.id, "closed")
    school = jury_sessions.recommend(
        session,
        made.id,
        "School streets on Josephine Avenue and New Park Road",
        description="Close both streets to through traffic at the start and end of the school day.",
        meeting=second.id,
        today=date(2026, 7, 11),
    )
    bus_gate = jury_sessions.recommend(
        session,
        made.id,
        "Bus gate on Brixton Hill at peak hours",
        description="A bus gate southbound 7-10am, with a review after twelve months.",
        meeting=second.id,
        today=date(2026, 7, 11),
    )
    issues.respond(
        session,
        school.id,
        "Cabinet agreed both school streets from January 2027; signs go up in December.",
        author="Daniel Reed",
    )
    _dated(session, school.id, datetime(2026, 7, 11, 20, 30, tzinfo=UTC), RESPONDED)
    _dated(session, bus_gate.id, datetime(2026, 7, 11, 20, 32, tzinfo=UTC), None)
    base.set_status(session, made.id, "reported")


#: When the council answered the school streets recommendation.
RESPONDED = datetime(2026, 8, 27, 10, 0, tzinfo=UTC)


def _dated(session: Session, issue_id: int, made: datetime, answered: datetime | None) -> None:
    """Dates a recommendation as the jury made it at its last session, and its answer, like
    the rest of the demo (made today otherwise)."""
    session.flush()
    session.execute(
        update(Issue).where(Issue.id == issue_id).values(created_at=made, stage_since=made)
    )
    events = TimelineEvent.issue_id == issue_id
    session.execute(
        update(TimelineEvent)
        .where(events, TimelineEvent.kind != TimelineKind.RESPONSE)
        .values(at=made)
    )
    if answered is not None:
        session.execute(
            update(TimelineEvent)
            .where(events, TimelineEvent.kind == TimelineKind.RESPONSE)
            .values(at=answered)
        )
