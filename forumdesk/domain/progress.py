"""Progress of long work, for a face to show: ``progress(done, total)``.

A face that lets the person cancel passes a :class:`Cancellable`: once cancelled from
any thread, its next report raises :class:`forumdesk.domain.errors.Cancelled` inside
the work, and the work's unit of work is rolled back with nothing written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from forumdesk.domain.errors import Cancelled

Progress = Callable[[int, int], None]

#: Long loops report once per this many records (often enough for a progress bar).
EVERY = 2_000


def quiet(done: int, total: int) -> None:
    """Progress nobody watches."""


def silent(text: str) -> None:
    """A stage of the work nobody is told of."""


class Cancellable:
    """Progress that the person may cancel (from another thread).

    ``report(done, total)`` and ``tell(text)`` pass on how far the work got and what it
    is doing now; :meth:`cancel` makes the next report (or :meth:`check`) raise
    :class:`Cancelled`.
    """

    def __init__(self, report: Progress = quiet, tell: Callable[[str], None] = silent) -> None:
        self._report = report
        self._tell = tell
        self._cancelled = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        self.check()
        self._report(done, total)

    def say(self, text: str) -> None:
        """Tells what the work does now (a new stage), and stops it if cancelled."""
        self.check()
        self._tell(text)

    def cancel(self) -> None:
        """Asks the work to stop at its next report."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether the person asked to stop."""
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raises Cancelled once the person asked to stop."""
        if self._cancelled.is_set():
            raise Cancelled
