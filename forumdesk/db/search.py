"""Full-text search over issues: FTS5 on SQLite, a ``tsvector`` index on PostgreSQL that
finds and ranks as FTS5 does (migration 0012), a portable LIKE fallback elsewhere.

Whatever a person types is safe: the text is cut into words and each word is
quoted as a prefix term, so no FTS5 query syntax (quotes, brackets, NEAR, a lone
``*``) ever reaches SQLite from the user; on PostgreSQL each word is folded by the
database's ``forumdesk_search_text`` first, which leaves only letters, digits and
spaces, so no ``tsquery`` syntax reaches ``to_tsquery`` either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Float,
    Select,
    Text,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    table,
    true,
)

from forumdesk.db.models import Issue
from forumdesk.domain.errors import ServerNotReady
from forumdesk.i18n import _, ngettext

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


# --- Dialect-neutral: what issue_query calls -------------------------------------------


def indexed(dialect: str) -> bool:
    """Whether a database of this dialect (``connection.dialect.name``) has the index."""
    return dialect in ("sqlite", "postgresql")


def match_ids(dialect: str, text: str) -> Select[int] | None:
    """Ids of the live issues matching ``text``, unordered; None when it has no words."""
    if dialect == "postgresql":
        query = _pg_query(terms(text))
        return None if query is None else select(_pg.c.issue_id).where(_pg_matches(query))
    return sqlite_match_ids(text)


def ranked(dialect: str, text: str) -> Select[int, float]:
    """``(rowid, rank)`` of the matching issues, ``rowid`` being the issue's id; lower rank
    is better (bm25, the same figure on both databases)."""
    if dialect == "postgresql":
        return _pg_ranked(terms(text))
    return sqlite_ranked(text)


def count(connection: Connection, text: str) -> int:
    """How many live issues match ``text`` (the index holds live issues only)."""
    if connection.dialect.name == "postgresql":
        query = _pg_query(terms(text))
        if query is None:
            return 0
        counted = select(func.count()).select_from(_pg).where(_pg_matches(query))
        return connection.execute(counted).scalar_one()
    return sqlite_count(connection, text)


# --- PostgreSQL ----------------------------------------------------------------------

#: The index made by migration 0012: one row per live issue.
_pg = table("issue_search", column("issue_id"), column("size"), column("document"))
_SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")  # i18n: not text
#: FTS5's bm25 constants, as double precision (a bare 0.75 would be numeric in SQL).
_K1: ColumnElement[Any] = literal_column("1.2::float8")  # i18n: not text
_B: ColumnElement[Any] = literal_column("0.75::float8")  # i18n: not text
_ONE: ColumnElement[Any] = literal_column("1.0::float8")  # i18n: not text
_HALF: ColumnElement[Any] = literal_column("0.5::float8")  # i18n: not text
_TINY: ColumnElement[Any] = literal_column("1e-6::float8")  # i18n: not text


def _fold(word: str) -> ColumnElement[str]:
    """The word as the index holds words: accents folded, lower case, punctuation gone
    (a word that was several, "foo_bar", is several words with single spaces)."""
    return func.forumdesk_search_text(literal(word, Text), type_=Text)


def _pg_term(word: str) -> ColumnElement[Any]:
    """A word as a prefix ``tsquery``: "wyl:*"; several words in a row as a phrase
    ("foo <-> bar:*", as FTS5 reads "foo_bar"*); NULL (matching nothing) when the word
    holds no letter or digit."""
    folded = func.nullif(_fold(word), "")
    return func.to_tsquery(_SIMPLE, func.replace(folded, " ", " <-> ", type_=Text).op("||")(":*"))


def _pg_query(words: Sequence[str]) -> ColumnElement[Any] | None:
    """Every word must match (FTS5's implicit AND); None when there are no words."""
    if not words:
        return None
    query = _pg_term(words[0])
    for word in words[1:]:
        query = query.op("&&")(_pg_term(word))
    return query


def _pg_matches(query: ColumnElement[Any], index: Any = None) -> ColumnElement[bool]:
    document = (_pg if index is None else index).c.document
    return document.op("@@", return_type=Boolean)(query)


def _pg_ranked(words: Sequence[str]) -> Select[int, float]:
    """FTS5's bm25 computed the way FTS5 computes it (see docs/internals.md), so that
    both databases list the same matches in the same order.

    For each word: IDF = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6, where N is the
    number of indexed issues and n how many of them hold the word; for each issue the
    word's frequency f is how many of its words start with it, D its number of words and
    avgdl the mean D; rank = -sum(IDF * f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)))
    with k1 = 1.2 and b = 0.75.
    """
    query = _pg_query(words)
    if query is None:
        query = null()
    # One row read once: N, the words of every issue, and how many issues hold each word.
    every = _pg.alias("every")
    hits = []
    for i, word in enumerate(words):
        holding = _pg.alias(f"holding_{i}")
        hits.append(
            select(cast(func.count(), Float))
            .select_from(holding)
            .where(_pg_matches(_pg_term(word), holding))
            .scalar_subquery()
            .label(f"h{i}")
        )
    totals = (
        select(
            cast(func.count(), Float).label("n"),
            cast(func.coalesce(func.sum(every.c.size), 0), Float).label("tokens"),
            *hits,
        )
        .select_from(every)
        .subquery("totals")
    )
    idfs = []
    for i in range(len(words)):
        held = totals.c[f"h{i}"]
        idf = func.ln((totals.c.n - held + _HALF) / (held + _HALF), type_=Float)
        idfs.append(case((idf <= 0, _TINY), else_=idf))
    words_of = func.unnest(_pg.c.document).table_valued("lexeme", "positions").alias("w")
    starts = [
        func.starts_with(words_of.c.lexeme, func.regexp_replace(_fold(word), "^.* ", ""))
        for word in words
    ]
    freqs = [
        cast(
            func.coalesce(func.sum(func.cardinality(words_of.c.positions)).filter(start), 0),
            Float,
        ).label(f"f{i}")
        for i, start in enumerate(starts)
    ]
    # Only the words that start with a searched word are summed (a matching issue has
    # some for each, so none drops out): grouping them all cost twice as much.
    per_issue = (
        select(_pg.c.issue_id, _pg.c.size, *freqs)
        .select_from(_pg.join(words_of, or_(*starts) if starts else true()))
        .where(_pg_matches(query))
        .group_by(_pg.c.issue_id, _pg.c.size)
        .subquery("per_issue")
    )
    avgdl = totals.c.tokens / totals.c.n
    size = cast(per_issue.c.size, Float)
    score: ColumnElement[float] | None = None
    for i, idf_i in enumerate(idfs):
        f = per_issue.c[f"f{i}"]
        part = idf_i * ((f * (_K1 + _ONE)) / (f + _K1 * ((_ONE - _B) + (_B * size) / avgdl)))
        score = part if score is None else score + part
    rank: ColumnElement[Any] = (
        literal_column("-1.0::float8") * (score if score is not None else _ONE)
    ).label("rank")
    return select(per_issue.c.issue_id.label("rowid"), rank).select_from(
        per_issue.join(totals, true())
    )


#: The SQL naming the schema the unaccent extension is in, quoted; no row when missing.
UNACCENT_SCHEMA = """SELECT quote_ident(n.nspname) FROM pg_extension e
    JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"""


def unaccent_refused(connection: Connection, error: Exception) -> ServerNotReady:
    """The error to raise when this role could not create the unaccent extension, saying
    exactly what a database administrator must run (the upgrade changed nothing)."""
    database, role = connection.exec_driver_sql("SELECT current_database(), current_user").one()
    available = connection.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"
    ).first()
    if available is None:
        return ServerNotReady(
            _(
                "Nothing was changed: ForumDesk's search needs PostgreSQL's unaccent "
                "extension, which is not installed on this server. A database administrator "
                "must install PostgreSQL's contrib modules (the package postgresql-contrib "
                "on most systems) and then run, connected to the database {database}: "
                "CREATE EXTENSION IF NOT EXISTS unaccent;"
            ).format(database=database)
        )
    return ServerNotReady(
        _(
            "Nothing was changed: ForumDesk's search needs PostgreSQL's unaccent extension "
            "in the database {database}, and the role {role} may not create it. A database "
            "administrator must run, connected to the database {database}: "
            "CREATE EXTENSION IF NOT EXISTS unaccent;"
        ).format(database=database, role=role)
    )


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
    """Refills the index (SQLite's or PostgreSQL's) from the issue and timeline tables."""
    connection.exec_driver_sql("DELETE FROM issue_search")
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_PG_FILL)
        return
    connection.exec_driver_sql(_INDEX_ROWS.format(ids="SELECT id FROM issue"))


