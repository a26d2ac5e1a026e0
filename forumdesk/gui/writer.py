"""Quick writes committed on one thread of their own, in the order they were made.

Recording an issue is the hot path of a live meeting: a facilitator types a title,
presses Enter and types the next. With ``synchronous=FULL`` every commit waits for the
disk to confirm (fsync); on a laptop's slow disk that is tens of milliseconds the
window would stand still for. Here the commit runs on one writer thread while the
window goes on; the caller shows the change as *saving* at once, and is told on the
window's thread when it was saved (with what it wrote, to announce) or why it was not
(the typed text is kept). Nothing is said to be saved before it is.

One thread, a queue: commits happen in the order they were asked for. A database opened
with one connection per thread holding the file's lock (a full disk:
``work.on_own_thread``) commits on the window's thread instead, at once.

Signals:
    Writer.done(object, object, object): a job's token, its result, the Changes it wrote.
    Writer.failed(object, object): a job's token and the exception (nothing was stored).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from forumdesk.db import changes as recorded
from forumdesk.db.engine import Database

Job = tuple[object, Callable[[Session], Any]]


class Writer(QObject):
    """One writer thread for a database's quick writes (see the module's notes)."""

    done = Signal(object, object, object)
    failed = Signal(object, object)

    def __init__(self, db: Callable[[], Database], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db  # the database in use when a job runs (a window may reopen it)
        self._jobs: queue.Queue[Job | None] = queue.Queue()  # None: stop
        self._thread: threading.Thread | None = None

    def submit(self, token: object, work: Callable[[Session], Any], *, here: bool = False) -> None:
        """Commits ``work`` after the writes asked for before it; ``done`` or ``failed``
        follows on the window's thread. ``here``: commits now, on this thread."""
        if here:
            self._tell(token, work)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="writer", daemon=True)
            self._thread.start()
        self._jobs.put((token, work))

    def finish(self, timeout: float = 30.0) -> bool:
        """Lets the writes asked for be committed, then ends the thread; False when they
        did not finish in ``timeout`` seconds (a disk that stopped answering)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        self._jobs.put(None)
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            token, work = job
            self._tell(token, work)

    def _tell(self, token: object, work: Callable[[Session], Any]) -> None:
        try:
            result, changes = recorded.write(self._db(), work)
        except BaseException as exc:  # told to the window, never lost on this thread
            with contextlib.suppress(RuntimeError):  # the window was deleted meanwhile
                self.failed.emit(token, exc)
            return
        with contextlib.suppress(RuntimeError):
            self.done.emit(token, result, changes)
