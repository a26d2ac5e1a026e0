"""A file dialog showing the database's folder must not cost the window its locks.

On Linux, closing any handle on a file drops every lock the process holds on it. A
dialog that opened the database's files to tell their type did exactly that; the next
command to close the database then took it for the last user and deleted its
write-ahead log, and what the window saved afterwards was lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from PySide6.QtWidgets import QFileDialog

from forumdesk.core import issues
from forumdesk.gui import ask


def test_the_import_dialog_on_the_database_folder_loses_nothing(qtbot, db, db_path, sample):
    with db.session() as s:  # the window's connection is open, the log is in use
        issues.record_issue(s, forum="BHF", title="Before the dialog")
    dialog = ask.file_dialog(None, "Import", str(db_path.parent), "All files (*)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: _listed(dialog, db_path.name + "-wal"), timeout=5000)
    qtbot.wait(300)  # the listing asks for icons and types as it is drawn
    dialog.close()

    other = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(db_path), "issue", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.returncode == 0, other.stderr
    assert db_path.with_name(db_path.name + "-wal").exists()  # not deleted under us

    with db.session() as s:
        issues.record_issue(s, forum="BHF", title="After the dialog")
    seen = sqlite3.connect(db_path)
    titles = {row[0] for row in seen.execute("SELECT title FROM issue")}
    seen.close()
    assert {"Before the dialog", "After the dialog"} <= titles


def _listed(dialog: QFileDialog, name: str) -> bool:
    from PySide6.QtWidgets import QAbstractItemView

    views = dialog.findChildren(QAbstractItemView)
    return any(
        view.model() is not None
        and any(
            view.model().index(row, 0, view.rootIndex()).data() == name
            for row in range(view.model().rowCount(view.rootIndex()))
        )
        for view in views
    )


def test_choosing_the_database_itself_to_import_is_refused_unread(
    qtbot, window, db, db_path, dialogs, sample, monkeypatch
) -> None:
    read = []
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: read.append(self) or b"")
    for chosen in (db_path, db_path.with_name(db_path.name + "-wal")):
        dialogs.paths.append(str(chosen))
        window.import_action.trigger()
        assert dialogs.errors[-1].startswith(f"{chosen} is this desk's own database")
    assert read == []  # never opened: that would drop the database's locks