#: The PostgreSQL index's rows for every live issue (as migration 0012 fills it).
_PG_FILL = """INSERT INTO issue_search (issue_id, own, own_size, comments, comments_size)
    SELECT x.id, to_tsvector('simple', x.t),
           coalesce(array_length(string_to_array(x.t, ' '), 1), 0),
           to_tsvector('simple', x.c),
           coalesce(array_length(string_to_array(x.c, ' '), 1), 0)
    FROM (SELECT i.id,
                 forumdesk_search_text(concat_ws(' ', i.title, i.description, i.ward, i.place))
                     AS t,
                 forumdesk_search_text(coalesce((SELECT string_agg(e.text, ' ' ORDER BY e.id)
                     FROM timeline_event e WHERE e.issue_id = i.id
                     AND e.kind IN ('comment', 'response') AND e.text IS NOT NULL), '')) AS c
          FROM issue i WHERE i.deleted_at IS NULL OFFSET 0) AS x"""

#: What keeps the index current, by database (migrations 0001 and 0012).
_TRIGGERS = {
    "sqlite": (
        "issue_search_insert",
        "issue_search_update",
        "issue_search_tombstone",
        "issue_search_revive",
        "issue_search_delete",
        "issue_search_comment",
    ),
    "postgresql": (
        "issue_search_insert",
        "issue_search_update",
        "issue_search_delete",
        "issue_search_truncate",
        "issue_search_comment",
        "issue_search_comment_update",
        "issue_search_comment_delete",
    ),
}


