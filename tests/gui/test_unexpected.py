"""No failure in the window passes silently: it is shown and logged with its traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from forumdesk.core import issues
from forumdesk.gui import unexpected
from forumdesk.paths import log_dir
from tests.gui.conftest import saved, type_text


def _log() -> str:
    path = log_dir() / "forumdesk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_defect_inside_a_change_is_shown_and_logged(
    qtbot, window, db, dialogs, sample, monkeypatch
) -> None:
    def broken(*_args, **_kwargs):
        raise KeyError(("themes", 1))

    monkeypatch.setattr(issues, "record_issue", broken)
    capture = window.workspace.issues.capture
    window.capture()
    qtbot.waitUntil(capture.title.hasFocus)
    type_text(capture.title, "Dog fouling on the green")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)

    assert len(dialogs.errors) == 1
    said = dialogs.errors[0]
    assert "this action was not completed (KeyError: ('themes', 1))" in said
    assert "Everything saved before is safe." in said
    assert str(log_dir() / "forumdesk.log") in said
    logged = _log()
    assert "Traceback (most recent call last)" in logged
    assert "KeyError: ('themes', 1)" in logged
    assert "in broken" in logged  # the traceback reaches where it went wrong
    assert [p.title for p in window.workspace.issues.unsaved()] == [
        "Dog fouling on the green"
    ]  # what was typed stays


@pytest.mark.qt_no_exception_capture
def test_an_exception_escaping_any_slot_is_shown_and_logged(
    qtbot, window, dialogs, monkeypatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the export went wrong")

    monkeypatch.setattr(window, "about", broken)
    previous = unexpected.install(lambda: window)
    try:
        QTimer.singleShot(0, window.about)  # an action run from the event loop
        qtbot.waitUntil(lambda: bool(dialogs.errors))
    finally:
        sys.excepthook = previous
    assert "(RuntimeError: the export went wrong)" in dialogs.errors[0]
    assert "RuntimeError: the export went wrong" in _log()
    assert "Traceback (most recent call last)" in _log()


def test_an_error_while_the_message_of_another_is_open_is_only_logged(
    qtbot, dialogs, monkeypatch
) -> None:
    shown: list[str] = []

    def show_and_fail_again(_parent, message: str) -> None:
        shown.append(message)
        unexpected.report(ValueError("second"), None)  # raised under the open message

    monkeypatch.setattr("forumdesk.gui.ask.show_error", show_and_fail_again)
    unexpected.report(ValueError("first"), None)
    assert len(shown) == 1
    assert "ValueError: first" in _log() and "ValueError: second" in _log()


def test_without_a_writable_log_folder_the_message_says_so(
    qtbot, dialogs, monkeypatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("FORUMDESK_LOG_DIR", str(blocker / "logs"))
    unexpected.report(ValueError("lost"), None)
    assert "The log could not be written." in dialogs.errors[0]


def test_help_opens_the_log_folder_and_about_says_where_things_are(
    qtbot, window, db, dialogs, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.log_folder_action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(log_dir())]
    assert log_dir().is_dir()
    window.about_action.trigger()
    said = dialogs.infos[-1]
    assert f"Database: {db.display_name}" in said and f"Log folder: {log_dir()}" in said
    assert "GNU General Public License" in said
