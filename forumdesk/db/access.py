"""Reaching a SQLite file whose folder cannot be written or whose disk is full.

A database in WAL mode is read through a shared-memory index kept in a ``-shm`` file
beside it, which SQLite creates (and grows) even for a read-only connection. On a
read-only folder it cannot be created; on a full disk it cannot be grown ("disk I/O
error"). Two ways round, each used only where it is safe (docs/internals.md,
"Storage faults: full disks, read-only folders, damaged files"):

* ``immutable=1``: SQLite reads the main file alone, with no lock and no ``-shm``.
  Safe when the ``-wal`` file holds no frames: the main file then has every commit.
* ``locking_mode=EXCLUSIVE`` set before the first read: SQLite keeps the index in its
  own memory instead of ``-shm``. It needs a writable folder (for the ``-wal``) and
  keeps other connections out while it is open.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from forumdesk.domain.errors import StoreError
from forumdesk.i18n import _

#: A ``-wal`` file no longer than its header holds no commit.
WAL_HEADER_BYTES = 32
#: Below this much free space a disk counts as full: SQLite needs room for the
#: ``-wal`` and ``-shm`` files and the pages of a change.
FULL_BELOW_BYTES = 1024 * 1024


def wal_holds_commits(path: Path) -> bool:
    """Whether the ``-wal`` file beside ``path`` holds commits not yet in the main file."""
    try:
        return Path(f"{path}-wal").stat().st_size > WAL_HEADER_BYTES
    except OSError:
        return False


def can_write_beside(path: Path) -> bool:
    """Whether the database file and its folder can be written (SQLite writes both).

    ``os.access`` also says no for a read-only mount or an immutable file, even to root.
    """
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no free space left."""
    folder = path if path.is_dir() else path.parent
    try:
        stat = os.statvfs(folder)
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < FULL_BELOW_BYTES


def is_disk_full_error(exc: BaseException, path: Path | None = None) -> bool:
    """Whether an error means the disk is full (or, for an I/O error, a full disk is why)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    if "disk is full" in text:
        return True
    return "disk i/o error" in text and path is not None and disk_is_full(path)


def read_only_uri(path: Path, *, immutable: bool) -> str:
    """A URI that opens ``path`` read-only, never creating the file."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return f"{uri}&immutable=1" if immutable else uri


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` and writes nothing into it, wherever it sits.

    With no ``-wal`` file the main file holds every commit and is read as it is (no
    ``-shm`` is made beside a stranger's file). Otherwise a plain read-only connection
    comes first (it sees a concurrent writer correctly); the fallbacks in the module
    docstring follow when the ``-shm`` file cannot be made.

    Raises:
        sqlite3.Error: the file cannot be read even so.
        StoreError: the newest commits are in the ``-wal`` file, which cannot be read
            while the folder is read-only.
    """
    if not Path(f"{path}-wal").exists():
        return _probe(sqlite3.connect(read_only_uri(path, immutable=True), uri=True))
    try:
        return _probe(sqlite3.connect(read_only_uri(path, immutable=False), uri=True))
    except sqlite3.OperationalError:
        if not wal_holds_commits(path):
            return _probe(sqlite3.connect(read_only_uri(path, immutable=True), uri=True))
        if not can_write_beside(path):
            raise StoreError(
                _(
                    "{path} cannot be read while its folder cannot be written: its latest "
                    "changes are still in {wal}. Make the folder writable and open "
                    "it once, then it can be read from a read-only place."
                ).format(path=path, wal=f"{path.name}-wal")
            ) from None
        # A full disk: the index lives in memory; nothing is changed (query_only).
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True)
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("PRAGMA query_only = ON")
        return _probe(connection)


def _probe(connection: sqlite3.Connection) -> sqlite3.Connection:
    """Reads the schema once so that a connection that cannot read fails here."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection
