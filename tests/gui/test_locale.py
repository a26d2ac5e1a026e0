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


QT_IN_WELSH = """
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QCalendarWidget
from forumdesk.gui.start import use_interface_locale
app = QApplication([])
before = QLocale().monthName(11)
use_interface_locale()
calendar = QCalendarWidget()
print(before, QLocale().monthName(11), calendar.locale().dayName(1))
"""


def test_qts_calendar_speaks_the_interface_language_on_a_welsh_computer(locales) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "LC_ALL": WELSH, "LANG": WELSH, "LOCPATH": str(locales)}
    done = subprocess.run(
        [sys.executable, "-c", QT_IN_WELSH], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    before, month, day = done.stdout.split()
    assert before == "Tachwedd"  # the computer is Welsh
    assert (month, day) == ("November", "Monday")
