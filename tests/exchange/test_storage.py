"""An import stores rows as the exporting desk stores them, and indexes them for search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import select

from forumdesk.core import issues, minutes
from forumdesk.core.issue_query import list_issues
from forumdesk.db import search
from forumdesk.db.models import Meeting
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange.kinds import KINDS
from tests.exchange.conftest import Desk

#: Columns that never travel: when this desk made or received the row.
LOCAL = ("changed_here_at",)


def raw_rows(desk: Desk, table: str) -> dict[str, dict]:
    """Every row of a table as the database holds it (the driver's values, no ORM types),
    by uuid, without local ids and times.

    On SQLite a local time is kept in the same form: ``YYYY-MM-DD HH:MM:SS.ffffff`` (UTC).
    """
    with desk.db.engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')]
        sqlite = conn.dialect.name == "sqlite"
    for row in rows:
        for name in LOCAL if sqlite else ():
            assert len(row[name]) == len("2026-03-04 19:00:00.000000"), (table, name, row[name])
    return {
        row["uuid"]: {
            k: _json(v)
            for k, v in row.items()
            if k != "id" and not k.endswith("_id") and k not in LOCAL
        }
        for row in rows
    }


def _json(value):
    """JSON columns compared by what they hold (the file sorts keys; a desk keeps its order)."""
    if isinstance(value, str) and value.startswith(("{", "[")):  # not "" (a count's option)
        return json.loads(value)
    return value


def index(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT rowid, title, description, place, comments FROM issue_search ORDER BY rowid"
        ).fetchall()


def approve_one(s) -> None:
    closed = s.scalar(select(Meeting.id).where(Meeting.status == "closed").limit(1))
    minutes.approve_minutes(s, closed, approved_by="Chair")


def test_imported_rows_are_stored_as_the_source_stores_them(desks) -> None:
    source, copy = desks("source", demo=True), desks("copy")
    source.do(approve_one)
    copy.import_(source.export("all.json", personal_data=True))
    source.db.dispose()
    copy.db.dispose()
    for kind in KINDS:
        table = kind.model.__tablename__
        mine = raw_rows(source, table)
        theirs = raw_rows(copy, table)
        assert mine, table  # the demo has every kind of record
        assert theirs == mine, table


def test_imported_issues_and_comments_are_found_by_search(desks) -> None:
    source, copy = desks("source", demo=True), desks("copy")

    def comment(s):
        first = list_issues(s, IssueFilter()).items[0]
        issues.comment(s, first.id, "Ysgol Gynradd crossing patrol")
        return first.reference

    reference = source.do(comment)
    copy.import_(source.export("all.json"))
    found = copy.do(lambda s: list_issues(s, IssueFilter(text="Gynradd")).items)
    assert [row.reference for row in found] == [reference]
    if copy.db.engine.dialect.name != "sqlite":
        return  # what follows reads SQLite's FTS5 index itself
    copy.db.dispose()
    indexed = index(copy.folder / "desk.sqlite")
    with copy.db.engine.begin() as conn:
        search.rebuild(conn)
    copy.db.dispose()
    assert indexed == index(copy.folder / "desk.sqlite")
    assert len(indexed) > 50
