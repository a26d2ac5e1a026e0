"""The window's door to the core: one session per user action, errors turned into messages.

Signals:
    saved(datetime): a change was committed (the status bar shows the time).
    changed(): data changed (views reload what they show). ``Desk.scope`` says what
        the change touched: SCOPE_ALL; SCOPE_ISSUES, issues of the open meeting only (an
        edit, a stage move); SCOPE_NEW_ISSUE, one issue added and nothing else (a
        capture). Views showing nothing of the kind need not read again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from forumdesk.db.engine import Database
from forumdesk.domain.errors import DatabaseFileGone, ForumDeskError
from forumdesk.gui import ask, unexpected
from forumdesk.i18n import _

T = TypeVar("T")

SCOPE_ALL = "everything"
SCOPE_ISSUES = "issues"  # issues (and their timelines) only: no forum, meeting, agenda, people
SCOPE_NEW_ISSUE = "new issue"  # i18n: not text (one issue added, nothing else changed)


def issues_only(scope: str) -> bool:
    """Whether a change touched issues and nothing else."""
    return scope in (SCOPE_ISSUES, SCOPE_NEW_ISSUE)


def replay_scope(scope: str) -> str:
    """The scope of undoing or redoing a change (undoing an addition removes an issue)."""
    return SCOPE_ISSUES if scope == SCOPE_NEW_ISSUE else scope


class Desk(QObject):
    """Runs core services for the widgets; never lets an error escape as a traceback."""

    saved = Signal(datetime)
    changed = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_saved: datetime | None = None
        self.scope = SCOPE_ALL  # what the change being announced touched
        self.subject: object = None  # and, for SCOPE_NEW_ISSUE, the issue it added

    def read(self, work: Callable[[Session], T]) -> T:
        """Runs a query in its own read-only session (errors propagate: reads are the
        window's own). It never waits for another program's write."""
        with self.db.read_session() as session:
            return work(session)

    def write(
        self, work: Callable[[Session], T], parent: QWidget | None = None, scope: str = SCOPE_ALL
    ) -> T | None:
        """Runs a change in its own session and commits it at once.

        Returns the service's result, or None after telling the person why the change
        was refused or could not be saved; nothing was stored then, and the caller
        keeps what was typed on screen.
        """
        try:
            result = self._commit(work, parent)
        except DatabaseFileGone:
            return None  # the person was asked, and chose not to write the file back
        except ForumDeskError as exc:
            ask.show_error(parent, str(exc))
            return None
        except Exception as exc:  # a defect: the change was rolled back, say so and log it
            unexpected.report(exc, parent, "a change made in the window")  # i18n: not text
            return None
        self._announce(scope, result)
        return result

    def _commit(self, work: Callable[[Session], T], parent: QWidget | None) -> T:
        """Runs a change in its own session and commits it.

        If the database file was removed under the window, SQLite would go on "saving"
        into a file that is gone for good when the window closes: the person is asked to
        write it back first (the open database still holds all of it), then the change
        is saved.
        """
        try:
            with self.db.session() as session:
                return work(session)
        except DatabaseFileGone as exc:
            if not ask.ask_yes_no(
                parent,
                _(
                    "{problem}\n\nForumDesk still holds everything that was in it. Write it "
                    "back to {path} and save this change?"
                ).format(problem=exc, path=exc.path),
            ):
                raise
            self.db.write_back()
        with self.db.session() as session:
            return work(session)

    def _announce(self, scope: str, result: object = None) -> None:
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.scope, self.subject = scope, result
        try:
            self.changed.emit()
        finally:
            self.scope, self.subject = SCOPE_ALL, None

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

    def try_write(self, work: Callable[[Session], T], scope: str = SCOPE_ALL) -> T:
        """Runs a change and lets a ForumDeskError propagate (for undo commands)."""
        result = self._commit(work, None)
        self._announce(scope, result)
        return result
