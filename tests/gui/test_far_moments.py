"""A moment at the edge of the calendar (year 9999, from a damaged or hostile file) shows
in the window whatever the computer's time zone, instead of breaking the view."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from forumdesk.core import issues
from forumdesk.db.models import TimelineEvent
from forumdesk.domain.language import INTERFACE, date_and_time
from forumdesk.gui.workspace.meeting import ISSUES

FAR = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)


@pytest.fixture
def east_of_utc(monkeypatch: pytest.MonkeyPatch):
    """The computer's clock set to New Zealand (UTC+13 in December), for this test only
    (set through monkeypatch, so that a failing test cannot leave it to the next one)."""
    with monkeypatch.context() as zone:
        zone.setenv("TZ", "Pacific/Auckland")
        time.tzset()
        yield
    time.tzset()


def test_the_timeline_shows_an_entry_dated_9999_east_of_utc(
    qtbot, window, db, sample, east_of_utc
) -> None:
    with db.session() as s:
        issues.comment(s, 1, "Sent from the far future")
        s.execute(update(TimelineEvent).where(TimelineEvent.text.like("Sent%")).values(at=FAR))
    window.workspace.show_area(ISSUES)
    area = window.workspace.issues
    area.reload()
    area.select(1)
    timeline = area.panel.timeline
    shown = [timeline.item(row).text() for row in range(timeline.count())]
    assert any("9999" in text and "Sent from the far future" in text for text in shown), shown


def test_a_near_moment_is_still_shown_in_local_time(east_of_utc) -> None:
    assert date_and_time(datetime(2026, 12, 1, 6, 30, tzinfo=UTC), INTERFACE).endswith("19:30")
    assert "9999" in date_and_time(FAR, INTERFACE)
