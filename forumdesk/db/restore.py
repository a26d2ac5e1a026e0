"""Putting a backup back: which backups verify, and a restore that keeps the file it replaces.

The file being replaced (damaged or not) is never overwritten or deleted: it is moved
aside, with its ``-wal`` and ``-shm`` files, under a timestamped name beside it. The
backup is then written into place through SQLite's backup API, never copied as a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from forumdesk.db import backup
from forumdesk.db.access import can_write_beside, connect_for_reading
from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.i18n import _

_STAMP = re.compile(r"-(\d{8}T\d{6})(\d{6})?Z-(.+)\.sqlite$")
_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupInfo:
    """One automatic or manual backup of a database, and what its check says."""

    path: Path
    taken: datetime  # UTC
    kind: str  # auto, manual, close, hourly, before-upgrade-from-…
    size: int
    health: backup.Health

    @property
    def ok(self) -> bool:
        """Whether the backup passes ``forumdesk check``."""
        return self.health.ok


def taken_at(path: Path) -> tuple[datetime, str]:
    """When a backup was taken (UTC) and what kind it is, read from its name."""
    found = _STAMP.search(path.name)
    if found:
        return datetime.strptime(found[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC), found[3]
    return datetime.fromtimestamp(path.stat().st_mtime, UTC), "copy"


def survey(database: Path) -> list[BackupInfo]:
    """The backups of a database, newest first, each checked in full."""
    found = []
    for path in backup.list_backups(database):
        when, kind = taken_at(path)
        try:
            health = backup.check_file(path)
        except StoreError as exc:
            health = backup.Health((str(exc),), ())
        found.append(BackupInfo(path, when, kind, path.stat().st_size, health))
    return found


def newest_sound(database: Path) -> BackupInfo | None:
    """The newest backup that passes its check, checking no more than needed."""
    for path in backup.list_backups(database):
        try:
            health = backup.check_file(path)
        except StoreError:
            continue
        if health.ok:
            when, kind = taken_at(path)
            return BackupInfo(path, when, kind, path.stat().st_size, health)
    return None


def is_sound(database: Path) -> bool:
    """Whether a database passes SQLite's quick check (a missing file does not)."""
    if not database.is_file():
        return False
    try:
        connection = connect_for_reading(database)
    except (sqlite3.Error, StoreError):
        return False
    try:
        return backup.quick_check(connection) is None
    finally:
        connection.close()


def restore_database(source: Path, database: Path) -> Path | None:
    """Puts the backup ``source`` in the place of ``database``.

    Returns:
        Where the file it replaced was moved (None when there was none).

    Raises:
        InputRefused: the backup does not pass its check; nothing was changed.
        StoreError: the folder cannot be written; the database is where it was.
    """
    health = backup.check_file(source)
    if not health.ok:
        raise InputRefused(
            _(
                "The backup {path} does not pass its check ({problem}); nothing "
                "was changed. 'forumdesk backup --list' shows which backups do."
            ).format(path=source, problem=health.describe())
        )
    if not can_write_beside(database):
        raise StoreError(
            _(
                "The backup cannot be put back: the folder {folder} cannot be "
                "written. The database is still at {path}, as it was."
            ).format(folder=database.parent, path=database)
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    label = "replaced" if is_sound(database) else "damaged"
    aside = database.with_name(f"{database.stem}-{label}-{stamp}{database.suffix}")
    partial = database.with_name(f".{database.name}.restoring")
    moved = False
    try:
        _write_copy(source, partial)
        moved = _move_aside(database, aside)
        os.replace(partial, database)
    except (OSError, sqlite3.Error) as exc:
        if moved:  # put the replaced file back where it was
            with contextlib.suppress(OSError):
                _move_aside(aside, database)
        raise StoreError(
            _(
                "The backup could not be put back: {problem}. "
                "The database is still at {path}, as it was."
            ).format(problem=backup.why_not_written(exc, database), path=database)
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return aside if moved else None


def _write_copy(source: Path, dest: Path) -> None:
    """Writes the backup's pages into a new file through SQLite's backup API."""
    dest.unlink(missing_ok=True)
    backup.write_pages(source, dest)


def _move_aside(database: Path, aside: Path) -> bool:
    """Moves the database and the files SQLite keeps beside it under the name ``aside``
    (False when there is no such file)."""
    if not database.exists():
        return False
    for suffix in _SIDE_FILES:  # first, so the main file is never left without its WAL
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    os.replace(database, aside)
    return True
