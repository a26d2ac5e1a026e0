"""Progress of long work, for a face to show: ``progress(done, total)``."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]

#: Long loops report once per this many records (often enough for a progress bar).
EVERY = 2_000


def quiet(done: int, total: int) -> None:
    """Progress nobody watches."""
