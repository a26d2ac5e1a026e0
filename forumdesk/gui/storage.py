"""The window's care of its file: backups while it runs, and a notice when it cannot write.

Signals:
    BackupKeeper.finished(str, bool): a backup was taken (True) or failed (False), with a
        sentence for the status bar.
    CheckWatch.damaged(str): the integrity check of the file opened found it damaged
        (what SQLite's check says).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from forumdesk.db import backup
from forumdesk.db.engine import Database
from forumdesk.db.store import backup_due
from forumdesk.domain.errors import StoreError
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

HOUR_MS = 60 * 60 * 1000


class CheckWatch(QObject):
    """Starts the integrity check of the database opened for the window
    (``Database.check``) once the window has first painted itself, and says ``damaged``
    on the window's thread when it found damage. Until it ends every write waits for
    it; after damage none is made (``Database.session``)."""

    damaged = Signal(str)
    _ended = Signal(object)  # the check's thread to the window's: what it found

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.problem: str | None = None
        self._check = db.check
        self._window: QWidget | None = parent
        # Queued even when the check has ended already: heard once the window is up.
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)
        if self._check is not None:
            self._check.when_done(self._ended.emit)
            parent.installEventFilter(self)  # waits for its first paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Starts the check once the window has first painted itself."""
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._window = None
            QTimer.singleShot(0, self._start)  # after this paint reaches the screen
        return False

    def _start(self) -> None:
        if self._check is not None:
            self._check.start()

    def _on_ended(self, problem: str | None) -> None:
        if problem is not None:
            self.problem = problem
            self.damaged.emit(problem)


def sqlite_file(db: Database) -> Path | None:
    """The database's file, or None for a server or an in-memory database."""
    name = db.display_name
    if db.url.startswith("sqlite") and name not in ("", ":memory:"):
        return Path(name)
    return None


class BackupKeeper(QObject):
    """Takes a verified backup when the window opens (if the newest is an hour old), every
    hour of use in which something changed, and on closing after a change.

    So a damaged file loses at most an hour. The one due on opening starts only once the
    window has painted itself for the first time, so it never delays the first window.
    All but the one on closing run on a thread of their own, copying a few pages a step
    with SQLite's online backup API (writers go on between steps; SQLite copies and
    checks without holding Python's lock), so the window does not wait; a copy that does
    not pass its check never enters the rotation (backup.copy_database). Closing the
    window finishes a backup in its last step and abandons one further from its end
    (its partial file is removed: :meth:`on_close`).
    """

    finished = Signal(str, bool)
    _checked = Signal()  # the integrity check of the file ended (on its thread)

    def __init__(self, desk: Desk, parent: QObject | None = None, interval_ms: int = HOUR_MS):
        super().__init__(parent)
        db = desk.db
        self._db = db
        self._file = sqlite_file(db)
        # A read-only folder or a full disk has no room for a backup.
        self.possible = self._file is not None and not db.read_only
        self.possible = self.possible and not db.opened_on_full_disk
        self.changed_since_backup = False
        self._thread: threading.Thread | None = None
        self._closing = False
        self._window = parent if isinstance(parent, QWidget) else None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_hour)
        desk.saved.connect(self._on_saved)
        if self.possible:
            self._timer.start()
            if self._file is not None and backup_due(self._file):  # possible: it is
                if self._window is not None:
                    self._window.installEventFilter(self)  # waits for its first paint
                else:
                    QTimer.singleShot(0, self._on_opened)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Starts the backup due on opening once the window has first painted itself."""
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._on_opened)  # after this paint reaches the screen
        return False

    def _on_opened(self) -> None:
        # After the integrity check of the file (both read the whole file), and
        # not at all when it found damage: the window offers a sound backup instead.
        check = self._db.check
        if check is not None and not check.finished:
            self._checked.connect(self._on_opened, Qt.ConnectionType.QueuedConnection)
            check.when_done(lambda _problem: self._checked.emit())
            check.start()  # if the window has not yet
            return
        if check is not None and check.result() is not None:
            return
        if not self.running() and not self._closing:
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
        """The window is closing: a backup under way finishes if only its last step is
        left, or is abandoned (no file of it stays); then one is taken if needed."""
        self._timer.stop()
        self._closing = True
        if self._window is not None:
            with contextlib.suppress(RuntimeError):  # called again once the window is gone
                self._window.removeEventFilter(self)
            self._window = None
        if self._thread is not None:
            self._thread.join()
        if self.possible and self.changed_since_backup:
            self.changed_since_backup = False
            self._take("close", stepwise=False)

    def _keep_going(self, remaining: int, _total: int) -> bool:
        """Told on the backup's thread after each step: whether to go on."""
        return not self._closing or remaining <= backup.STEP_PAGES

    def _take(self, reason: str, *, stepwise: bool = True) -> None:
        assert self._file is not None
        try:
            if stepwise:
                backup.rotating_backup(
                    self._file, reason=reason, pages=backup.STEP_PAGES, progress=self._keep_going
                )
            else:
                backup.rotating_backup(self._file, reason=reason)
        except backup.BackupAbandoned:
            return  # the window is closing; the next opening finds a backup due
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
    return _notice(text)


def damage_notice() -> QLabel:
    """The status-bar notice of a database its integrity check found damaged."""
    return _notice(_("Damaged: nothing more is saved to this database."))


def _notice(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("storage-notice")
    label.setStyleSheet("QLabel#storage-notice { color: #8a1c00; font-weight: bold; }")
    label.setAccessibleName(_("Storage notice"))
    return label
