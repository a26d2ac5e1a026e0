"""The scrutiny's published report (the scrutiny part of issue 14)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from forumdesk.db.models import Engagement


def pdf(session: Session, row: Engagement, today: date) -> bytes:
    """The report as PDF bytes."""
    raise NotImplementedError
