"""Starting the window: the one place a QApplication is created."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from forumdesk.db.store import open_database
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui.main_window import MainWindow


def run(target: str) -> int:
    """Opens the database and shows the main window until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ForumDesk")
    app.setOrganizationName("ForumDesk")
    try:
        db = open_database(target, auto_backup=True)
    except ForumDeskError as exc:
        QMessageBox.critical(None, "ForumDesk cannot open the database", str(exc))
        return exc.exit_code
    window = MainWindow(db)
    window.show()
    for warning in db.warnings:
        QMessageBox.warning(window, "ForumDesk", warning)
    try:
        return app.exec()
    finally:
        db.dispose()
