"""The petition workflow (docs/engagements.md). Filled in by the petition part of issue 14."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forumdesk.db.models import Engagement


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The petition's figures for `engagement show` and the window: (label, value) lines."""
    return []


def add_demo(session: Session) -> None:
    """Adds the demo's petition (called by `forumdesk demo` after its forums and meetings)."""
