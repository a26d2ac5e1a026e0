"""The window's door to the core: one session per user action, errors turned into messages.

Signals:
    saved(datetime): a change was committed (the status bar shows the time).
    changed(): data changed (views reload what they show).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from forumdesk.db.engine import Database
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import ask

T = TypeVar("T")


class Desk(QObject):
    """Runs core services for the widgets; never lets an error escape as a traceback."""

    saved = Signal(datetime)
    changed = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_saved: datetime | None = None

    def read(self, work: Callable[[Session], T]) -> T:
        """Runs a query in its own session (errors propagate: reads are the window's own)."""
        with self.db.session() as session:
            return work(session)

    def write(self, work: Callable[[Session], T], parent: QWidget | None = None) -> T | None:
        """Runs a change in its own session and commits it at once.

        Returns the service's result, or None after telling the person why the change
        was refused or could not be saved; nothing was stored then, and the caller
        keeps what was typed on screen.
        """
        try:
            with self.db.session() as session:
                result = work(session)
        except ForumDeskError as exc:
            ask.show_error(parent, str(exc))
            return None
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.changed.emit()
        return result

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

    def try_write(self, work: Callable[[Session], T]) -> T:
        """Runs a change and lets a ForumDeskError propagate (for undo commands)."""
        with self.db.session() as session:
            result = work(session)
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.changed.emit()
        return result
