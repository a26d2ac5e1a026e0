"""Starting the window: the one place a QApplication is created."""

from __future__ import annotations

import gc
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from forumdesk.db.store import open_database
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import unexpected
from forumdesk.gui.main_window import MainWindow


def run(target: str) -> int:
    """Opens the database and shows the main window until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ForumDesk")
    app.setOrganizationName("ForumDesk")
    scripted = bool(os.environ.get("FORUMDESK_QUIT_WHEN_IDLE"))
    try:
        db = open_database(target, auto_backup=True)
    except ForumDeskError as exc:
        sys.stderr.write(f"forumdesk: {exc}\n")
        if not scripted:  # a scripted start-up check must not wait on a dialog
            QMessageBox.critical(None, "ForumDesk cannot open the database", str(exc))
        return exc.exit_code
    window = MainWindow(db)
    previous_hook = unexpected.install(lambda: QApplication.activeWindow() or window)
    window.show()
    QTimer.singleShot(0, _collect_again)
    if scripted:
        # Start-up check (benchmarks, the frozen build): report once the window is
        # shown and the event loop idle, then leave.
        QTimer.singleShot(0, lambda: _report_ready(app))
    for warning in db.warnings:
        QMessageBox.warning(window, "ForumDesk", warning)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        gc.enable()
        db.dispose()


def _collect_again() -> None:
    """Garbage collection back on once the window is shown; what start-up made stays out
    of its way (``gc.freeze``), so later collections do not walk it."""
    gc.freeze()
    gc.enable()


def _report_ready(app: QApplication) -> None:
    heavy = [name for name in ("reportlab", "alembic", "jsonschema") if name in sys.modules]
    print(
        f"ready {time.process_time():.3f} heavy={','.join(heavy) or 'none'}"
        f" late={','.join(_imported_after_qt()) or 'none'}",
        flush=True,
    )
    app.quit()


def _imported_after_qt() -> list[str]:
    """Modules of the store and the core that were imported after PySide6 (there should be
    none: see forumdesk/gui/__init__.py). ``sys.modules`` keeps the order of import."""
    names = list(sys.modules)
    after = names[names.index("PySide6.QtCore") + 1 :]
    return [
        name
        for name in after
        if name.startswith(("sqlalchemy", "forumdesk.")) and not name.startswith("forumdesk.gui")
    ]
