"""The demo's scrutiny review: sample data typed as an officer would, not interface text
(each line says so for the text seam's check)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy.orm import Session

from forumdesk.core.engagements import base, scrutiny
from forumdesk.domain.enums import EngagementKind

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
        "term_to": date(2026, 10, 31),
        "interests": "None declared.",  # i18n: not text
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
MADE_ON = date(2026, 7, 28)


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
    )
    for member in MEMBERS:
        scrutiny.coopt(session, made.id, term_from=date(2026, 5, 1), **member)  # type: ignore[arg-type]
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
