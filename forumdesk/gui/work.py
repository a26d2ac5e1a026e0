"""Long work (an import, an export, the demo) on a thread of its own, with progress and Cancel.

The work runs in a worker thread with its own database session (SQLite connections
belong to the thread that uses them: the worker opens its unit of work there), while
the window goes on repainting and its timers fire. A progress dialog, modal to its
window only, shows how far the work got and offers Cancel; the window's other
controls wait meanwhile, so the window never writes while the worker holds the write
lock. Cancelling makes the work's next ``progress`` report raise ``Cancelled``: its
unit of work is rolled back and nothing was changed (docs/internals.md, "Long work").

The result, or the error, comes back to the window's thread by signal: a
ForumDeskError is said in its sentence, anything else goes to ``gui/unexpected``. A
write's changes are recorded in the worker (``forumdesk.db.changes``) and announced
on the window's thread (``Desk.announce``).

One window runs one piece of long work at a time (:class:`Runner`); a second is
refused with a sentence, and closing the window waits until the work has stopped.

Signals:
    Runner.finished(): a piece of work ended and what follows it (``done``) ran.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import SingletonThreadPool

from forumdesk.db import changes as recorded
from forumdesk.db.engine import Database
from forumdesk.domain.changes import NOTHING
from forumdesk.domain.errors import Cancelled, DatabaseFileGone, ForumDeskError
from forumdesk.domain.progress import Cancellable
from forumdesk.gui import ask, forms, unexpected
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

#: How the work's unit of work ends: committed, always rolled back, or only read.
WRITE, PREVIEW, READ = "write", "preview", "read"  # i18n: not text

Work = Callable[[Session, Cancellable], Any]


class ProgressDialog(QDialog):
    """What the work is doing, how far it got, and Cancel. Escape and the window's close
    button cancel too; the dialog closes when the work has stopped."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, text: str, name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until a total is known
        forms.named(self.bar, name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        forms.named(self.cancel_button, _("Cancel"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
        self._ended = False

    def step(self, done: int, total: int) -> None:
        """Moves the bar."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))

    def say(self, text: str) -> None:
        """Says what is being done now."""
        if self.cancel_button.isEnabled():
            self.label.setText(text)

    def reject(self) -> None:
        """Cancel, Escape: the work is asked to stop; the dialog stays until it has."""
        if self._ended:
            super().reject()
            return
        if self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Cancelling…"))
            self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ended:
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def end(self) -> None:
        """The work stopped: the dialog goes."""
        self._ended = True
        self.close()
        self.deleteLater()


class _Thread(QThread):
    """Runs the work in its own unit of work; says how it ended by signal."""

    progressed = Signal(int, int)
    said = Signal(str)
    succeeded = Signal(object, object)  # the work's result, the Changes it wrote
    failed = Signal(object)  # the exception

    def __init__(self, db: Database, mode: str, work: Work) -> None:
        super().__init__()
        self.db = db
        self.mode = mode
        self.work = work
        self.steps = Cancellable(self.progressed.emit, self.said.emit)

    def run(self) -> None:
        try:
            result, changes = self._unit()
        except BaseException as exc:  # every end is told to the window; none is lost
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result, changes)

    def _unit(self) -> tuple[Any, Any]:
        steps = self.steps
        if self.mode == WRITE:
            return recorded.write(self.db, lambda session: self.work(session, steps))
        opened = self.db.preview_session() if self.mode == PREVIEW else self.db.read_session()
        with opened as session:
            return self.work(session, steps), NOTHING


_paused = 0
_pause_lock = threading.Lock()
_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection waits while this runs (whichever thread runs it).

    A collection over the many objects a long document makes holds the interpreter's lock
    for 100 ms and more: work on a thread of its own would stop the window's event loop
    that long, several times a build (docs/internals.md, "The minutes preview"). Reference
    counting still frees what it can meanwhile; a collection runs once the last paused
    work ends.
    """
    global _paused, _was_enabled
    with _pause_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def on_own_thread(db: Database) -> bool:
    """Whether a worker thread can open its own connection to the database.

    Not when the engine keeps one connection per thread holding the file's lock (a
    database opened on a full disk): a second connection would wait for that lock in
    vain. There the work runs on the window's thread, without Cancel.
    """
    return not isinstance(db.engine.pool, SingletonThreadPool)


class Job(QObject):
    """One piece of long work: its thread, its dialog, and what follows it."""

    thread: _Thread | None  # type: ignore[assignment]  # hides QObject.thread()

    def __init__(
        self,
        runner: Runner,
        desk: Desk,
        parent: QWidget | None,
        text: str,
        name: str,
        work: Work,
        mode: str,
        done: Callable[[Any], None] | None,
        cancelled: Callable[[], None] | None,
        stopped: str | None = None,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.desk = desk
        self.parent_widget = parent
        self.text = text
        self.name = name
        self.work = work
        self.mode = mode
        self.done = done
        self.cancelled = cancelled
        self.stopped = stopped or _("Cancelled: nothing was changed.")
        self.dialog: ProgressDialog | None = None
        self.thread: _Thread | None = None

    def start(self) -> None:
        """Shows the dialog and starts the work."""
        self.dialog = ProgressDialog(self.parent_widget, self.text, self.name)
        thread = self.thread = _Thread(self.desk.db, self.mode, self.work)
        queued = Qt.ConnectionType.QueuedConnection
        thread.progressed.connect(self.dialog.step, queued)
        thread.said.connect(self.dialog.say, queued)
        thread.succeeded.connect(self._succeeded, queued)
        thread.failed.connect(self._failed, queued)
        self.dialog.cancel_requested.connect(self.cancel)
        self.dialog.show()
        if on_own_thread(self.desk.db):
            thread.start()
        else:
            self.dialog.cancel_button.setEnabled(False)
            QTimer.singleShot(0, thread.run)

    def cancel(self) -> None:
        """Asks the work to stop at its next report."""
        if self.thread is not None:
            self.thread.steps.cancel()

    def _ended(self) -> None:
        if self.thread is not None:
            self.thread.wait()
        if self.dialog is not None:
            self.dialog.end()
        self.runner.job = None
        self.deleteLater()

    def _succeeded(self, result: Any, changes: Any) -> None:
        self._ended()
        try:
            if self.mode == WRITE:
                self.desk.announce(changes)
            if self.done is not None and not self.runner.closing:
                self.done(result)
        finally:
            self.runner.ended()

    def _failed(self, error: BaseException) -> None:
        self._ended()
        try:
            self._tell(error)
        finally:
            self.runner.ended()

    def _tell(self, error: BaseException) -> None:
        parent = self.parent_widget
        if isinstance(error, Cancelled):
            window = parent.window() if parent is not None else None
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.stopped, 10_000)
            if self.cancelled is not None and not self.runner.closing:
                self.cancelled()
        elif isinstance(error, DatabaseFileGone):
            if self.runner.closing:
                return
            try:
                again = self.desk.offer_write_back(error, parent)
            except ForumDeskError as exc:
                ask.show_error(parent, str(exc))
                return
            if again:
                self.runner.start(self.clone())
        elif isinstance(error, ForumDeskError):
            ask.show_error(parent, str(error))
        else:
            unexpected.report(error, parent, f"long work: {self.name}")  # i18n: not text

    def clone(self) -> Job:
        """The same work, to run again."""
        return Job(
            self.runner,
            self.desk,
            self.parent_widget,
            self.text,
            self.name,
            self.work,
            self.mode,
            self.done,
            self.cancelled,
            self.stopped,
        )


class Runner(QObject):
    """The long work of one window: one piece at a time."""

    finished = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.closing = False  # the window closes once the work has stopped

    @classmethod
    def of(cls, widget: QWidget | None) -> Runner | None:
        """The runner of the window ``widget`` is in (made the first time)."""
        if widget is None:
            return None
        window = widget.window()
        found = window.findChild(Runner, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else Runner(window)

    def busy(self) -> bool:
        """Whether work is under way."""
        return self.job is not None

    def refuse(self, parent: QWidget | None) -> bool:
        """Tells the person that other work is under way (True), if it is."""
        if self.job is None:
            return False
        ask.show_info(
            parent,
            _(
                "ForumDesk is still busy ({doing}). Wait until that has finished, or "
                "cancel it, then try again."
            ).format(doing=self.job.text.rstrip("…")),
        )
        return True

    def start(self, job: Job) -> Job | None:
        """Starts ``job`` unless other work is under way (the person is told)."""
        if self.refuse(job.parent_widget):
            return None
        # Text typed in a field saves itself when the field loses the focus: saved now,
        # before the worker holds the database's write lock, not in the middle of it.
        focused = QApplication.focusWidget()
        if isinstance(focused, QWidget) and focused.window() is self.window:
            focused.clearFocus()
        self.job = job
        job.start()
        return job

    def ended(self) -> None:
        self.finished.emit()
        if self.closing:
            QTimer.singleShot(0, self.window.close)

    def hold_close(self, event: QCloseEvent) -> bool:
        """Closing the window while work runs: asks to cancel it; the window closes once
        the work has stopped. Returns True when the close must wait (event ignored)."""
        if self.job is None:
            return False
        event.ignore()
        if self.closing or ask.ask_yes_no(
            self.window,
            _(
                "ForumDesk is still busy ({doing}). Cancel it, and close the window once it "
                "has stopped?"
            ).format(doing=self.job.text.rstrip("…")),
        ):
            self.closing = True
            self.job.cancel()
        return True


def run(
    desk: Desk,
    parent: QWidget,
    text: str,
    name: str,
    work: Work,
    *,
    mode: str = WRITE,
    done: Callable[[Any], None] | None = None,
    cancelled: Callable[[], None] | None = None,
    stopped: str | None = None,
) -> Job | None:
    """Runs ``work(session, progress)`` off the window's thread with a progress dialog.

    Args:
        text: what the dialog says is being done ("Merging laptop.forumdesk.json…").
        name: the dialog's title and accessible name ("Importing").
        mode: WRITE (committed, its changes announced), PREVIEW (always rolled back),
            READ (a read-only session).
        done: called on the window's thread with the work's result.
        cancelled: called when the person cancelled (nothing was changed).
        stopped: what the status bar says then ("The import of … was cancelled; …").

    Returns:
        The job, or None when the window is busy with other work (the person was told).
    """
    runner = Runner.of(parent)
    assert runner is not None
    return runner.start(Job(runner, desk, parent, text, name, work, mode, done, cancelled, stopped))


def refuse_if_busy(parent: QWidget) -> bool:
    """Before asking anything for new long work: True (the person told why) while the
    window runs other work."""
    runner = Runner.of(parent)
    return runner is not None and runner.refuse(parent)


def busy(widget: QWidget) -> bool:
    """Whether the window of ``widget`` runs long work now."""
    window = widget.window()
    found = window.findChild(Runner, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found is not None and found.busy()


def hold_close(window: QWidget, event: QCloseEvent) -> bool:
    """For a window's closeEvent: True when the close waits for long work to stop."""
    found = window.findChild(Runner, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found is not None and found.hold_close(event)
