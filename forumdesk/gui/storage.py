"""The window's care of its file: backups while it runs, and a notice when it cannot write.

Signals:
    BackupKeeper.finished(str, bool): a backup was taken (True) or failed (False), with a
        sentence for the status bar.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from forumdesk.db import backup
from forumdesk.db.engine import Database
from forumdesk.db.store import backup_due
from forumdesk.domain.errors import StoreError
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

HOUR_MS = 60 * 60 * 1000


def sqlite_file(db: Database) -> Path | None:
    """The database's file, or None for a server or an in-memory database."""
    name = db.display_name
    if db.url.startswith("sqlite") and name not in ("", ":memory:"):
        return Path(name)
    return None


class BackupKeeper(QObject):
    """Takes a verified backup when the window opens (if the newest is an hour old), every
    hour of use in which something changed, and on closing after a change.

    So a damaged file loses at most an hour. All but the one on closing run on a thread of
    their own (SQLite copies and checks without holding Python's lock), so the window does
    not wait, even at start-up; a copy that does not pass its check never enters the
    rotation (backup.copy_database).
    """

    finished = Signal(str, bool)

    def __init__(self, desk: Desk, parent: QObject | None = None, interval_ms: int = HOUR_MS):
        super().__init__(parent)
        db = desk.db
        self._file = sqlite_file(db)
        # A read-only folder or a full disk has no room for a backup.
        self.possible = self._file is not None and not db.read_only
        self.possible = self.possible and not db.opened_on_full_disk
        self.changed_since_backup = False
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_hour)
        desk.saved.connect(self._on_saved)
        if self.possible:
            self._timer.start()
            if self._file is not None and backup_due(self._file):  # possible: it is
                QTimer.singleShot(0, self._on_opened)

    def _on_opened(self) -> None:
        if not self.running():
            self.start("auto")

    def _on_saved(self, _when: datetime) -> None:
        self.changed_since_backup = True

    def _on_hour(self) -> None:
        if self.changed_since_backup and not self.running():
            self.start("hourly")

    def running(self) -> bool:
        """Whether a backup is being taken now."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, reason: str) -> threading.Thread:
        """Takes a backup in the background; ``finished`` says how it went."""
        self.changed_since_backup = False
        self._thread = threading.Thread(
            target=self._take, args=(reason,), name="forumdesk-backup", daemon=True
        )
        self._thread.start()
        return self._thread

    def on_close(self) -> None:
        """The window is closing: waits for a backup under way, then takes one if needed."""
        self._timer.stop()
        if self._thread is not None:
            self._thread.join()
        if self.possible and self.changed_since_backup:
            self.changed_since_backup = False
            self._take("close")

    def _take(self, reason: str) -> None:
        assert self._file is not None
        try:
            backup.rotating_backup(self._file, reason=reason)
        except StoreError as exc:
            self.changed_since_backup = True  # try again at the next hour or on closing
            message = _("{problem} Earlier backups are kept; run 'forumdesk check'.").format(
                problem=exc
            )
            sys.stderr.write(f"forumdesk: {message}\n")
            ok = False
        else:
            message = _("Backup taken at {time}.").format(time=f"{datetime.now():%H:%M}")
            ok = True
        with contextlib.suppress(RuntimeError):  # the window went while the copy was made
            self.finished.emit(message, ok)


def notice_label(db: Database) -> QLabel | None:
    """A status-bar notice for a database the window cannot write (None when it can)."""
    folder = sqlite_file(db)
    where = folder.parent if folder is not None else _("its folder")
    if db.read_only:
        text = _(
            "Read-only: the folder {folder} cannot be written; nothing can be changed."
        ).format(folder=where)
    elif db.opened_on_full_disk:
        text = _("The disk is full: changes cannot be saved until some space is freed.")
    else:
        return None
    label = QLabel(text)
    label.setObjectName("storage-notice")
    label.setStyleSheet("QLabel#storage-notice { color: #8a1c00; font-weight: bold; }")
    label.setAccessibleName(_("Storage notice"))
    return label
