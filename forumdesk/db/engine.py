"""Engines and sessions: durable SQLite pragmas on every connection, one session per user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from forumdesk.domain.errors import StoreError

BUSY_TIMEOUT_MS = 5_000


def is_sqlite(url: str) -> bool:
    """Whether a database URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """Creates an engine; for SQLite every connection gets ForumDesk's pragmas.

    SQLite connections run in driver autocommit with an explicit ``BEGIN`` per
    transaction (SQLAlchemy's documented recipe), so DDL is transactional, SELECTs
    see one snapshot, and pragmas set on connect are not swallowed by an open
    transaction. ``foreign_keys=False`` is for migrations only (PITFALLS.md).
    """
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if make_url(url).database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a flat battery must not lose acknowledged commits (PITFALLS.md).
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

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
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def display_name(self) -> str:
        """The file path (SQLite) or the URL without its password."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return parsed.database or ":memory:"
        return parsed.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error, always closes.

        Raises:
            StoreError: when the database cannot be written (read-only, disk full,
                locked by another program), with a sentence a person can act on.
        """
        session = self._sessions(info={"desk_uuid": self.desk_uuid})
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise StoreError(describe_db_error(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def preview_session(self) -> Iterator[Session]:
        """A unit of work that is always rolled back: to show what a change would do."""
        session = self._sessions(info={"desk_uuid": self.desk_uuid})
        try:
            yield session
        except DBAPIError as exc:
            raise StoreError(describe_db_error(exc)) from exc
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        """Closes every pooled connection (before the file is moved, restored or deleted)."""
        self.engine.dispose()


def describe_db_error(exc: DBAPIError) -> str:
    """One sentence for a database error a person may meet."""
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    lowered = detail.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "The database cannot be written: the file or its folder is read-only."
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return "The database cannot be written: the disk is full."
    if "locked" in lowered or "busy" in lowered:
        return "The database is locked by another program; close it and try again."
    if "unable to open" in lowered:
        return "The database file cannot be opened: it was moved, removed or is not accessible."
    if isinstance(exc, OperationalError):
        return f"The database could not complete the change: {detail}."
    return f"The database refused the change: {detail}."
