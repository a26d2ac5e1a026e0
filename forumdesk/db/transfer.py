"""Copying a whole desk into an empty database: SQLite to PostgreSQL and the reverse.

Every row of every table is copied as it is (ids, UUIDs, version vectors and dots,
field revisions, the desk's own identity), in one transaction on the target that also
makes the schema with ForumDesk's migrations: on PostgreSQL and on SQLite (whose DDL is
transactional the way ForumDesk opens it) a failure leaves the target as it was, and a
SQLite file made for the copy is removed. The source is read in one snapshot.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from forumdesk.db import files, search, server
from forumdesk.db.engine import Database, describe_db_error, is_sqlite, make_engine
from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.domain.progress import EVERY, Progress, quiet
from forumdesk.i18n import _, ngettext

#: Rows read from the source and written to the target at a time.
BATCH = 2_000
#: Tables the copy leaves alone: Alembic's own (the target's migrations stamp it) and the
#: SQLite search index and its shadow tables (the target fills its own index).
_NOT_COPIED = ("alembic_version",)  # i18n: not text


@dataclass
class Copy:
    """A copy under way: the source read in one snapshot, the target in one transaction.

    ``source`` and ``target`` are sessions on them for the caller to compare what each
    holds before the copy is committed (:func:`copying`).
    """

    source: Session
    target: Session
    connection: Connection
    counts: dict[str, int] = field(default_factory=dict)


def shown(url: str) -> str:
    """A database as a person reads it: a file's path, a server's URL without password."""
    if is_sqlite(url):
        return make_url(url).database or ""
    return server.shown(url)


def named(url: str) -> str:
    """A database as a person types it: a file's path, a server's URL with no password
    (given by .pgpass or PGPASSWORD)."""
    return shown(url) if is_sqlite(url) else server.without_password(url)


@contextlib.contextmanager
def copying(db: Database, target_url: str, progress: Progress = quiet) -> Iterator[Copy]:
    """Copies the desk of ``db`` into the empty database ``target_url``.

    Inside the block the copy is made but not committed; it is committed when the block
    ends without an error, and rolled back (a SQLite file made for it removed) when not.

    Raises:
        InputRefused: the target is the source, or is not empty; nothing was changed.
        StoreError: the target cannot be reached or made, or a row could not be copied;
            nothing was left in the target.
    """
    if _same(db.url, target_url):
        raise InputRefused(_("A database cannot be migrated onto itself."))
    made_file = _prepare(target_url)
    engine = make_engine(target_url, foreign_keys=False)
    try:
        with db.read_session() as source:
            one_snapshot = {"isolation_level": "REPEATABLE READ"}  # i18n: not text
            snapshot = source.connection(
                execution_options=one_snapshot if not is_sqlite(db.url) else {}
            )
            try:
                with engine.connect() as connection:
                    _refuse_unless_empty(connection, target_url)
                    with connection.begin():
                        _make_schema(connection, target_url)
                        copy = Copy(source, Session(bind=connection), connection)
                        copy.counts = _copy_rows(snapshot, connection, progress)
                        _check(connection, copy.counts)
                        try:
                            yield copy
                        finally:
                            copy.target.close()
            except DBAPIError as exc:  # said here: the source's session would say it of itself
                raise _failed(exc, target_url) from exc
    except BaseException:
        _undo(engine, made_file)
        raise
    engine.dispose()


def _failed(exc: DBAPIError, target_url: str) -> StoreError:
    said = None if is_sqlite(target_url) else server.describe_error(exc, target_url)
    return StoreError(
        said
        or _("The copy into {target} failed, and nothing was left in it. {problem}").format(
            target=shown(target_url), problem=describe_db_error(exc)
        )
    )


def _same(source_url: str, target_url: str) -> bool:
    if is_sqlite(source_url) and is_sqlite(target_url):
        a, b = (Path(make_url(u).database or "") for u in (source_url, target_url))
        return a.exists() and b.exists() and os.path.samefile(a, b)
    return make_url(source_url).set(password="") == make_url(target_url).set(password="")


def _prepare(target_url: str) -> Path | None:
    """Refuses a SQLite target that holds anything; makes its file (private) when there
    is none and returns it (removed again if the copy fails)."""
    if not is_sqlite(target_url):
        return None
    path = Path(make_url(target_url).database or "")
    if path.is_dir():
        raise InputRefused(_("{path} is a folder, not a database file.").format(path=path))
    if path.exists():
        if path.stat().st_size > 0:
            raise InputRefused(
                _(
                    "{path} is not empty: a desk is migrated only into a new file or an "
                    "empty database, so that nothing there is mixed or lost."
                ).format(path=path)
            )
        return None
    try:
        files.private_folder(path.parent)
        os.close(files.private_file(path))
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be made: {problem}.").format(path=path, problem=exc.strerror)
        ) from exc
    return path


def _refuse_unless_empty(connection: Connection, target_url: str) -> None:
    tables = inspect(connection).get_table_names()
    connection.rollback()
    if tables:
        raise InputRefused(
            ngettext(
                "{target} is not empty (it holds {n} table): a desk is migrated only into "
                "an empty database, so that nothing there is mixed or lost.",
                "{target} is not empty (it holds {n} tables): a desk is migrated only into "
                "an empty database, so that nothing there is mixed or lost.",
                len(tables),
            ).format(target=shown(target_url), n=len(tables))
        )


def _make_schema(connection: Connection, target_url: str) -> None:
    """ForumDesk's migrations, run on the copy's own connection and transaction."""
    from alembic import command

    from forumdesk.db import migrate, schema

    config = migrate.alembic_config(target_url)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA application_id = {schema.APPLICATION_ID}")


def _tables(source: Connection, target: Connection) -> list[Table]:
    """The tables to copy, parents before children: ForumDesk's models, and any table
    both databases hold that the models do not know (read from the target)."""
    from forumdesk.db import models  # noqa: F401  (registers every table)
    from forumdesk.db.base import Base

    known = list(Base.metadata.sorted_tables)
    names = {t.name for t in known}
    there = set(inspect(target).get_table_names()) & set(inspect(source).get_table_names())
    from forumdesk.db.migrate import include_name

    others = sorted(
        n
        for n in there - names
        if n not in _NOT_COPIED and include_name(n, "table", None) and not n.startswith("sqlite_")
    )
    if others:
        reflected = MetaData()
        reflected.reflect(target, only=others)
        known += list(reflected.sorted_tables)
    return known


def _copy_rows(source: Connection, target: Connection, progress: Progress) -> dict[str, int]:
    """Copies every row, table by table, in batches; returns the rows copied per table."""
    tables = _tables(source, target)
    count = select(func.count())
    total = sum(source.execute(count.select_from(t)).scalar_one() for t in tables)
    done, told = 0, 0
    counts: dict[str, int] = {}
    progress(0, total)
    with search.bulk_load(target):  # the SQLite target's search index, filled once
        for table in tables:
            columns = [c for c in table.columns if c.computed is None]
            query = select(*columns).order_by(*table.primary_key.columns)
            copied = 0
            rows = source.execution_options(stream_results=True, yield_per=BATCH).execute(query)
            for batch in rows.mappings().partitions(BATCH):
                target.execute(table.insert(), [dict(row) for row in batch])
                copied += len(batch)
                done += len(batch)
                if done - told >= EVERY:
                    told = done
                    progress(done, total)
            counts[table.name] = copied
    progress(total, total)
    if target.dialect.name == "postgresql":
        _advance_sequences(target, tables)
    return counts


def _advance_sequences(target: Connection, tables: list[Table]) -> None:
    """Sets each table's id sequence past the ids copied: the rows came with their ids,
    and PostgreSQL's sequences do not see them, so the next new row would reuse id 1."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        name = table.name
        key = keys[0].name
        target.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :key), "  # i18n: not text
                f'coalesce(max("{key}"), 0) + 1, false) FROM "{name}"'
            ),
            {"table": f'"{name}"', "key": key},
        )


