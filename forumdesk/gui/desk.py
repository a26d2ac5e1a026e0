"""The window's door to the core: one session per user action, errors turned into messages.

Signals:
    saved(datetime): a change was committed (the status bar shows the time).
    changed(Changes): data changed. The value (``forumdesk.domain.changes.Changes``)
        names the kinds of record and the ids the change wrote, recorded from what was
        actually written; each view decides from it alone whether and what to read
        again. ``Changes.all()`` when the extent is unknown (another database opened).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from forumdesk.db import changes as recorded
from forumdesk.db.engine import Database
from forumdesk.domain.changes import NOTHING, Changes
from forumdesk.domain.errors import DatabaseFileGone, ForumDeskError
from forumdesk.gui import ask, unexpected
from forumdesk.i18n import _

T = TypeVar("T")


class Desk(QObject):
    """Runs core services for the widgets; never lets an error escape as a traceback."""

    saved = Signal(datetime)
    changed = Signal(object)  # a Changes

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_saved: datetime | None = None
        self.last_changes: Changes = NOTHING  # what the latest write changed

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

    def announce(self, changes: Changes) -> None:
        """Tells the views what a committed change wrote (nothing: no signal)."""
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
