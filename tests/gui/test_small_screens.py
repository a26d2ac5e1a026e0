"""Small screens and large scale: the window fits the screen, and what does not fit scrolls.

A 1366×768 laptop at 200% scale is a 683×384 screen to the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QRect, Qt

from forumdesk.core.issue_query import list_issues
from forumdesk.domain.records import IssueFilter
from forumdesk.gui.exchange_dialogs import ConflictsDialog
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ATTENDANCE, ISSUES, MINUTES
from tests.gui.conftest import saved, type_text

LAPTOP_AT_200 = (683, 384)


def test_a_first_window_fits_the_screen_it_opens_on(qtbot, window) -> None:
    # The offscreen test screen is 800×800: smaller than the 1280×720 a first window takes.
    screen = window.screen().availableGeometry()
    assert screen.width() < 1280
    assert screen.contains(window.frameGeometry()) or window.isMaximized()
    assert window.width() <= screen.width()


@pytest.mark.parametrize("area", [AGENDA, ATTENDANCE, ISSUES, ACTIONS, MINUTES])
def test_every_area_fits_a_laptop_at_200_percent_and_scrolls(qtbot, window, area) -> None:
    window.showNormal()
    window.workspace.show_area(area)
    window.resize(*LAPTOP_AT_200)
    qtbot.wait(10)
    assert (window.width(), window.height()) == LAPTOP_AT_200  # nothing forces it wider
    scroll_area = window.views.currentWidget()
    # What does not fit is reached by scrolling, not cut off.
    assert scroll_area.horizontalScrollBar().maximum() > 0
    assert scroll_area.widget() is window.workspace


def test_capturing_works_in_the_small_window(qtbot, window, db, sample) -> None:
    window.showNormal()
    window.resize(*LAPTOP_AT_200)
    window.capture()
    capture = window.workspace.issues.capture
    assert capture.title.hasFocus()
    type_text(capture.title, "Bws i'r ysbyty")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)
    with db.session() as s:
        found = list_issues(s, IssueFilter(meeting_id=sample.meeting_id)).items
    assert found[-1].title == "Bws i'r ysbyty"


def test_the_conflicts_screen_fits_the_screen(qtbot, window) -> None:
    dialog = ConflictsDialog(window.desk, window)  # 960 wide where there is room
    qtbot.addWidget(dialog)
    dialog.show()
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()


def test_f9_hides_and_shows_the_navigator(qtbot, window) -> None:
    assert window.navigator_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not window.navigator_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.navigator_dock.isVisible()


SHOW_WINDOW = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from forumdesk.db.store import open_database
    from forumdesk.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    window = MainWindow(open_database(sys.argv[1]), settings)
    window.show()
    app.processEvents()
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    print(json.dumps({
        "scale": window.devicePixelRatioF(),
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "navigator": window.navigator_dock.width(),
    }))
    window.close()
    del window
    """
)


def test_a_1366_by_768_laptop_at_200_percent_opens_the_window_on_screen(
    tmp_path, demo_db, db_path
) -> None:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps({"screens": [{"name": "laptop", "width": 1366, "height": 768, "dpr": 1.0}]})
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR="2")
    result = subprocess.run(
        [sys.executable, "-c", SHOW_WINDOW, str(db_path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["scale"] == 2.0
    assert shown["screen"][2:] == list(LAPTOP_AT_200)
    assert QRect(*shown["screen"]).contains(QRect(*shown["frame"]))
    assert shown["navigator"] <= LAPTOP_AT_200[0] // 3  # the meeting keeps most of the width


def test_a_half_screen_window_leaves_the_meeting_three_quarters(qtbot, window) -> None:
    """Snapped to half of a 1366-pixel screen, the navigator gave up no width (37%)."""
    window.showNormal()
    window.resize(683, 700)
    qtbot.waitUntil(lambda: window.width() == 683)
    qtbot.wait(20)
    assert window.navigator_dock.width() <= 683 // 4
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert window.navigator_dock.isVisible()
