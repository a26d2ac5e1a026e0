"""Writing a file ForumDesk makes (an export, a CSV log, a PDF): whole or not at all.

Every face writes its output files through :func:`write_whole`. The bytes go to a
temporary file beside the target, are flushed to the disk (``fsync``), and only then
take the target's name (``os.replace``). When anything fails (a full memory stick, an
I/O error) the temporary file is removed and the target is left as it was: no
half-written file, no empty file that looks like the output, and never a success
message for bytes the disk did not take.

A target that exists and is not a regular file (a device such as ``/dev/full``, a named
pipe) is refused: renaming over it would replace the device itself, and writing into it
cannot be made whole or undone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from forumdesk.db.backup import why_not_written
from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.i18n import _


def write_whole(path: Path, data: bytes) -> Path:
    """Writes ``data`` as the file ``path``, whole or not at all; returns the file written.

    A symbolic link is followed: the file it points to is replaced, the link stays.

    Raises:
        InputRefused: ``path`` is a folder, a device or a pipe; nothing was written.
        StoreError: the file cannot be written (why, in words); no file was left behind.
    """
    shown = path.expanduser()
    target = Path(os.path.realpath(shown))
    mode = _existing_mode(shown, target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    created = False
    try:
        handle = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
        )
        created = True
        try:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle, mode)  # replacing a file keeps its permissions
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)  # a full or failing disk says so here at the latest
        finally:
            os.close(handle)
        os.replace(temporary, target)
        created = False
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be written: {reason}.").format(
                path=shown, reason=why_not_written(exc, target)
            )
        ) from exc
    finally:
        if created:  # failed or interrupted: leave nothing behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _sync_folder(target.parent)
    return target


def _existing_mode(shown: Path, target: Path) -> int | None:
    """The permissions of the file being replaced (None when there is none); refuses a
    target that is not a regular file."""
    try:
        found = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be written: {reason}.").format(
                path=shown, reason=why_not_written(exc, target)
            )
        ) from exc
    if stat.S_ISDIR(found.st_mode):
        raise InputRefused(
            _("{path} is a folder; name the file to write in it.").format(path=shown)
        )
    if not stat.S_ISREG(found.st_mode):
        raise InputRefused(
            _(
                "{path} is a device or a pipe, not a file; ForumDesk writes only to files, "
                "so that each is written whole or not at all."
            ).format(path=shown)
        )
    return stat.S_IMODE(found.st_mode)


def _sync_folder(folder: Path) -> None:
    """Makes the rename itself durable (POSIX). Best effort: the file is complete and in
    place already, and some file systems refuse to sync a folder."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
