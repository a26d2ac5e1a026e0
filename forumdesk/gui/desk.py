"""The window's door to the core: one session per user action, errors turned into messages.

Signals:
    saved(datetime): a change was committed (the status bar shows the time).
    changed(Changes): data changed. The value (``forumdesk.domain.changes.Changes``)
        names the kinds of record and the ids the change wrote, recorded from what was
        actually written; each view decides from it alone whether and what to read
        again. ``Changes.all()`` when the extent is unknown (another database opened).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from forumdesk.db import changes as recorded
from forumdesk.db.engine import Database
from forumdesk.domain.changes import NOTHING, Changes
from forumdesk.domain.errors import DatabaseFileGone, ForumDeskError
from forumdesk.gui import ask, unexpected
from forumdesk.gui.writer import Writer
from forumdesk.i18n import _

T = TypeVar("T")
WATCH_MS = 2000  # how often the window looks for another program's commits


class Desk(QObject):
    """Runs core services for the widgets; never lets an error escape as a traceback."""

    saved = Signal(datetime)
    changed = Signal(object)  # a Changes

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_saved: datetime | None = None
        self.last_changes: Changes = NOTHING  # what the latest write changed
        self._watch: sqlite3.Connection | None = None  # see watch_other_programs
        self._seen: int | None = None
        self._writer: Writer | None = None

    @property
    def writer(self) -> Writer:
        """The thread that commits quick writes (a capture) off the window's thread."""
        if self._writer is None:
            self._writer = Writer(lambda: self.db, self)
        return self._writer

    def read(self, work: Callable[[Session], T]) -> T:
        """Runs a query in its own read-only session (errors propagate: reads are the
        window's own). It never waits for another program's write."""
        with self.db.read_session() as session:
            return work(session)

    def write(self, work: Callable[[Session], T], parent: QWidget | None = None) -> T | None:
        """Runs a change in its own session and commits it at once.

        Returns the service's result, or None after telling the person why the change
        was refused or could not be saved; nothing was stored then, and the caller
        keeps what was typed on screen.
        """
        try:
            result, changes = self._commit(work, parent)
        except DatabaseFileGone:
            return None  # the person was asked, and chose not to write the file back
        except ForumDeskError as exc:
            ask.show_error(parent, str(exc))
            return None
        except Exception as exc:  # a defect: the change was rolled back, say so and log it
            unexpected.report(exc, parent, "a change made in the window")  # i18n: not text
            return None
        self.announce(changes)
        return result

    def _commit(self, work: Callable[[Session], T], parent: QWidget | None) -> tuple[T, Changes]:
        """Runs a change in its own session and commits it.

        If the database file was removed under the window, SQLite would go on "saving"
        into a file that is gone for good when the window closes: the person is asked to
        write it back first (the open database still holds all of it), then the change
        is saved.
        """
        try:
            return recorded.write(self.db, work)
        except DatabaseFileGone as exc:
            if not self.offer_write_back(exc, parent):
                raise
        return recorded.write(self.db, work)

    def offer_write_back(self, gone: DatabaseFileGone, parent: QWidget | None) -> bool:
        """Asks to write the database back to its file (then does) before a change is
        saved again; False when the person said no."""
        if not ask.ask_yes_no(
            parent,
            _(
                "{problem}\n\nForumDesk still holds everything that was in it. Write it "
                "back to {path} and save this change?"
            ).format(problem=gone, path=gone.path),
        ):
            return False
        self.db.write_back()
        return True

    def watch_other_programs(self, every_ms: int = WATCH_MS) -> None:
        """Notices changes another program (the command line, a second window) commits
        to the same SQLite file, and tells the views: they cannot know what was written,
        so ``Changes.all()``. SQLite's ``data_version`` moves on a connection of its own
        whenever any other connection commits; this window's own commits are announced
        with what they wrote, and reset the mark."""
        path = getattr(self.db, "_file", None)
        if path is None or self._watch is not None:
            return
        try:
            self._watch = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._seen = self._data_version()
        except sqlite3.Error:
            self._watch = None
            return
        timer = QTimer(self)
        timer.setInterval(every_ms)
        timer.timeout.connect(self._look_for_others)
        timer.start()

    def stop_watching(self) -> None:
        """Closes the watching connection (before the database is closed or replaced)."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def _data_version(self) -> int | None:
        if self._watch is None:
            return None
        try:
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:  # the file went, or is being restored: look again later
            return None

    def _look_for_others(self) -> None:
        now = self._data_version()
        if now is None or now == self._seen:
            return
        self._seen = now
        self.announce(Changes.all(), own=False)

    def announce(self, changes: Changes, *, own: bool = True) -> None:
        """Tells the views what a committed change wrote (nothing: no signal)."""
        if own:
            self._seen = self._data_version()  # this window's own commit, told as it is
        self.last_changes = changes
        if not changes:
            return
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.changed.emit(changes)

    def preview(self, work: Callable[[Session], T], parent: QWidget | None = None) -> T | None:
        """Runs a change and rolls it back: what it would do, with nothing stored.

        Returns None after telling the person why the change would be refused.
        """
        try:
            with self.db.preview_session() as session:
                return work(session)
        except ForumDeskError as exc:
            ask.show_error(parent, str(exc))
            return None
        except Exception as exc:
            unexpected.report(exc, parent, "a preview made in the window")  # i18n: not text
            return None

    def try_write(self, work: Callable[[Session], T]) -> T:
        """Runs a change and lets a ForumDeskError propagate (for undo commands)."""
        result, changes = self._commit(work, None)
        self.announce(changes)
        return result
