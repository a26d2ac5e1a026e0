"""Engines and sessions: durable SQLite pragmas on every connection, one session per user action."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from forumdesk.db.access import disk_is_full, read_only_uri, wal_holds_commits
from forumdesk.domain.errors import DamagedNotWritten, DatabaseFileGone, StoreError
from forumdesk.i18n import _
from forumdesk.paths import backup_dir

if TYPE_CHECKING:
    from forumdesk.db.integrity import BackgroundCheck

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5_000
#: How many times a writing unit of work is run on a database server when it meets
#: another officer's transaction (see :func:`is_transient`) before the failure is shown.
ATTEMPTS = 8
#: PostgreSQL's SQLSTATEs of a transaction that lost a race with another one and can
#: simply be run again: serialization failure, deadlock, and a unique key another
#: transaction took meanwhile (docs/internals.md, "Many officers on one register").
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "23505"})  # i18n: not text
#: Keys of transaction-scoped advisory locks (:func:`serialise`).
IMPORT_LOCK = 0x466F72756D01
#: Execution option saying what a unit of work does: WRITE or READ (see make_engine).
UNIT_OPTION = "forumdesk_unit"
WRITE, READ = "write", "read"


def is_sqlite(url: str) -> bool:
    """Whether a database URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(
    url: str,
    *,
    foreign_keys: bool = True,
    must_exist: bool = False,
    read_only: bool = False,
    exclusive: bool = False,
    connection: sqlite3.Connection | None = None,
) -> Engine:
    """Creates an engine; for SQLite every connection gets ForumDesk's pragmas.

    SQLite connections run in driver autocommit with an explicit ``BEGIN`` per
    transaction (SQLAlchemy's documented recipe), so DDL is transactional, SELECTs
    see one snapshot, and pragmas set on connect are not swallowed by an open
    transaction. ``foreign_keys=False`` is for migrations only (docs/internals.md, "Alembic").
    ``must_exist``: a new connection never makes the file (SQLite would make an empty
    one where the database was removed); it fails as a file that cannot be opened.

    A unit run with the execution option ``UNIT_OPTION=WRITE`` begins with
    ``BEGIN IMMEDIATE``: a writing unit of work takes the write lock at its start, so a
    second program waits for it (the busy timeout) instead of failing. A deferred
    ``BEGIN`` that reads and then writes cannot wait: its read snapshot is stale once
    another program wrote, and SQLite refuses the upgrade at once with "database is
    locked" (docs/internals.md, "Two programs on one database"). A unit run with
    ``UNIT_OPTION=READ`` begins deferred with ``query_only`` on, so that a service that
    writes by mistake fails loudly instead of being rolled back unseen.
    ``read_only``: for a file whose folder cannot be written; ``exclusive``: for a full
    disk, one connection that keeps the WAL index in memory (see db/access.py).
    ``connection``: an open SQLite connection (an in-memory copy) that the engine uses
    as its only connection.
    """
    if not is_sqlite(url):
        # READ COMMITTED (stated, not left to the server's default): every statement sees
        # what committed before it, so a row lock waited for is read as it is now
        # (docs/internals.md, "Many officers on one register").
        isolation = "READ COMMITTED"  # i18n: not text
        try:
            return create_engine(url, pool_pre_ping=True, isolation_level=isolation)
        except ImportError as exc:  # the server's driver is an extra (docs/shared-register.md)
            from forumdesk.db.server import driver_missing

            raise driver_missing() from exc
    path = _file_of(url)
    if connection is not None:
        engine = create_engine(url, creator=lambda: connection, poolclass=StaticPool)
    elif read_only and path is not None:
        uri = read_only_uri(path, immutable=not wal_holds_commits(path))
        engine = create_engine(
            url,
            creator=lambda: sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            ),
        )
    elif exclusive:
        # The lock is held by the one connection for as long as it is open: a second
        # connection of the same program would wait for it in vain.
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            poolclass=SingletonThreadPool,
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    if must_exist and path is not None:

        @event.listens_for(engine, "do_connect")
        def _refuse_a_new_file(*_args: Any) -> None:
            if not path.exists():
                raise sqlite3.OperationalError("unable to open database file")  # i18n: not text

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if exclusive:  # before the first read, or SQLite makes the -shm file
                cursor.execute("PRAGMA locking_mode = EXCLUSIVE")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not read_only and make_url(url).database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a flat battery must not lose acknowledged commits (docs/internals.md).
            cursor.execute("PRAGMA synchronous = FULL")
            # Deleted content is overwritten, so an erased name does not linger in free
            # pages of the file (some SQLite builds have it off by default).
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        unit = connection.get_execution_options().get(UNIT_OPTION)
        reading = unit == READ
        # Set only when it changes: a capture's commit is a fraction of a millisecond, and
        # one more statement a transaction shows in it (benchmarks/store.py).
        if connection.info.get("query_only", False) != reading:
            connection.exec_driver_sql(f"PRAGMA query_only = {'ON' if reading else 'OFF'}")
            connection.info["query_only"] = reading
        connection.exec_driver_sql("BEGIN IMMEDIATE" if unit == WRITE else "BEGIN")
        # Whether the transaction wrote anything is told at commit by the difference.
        connection.info["changes_at_begin"] = connection.connection.driver_connection.total_changes

    return engine


