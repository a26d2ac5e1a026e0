"""SQLite's quick check of a database file, run on a thread of its own once the window shows.

The quick check reads every page of the file: about 0.17 s for 100,000 issues (more
from a cold disk), growing with the file. The window does not wait for it
(docs/internals.md, "Start-up"); instead every write waits for it
(``Database.session``), so nothing is written to a damaged file, and the window is told
what it found.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from forumdesk.db.access import read_only_uri
from forumdesk.db.backup import quick_check

#: Told on the check's thread when it ends: what is wrong, or None when the file is sound.
Done = Callable[[str | None], None]


class BackgroundCheck:
    """The quick check of one database file, on a thread of its own.

    The window starts it once it has painted itself (so that the check's reading of
    the whole file does not slow the window's own first reads); a write starts it, if
    nothing has yet, and waits for it. SQLite lets go of Python's lock while it
    checks, so the window's thread goes on. The check reads through a read-only
    connection that takes part in SQLite's locking, so that another program writing
    meanwhile is seen as SQLite sees it, never as damage.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._started = self._stopped = False
        self._finished = threading.Event()
        self._problem: str | None = None
        self._listeners: list[Done] = []
        self._thread = threading.Thread(target=self._run, name="forumdesk-check", daemon=True)

    def start(self) -> None:
        """Begins the check (once; not after :meth:`stop`)."""
        with self._lock:
            if self._started or self._stopped:
                return
            self._started = True
        self._thread.start()

    @property
    def finished(self) -> bool:
        """Whether the check has said what it found."""
        return self._finished.is_set()

    def result(self) -> str | None:
        """What is wrong with the file, or None when it is sound; waits for the check
        (and begins it, if nothing has).

        A check stopped before it finished (:meth:`stop`) is run again, here.
        """
        self.start()
        if self._started:
            self._thread.join()
        if not self._finished.is_set():
            self._problem = _check(self.path)
            self._finished.set()
        return self._problem

    def when_done(self, listener: Done) -> None:
        """Calls ``listener`` with the result once the check ends (at once if it has; else
        on the check's thread). A check stopped before it ended calls nobody."""
        with self._lock:
            if not self._finished.is_set():
                self._listeners.append(listener)
                return
        listener(self._problem)

    def stop(self) -> None:
        """Interrupts the check (the database is being closed) and waits for its thread."""
        with self._lock:
            self._stopped = True
            if self._connection is not None:
                self._connection.interrupt()
            started = self._started
        if started:
            self._thread.join()

    def _run(self) -> None:
        try:
            connection = _connect(self.path)
        except sqlite3.DatabaseError as exc:
            self._finish(str(exc))
            return
        with self._lock:
            if self._stopped:
                connection.close()
                return
            self._connection = connection
        try:
            problem = quick_check(connection)
        finally:
            with self._lock:
                self._connection = None
            connection.close()
        if not self._stopped:  # an interrupted check found nothing either way
            self._finish(problem)

    def _finish(self, problem: str | None) -> None:
        with self._lock:
            self._problem = problem
            self._finished.set()
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            with contextlib.suppress(RuntimeError):  # a window gone meanwhile
                listener(problem)


def _connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that sees the file as the window's own connections do.

    Not ``immutable``: the window writes into the write-ahead log, and another program may
    too; an immutable reader would take a checkpoint going on under it for damage.
    """
    connection = sqlite3.connect(read_only_uri(path, immutable=False), uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _check(path: Path) -> str | None:
    """The quick check run where it is asked for (after a stopped background check)."""
    try:
        connection = _connect(path)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    try:
        return quick_check(connection)
    finally:
        connection.close()