def _check(target: Connection, counts: dict[str, int]) -> None:
    """The target holds as many rows as the source in every table, and (on SQLite, where
    the copy ran with foreign keys off) no row refers to one that is not there."""
    for name, copied in counts.items():
        counting = f'SELECT count(*) FROM "{name}"'  # i18n: not text
        there = target.execute(text(counting)).scalar_one()
        if there != copied:
            raise StoreError(
                _(
                    "The copy of the table {table} does not hold what was copied into it "
                    "({found} of {wanted})."
                ).format(table=name, found=there, wanted=copied)
            )
    if target.dialect.name == "sqlite":
        broken = target.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                ngettext(
                    "{n} copied row refers to a record that is not there.",
                    "{n} copied rows refer to records that are not there.",
                    len(broken),
                ).format(n=len(broken))
            )


def _undo(engine: Engine, made_file: Path | None) -> None:
    """After a failed copy: the connections closed, and a SQLite file made for it removed
    (the transaction was rolled back already, the schema with it)."""
    engine.dispose()
    if made_file is None:
        return
    for leftover in (made_file, *(Path(f"{made_file}{end}") for end in ("-wal", "-shm"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def rows_in(counts: dict[str, Any]) -> int:
    """How many rows a copy's counts add up to."""
    return sum(int(n) for n in counts.values())
