"""The window on a database on a PostgreSQL server: named without its password, and
backed up by the server's own tool, never copied as a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from forumdesk.db.store import open_database
from forumdesk.gui.main_window import MainWindow

SECRET = "s3cret-Pa55"


@pytest.fixture
def server_window(qtbot, postgres_url: str, tmp_path: Path, dialogs):
    db = open_database(postgres_url.replace("forumdesk@", f"forumdesk:{SECRET}@", 1))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    db.dispose()


def test_the_window_names_the_server_database_without_its_password(server_window) -> None:
    shown = server_window.database_label.text() + server_window.windowTitle()
    assert "127.0.0.1" in server_window.database_label.text()
    assert SECRET not in shown and "***" in shown
    server_window.close()  # what the window keeps (recent databases, last meeting)
    server_window.settings.sync()
    kept = Path(server_window.settings.fileName())
    assert not kept.exists() or SECRET not in kept.read_text()


def test_back_up_now_gives_the_pg_dump_command_and_copies_nothing(
    server_window, dialogs, tmp_path: Path
) -> None:
    assert not server_window.backups.possible  # no hourly copy of a server as a file
    server_window.backup_action.trigger()
    assert len(dialogs.errors) == 1
    said = dialogs.errors[0]
    assert "pg_dump --format=custom" in said and SECRET not in said
    assert not list(tmp_path.rglob("*.sqlite*"))