def problems(connection: Connection) -> list[str]:
    """What is wrong with the search index, in sentences; empty when all is well.

    Checks that the index and what keeps it current exist (on PostgreSQL also the
    unaccent extension, the folding function and the GIN index), and that it holds
    exactly the live issues. ``forumdesk check`` calls it.
    """
    dialect = connection.dialect.name
    if not indexed(dialect):
        return []
    found: list[str] = []
    if dialect == "postgresql":
        there = connection.exec_driver_sql(
            "SELECT to_regclass('issue_search') IS NOT NULL,"
            " to_regclass('ix_issue_search_document') IS NOT NULL,"
            " to_regprocedure('forumdesk_search_text(text)') IS NOT NULL,"
            " EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent'),"
            " current_database()"
        ).one()
        table_there, gin_there, fold_there, unaccent_there, database = there
        triggers = {
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
            )
        }
        if not unaccent_there:
            found.append(
                _(
                    "The unaccent extension that search needs is missing from the database "
                    "{database}. A database administrator must run, connected to it: "
                    "CREATE EXTENSION IF NOT EXISTS unaccent;"
                ).format(database=database)
            )
        if not fold_there:
            found.append(
                _("The function search folds accents with (forumdesk_search_text) is missing.")
            )
        if table_there and not gin_there:
            found.append(_("The search index has lost its GIN index: searches will be slow."))
    else:
        table_there = (
            connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issue_search'"
            ).first()
            is not None
        )
        triggers = {
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    if not table_there:
        found.append(_("The search index is missing: no issue can be found by its words."))
        return found
    missing = [t for t in _TRIGGERS[dialect] if t not in triggers]
    if missing:
        found.append(
            ngettext(
                "{n} trigger that keeps the search index current is missing ({names}).",
                "{n} triggers that keep the search index current are missing ({names}).",
                len(missing),
            ).format(n=len(missing), names=", ".join(missing))
        )
    key = "issue_id" if dialect == "postgresql" else "rowid"
    unindexed, stale = connection.exec_driver_sql(
        f"SELECT (SELECT count(*) FROM issue i WHERE i.deleted_at IS NULL AND NOT EXISTS"
        f" (SELECT 1 FROM issue_search s WHERE s.{key} = i.id)),"
        f" (SELECT count(*) FROM issue_search s WHERE NOT EXISTS (SELECT 1 FROM issue i"
        f" WHERE i.id = s.{key} AND i.deleted_at IS NULL))"
    ).one()
    if unindexed:
        found.append(
            ngettext(
                "{n} issue is missing from the search index: search cannot find it.",
                "{n} issues are missing from the search index: search cannot find them.",
                unindexed,
            ).format(n=unindexed)
        )
    if stale:
        found.append(
            ngettext(
                "The search index holds {n} issue that was deleted.",
                "The search index holds {n} issues that were deleted.",
                stale,
            ).format(n=stale)
        )
    return found


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
    for name, _sql in held:
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
