"""Opening a ForumDesk database: recognise it, refuse what is not ours, migrate, know this desk.

Nothing here writes to a file before it has been recognised as a ForumDesk
database (or as new and empty): a stranger's file is never modified.
"""

from __future__ import annotations

import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from forumdesk.db import backup, schema
from forumdesk.db.base import new_uuid
from forumdesk.db.engine import (
    UNIT_OPTION,
    WRITE,
    Database,
    describe_db_error,
    is_sqlite,
    make_engine,
)
from forumdesk.db.models import DeskIdentity
from forumdesk.domain.errors import NewerDatabase, NotAForumDeskDatabase, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
AUTO_BACKUP_INTERVAL = timedelta(hours=1)


def to_url(target: str) -> str:
    """Turns ``--db`` into a database URL: a URL stays as it is, anything else is a file path."""
    if "://" in target:
        try:
            make_url(target)
        except ArgumentError as exc:
            raise StoreError(f"{target!r} is not a database URL ForumDesk understands.") from exc
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def open_database(
    target: str, *, create: bool = True, auto_backup: bool = False, keep_backups: int = 10
) -> Database:
    """Opens (and if needed creates and upgrades) a ForumDesk database.

    Args:
        target: a file path or a database URL.
        create: create the file when it does not exist; otherwise refuse.
        auto_backup: take a rotating backup when the newest is older than an hour.
        keep_backups: how many automatic backups to keep.

    Raises:
        NotAForumDeskDatabase: the file is something else; it was not modified.
        NewerDatabase: the file was written by a newer ForumDesk; it was not modified.
        StoreError: the database cannot be opened or created.
    """
    url = to_url(target)
    warnings: list[str] = []
    revision = None
    if is_sqlite(url):
        path = Path(make_url(url).database or "")
        revision = _recognise(path, create=create)
        if auto_backup and path.exists() and path.stat().st_size > 0:
            try:
                _backup_if_due(path, keep_backups)
            except StoreError as exc:
                # The work must go on; the faces show this and 'forumdesk check' explains.
                warnings.append(f"{exc} Run 'forumdesk check' to see what is wrong.")
    try:
        if revision != schema.HEAD:
            from forumdesk.db import migrate  # Alembic only when there is work for it

            migrate.upgrade(url)
        engine = make_engine(url, must_exist=True)
        desk_uuid = _ensure_desk(engine)
    except DBAPIError as exc:
        raise StoreError(describe_db_error(exc)) from exc
    db = Database(url, engine, desk_uuid)
    db.warnings.extend(warnings)
    return db


def _recognise(path: Path, *, create: bool) -> str | None:
    """Refuses a file that is not a ForumDesk database, reading it without writing.

    Returns:
        The schema revision the file carries, or None for a new or empty file.
    """
    if path.is_dir():
        raise NotAForumDeskDatabase(f"{path} is a folder, not a ForumDesk database.")
    if not path.exists():
        if not create:
            raise StoreError(f"{path} does not exist; run 'forumdesk init' to create it.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"The folder for {path} cannot be created: {exc.strerror}.") from exc
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror}.") from exc
    if not header:
        return None  # an empty file: ForumDesk may make it a database
    if header != SQLITE_HEADER:
        raise NotAForumDeskDatabase(
            f"{path} is not a ForumDesk database (it is not a SQLite file)."
        )
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise NotAForumDeskDatabase(
            f"{path} cannot be read as a ForumDesk database: {exc}."
        ) from exc
    if not tables:
        return None
    if app_id != schema.APPLICATION_ID or revision is None:
        raise NotAForumDeskDatabase(
            f"{path} is a SQLite database of another program, not a ForumDesk database."
        )
    if revision != schema.HEAD:
        from forumdesk.db import migrate

        if revision not in migrate.known_revisions():
            raise NewerDatabase(
                f"{path} was written by a newer ForumDesk (schema {revision}); "
                "install the newer version to open it."
            )
    return revision


def _read_only_uri(path: Path) -> str:
    """A URI that reads the file without creating anything beside it.

    With no ``-wal`` file the main file holds every commit, so ``immutable=1`` reads it
    without the lock and shared-memory files a read-only WAL connection would create.
    """
    uri = path.resolve().as_uri()
    if Path(f"{path}-wal").exists():
        return f"{uri}?mode=ro"
    return f"{uri}?mode=ro&immutable=1"


def _backup_if_due(path: Path, keep: int) -> None:
    newest = backup.list_backups(path)
    if newest:
        age = datetime.now(UTC) - datetime.fromtimestamp(newest[0].stat().st_mtime, UTC)
        if age < AUTO_BACKUP_INTERVAL:
            return
    backup.rotating_backup(path, keep=keep)


def _ensure_desk(engine: Engine) -> str:
    """This installation's identity, created on first use."""
    with engine.connect() as connection:
        known = connection.execute(_DESK_UUID).scalar()
    if known is not None:
        return str(known)
    with Session(engine.execution_options(**{UNIT_OPTION: WRITE})) as session:
        desk = DeskIdentity(id=1, uuid=new_uuid(), name=_default_desk_name())
        session.add(desk)
        session.commit()
        return desk.uuid


_DESK_UUID = select(DeskIdentity.__table__.c.uuid).limit(1)


def _default_desk_name() -> str:
    try:
        return socket.gethostname()[:200] or "ForumDesk desk"
    except OSError:
        return "ForumDesk desk"
