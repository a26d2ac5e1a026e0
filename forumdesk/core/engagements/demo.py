"""The demo's engagements: one of each kind, with realistic numbers, and residents' offers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forumdesk.core.engagements import (
    ballot,
    consultation,
    deliberation,
    jury,
    offers,
    petition,
    scrutiny,
)


def add_demo(session: Session) -> None:
    """Adds one engagement of each kind to the demo's forums (BHF and its Welsh forum)."""
    for kind in (petition, consultation, scrutiny, jury, ballot, deliberation, offers):
        kind.add_demo(session)
