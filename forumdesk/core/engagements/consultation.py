"""The consultation workflow (docs/engagements.md), the consultation part of issue 14."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forumdesk.db.models import Engagement


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The consultation's figures for `engagement show` and the window: (label, value) lines."""
    return []


def add_demo(session: Session) -> None:
    """Adds the demo's consultation (called by `forumdesk demo` after its forums and meetings)."""
