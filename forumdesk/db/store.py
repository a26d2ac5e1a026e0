"""Opening a ForumDesk database: recognise it, refuse what is not ours, migrate, know this desk.

Nothing here writes to a file before it has been recognised as a ForumDesk
database (or as new and empty): a stranger's file is never modified.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from forumdesk.db import access, backup, files, schema, server
from forumdesk.db.base import new_uuid
from forumdesk.db.engine import (
    UNIT_OPTION,
    WRITE,
    Database,
    describe_db_error,
    is_sqlite,
    make_engine,
)
from forumdesk.db.integrity import BackgroundCheck
from forumdesk.db.models import DeskIdentity
from forumdesk.domain.errors import (
    DamagedDatabase,
    HeaderDamaged,
    NewerDatabase,
    NoDatabase,
    NotAForumDeskDatabase,
    StoreError,
)
from forumdesk.i18n import _
from forumdesk.paths import backup_dir

SQLITE_HEADER = b"SQLite format 3\x00"
AUTO_BACKUP_INTERVAL = timedelta(hours=1)


def to_url(target: str) -> str:
    """Turns ``--db`` into a database URL: a URL stays as it is, anything else is a file path."""
    if "://" in target:
        try:
            parsed = make_url(target)
        except (ArgumentError, ValueError) as exc:  # ValueError: a port that is no number
            raise StoreError(
                _("{url} is not a database URL ForumDesk understands.").format(
                    url=repr(server.masked(target))
                )
            ) from exc
        if parsed.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
            raise StoreError(
                _(
                    "{url} is not a database ForumDesk can use: it keeps its data in a "
                    "SQLite file or a PostgreSQL database (postgresql://user@host/name)."
                ).format(url=server.shown(parsed))
            )
        if parsed.get_backend_name() == "sqlite":
            return target
        return server.normalise(parsed).render_as_string(hide_password=False)
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def open_database(
    target: str,
    *,
    create: bool = True,
    auto_backup: bool = False,
    keep_backups: int | None = None,
    verify: bool = True,
    check_later: bool = False,
) -> Database:
    """Opens (and if needed creates and upgrades) a ForumDesk database.

    A file whose folder cannot be written opens read-only, for viewing; one on a full
    disk opens all the same (see :mod:`forumdesk.db.access`), with a warning saying so.

    Args:
        target: a file path or a database URL.
        create: create the file when it does not exist; otherwise refuse.
        auto_backup: note that a rotating backup is due when the newest is older than an
            hour (``Database.backup_due``); the face takes it once its work is answered
            (:func:`backup_if_due`), never while opening.
        keep_backups: how many automatic backups to keep (None: the database's setting).
        verify: run SQLite's quick check first (``forumdesk check`` runs the full one).
        check_later: the window's way: the quick check of a file that needs no upgrade
            and can be written is left to ``Database.check``, which the window starts
            on a thread once it shows; writes wait for it (and start it if nothing
            has), and are refused when it finds damage.

    Raises:
        NoDatabase: there is no file and ``create`` is false.
        DamagedDatabase: the file fails the quick check, or is not a SQLite file but has
            ForumDesk backups beside it (HeaderDamaged); it was not modified.
        NotAForumDeskDatabase: the file is something else; it was not modified.
        NewerDatabase: the file was written by a newer ForumDesk; it was not modified.
        StoreError: the database cannot be opened or created.
    """
    url = to_url(target)
    path: Path | None = None
    revision = None
    read_only = False
    check: BackgroundCheck | None = None
    if is_sqlite(url):
        path = Path(make_url(url).database or "")
        # Not on a read-only folder (the check's connection needs the -shm file) nor on
        # a full disk (its exclusive connection would keep the check out).
        later = check_later and access.can_write_beside(path) and not access.disk_is_full(path)
        revision, check_due = _recognise(path, create=create, verify=verify, later=later)
        read_only = path.exists() and not access.can_write_beside(path)
        if check_due:
            check = BackgroundCheck(path)
        if read_only and revision != schema.HEAD:
            raise StoreError(
                _(
                    "{path} needs upgrading for this version of ForumDesk, and its folder "
                    "{folder} cannot be written. Copy it to a folder you can write to "
                    "and open that copy."
                ).format(path=path, folder=path.parent)
            )
    else:
        revision = _recognise_server(url)
    try:
        if revision != schema.HEAD:
            from forumdesk.db import migrate  # Alembic only when there is work for it

            migrate.upgrade(url)
        engine, full = _open_engine(url, path, read_only=read_only)
        if check is not None and full:  # its one connection would keep the check out
            _checked(check)
            check = None
        desk_uuid = _ensure_desk(engine, save=not read_only, check=check)
    except DBAPIError as exc:
        if check is not None:
            check.stop()
        said = None if path is not None else server.describe_error(exc, url)
        raise StoreError(said or describe_db_error(exc, path)) from exc
    except BaseException:
        if check is not None:
            check.stop()
        raise
    db = Database(url, engine, desk_uuid)
    db.check = check
    db.read_only, db.opened_on_full_disk = read_only, full
    if path is not None and read_only:
        db.warnings.append(read_only_notice(path))
    elif path is not None and full:
        db.warnings.append(
            _(
                "The disk holding {folder} is full. ForumDesk opened the database so "
                "that you can go on reading it, but no change can be saved and no backup "
                "taken until some space is freed."
            ).format(folder=path.parent)
        )
    elif path is not None and auto_backup and revision is not None and backup_due(path):
        db.backup_due = path
        db.keep_backups = keep_backups
    return db


def backup_if_due(db: Database, *, pages: int = -1) -> str | None:
    """Takes the automatic backup :func:`open_database` found due (if it still is).

    A face calls it after its work: the command line once the answer is printed, the
    window on a thread once it is shown (gui/storage.py).

    Returns:
        What a person should be told when the backup failed (the work went on), or None.
    """
    path, db.backup_due = db.backup_due, None
    if path is None or not backup_due(path):
        return None
    try:
        backup.rotating_backup(path, keep=db.keep_backups, pages=pages)
    except StoreError as exc:
        return _("{problem} Run 'forumdesk check' to see what is wrong.").format(problem=exc)
    return None


def read_only_notice(path: Path) -> str:
    """What a person is told about a database opened read-only."""
    return _(
        "The folder {folder} cannot be written, so ForumDesk opened {name} "
        "read-only, for viewing: nothing can be changed and no backup can be taken."
    ).format(folder=path.parent, name=path.name)


def _open_engine(url: str, path: Path | None, *, read_only: bool) -> tuple[Engine, bool]:
    """The engine, and whether it had to be opened the full-disk way (db/access.py)."""
    engine = make_engine(url, must_exist=True, read_only=read_only)
    if path is None or read_only:
        return engine, False
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return engine, False
    except OperationalError as exc:
        engine.dispose()
        if not access.is_disk_full_error(exc.orig or exc, path):
            raise
    return make_engine(url, must_exist=True, exclusive=True), True


def _recognise_server(url: str) -> str | None:
    """The schema revision of a server database (None: empty), refusing one that is not
    ForumDesk's before anything is made in it (:func:`forumdesk.db.server.recognise`)."""
    engine = make_engine(url)
    try:
        return server.recognise(engine, url)
    finally:
        engine.dispose()


def _checked(check: BackgroundCheck) -> None:
    """Waits for an integrity check; DamagedDatabase when it found damage."""
    problem = check.result()
    if problem is not None:
        raise DamagedDatabase(str(check.path), problem)


def _recognise(
    path: Path, *, create: bool, verify: bool = True, later: bool = False
) -> tuple[str | None, bool]:
    """Refuses a file that is not a ForumDesk database, reading it without writing.

    ``later``: a file at the current schema is not checked here; the caller checks it
    on a thread (a file to be upgraded is checked first: the upgrade writes).

    Returns:
        The schema revision the file carries (None for a new or empty file), and whether
        the quick check is still to be run.
    """
    if path.is_dir():
        raise NotAForumDeskDatabase(
            _("{path} is a folder, not a ForumDesk database.").format(path=path)
        )
    if not path.exists() or (not create and path.stat().st_size == 0):
        if not create:
            raise NoDatabase(str(path))
        try:
            files.private_folder(path.parent)
        except OSError as exc:
            raise StoreError(
                _("The folder for {path} cannot be created: {problem}.").format(
                    path=path, problem=exc.strerror
                )
            ) from exc
        if not access.can_write_beside(path):
            raise StoreError(
                _(
                    "The folder {folder} cannot be written, so no database can be created there."
                ).format(folder=path.parent)
            )
        # Made empty and private before SQLite fills it: its -wal and -shm take its mode.
        with contextlib.suppress(FileExistsError):
            os.close(files.private_file(path))
        return None, False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be read: {problem}.").format(path=path, problem=exc.strerror)
        ) from exc
    if not header:
        return None, False  # an empty file: ForumDesk may make it a database
    if header != SQLITE_HEADER:
        if backup.list_backups(path):  # ours once: its header was overwritten
            raise HeaderDamaged(str(path), str(backup_dir(path)))
        raise NotAForumDeskDatabase(
            _("{path} is not a ForumDesk database (it is not a SQLite file).").format(path=path)
        )
    problem = None
    check_due = False
    try:
        connection = access.connect_for_reading(path)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            revision: str | None = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            if verify and tables and app_id == schema.APPLICATION_ID:
                if later and revision == schema.HEAD:
                    check_due = True
                else:
                    problem = backup.quick_check(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":
            raise DamagedDatabase(str(path), str(exc)) from exc
        if access.is_disk_full_error(exc, path):
            raise StoreError(
                _(
                    "{path} cannot be read: the disk holding it is full. Free some space "
                    "and try again."
                ).format(path=path)
            ) from exc
        raise NotAForumDeskDatabase(
            _("{path} cannot be read as a ForumDesk database: {problem}.").format(
                path=path, problem=exc
            )
        ) from exc
    if problem is not None:
        raise DamagedDatabase(str(path), problem)
    if not tables:
        return None, False
    if app_id != schema.APPLICATION_ID or revision is None:
        raise NotAForumDeskDatabase(
            _("{path} is a SQLite database of another program, not a ForumDesk database.").format(
                path=path
            )
        )
    if revision != schema.HEAD:
        from forumdesk.db import migrate

        if revision not in migrate.known_revisions():
            raise NewerDatabase(
                _(
                    "{path} was written by a newer ForumDesk (schema {schema}); "
                    "install the newer version to open it."
                ).format(path=path, schema=revision)
            )
    return revision, check_due


def backup_due(path: Path) -> bool:
    """Whether the newest backup of a database file is more than an hour old (or missing)."""
    newest = backup.list_backups(path)
    if not newest:
        return True
    age = datetime.now(UTC) - datetime.fromtimestamp(newest[0].stat().st_mtime, UTC)
    return age >= AUTO_BACKUP_INTERVAL


def _ensure_desk(engine: Engine, *, save: bool = True, check: BackgroundCheck | None = None) -> str:
    """This installation's identity, created on first use (kept only when ``save``; after
    ``check`` says the file is sound)."""
    with engine.connect() as connection:
        known = connection.execute(_DESK_UUID).scalar()
    if known is not None:
        return str(known)
    if not save:
        return new_uuid()
    if check is not None:
        _checked(check)
    with Session(engine.execution_options(**{UNIT_OPTION: WRITE})) as session:
        made = new_uuid()
        desk = DeskIdentity(id=1, uuid=made, name=default_desk_name(made))
        session.add(desk)
        session.commit()
        return desk.uuid


_DESK_UUID = select(DeskIdentity.__table__.c.uuid).limit(1)


def default_desk_name(desk_uuid: str) -> str:
    """What a desk is called until someone names it: the computer's name and the start of
    its UUID ("vm 2f0c"), so that two desks made on look-alike laptops (or two databases
    on one) are told apart in imports and conflicts."""
    try:
        host = socket.gethostname()[:180]
    except OSError:
        host = ""
    return f"{host or _('ForumDesk desk')} {desk_uuid[:4]}"
