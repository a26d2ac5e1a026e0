"""Text being typed survives a crash: kept in the drafts file, offered back at the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from forumdesk import paths
from forumdesk.core import agenda, issues, minutes
from forumdesk.core.drafts import FILE_NAME
from forumdesk.gui import autosave
from forumdesk.gui.workspace.meeting import AGENDA, ISSUES
from tests.gui.conftest import focus, type_text


def _drafts_file() -> Path:
    return paths.data_dir() / FILE_NAME


def _left(window) -> None:
    """Ends a window as a crash would: its drafts written, nothing saved after, no clean
    exit recorded."""
    window.drafts.keep_now()
    window.drafts._timer.stop()
    window.drafts.finish = lambda: None  # the teardown's close must not tidy up
    for field in (
        *window.findChildren(autosave.AutosaveEdit),
        *window.findChildren(QLineEdit),
    ):
        field.blockSignals(True)  # leaving the field must not save it now
    window.hide()


def _started(qtbot, make_window):
    """A new window, once it has offered back what was left (or found nothing)."""
    window = make_window()
    qtbot.waitUntil(lambda: window.drafts.running)
    return window


def test_typed_text_comes_back_after_an_unclean_exit(
    qtbot, make_window, db, dialogs, sample, monkeypatch
) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Police update")
    first = _started(qtbot, make_window)
    workspace = first.workspace
    workspace.show_area(ISSUES)
    type_text(workspace.issues.capture.title, "Overflowing bins")
    workspace.issues.select(2)
    type_text(workspace.issues.panel.note, "Asked the council again")
    workspace.show_area(AGENDA)
    workspace.agenda.table.selectRow(0)
    focus(qtbot, workspace.agenda.notes)
    type_text(workspace.agenda.notes, "Sgt Moss reported fewer burglaries")
    _left(first)

    monkeypatch.setattr(autosave, "PAUSE_MS", 100)
    second = _started(qtbot, make_window)
    assert len(dialogs.questions) == 1
    question = dialogs.questions[0]
    assert "did not close properly" in question and "3 pieces of text" in question
    assert "Overflowing bins" in question and "Comment on BHF-0002" in question
    restored = second.workspace
    assert restored.issues.capture.title.text() == "Overflowing bins"
    assert restored.issues.panel.issue.reference == "BHF-0002"
    assert restored.issues.panel.note.text() == "Asked the council again"
    assert restored.agenda.notes.toPlainText() == "Sgt Moss reported fewer burglaries"
    # Back in their fields as typed text: the notes save as notes do; the title waits
    # for Enter, the comment for Add.
    with db.session() as s:
        assert len(issues.issue_detail(s, 2).timeline) == 1
        assert len(list(issues_of(s, sample))) == 3

    def notes_saved() -> bool:
        with db.session() as s:
            return agenda.list_agenda(s, sample.meeting_id)[0].notes == (
                "Sgt Moss reported fewer burglaries"
            )

    qtbot.waitUntil(notes_saved, timeout=10000)


def issues_of(session, sample):
    from forumdesk.core.issue_query import list_issues
    from forumdesk.domain.records import IssueFilter

    return list_issues(session, IssueFilter(meeting_id=sample.meeting_id)).items


def test_declined_drafts_are_discarded(qtbot, make_window, db, dialogs, sample) -> None:
    first = _started(qtbot, make_window)
    type_text(first.workspace.issues.capture.title, "Overflowing bins")
    _left(first)
    dialogs.answer = False
    second = _started(qtbot, make_window)
    assert len(dialogs.questions) == 1
    assert second.workspace.issues.capture.title.text() == ""
    second.close()
    _started(qtbot, make_window)
    assert len(dialogs.questions) == 1  # not offered again


def test_a_clean_exit_offers_nothing(qtbot, make_window, db, dialogs, sample) -> None:
    first = _started(qtbot, make_window)
    type_text(first.workspace.issues.capture.title, "Overflowing bins")
    first.drafts.keep_now()
    assert "Overflowing bins" in _drafts_file().read_text(encoding="utf-8")
    first.close()
    _started(qtbot, make_window)
    assert dialogs.questions == []


def test_a_draft_for_approved_minutes_is_shown_not_put_back(
    qtbot, make_window, db, dialogs, sample
) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Police update")
    first = _started(qtbot, make_window)
    first.workspace.show_area(AGENDA)
    first.workspace.agenda.table.selectRow(0)
    focus(qtbot, first.workspace.agenda.notes)
    type_text(first.workspace.agenda.notes, "Late notes")
    _left(first)
    with db.session() as s:  # approved elsewhere before the next start
        minutes.approve_minutes(s, sample.meeting_id)
    second = _started(qtbot, make_window)
    assert second.workspace.agenda.notes.toPlainText() == ""
    assert len(dialogs.infos) == 1 and "Late notes" in dialogs.infos[0]
    with db.session() as s:
        assert agenda.list_agenda(s, sample.meeting_id)[0].notes is None


CRASHING_WINDOW = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from forumdesk.db.store import open_database
    from forumdesk.gui.main_window import MainWindow

    app = QApplication([])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    window = MainWindow(open_database(sys.argv[1]), settings)
    window.show()

    def type_title():
        window.capture()
        QTest.keyClicks(window.workspace.issues.capture.title, "Overflowing bins on Acre Lane")
        print(f"typed {time.time()}", flush=True)

    QTimer.singleShot(300, type_title)
    app.exec()
    """
)