class Database:
    """An open ForumDesk database: its URL, engine and session factory.

    Made by :func:`forumdesk.db.store.open_database`; faces hold one and call
    :meth:`session` once per user action.
    """

    def __init__(self, url: str, engine: Engine, desk_uuid: str) -> None:
        self.url = url
        self.engine = engine
        self.desk_uuid = desk_uuid
        #: Things a person should know about this database (a failed automatic backup).
        self.warnings: list[str] = []
        #: Opened for viewing only, because its folder cannot be written.
        self.read_only = False
        #: Opened on a full disk: one connection, no backups while it is open.
        self.opened_on_full_disk = False
        #: The file whose automatic backup was due on opening, taken after the work
        #: (:func:`forumdesk.db.store.backup_if_due`); None when none is due.
        self.backup_due: Path | None = None
        #: How many automatic backups to keep (None: the database's own setting).
        self.keep_backups: int | None = None
        #: The integrity check of a database opened for the window, not yet run when it
        #: opened (``open_database(check_later=True)``); every write waits for it.
        self.check: BackgroundCheck | None = None
        # Writing units take the write lock when they begin (make_engine); reads do not.
        self._sessions = sessionmaker(
            engine.execution_options(**{UNIT_OPTION: WRITE}), expire_on_commit=False
        )
        self._reads = sessionmaker(
            engine.execution_options(**{UNIT_OPTION: READ}), expire_on_commit=False
        )
        self._file = _file_of(url)
        self._identity = _identity(self._file)

    @property
    def display_name(self) -> str:
        """The file path (SQLite) or the URL without its password."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return parsed.database or ":memory:"
        return parsed.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One writing unit of work: commits on success, rolls back on any error, always closes.

        On SQLite it holds the write lock from its start (another program's writing unit
        waits up to the busy timeout); a unit that only reads uses :meth:`read_session`.

        Raises:
            StoreError: when the database cannot be written (read-only, disk full,
                locked by another program), with a sentence a person can act on.
            DatabaseFileGone: the unit wrote, but the file was removed or replaced
                since it was opened (see :meth:`write_back`); nothing was committed.
            DamagedNotWritten: the integrity check of the file found it damaged.
        """
        self.wait_for_check()
        session = self._sessions(info={"desk_uuid": self.desk_uuid})
        try:
            yield session
            self._refuse_if_file_gone(session)
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise StoreError(self.describe_error(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T], *, attempts: int = ATTEMPTS) -> T:
        """Runs ``work(session)`` as one writing unit of work (:meth:`session`) and
        returns its result; on a database server, a unit that lost a race with another
        officer's transaction (:func:`is_transient`) is rolled back and run again, whole,
        up to ``attempts`` times, so the person never sees it. ``work`` must therefore
        do nothing outside the session that cannot be done twice.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session:
                    return work(session)
            except StoreError as exc:
                if attempt == attempts or not is_transient(exc):
                    raise
            # A short random pause, growing, so that the racers do not meet again.
            time.sleep(random.uniform(0, 0.005 * 2**attempt))  # not a secret
        raise AssertionError("unreachable")

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A unit of work that only reads: it never waits for, nor holds up, a writer.

        It is rolled back at the end; on SQLite a service that writes in it fails
        ("attempt to write a readonly database"): writing belongs in :meth:`session`.
        """
        session = self._reads(info={"desk_uuid": self.desk_uuid})
        try:
            yield session
        except DBAPIError as exc:
            raise StoreError(self._server_error(exc) or describe_db_error(exc)) from exc
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def preview_session(self) -> Iterator[Session]:
        """A unit of work that is always rolled back: to show what a change would do.

        A database opened read-only cannot even begin a writing unit, and on a full disk
        a large change spills into the write-ahead log, which cannot grow; there the
        preview runs on an in-memory copy (SQLite's backup API), thrown away afterwards,
        and the file is not touched.
        """
        copy = self._memory_copy() if self.read_only or self.opened_on_full_disk else None
        if copy is None:
            self.wait_for_check()
        sessions = (
            self._sessions
            if copy is None
            else sessionmaker(copy.execution_options(**{UNIT_OPTION: WRITE}))
        )
        session = sessions(info={"desk_uuid": self.desk_uuid})
        try:
            yield session
        except DBAPIError as exc:
            raise StoreError(self.describe_error(exc)) from exc
        finally:
            session.rollback()
            session.close()
            if copy is not None:
                copy.dispose()

    def wait_for_check(self) -> None:
        """Waits for the integrity check left from opening (running it if nothing has).

        Raises:
            DamagedNotWritten: it found the file damaged (nothing may be written to it).
        """
        check = self.check
        if check is None:
            return
        problem = check.result()
        if problem is not None:
            raise DamagedNotWritten(self.display_name, problem)

    def _memory_copy(self) -> Engine:
        """An engine on an in-memory copy of this SQLite database, made with the backup API."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        source = self.engine.raw_connection()
        try:
            # A SQLite engine's driver connection is always an open sqlite3 one.
            cast(sqlite3.Connection, source.driver_connection).backup(copy)
        except sqlite3.Error as exc:
            copy.close()
            raise StoreError(
                _("{path} cannot be read to show what would change: {problem}.").format(
                    path=self._file, problem=exc
                )
            ) from exc
        finally:
            source.close()
        return make_engine("sqlite://", connection=copy)

    def describe_error(self, exc: DBAPIError) -> str:
        """One sentence for a database error, knowing which file and how it was opened."""
        said = self._server_error(exc)
        if said is not None:
            return said
        detail = str(exc.orig if exc.orig is not None else exc).lower()
        if self.read_only and ("readonly" in detail or "read-only" in detail):
            return read_only_refusal(self._file)
        return describe_db_error(exc, self._file)

    def _server_error(self, exc: DBAPIError) -> str | None:
        """The sentence for a server that went away or refused the login (None otherwise)."""
        if is_sqlite(self.url):
            return None
        from forumdesk.db.server import describe_error

        return describe_error(exc, self.url)

    def dispose(self) -> None:
        """Closes every pooled connection (before the file is moved, restored or deleted).

        An integrity check still running is stopped (a write after this runs it again)."""
        if self.check is not None and not self.check.finished:
            self.check.stop()
        self.engine.dispose()

    def is_own_file(self, path: Path) -> bool:
        """Whether ``path`` is this database's file or one SQLite keeps beside it.

        Such a file must not be opened other than through SQLite while the database is
        open: closing any handle on it drops the locks SQLite holds on it (Linux, macOS),
        and another program may then delete the write-ahead log under this one.
        """
        if self._file is None:
            return False
        for own in (self._file, *(Path(f"{self._file}{end}") for end in ("-wal", "-shm"))):
            try:
                if own.exists() and os.path.samefile(path, own):
                    return True
            except OSError:
                continue
        return False

    def file_gone(self) -> bool:
        """Whether the SQLite file was removed or replaced since it was opened.

        SQLite goes on writing to a removed file through the handle it holds, without an
        error, and everything written then is lost when the program closes.
        """
        if self._identity is None:
            return False
        now = _identity(self._file)
        if now is None:
            return True
        if 0 in (now[1], self._identity[1]):
            return False  # a file system without inode numbers: only removal shows
        return now != self._identity

    def write_back(self) -> None:
        """Writes what the open database holds to its file again, after :meth:`file_gone`.

        The connection still reads the removed file; SQLite's backup copies it, whole and
        consistent, to a new file in the same place, and the next session opens that. A
        file another program put there in the meantime is never overwritten.

        Raises:
            StoreError: the file cannot be written there (its folder is gone, say).
        """
        assert self._file is not None
        target = self._file
        partial = target.with_name(f".{target.name}.writing")
        try:
            with self.engine.connect() as connection:
                # Only a connection opened before the removal still reads the data; a new
                # one would have made a new, empty file at the same place.
                if not connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
                    raise _not_held(target)
                from forumdesk.db.files import empty_private_file

                copy = sqlite3.connect(empty_private_file(partial))
                try:
                    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
                    driver.backup(copy)  # a SQLite engine's driver connection is sqlite3's
                finally:
                    copy.close()
            _place_new(partial, target)
        except FileExistsError as exc:
            raise StoreError(
                _(
                    "The database cannot be written back to {path}: another file is there "
                    "now, and ForumDesk will not overwrite it. Move that file away and try again."
                ).format(path=target)
            ) from exc
        except DBAPIError as exc:  # nothing holds the removed file open any more
            raise _not_held(target) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                _("The database cannot be written back to {path}: {problem}.").format(
                    path=target, problem=exc
                )
            ) from exc
        finally:
            partial.unlink(missing_ok=True)
        self.engine.dispose()
        self._identity = _identity(target)

    def _refuse_if_file_gone(self, session: Session) -> None:
        if self._identity is None or session.get_transaction() is None:
            return
        session.flush()  # what is still pending (an export's log row) is written too
        connection = session.connection()
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)  # SQLite's
        wrote = driver.total_changes != connection.info.get("changes_at_begin")
        if wrote and self.file_gone():
            raise DatabaseFileGone(str(self._file))


def is_transient(exc: BaseException) -> bool:
    """Whether an error is a database server's refusal that running the same unit of
    work again can cure: it met another transaction (a serialization failure, a deadlock,
    a unique key taken meanwhile). SQLite never gives these: its writers take turns."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DBAPIError) and seen.orig is not None:
            return getattr(seen.orig, "sqlstate", None) in TRANSIENT_SQLSTATES
        seen = seen.__cause__
    return False


