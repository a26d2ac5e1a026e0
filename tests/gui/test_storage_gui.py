"""The window on storage that fails, its backups while it runs, and asking before creating.

A full disk and a read-only folder are real (``small_disk``: a tmpfs filled up or
remounted read-only, which holds for root too).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from forumdesk.core import demo, forums
from forumdesk.core.stats import stats
from forumdesk.db import backup
from forumdesk.db.store import open_database
from forumdesk.gui.app import open_for_window
from forumdesk.gui.main_window import MainWindow
from forumdesk.gui.storage import BackupKeeper
from tests.gui.conftest import retry_unsaved, saved, type_text
from tests.helpers import corrupt_pages, file_bytes, fill_disk


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


def test_a_path_given_on_the_command_line_is_created_only_when_the_person_says_yes(
    tmp_path, dialogs
) -> None:
    path = tmp_path / "typo.sqlite"
    dialogs.answer = False
    assert open_for_window(str(path), ask_before_creating=True) is None
    assert dialogs.questions == [
        f"There is no ForumDesk database at {path}. Create a new, empty one there?"
    ]
    assert not path.exists()
    dialogs.answer = True
    db = open_for_window(str(path), ask_before_creating=True)
    assert db is not None and path.is_file()
    db.dispose()


def test_the_first_run_creates_the_default_database_without_asking(tmp_path, dialogs) -> None:
    path = tmp_path / "data" / "forumdesk.sqlite"
    db = open_for_window(str(path))
    assert db is not None and path.is_file() and dialogs.questions == []
    db.dispose()


def test_a_scripted_start_on_a_missing_path_creates_nothing(tmp_path) -> None:
    path = tmp_path / "typo.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FORUMDESK_QUIT_WHEN_IDLE="1")
    result = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 3
    assert "nothing was created" in result.stderr
    assert not path.exists()


def test_a_damaged_database_is_offered_its_newest_sound_backup(tmp_path, dialogs) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    good = backup.rotating_backup(path)
    corrupt_pages(path, 48, 52)
    damaged = file_bytes(path)

    dialogs.answer = False
    assert open_for_window(str(path)) is None
    assert file_bytes(path) == damaged
    assert "is damaged" in dialogs.questions[0]
    assert "Put back the newest backup that passes its check" in dialogs.questions[0]

    dialogs.answer = True
    db = open_for_window(str(path))
    assert db is not None
    with db.session() as s:
        assert stats(s).issues == 70
    db.dispose()
    assert db.warnings[0].startswith("The backup taken ")
    aside = Path(db.warnings[0].split("kept as ")[1].rstrip("."))
    assert file_bytes(aside)[""] == damaged[""]
    assert backup.list_backups(path)[-1] == good


def test_a_read_only_folder_opens_a_window_that_says_so_and_refuses_changes(
    qtbot, small_disk, settings, dialogs
) -> None:
    path = small_disk.folder / "hall.sqlite"
    _demo(path)
    small_disk.read_only()
    db = open_for_window(str(path))
    window = _show(qtbot, db, settings)
    try:
        assert window.storage_notice.isVisible()
        assert window.storage_notice.text().startswith("Read-only: the folder ")
        capture = window.workspace.issues.capture
        window.capture()
        type_text(capture.title, "Heol y Dŵr floods again")
        capture.submit()
        saved(qtbot, capture)
        assert dialogs.errors == [
            f"Nothing was changed: the folder {small_disk.folder} cannot be written, so "
            "ForumDesk opened the database read-only, for viewing."
        ]
        # Not saved: the row says so and keeps the text.
        assert [p.title for p in window.workspace.issues.unsaved()] == ["Heol y Dŵr floods again"]
    finally:
        _close(window)


def test_on_a_full_disk_the_window_keeps_the_typed_text_and_saves_once_space_returns(
    qtbot, small_disk, settings, dialogs
) -> None:
    path = small_disk.folder / "hall.sqlite"
    _demo(path)
    filler = fill_disk(small_disk.folder)
    db = open_for_window(str(path))
    assert db is not None and "is full" in db.warnings[0]
    window = _show(qtbot, db, settings)
    try:
        assert window.storage_notice.isVisible()
        capture = window.workspace.issues.capture
        window.capture()
        type_text(capture.title, "Heol y Dŵr floods again")
        capture.submit()
        saved(qtbot, capture)
        assert len(dialogs.errors) == 1 and "the disk holding" in dialogs.errors[0]
        assert "is full" in dialogs.errors[0]
        assert [p.title for p in window.workspace.issues.unsaved()] == ["Heol y Dŵr floods again"]
        filler.unlink()
        retry_unsaved(qtbot, window.workspace.issues)  # Enter on it: back in the fields
        assert capture.title.text() == "Heol y Dŵr floods again"
        capture.submit()
        saved(qtbot, capture)
        assert len(dialogs.errors) == 1 and capture.title.text() == ""
        assert not window.storage_notice.isVisible()
        with db.session() as s:
            assert stats(s).issues == 71
    finally:
        _close(window)


def test_the_backup_due_on_opening_is_taken_by_the_window_not_before_it(
    qtbot, tmp_path, settings, dialogs
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    db = open_for_window(str(path))
    assert backup.list_backups(path) == []  # the window is not kept waiting for it
    window = _show(qtbot, db, settings)
    try:
        qtbot.waitUntil(lambda: len(backup.list_backups(path)) == 1, timeout=5000)
        assert backup.list_backups(path)[0].name.endswith("-auto.sqlite")
        bar = window.statusBar()
        qtbot.waitUntil(lambda: bar.currentMessage().startswith("Backup taken at "))
    finally:
        _close(window)


def test_a_due_backup_waits_until_the_first_window_is_shown(qtbot, tmp_path, settings, dialogs):
    path = tmp_path / "hall.sqlite"
    _demo(path)
    window = MainWindow(open_for_window(str(path)), settings)
    qtbot.addWidget(window)
    try:
        qtbot.wait(300)  # the event loop runs, the window is not on screen yet
        assert backup.list_backups(path) == [] and not window.backups.running()
        window.show()
        qtbot.waitUntil(lambda: len(backup.list_backups(path)) == 1, timeout=5000)
    finally:
        _close(window)


def test_closing_the_window_abandons_a_backup_far_from_its_end(
    qtbot, tmp_path, settings, dialogs, monkeypatch
) -> None:
    """A page a step, resting between steps: the backup is under way when the window closes."""
    monkeypatch.setattr(backup, "STEP_PAGES", 1)
    monkeypatch.setattr(backup, "STEP_SLEEP", 0.05)
    path = tmp_path / "hall.sqlite"
    _demo(path)
    window = _show(qtbot, open_for_window(str(path)), settings)
    folder = backup.backup_dir(path)
    qtbot.waitUntil(lambda: folder.is_dir() and any(folder.glob("*.partial")), timeout=5000)
    assert window.backups.running()
    _close(window)
    assert not window.backups.running()  # the close waited for it to stop, not to finish
    assert backup.list_backups(path) == []
    assert list(folder.iterdir()) == []  # its partial copy is gone too


def test_backups_are_taken_in_the_background_each_hour_with_changes_and_on_closing(
    qtbot, db, db_path, make_window, sample
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: len(backup.list_backups(db_path)) == 1, timeout=5000)  # opening
    qtbot.waitUntil(lambda: not window.backups.running())
    keeper = BackupKeeper(window.desk, window, interval_ms=50)
    qtbot.wait(200)
    assert len(backup.list_backups(db_path)) == 1  # an hour without a change: no backup
    window.desk.write(lambda s: forums.create_forum(s, code="LLW", name="Llanwern"))
    qtbot.waitUntil(lambda: len(backup.list_backups(db_path)) == 2, timeout=5000)
    qtbot.waitUntil(lambda: not keeper.running())
    assert backup.list_backups(db_path)[0].name.endswith("-hourly.sqlite")
    window.desk.write(lambda s: forums.create_forum(s, code="CWM", name="Cwm"))
    keeper.on_close()  # waits for an hourly backup under way, or takes one
    names = [p.name for p in backup.list_backups(db_path)]
    assert len(names) == 3 and names[0].endswith(("-close.sqlite", "-hourly.sqlite"))
    assert all(backup.check_file(p).ok for p in backup.list_backups(db_path))


def test_closing_the_window_takes_a_backup_only_after_a_change(
    qtbot, db, db_path, make_window, sample
) -> None:
    first = backup.rotating_backup(db_path)  # recent: none is due on opening
    window = make_window()
    window.close()
    assert backup.list_backups(db_path) == [first]
    again = make_window()
    again.desk.write(lambda s: forums.create_forum(s, code="LLW", name="Llanwern"))
    again.close()
    newest = backup.list_backups(db_path)
    assert len(newest) == 2 and newest[0].name.endswith("-close.sqlite")


def test_a_backup_that_fails_its_check_stays_in_the_status_bar(
    qtbot, tmp_path, settings, dialogs
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM forum WHERE code = 'LLF'")  # orphans its meetings
    connection.commit()
    connection.close()
    window = _show(qtbot, open_for_window(str(path)), settings)
    try:
        bar = window.statusBar()
        qtbot.waitUntil(lambda: "did not verify" in bar.currentMessage(), timeout=5000)
        assert bar.currentMessage().endswith("Earlier backups are kept; run 'forumdesk check'.")
        assert backup.list_backups(path) == []
        qtbot.wait(100)
        assert "did not verify" in bar.currentMessage()  # no timeout: it stays
    finally:
        _close(window)
