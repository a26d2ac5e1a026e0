"""The window shows before the integrity check of its database ends; damage it finds is
still told, with the newest sound backup offered, and nothing is written to the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from forumdesk.core import demo, forums
from forumdesk.db import backup
from forumdesk.db.store import open_database
from forumdesk.gui import app
from forumdesk.gui.app import open_for_window
from forumdesk.gui.main_window import MainWindow
from tests.db.test_check_on_opening import HeldCheck
from tests.gui.conftest import saved, type_text
from tests.helpers import corrupt_pages


def _demo(path: Path) -> None:
    db = open_database(str(path))
    with db.session() as s:
        demo.fill_demo(s)
    db.dispose()


def _show(qtbot, db, settings) -> MainWindow:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(window: MainWindow) -> None:
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.desk.db.dispose()


def test_the_window_shows_before_the_check_and_then_offers_the_newest_sound_backup(
    qtbot, tmp_path, settings, dialogs, monkeypatch
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    good = backup.rotating_backup(path)
    corrupt_pages(path, 48, 52)  # the search index: the first window does not read it
    damaged = path.read_bytes()
    held = HeldCheck(monkeypatch)
    db = open_for_window(str(path), check_later=True)
    assert db is not None and db.check is not None
    window = _show(qtbot, db, settings)
    try:
        qtbot.waitUntil(held.started.is_set)  # begun once the window has painted itself
        assert window.navigator.isVisible() and not db.check.finished
        assert dialogs.questions == []
        dialogs.answer = True
        held.release()
        qtbot.waitUntil(lambda: dialogs.questions != [], timeout=10_000)
        question = dialogs.questions[0]
        assert question.startswith(f"The database {path} is damaged (")
        assert "; nothing more is saved to it.\n\nPut back the newest backup" in question
        # Put back once the window has closed (gui/app.py), the damaged file kept.
        assert window.restore_from == good and window.next_database == str(path)
        assert not window.isVisible()
    finally:
        held.release()
        _close(window)
    assert path.read_bytes() == damaged


def test_a_damaged_database_kept_open_says_so_and_refuses_every_change(
    qtbot, tmp_path, settings, dialogs
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    corrupt_pages(path, 48, 52)
    damaged = path.read_bytes()
    db = open_for_window(str(path), check_later=True)  # no backup: one is due
    assert db is not None
    window = _show(qtbot, db, settings)
    try:
        qtbot.waitUntil(lambda: dialogs.errors != [], timeout=10_000)
        assert dialogs.errors == [
            f"The database {path} is damaged ({db.check.result()}), and no backup of it "
            "passes its check. ForumDesk saves nothing more to it; what it shows can still "
            "be read."
        ]
        assert window.check.problem is not None
        capture = window.workspace.issues.capture
        window.capture()
        type_text(capture.title, "Heol y Dŵr floods again")
        capture.submit()
        saved(qtbot, capture)
        assert dialogs.errors[1].startswith(
            f"Nothing was saved: the database {path} is damaged (SQLite's check says: "
        )
        assert [p.title for p in window.workspace.issues.unsaved()] == ["Heol y Dŵr floods again"]
        # The backup due on opening waited for the check, and takes no copy of damage.
        assert not window.backups.running() and backup.list_backups(path) == []
    finally:
        _close(window)
    assert path.read_bytes() == damaged
    assert not list(backup.backup_dir(path).glob("*.partial"))


def test_damage_the_first_window_reads_before_the_check_ends_is_told_as_on_opening(
    qtbot, tmp_path, dialogs
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    backup.rotating_backup(path)
    corrupt_pages(path, 6)  # the forums, which the navigator lists
    asked: list[str] = []

    def confirm(_parent, question: str) -> bool:
        asked.append(question)
        return True

    opened = app._open_window(str(path), ask_before_creating=False, confirm=confirm)
    assert opened is not None
    db, window, _erased = opened
    qtbot.addWidget(window)
    try:
        assert asked[0].startswith(f"The database {path} is damaged (")
        assert db.warnings[0].startswith("The backup taken ")
        with db.read_session() as s:
            listed = forums.list_forums(s)
        assert listed and window.navigator.model_.rowCount() == len(listed) + 1  # "All forums"
    finally:
        _close(window)
