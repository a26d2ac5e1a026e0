"""The window writes dates in its own language, not in the computer's (LC_TIME)."""

from __future__ import annotations

import locale
import time

import pytest

from tests.conftest import WELSH


@pytest.fixture
def welsh_time(locales, monkeypatch):
    """LC_TIME set to Welsh in this process, as Qt sets it from a Welsh-language system."""
    monkeypatch.setenv("LOCPATH", str(locales))
    before = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, WELSH)
    assert time.strftime("%A", (2026, 3, 4, 0, 0, 0, 2, 63, 0)) == "Mercher"  # in effect
    yield
    locale.setlocale(locale.LC_TIME, before)


def test_the_meeting_heading_is_english_on_a_welsh_computer(welsh_time, window) -> None:
    heading = window.workspace.heading.text()
    assert "Wednesday 4 March 2026" in heading, heading
    assert window.windowTitle() == "BHF 4 Mar 2026 – ForumDesk"
    panel_heading = window.workspace.issues.panel.heading.text()
    assert "Mer" not in panel_heading and "Maw" not in panel_heading
