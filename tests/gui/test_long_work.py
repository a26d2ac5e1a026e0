"""Long work (an import, an export, the demo) runs off the window's thread, with Cancel.

The work is held at a known step (a progress report half-way) from inside the worker,
so that the test can press Cancel, or look at the window, while it is under way.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from forumdesk.core import demo
from forumdesk.db.store import open_database
from forumdesk.exchange import export, merge
from forumdesk.gui.work import ProgressDialog
from tests.gui.conftest import finish_work
from tests.gui.test_exchange_gui import answer

WAIT = 20.0  # seconds the worker waits for the test, at most


def checksum(path: Path) -> tuple[dict[str, int], str]:
    """Rows per table and a hash of every row of every table of a database file."""
    connection = sqlite3.connect(path)
    try:
        counts: dict[str, int] = {}
        digest = hashlib.sha256()
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            counts[table] = len(rows)
            digest.update(table.encode())
            for row in rows:
                digest.update(row.encode())
        return counts, digest.hexdigest()
    finally:
        connection.close()


class Hold:
    """Holds the worker at a progress report until the test lets it go on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.go_on = threading.Event()
        self.thread: threading.Thread | None = None

    def here(self) -> None:
        self.thread = threading.current_thread()
        self.reached.set()
        assert self.go_on.wait(WAIT), "the test never let the work go on"


def progress_dialog() -> ProgressDialog:
    shown = QApplication.activeModalWidget()
    assert isinstance(shown, ProgressDialog), shown
    return shown


def cancel(qtbot, hold: Hold) -> ProgressDialog:
    """Presses Cancel while the work is held, then lets it go on to its next report."""
    qtbot.waitUntil(hold.reached.is_set, timeout=int(WAIT * 1000))
    dialog = progress_dialog()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.label.text() == "Cancelling…" and not dialog.cancel_button.isEnabled()
    hold.go_on.set()
    return dialog


def demo_file(tmp_path: Path) -> Path:
    """An exchange file of the demo desk: thousands of records from another desk."""
    other = open_database(str(tmp_path / "laptop.sqlite"))
    path = tmp_path / "laptop.forumdesk.json"
    try:
        with other.session() as s:
            demo.fill_demo(s)
            export.write(s, path, export.Selection())
    finally:
        other.dispose()
    return path


def test_an_import_cancelled_half_way_leaves_the_database_as_it_was(
    qtbot, make_window, db, db_path, dialogs, tmp_path, monkeypatch
) -> None:
    from forumdesk.core import forums, issues

    with db.session() as s:  # this desk's own forum, beside which the file's would go
        forums.create_forum(s, code="KEN", name="Kennington Area Forum")
        issues.record_issue(s, forum="KEN", title="Broken bench on Kennington Park Road")
    window = make_window()
    path = demo_file(tmp_path)
    monkeypatch.setattr("forumdesk.exchange.merge.EVERY", 100)
    real_merge = merge.merge
    hold = Hold()
    runs: list[int] = []
    written_before_cancel: list[int] = []

    def merge_held(session, checked, progress):
        runs.append(1)
        importing = len(runs) == 2  # the first run is the preview

        def held(done: int, total: int) -> None:
            if importing and done >= total // 2 and not hold.reached.is_set():
                written_before_cancel.append(
                    session.connection().exec_driver_sql("SELECT count(*) FROM issue").scalar()
                )
                hold.here()
            progress(done, total)

        return real_merge(session, checked, held)

    monkeypatch.setattr(merge, "merge", merge_held)
    before = checksum(db_path)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    dialogs.paths.append(str(path))
    answer(lambda preview: preview.confirm.click())
    window.import_action.trigger()
    cancel(qtbot, hold)
    finish_work(qtbot, window)

    assert written_before_cancel[0] > 3, "half-way, issues were written (not yet committed)"
    assert hold.thread is not threading.main_thread()
    assert checksum(db_path) == before
    assert dialogs.infos == [] and dialogs.errors == []  # no "Imported."
    assert "The import of laptop.forumdesk.json was cancelled; nothing was changed." in said
    # Nothing is held back either: the same file imports whole afterwards.
    dialogs.paths.append(str(path))
    answer(lambda preview: preview.confirm.click())
    window.import_action.trigger()
    finish_work(qtbot, window)
    assert dialogs.infos[-1].startswith("Imported. The file holds ")
    assert checksum(db_path)[0]["issue"] > before[0]["issue"]


