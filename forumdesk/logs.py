"""The log file: what went wrong unexpectedly, with its traceback, for whoever helps the user.

Both faces write to it: the command line when a command fails unexpectedly, the window
when any action does (gui/errors.py). It rotates at 1 MB and keeps three old files.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from forumdesk import __version__
from forumdesk.db.files import PRIVATE_FILE, private_folder
from forumdesk.paths import log_dir

LOG_NAME = "forumdesk.log"
MAX_BYTES = 1_000_000
KEEP = 3

logger = logging.getLogger("forumdesk")


def log_file() -> Path:
    """The file the log is written to."""
    return log_dir() / LOG_NAME


def start_logging() -> Path | None:
    """Sends ForumDesk's log records to the rotating log file (once per process).

    Returns:
        The log file, or None when it cannot be written (a read-only home folder, a full
        disk); logging then goes nowhere rather than stopping the work.
    """
    path = log_file()
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            logger.removeHandler(handler)  # the log folder was changed since
            handler.close()
    try:
        private_folder(path.parent)
        handler = _PrivateLog(
            path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8", delay=False
        )
    except OSError:
        return None
    line = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # i18n: not text
    handler.setFormatter(_Masking(line))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


class _Masking(logging.Formatter):
    """Writes a database URL's password, should one reach a message, as ``***``."""

    def format(self, record: logging.LogRecord) -> str:
        from forumdesk.db.server import masked

        return masked(super().format(record))


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The rotating log, each of its files its owner's only (0600) whatever the umask."""

    def _open(self):
        # The handler keeps the stream and closes it; the builtin ``open`` kept by the
        # handler still works while the interpreter shuts down.
        descriptor = os.open(
            self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE
        )
        return self._builtin_open(  # type: ignore[attr-defined]  # FileHandler keeps open there
            descriptor, self.mode, encoding=self.encoding, errors=self.errors
        )


def log_unexpected(error: BaseException, doing: str) -> Path | None:
    """Writes an unexpected error and its traceback to the log.

    Args:
        error: the exception.
        doing: what the person was doing, in words ("the command 'export'").

    Returns:
        The log file it was written to, or None when the log cannot be written.
    """
    path = start_logging()
    if path is None:
        return None
    logger.error("Unexpected error in %s (ForumDesk %s)", doing, __version__, exc_info=error)
    for handler in logger.handlers:
        handler.flush()
    return path
