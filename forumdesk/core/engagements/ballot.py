"""The ballot workflow (docs/engagements.md). Filled in by the ballot part of issue 14."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forumdesk.db.models import Engagement


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The ballot's figures for `engagement show` and the window: (label, value) lines."""
    return []


def add_demo(session: Session) -> None:
    """Adds the demo's ballot (called by `forumdesk demo` after its forums and meetings)."""