def test_an_export_cancelled_leaves_no_file_and_no_record(
    qtbot, window, db_path, dialogs, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr("forumdesk.exchange.export.EVERY", 2)
    real_stream = export._stream  # what the export reads its records through
    hold = Hold()

    def stream_held(session, selection, progress):
        def held(done: int, total: int) -> None:
            if done >= total // 2 and not hold.reached.is_set():
                hold.here()
            progress(done, total)

        return real_stream(session, selection, held)

    monkeypatch.setattr(export, "_stream", stream_held)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "everything.forumdesk.json"
    before = checksum(db_path)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    dialogs.paths.append(str(out))

    def everything(dialog) -> None:
        dialog.everything.setChecked(True)
        dialog.accept()

    answer(everything)
    window.export_action.trigger()
    cancel(qtbot, hold)
    finish_work(qtbot, window)

    assert list(folder.iterdir()) == []  # no file, no partial file
    assert checksum(db_path) == before  # no exchange_log row
    assert dialogs.infos == [] and dialogs.errors == []
    assert "The export to everything.forumdesk.json was cancelled; no file was written." in said


def test_the_demo_is_made_while_the_window_goes_on_and_shown_after(
    qtbot, make_window, db, dialogs, monkeypatch
) -> None:
    window = make_window()
    assert window.current_view is window.welcome
    real_fill = demo.fill_demo
    ticks: list[int] = []
    timer = QTimer(window, interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    ticked = threading.Event()
    timer.timeout.connect(lambda: len(ticks) >= 5 and ticked.set())
    hold = Hold()

    def fill_held(session, progress=None):
        hold.thread = threading.current_thread()
        hold.reached.set()
        # The window's timer fires while the demo is being made: its thread is free.
        assert ticked.wait(WAIT), "the window's thread was blocked while the demo was made"
        assert hold.go_on.wait(WAIT)
        return real_fill(session, progress)

    monkeypatch.setattr(demo, "fill_demo", fill_held)
    timer.start()
    window.demo_action.trigger()
    qtbot.waitUntil(hold.reached.is_set, timeout=int(WAIT * 1000))
    qtbot.waitUntil(ticked.is_set, timeout=int(WAIT * 1000))

    # Meanwhile a second long job is refused in a sentence, and nothing starts.
    window.import_path("elsewhere.forumdesk.json")
    assert dialogs.infos == [
        "ForumDesk is still busy (Preparing the demo forums). Wait until that has "
        "finished, or cancel it, then try again."
    ]
    hold.go_on.set()
    finish_work(qtbot, window)
    timer.stop()

    assert hold.thread is not threading.main_thread()
    assert dialogs.errors == []
    assert window.current_view is window.workspace
    assert window.workspace.meeting is not None
    codes = {window.navigator.model_.item(row).text() for row in range(2)}
    assert any("Brixton" in code for code in codes), codes
    assert window.windowTitle().endswith("– ForumDesk")


def test_closing_the_window_during_long_work_cancels_it_first(
    qtbot, make_window, db, db_path, dialogs, monkeypatch
) -> None:
    window = make_window()
    hold = Hold()
    real_fill = demo.fill_demo

    def fill_held(session, progress):
        def held(done: int, total: int) -> None:
            if done == 2:
                hold.here()
            progress(done, total)

        return real_fill(session, held)

    monkeypatch.setattr(demo, "fill_demo", fill_held)
    before = checksum(db_path)
    window.demo_action.trigger()
    qtbot.waitUntil(hold.reached.is_set, timeout=int(WAIT * 1000))
    assert window.close() is False  # not while the demo is being written
    assert dialogs.questions == [
        "ForumDesk is still busy (Preparing the demo forums). Cancel it, and close the "
        "window once it has stopped?"
    ]
    assert window.isVisible()
    hold.go_on.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=int(WAIT * 1000))
    assert checksum(db_path) == before  # cancelled: no half-made demo


def test_an_error_in_the_worker_is_a_message_not_a_traceback(
    qtbot, window, dialogs, monkeypatch
) -> None:
    # A refusal of the service itself: the demo never fills a database holding forums.
    window.open_demo()
    finish_work(qtbot, window)
    assert dialogs.errors == ["The database is not empty; the demo only fills an empty database."]

    def broken(_session, _progress=None):
        raise RuntimeError("the demo broke")

    monkeypatch.setattr(demo, "fill_demo", broken)
    window.open_demo()
    finish_work(qtbot, window)
    assert dialogs.errors[-1].startswith(
        "Something went wrong, and this action was not completed "
        "(RuntimeError: the demo broke).\n\nEverything saved before is safe."
    )
    assert "Traceback" not in dialogs.errors[-1]


def test_on_a_full_disk_an_export_runs_on_the_windows_own_connection(
    qtbot, small_disk, settings, dialogs, tmp_path
) -> None:
    """A database opened on a full disk holds its lock on one connection per thread: a
    worker's connection would wait for it in vain, so the work runs on the window's."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from forumdesk.gui.app import open_for_window
    from forumdesk.gui.main_window import MainWindow
    from tests.helpers import fill_disk

    path = small_disk.folder / "hall.sqlite"
    made = open_database(str(path))
    with made.session() as s:
        demo.fill_demo(s)
    made.dispose()
    fill_disk(small_disk.folder)
    db = open_for_window(str(path))
    assert db is not None and db.opened_on_full_disk
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        out = tmp_path / "copy.forumdesk.json"
        dialogs.paths.append(str(out))
        answer(lambda dialog: dialog.accept())
        window.export_action.trigger()
        finish_work(qtbot, window)
        assert dialogs.errors == []
        assert dialogs.infos[-1].startswith("Exported ") and out.is_file()
    finally:
        window.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        db.dispose()


def test_a_removed_database_is_written_back_before_the_workers_export_is_recorded(
    qtbot, window, db, db_path, dialogs, tmp_path
) -> None:
    for suffix in ("", "-wal", "-shm"):  # deleted in the file manager, under the window
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    out = tmp_path / "meeting.forumdesk.json"
    dialogs.paths.append(str(out))
    answer(lambda dialog: dialog.accept())
    window.export_action.trigger()
    finish_work(qtbot, window)
    assert len(dialogs.questions) == 1 and "was removed or replaced" in dialogs.questions[0]
    assert dialogs.errors == [] and dialogs.infos[-1].startswith("Exported ")
    window.desk.db.dispose()
    counts, _ = checksum(db_path)
    assert counts["exchange_log"] == 1 and counts["issue"] == 3