def serialise(session: Session, key: int) -> None:
    """Makes the rest of this writing unit wait until no other unit holding ``key`` is
    running (a transaction-scoped advisory lock on PostgreSQL, released at its end).
    On SQLite every writing unit already holds the write lock from its start."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        locking = text("SELECT pg_advisory_xact_lock(:key)")  # i18n: not text
        connection.execute(locking, {"key": key})


def for_change(session: Session) -> bool:
    """Whether rows read in this unit of work should be locked for changing: a writing
    unit on a database server, where other officers' transactions run at the same time
    (``SELECT … FOR NO KEY UPDATE``; SQLite has no row locks and needs none)."""
    bind = session.get_bind()
    return bind.dialect.name != "sqlite" and bind.get_execution_options().get(UNIT_OPTION) == WRITE


def _not_held(target: Path) -> StoreError:
    return StoreError(
        _(
            "The database cannot be written back to {path}: ForumDesk no longer holds it "
            "open. Copy the newest backup in {folder} into its place."
        ).format(path=target, folder=backup_dir(target))
    )


def _place_new(written: Path, target: Path) -> None:
    """Puts a written file at ``target`` unless a file is there (FileExistsError)."""
    try:
        os.link(written, target)  # fails rather than replace
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (a FAT memory stick)
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(written, target)


def _file_of(url: str) -> Path | None:
    """The file of a SQLite URL (None for a server or an in-memory database)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    return Path(database) if database not in (None, "", ":memory:") else None


