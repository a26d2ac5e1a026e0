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

Every file ForumDesk creates is its user's alone on POSIX (0600, folders it creates
0700), whatever the umask: most hold residents' names. :func:`private_folder` and
:func:`private_file` are the one way files and folders are made; SQLite gives a
database's ``-wal``, ``-shm`` and ``-journal`` files the database file's own mode, so a
database made empty by :func:`private_file` first keeps all of them private.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.i18n import _

#: The mode of a file ForumDesk creates: read and written by its owner only.
PRIVATE_FILE = 0o600
#: The mode of a folder ForumDesk creates.
PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> Path:
    """Makes a folder and any missing parents, each its owner's only (0700); folders that
    exist already are left as they are.

    Raises:
        OSError: a folder cannot be made.
    """
    missing = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        try:
            # The mode is narrowed by the umask, never widened: 0700 at most.
            made.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            if not made.is_dir():
                raise
    return path


def private_file(path: Path, *, exclusive: bool = True) -> int:
    """Creates a file its owner only can read and write (0600) and returns its open
    descriptor, for writing (the caller closes it).

    Args:
        exclusive: refuse a file that exists (FileExistsError); otherwise an existing
            file is emptied and keeps its mode.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= os.O_EXCL if exclusive else os.O_TRUNC
    return os.open(path, flags, PRIVATE_FILE)


def empty_private_file(path: Path) -> Path:
    """Makes ``path`` an empty private file (0600) for SQLite to fill: an unfinished
    partial copy left there earlier is replaced."""
    path.unlink(missing_ok=True)
    os.close(private_file(path))
    return path


def write_whole(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Writes ``data`` as the file ``path``, whole or not at all; returns the file written.

    ``data`` may be the bytes, or pieces of them made as they are written (a streamed
    export): an exception while they are made leaves no file, as a failed write does.

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
        handle = private_file(temporary)
        created = True
        try:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle, mode)  # replacing a file keeps its permissions
            for piece in (data,) if isinstance(data, bytes) else data:
                view = memoryview(piece)
                while view:
                    view = view[os.write(handle, view) :]
            os.fsync(handle)  # a full or failing disk says so here at the latest
        finally:
            os.close(handle)
        os.replace(temporary, target)
        created = False
    except OSError as exc:
        from forumdesk.db.backup import why_not_written

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
        from forumdesk.db.backup import why_not_written

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
