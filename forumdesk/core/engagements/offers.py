"""Residents' offers of time, skills, knowledge, equipment or money (co-implementation).
The offers part of issue 14."""

from __future__ import annotations

from sqlalchemy.orm import Session


def add_demo(session: Session) -> None:
    """Adds the demo's offers (called by `forumdesk demo` after its forums and meetings)."""
