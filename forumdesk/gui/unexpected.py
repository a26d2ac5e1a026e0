"""No failure in the window passes silently: an unexpected error is shown and written to the log.

Two ways in: :func:`report` for an error a desk action caught (gui/desk.py), and the
hook :func:`install` puts on ``sys.excepthook``, which PySide6 calls for an exception
that escapes any slot, timer or event handler.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from forumdesk.gui import ask
from forumdesk.i18n import _

_showing = False  # an error raised while the message of another is open is only logged


def message(error: BaseException, log: object) -> str:
    """What the person is told: what failed, that saved work is safe, where the details are."""
    where = (
        _("The details were written to the log: {log}").format(log=log)
        if log is not None
        else _("The log could not be written.")
    )
    return _(
        "Something went wrong, and this action was not completed "
        "({kind}: {error}).\n\nEverything saved before is safe. {where}"
    ).format(kind=type(error).__name__, error=error, where=where)


def report(
    error: BaseException,
    parent: QWidget | None,
    doing: str = "the window",  # i18n: not text (for the log)
) -> None:
    """Logs an unexpected error with its traceback and tells the person."""
    global _showing
    from forumdesk.logs import log_unexpected  # only when something went wrong

    log = log_unexpected(error, doing)
    if _showing:
        return
    _showing = True
    try:
        ask.show_error(parent, message(error, log))
    finally:
        _showing = False


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install(parent: Callable[[], QWidget | None] = QApplication.activeWindow) -> Hook:
    """Makes every exception that escapes a slot or an event handler visible and logged.

    Args:
        parent: gives the window the message is shown over.

    Returns:
        The hook it replaced (to put back when the window closes).
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        report(error.with_traceback(tb), parent())

    sys.excepthook = hook
    return previous