def _identity(path: Path | None) -> tuple[int, int] | None:
    """Which file a path names now: device and inode (None where there is none)."""
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def read_only_refusal(path: Path | None) -> str:
    """The sentence that refuses a change to a database opened read-only."""
    return _(
        "Nothing was changed: the folder {folder} cannot be written, "
        "so ForumDesk opened the database read-only, for viewing."
    ).format(folder=path.parent if path else "")


def describe_db_error(exc: DBAPIError, path: Path | None = None) -> str:
    """One sentence for a database error a person may meet.

    ``path`` (the database file) lets an I/O error on a full disk be named as such.
    """
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    lowered = detail.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return _("The database cannot be written: the file or its folder is read-only.")
    if "disk is full" in lowered or (
        "disk i/o error" in lowered and path is not None and disk_is_full(path)
    ):
        if path is None:
            return _("The change was not saved: the disk is full. Free some space and try again.")
        return _(
            "The change was not saved: the disk holding {folder} is full. "
            "Free some space and try again."
        ).format(folder=path.parent)
    if "locked" in lowered or "busy" in lowered:
        return _("The database is locked by another program; close it and try again.")
    if "unable to open" in lowered:
        return _("The database file cannot be opened: it was moved, removed or is not accessible.")
    if isinstance(exc, OperationalError):
        return _("The database could not complete the change: {problem}.").format(problem=detail)
    return _("The database refused the change: {problem}.").format(problem=detail)