@pytest.mark.slow
def test_a_title_typed_in_a_window_killed_outright_comes_back(
    qtbot, make_window, db, db_path, dialogs, sample, tmp_path
) -> None:
    """A real window process, killed with SIGKILL while a title is typed but not entered."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING_WINDOW, str(db_path), str(tmp_path / "crash.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("typed"), line
        typed_at = float(line.split()[1])
        deadline = time.time() + 10
        while "Overflowing bins on Acre Lane" not in _read(_drafts_file()):
            assert time.time() < deadline, "the draft never reached the disk"
            time.sleep(0.05)
        kept_after = time.time() - typed_at
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    print(f"draft on disk {kept_after:.2f} s after typing")
    assert kept_after < 2.0  # on disk within two seconds of typing

    window = _started(qtbot, make_window)
    assert len(dialogs.questions) == 1 and "Overflowing bins on Acre Lane" in dialogs.questions[0]
    assert window.workspace.issues.capture.title.text() == "Overflowing bins on Acre Lane"
    with db.session() as s:
        assert len(list(issues_of(s, sample))) == 3  # typed, not recorded behind anyone's back


def _read(path: Path) -> str:
    try:
        return json.dumps(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return ""


def test_a_field_being_edited_comes_back_with_the_cursor_in_it(
    qtbot, make_window, db, dialogs, sample
) -> None:
    first = _started(qtbot, make_window)
    panel = first.workspace.issues.panel
    first.workspace.show_area(ISSUES)
    first.workspace.issues.select(3)
    focus(qtbot, panel.title)
    qtbot.keyClick(panel.title, Qt.Key.Key_End)
    type_text(panel.title, " on Saturdays")  # not left yet: not saved
    _left(first)

    second = _started(qtbot, make_window)
    assert "Title of BHF-0003" in dialogs.questions[0]
    restored = second.workspace.issues.panel
    assert restored.issue.reference == "BHF-0003"
    assert restored.title.text() == "Library opening hours on Saturdays"
    qtbot.waitUntil(restored.title.hasFocus)
    with db.session() as s:
        assert issues.get_issue(s, 3).title == "Library opening hours"
    restored.ward.setFocus()  # leaving the field saves it, as ever
    qtbot.waitUntil(lambda: _title(db, 3) == "Library opening hours on Saturdays")


def _title(db, ident: int) -> str:
    with db.session() as s:
        return issues.get_issue(s, ident).title


def test_a_drafts_file_that_cannot_be_written_is_said_once_and_typing_goes_on(
    qtbot, db, db_path, settings, dialogs, sample, tmp_path
) -> None:
    from forumdesk.core.drafts import DraftStore

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # the drafts' folder cannot be made under a file
    from forumdesk.gui.main_window import MainWindow

    window = MainWindow(db, settings, DraftStore(blocker / "drafts.json", str(db_path)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.drafts.notice is not None)
    notice = window.drafts.notice
    assert notice.text().startswith(f"Text being typed cannot be kept in {blocker}")
    assert notice.text().endswith("Saved work is not affected.")
    assert notice.isVisible()  # in the status bar for good, not a passing message
    window.workspace.issues.capture.title.insert("Still typing")
    window.drafts.keep_now()  # no exception escapes; it is said once
    assert window.drafts.notice is notice
    window.close()
