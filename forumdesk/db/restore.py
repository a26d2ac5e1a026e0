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

from forumdesk.db import backup, schema
from forumdesk.db.access import can_write_beside, connect_for_reading
from forumdesk.db.files import empty_private_file
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


@dataclass(frozen=True)
class Desk:
    """Which desk a ForumDesk database belongs to (its ``desk`` table)."""

    uuid: str
    name: str


def desk_of(path: Path) -> Desk | None:
    """The desk a ForumDesk database file belongs to; None when that cannot be read."""
    try:
        connection = connect_for_reading(path)
    except (sqlite3.Error, StoreError):
        return None
    try:
        row = connection.execute("SELECT uuid, name FROM desk LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return Desk(str(row[0]), str(row[1])) if row else None


def _expected_desk(database: Path) -> Desk | None:
    """The desk ``database`` belongs to: read from it, or (when it is too damaged to
    read) from the newest of its own backups that can be read."""
    found = desk_of(database) if database.is_file() else None
    if found is not None:
        return found
    for path in backup.list_backups(database):
        found = desk_of(path)
        if found is not None:
            return found
    return None


def _refuse_a_stranger(source: Path) -> None:
    """Refuses a file that is not a ForumDesk database (SQLite's application_id)."""
    not_ours = InputRefused(
        _(
            "{path} is not a ForumDesk database, so it cannot be put back as one; "
            "nothing was changed."
        ).format(path=source)
    )
    try:
        with source.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be read: {problem}.").format(path=source, problem=exc.strerror)
        ) from exc
    if not header.startswith(b"SQLite format 3\x00") or len(header) < 72:
        raise not_ours
    if int.from_bytes(header[68:72], "big") != schema.APPLICATION_ID:  # application_id
        raise not_ours


def restore_database(source: Path, database: Path, *, other_desk: bool = False) -> Path | None:
    """Puts the backup ``source`` in the place of ``database``.

    Args:
        other_desk: put back a database of another desk (its ``desk`` uuid differs from
            the one ``database`` or its own backups carry); refused otherwise.

    Returns:
        Where the file it replaced was moved (None when there was none).

    Raises:
        InputRefused: the backup is not a ForumDesk database, belongs to another desk or
            does not pass its check; nothing was changed.
        StoreError: the folder cannot be written; the database is where it was.
    """
    _refuse_a_stranger(source)
    health = backup.check_file(source)
    if not health.ok:
        raise InputRefused(
            _(
                "The backup {path} does not pass its check ({problem}); nothing "
                "was changed. 'forumdesk backup --list' shows which backups do."
            ).format(path=source, problem=health.describe())
        )
    theirs, ours = desk_of(source), _expected_desk(database)
    if not other_desk and theirs is not None and ours is not None and theirs.uuid != ours.uuid:
        raise InputRefused(
            _(
                "{path} is the database of another desk, {name} ({uuid}), not a backup of "
                "{database}; nothing was changed. To put it in place all the same, add "
                "--other-desk."
            ).format(path=source, name=theirs.name, uuid=theirs.uuid, database=database)
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
    empty_private_file(dest)
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
