"""The demo's scrutiny review: sample data typed as an officer would, not interface text
(each line says so for the text seam's check)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core.engagements import base, scrutiny
from forumdesk.db import stage_clock
from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.enums import EngagementKind, EngagementStatus, TimelineKind

REMIT = (
    "To review how quickly council tenants' repairs are done, how residents are "  # i18n: not text
    "kept informed, and what would make repairs right first time."
)
MEMBERS = (
    {
        "name": "Marcia Clarke",  # i18n: not text
        "consent_named": True,
        "voting": True,
        "term_to": date(2027, 4, 30),
        "interests": "Council tenant on the Tulse Hill estate; chair of its "  # i18n: not text
        "tenants' association.",
        "ward": "Tulse Hill",  # i18n: not text
    },
    {
        "voting": False,
        "term_to": date(2026, 10, 31),  # not named, so no register of interests is kept
        "ward": "Brixton Hill",  # i18n: not text
    },
)
SESSIONS = (
    (
        date(2026, 6, 9),
        "Evidence from tenants",  # i18n: not text
        "Tulse Hill Estate Community Room",  # i18n: not text
    ),
    (
        date(2026, 7, 14),
        "Evidence from the repairs contractor and officers",  # i18n: not text
        "Lambeth Town Hall, Committee Room 2",  # i18n: not text
    ),
)
RECOMMENDATIONS = (
    (
        "Book every repair with a time slot and text the tenant the day before",  # i18n: not text
        "co-formulation",
    ),
    (
        "Publish repair times by estate every quarter",  # i18n: not text
        "co-formulation",
    ),
    (
        "Ask tenants a year on whether the new repairs contract works",  # i18n: not text
        "co-evaluation",
    ),
)
ANSWER = (
    "Agreed: from January every repair is booked with a morning or "  # i18n: not text
    "afternoon slot and a text reminder the day before."
)
#: Made at the second evidence session; the executive answered the first on the day its
#: response was due (two months later), the others are still awaited.
MADE_ON = date(2026, 7, 14)
ANSWERED_AT = datetime(2026, 9, 14, 11, 0, tzinfo=UTC)


def add(session: Session) -> None:
    """Adds the review to the Brixton Hill forum (see ``scrutiny.add_demo``)."""
    made = base.add_engagement(
        session,
        EngagementKind.SCRUTINY,
        forum="BHF",
        title="Housing repairs",  # i18n: not text
        committee="Housing Scrutiny Sub-Committee",  # i18n: not text
        wording=REMIT,
        opens=date(2026, 5, 1),
        closes=date(2026, 10, 31),
        status=EngagementStatus.CLOSED,  # the review reported in October
    )
    for member in MEMBERS:
        scrutiny.coopt(session, made.id, term_from=date(2026, 5, 1), **member)  # type: ignore[arg-type]  # coopt's keywords
    for day, title, venue in SESSIONS:
        scrutiny.add_session(
            session, made.id, day, title=title, venue=venue, start_time=time(18, 30)
        )
    refs = [
        scrutiny.recommend(session, made.id, title=title, stage=stage, made_on=MADE_ON).reference
        for title, stage in RECOMMENDATIONS
    ]
    scrutiny.respond(
        session,
        made.id,
        refs[0],
        ANSWER,
        author="Cabinet Member for Housing",  # i18n: not text
    )
    _date(session, refs)


def _date(session: Session, refs: list[str]) -> None:
    """Dates the recommendations as the rest of the demo is dated: made at the evening
    session, two minutes apart, and the answer on the day it was due (the services
    stamped them with today)."""
    session.flush()
    rows = list(session.scalars(select(Issue).where(Issue.reference.in_(refs))))
    made = datetime.combine(MADE_ON, time(20, 0), tzinfo=UTC)
    for position, issue in enumerate(sorted(rows, key=lambda row: row.reference)):
        moment = made + timedelta(minutes=2 * position)
        for event in session.scalars(
            select(TimelineEvent).where(TimelineEvent.issue_id == issue.id)
        ):
            at = ANSWERED_AT if event.kind is TimelineKind.RESPONSE else moment
            event.at = event.created_at = event.updated_at = at
        issue.created_at = moment
        issue.updated_at = ANSWERED_AT if issue.reference == refs[0] else moment
    session.flush()
    stage_clock.recompute(session, [row.id for row in rows])
