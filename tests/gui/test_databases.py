"""File → New database…, Open database…, Open recent, Back up now, Restore from a backup….

Driven through gui.app.run, as a person uses it: the window closes and the next
database opens in a new one, with nothing of the first left open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from forumdesk.core import forums, issues
from forumdesk.db import backup
from forumdesk.db.store import open_database
from forumdesk.gui import app as gui_app
from forumdesk.gui import databases
from forumdesk.gui.main_window import MainWindow


def _database(path: Path, title: str) -> None:
    db = open_database(str(path))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        issues.record_issue(s, forum="BHF", title=title)
    db.dispose()


def _windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def _then(steps) -> None:
    """Runs each step once a new window is up (a step gets that window)."""
    seen: list[MainWindow] = []

    def poll() -> None:
        shown = [w for w in _windows() if w not in seen]
        if shown:
            seen.append(shown[0])
            steps.pop(0)(shown[0])
        if steps:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_open_another_database_and_back_through_the_recent_list(
    qtbot, tmp_path: Path, dialogs
) -> None:
    first, second = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"
    _database(first, "Potholes on Acre Lane")
    _database(second, "Street lights out on Brixton Hill")
    titles: list[str] = []
    recent: list[list[str]] = []

    def note(window: MainWindow) -> None:
        with window.desk.db.read_session() as s:
            titles.append(issues.get_issue(s, "BHF-0001").title)

    def on_first(window: MainWindow) -> None:
        note(window)
        dialogs.paths.append(str(second))
        window.open_database_action.trigger()

    def on_second(window: MainWindow) -> None:
        note(window)
        databases.fill_recent_menu(window, window.recent_menu)
        actions = [a for a in window.recent_menu.actions() if a.isEnabled()]
        recent.append([a.text() for a in actions])
        actions[0].trigger()  # back to the laptop's database

    def on_first_again(window: MainWindow) -> None:
        note(window)
        window.close()

    _then([on_first, on_second, on_first_again])
    assert gui_app.run(str(first)) == 0
    assert titles == [
        "Potholes on Acre Lane",
        "Street lights out on Brixton Hill",
        "Potholes on Acre Lane",
    ]
    assert recent == [[f"&1 {first}"]]  # the open database is not offered again


def test_a_new_database_opens_empty_and_an_existing_name_is_refused(
    qtbot, tmp_path: Path, dialogs
) -> None:
    first, fresh = tmp_path / "laptop.sqlite", tmp_path / "new.sqlite"
    _database(first, "Potholes on Acre Lane")
    opened: list[str] = []

    def on_first(window: MainWindow) -> None:
        dialogs.paths.append(str(first))  # taken: said, and nothing happens
        window.new_database_action.trigger()
        assert "already exists" in dialogs.errors[-1]
        dialogs.paths.append(str(fresh))
        window.new_database_action.trigger()

    def on_fresh(window: MainWindow) -> None:
        opened.append(window.desk.db.display_name)
        window.close()

    _then([on_first, on_fresh])
    assert gui_app.run(str(first)) == 0
    assert opened == [str(fresh)] and fresh.is_file()


def test_back_up_now_then_restore_that_backup(qtbot, tmp_path: Path, dialogs, monkeypatch) -> None:
    path = tmp_path / "laptop.sqlite"
    _database(path, "Potholes on Acre Lane")
    counted: list[int] = []

    def count(window: MainWindow) -> int:
        with window.desk.db.read_session() as s:
            return sum(_exists(s, f"BHF-{number:04d}") for number in range(1, 10))

    def on_first(window: MainWindow) -> None:
        window.backup_action.trigger()
        qtbot.waitUntil(lambda: not window.backups.running(), timeout=10000)
        assert len(backup.list_backups(path)) >= 1
        with window.desk.db.session() as s:
            issues.record_issue(s, forum="BHF", title="Recorded after the backup")
        counted.append(count(window))
        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (a[3][0], True)))
        window.restore_action.trigger()

    def on_restored(window: MainWindow) -> None:
        counted.append(count(window))
        window.close()

    monkeypatch.setattr(gui_app.QMessageBox, "information", lambda *a: None)
    _then([on_first, on_restored])
    assert gui_app.run(str(path)) == 0
    assert counted == [2, 1]  # the issue recorded after the backup is gone
    assert any("Changes made since then will be missing" in q for q in dialogs.questions)
    assert list(tmp_path.glob("laptop-replaced-*.sqlite")), "the replaced file is kept"


def _exists(session, reference: str) -> bool:
    from forumdesk.domain.errors import NotFound

    try:
        issues.get_issue(session, reference)
    except NotFound:
        return False
    return True


def test_a_file_that_is_not_a_database_is_refused_and_the_window_stays(
    qtbot, window, dialogs, tmp_path: Path
) -> None:
    exchange = tmp_path / "laptop.forumdesk.json"
    exchange.write_text('{"format": "forumdesk-exchange"}', encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path in (exchange, empty):
        dialogs.paths.append(str(path))
        window.open_database_action.trigger()
        assert window.isVisible() and window.next_database is None
        assert str(path) in dialogs.errors[-1]
    assert empty.read_bytes() == b""  # never made into a database
    assert not (tmp_path / "empty-backups").exists()
