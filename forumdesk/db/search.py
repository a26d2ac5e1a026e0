"""Full-text search over issues: FTS5 on SQLite, a portable LIKE fallback elsewhere.

Whatever a person types is safe: the text is cut into words and each word is
quoted as a prefix term, so no FTS5 query syntax (quotes, brackets, NEAR, a lone
``*``) ever reaches SQLite from the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    column,
    func,
    literal,
    or_,
    select,
    table,
)

from forumdesk.db.models import Issue

MAX_TERMS = 16
_WORD = re.compile(r"\w+", re.UNICODE)

#: The FTS5 index (created by the first migration, SQLite only); ``rank`` is bm25.
issue_search = table("issue_search", column("rowid"), column("rank"))


def terms(text: str) -> list[str]:
    """The words of a search, at most MAX_TERMS of them."""
    return _WORD.findall(text or "")[:MAX_TERMS]


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression in which every word is a quoted prefix term (AND)."""
    words = terms(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def sqlite_match_ids(text: str) -> Select[int] | None:
    """Ids of the issues matching ``text``, unordered; None when the text has no words."""
    query = fts_query(text)
    if query is None:
        return None
    return select(issue_search.c.rowid).where(literal_column_match(query))


def sqlite_ranked(text: str) -> Select[int, float]:
    """``(issue id, rank)`` of the matching issues; lower rank is better (bm25)."""
    return select(issue_search.c.rowid, issue_search.c.rank).where(
        literal_column_match(fts_query(text) or '""')
    )


def literal_column_match(query: str) -> ColumnElement[bool]:
    """``issue_search MATCH :query`` with the query bound as a parameter."""
    return column("issue_search").op("MATCH")(literal(query))


def sqlite_count(connection: Connection, text: str) -> int:
    """How many live issues match ``text`` (the index holds live issues only)."""
    query = fts_query(text)
    if query is None:
        return 0
    counted = select(func.count()).select_from(issue_search).where(literal_column_match(query))
    return connection.execute(counted).scalar_one()


def portable_condition(text: str) -> ColumnElement[bool] | None:
    """For databases without FTS5: every word appears in the title, description, ward or place."""
    words = terms(text)
    if not words:
        return None
    fields = (Issue.title, Issue.description, Issue.ward, Issue.place)
    return and_(*(or_(*(f.ilike(f"%{w}%") for f in fields)) for w in words))


#: The triggers that index one row at a time as it is inserted; a bulk load holds them.
_ROW_TRIGGERS = ("issue_search_insert", "issue_search_comment")

_INDEX_ROWS = """INSERT INTO issue_search (rowid, title, description, place, comments)
    SELECT i.id, i.title, coalesce(i.description, ''),
           trim(coalesce(i.ward, '') || ' ' || coalesce(i.place, '')),
           coalesce((SELECT group_concat(e.text, ' ') FROM timeline_event e
                     WHERE e.issue_id = i.id AND e.kind IN ('comment', 'response')
                       AND e.text IS NOT NULL), '')
    FROM issue i WHERE i.deleted_at IS NULL AND i.id IN ({ids})"""

_TOUCHED = """SELECT id FROM issue WHERE id > {issue}
    UNION SELECT issue_id FROM timeline_event
    WHERE id > {event} AND kind IN ('comment', 'response') AND text IS NOT NULL"""


def index_rows(ids: str) -> str:
    """The statement that indexes the live issues among ``ids`` (SQL giving issue ids)."""
    return _INDEX_ROWS.format(ids=ids)


def rebuild(connection: Connection) -> None:
    """Refills the SQLite index from the issue and timeline tables."""
    connection.exec_driver_sql("DELETE FROM issue_search")
    connection.exec_driver_sql(_INDEX_ROWS.format(ids="SELECT id FROM issue"))


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Indexes the issues and comments inserted inside the block once, at its end.

    Indexing row by row is most of the cost of inserting many issues; inside the block
    the per-row insert triggers are held (dropped and made again from their own SQL, in
    the same transaction, so a rollback restores them) and the new issues, and the
    issues given new comments, are indexed in one statement. Updates and deletions keep
    their triggers. Nothing happens on databases without the SQLite index.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    held = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
        _ROW_TRIGGERS,
    ).all()
    last_issue = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM issue").scalar_one()
    last_event = connection.exec_driver_sql(
        "SELECT coalesce(max(id), 0) FROM timeline_event"
    ).scalar_one()
    for name, _ in held:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
    except BaseException:
        # SQLite may have rolled the whole transaction back already (a full disk, a
        # failed flush), and the triggers with it: make again only those missing, and let
        # nothing that goes wrong here (an ended transaction, a closed connection) hide
        # the error that is on its way, which is what the person must read.
        with suppress(Exception):
            _make_missing(connection, held)
        raise
    _make_missing(connection, held)  # the block may have rolled back, restoring them
    touched = _TOUCHED.format(issue=int(last_issue), event=int(last_event))
    connection.exec_driver_sql(f"DELETE FROM issue_search WHERE rowid IN ({touched})")
    connection.exec_driver_sql(_INDEX_ROWS.format(ids=touched))


def _make_missing(connection: Connection, triggers: Sequence[Any]) -> None:
    """Makes again the triggers (name, sql) that are not in the database now."""
    for name, sql in triggers:
        there = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).first()
        if there is None:
            connection.exec_driver_sql(sql)
