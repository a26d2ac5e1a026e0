"""Full-text search on PostgreSQL, behaving as SQLite's FTS5 index does.

Nothing changes on SQLite. On PostgreSQL this needs the ``unaccent`` extension (part of
PostgreSQL's contrib modules). It is a trusted extension from PostgreSQL 13, so the
database's owner (or any role allowed to CREATE in the database) makes it here; where
the role may not, the upgrade stops and says what a database administrator must run:
``CREATE EXTENSION IF NOT EXISTS unaccent;`` in the ForumDesk database. Nothing else
needs a superuser, then or later.

Made here, in the schema the other tables are in:

- ``forumdesk_search_text(text)``: the words of a text as SQLite's tokenizer
  (``unicode61 remove_diacritics 2``) cuts them: punctuation and symbols are spaces,
  accents are folded (``unaccent``), letters lower case, one space between words.
- ``issue_search``: one row per live issue (as SQLite's FTS5 table), with a
  ``tsvector`` of its title, description, ward and place (``own``), of the comments and
  responses to residents on its timeline (``comments``), both together (``document``,
  under a GIN index), and how many words each holds (for the BM25 ranking, under an
  index of its own).
- Statement-level triggers (with transition tables) on ``issue`` and
  ``timeline_event`` that keep ``issue_search`` current, a bulk insert in one go: a
  tombstoned issue leaves it, a restored one comes back with its comments, a new
  comment is appended to the row (so two officers commenting on one issue at once both
  stay searchable).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection, exc

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: What SQLite's unicode61 tokenizer takes for separators and unaccent would keep or
#: spell out: ASCII punctuation, symbols and control characters, Latin-1's, general
#: punctuation, currency, arrows and technical signs, box drawing and dingbats, CJK and
#: full-width punctuation, emoji. Listed by code point so that it does not depend on the
#: database's locale. Not the space: replacing every space (a match per word) doubled
#: the cost of indexing; runs of spaces are made one at the end instead.
_SEPARATORS = (
    r"[\x01-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\u0080-\u00a9\u00ab-\u00b1\u00b4"
    r"\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u2190-\u23ff"
    r"\u2500-\u27bf\u2e00-\u2e7f\u3000-\u3003\u3008-\u3011\u3014-\u301f\ufe10-\ufe19"
    r"\ufe30-\ufe6f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    r"\U0001f000-\U0001faff]+"
)
#: unaccent spells some signs with ASCII punctuation ("©" is "(C)"): spaces too.
_ASCII_SEPARATORS = r"[\x01-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+"

_FOLD = """CREATE FUNCTION forumdesk_search_text(words text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(regexp_replace(lower({schema}.unaccent(
        '{schema}.unaccent'::regdictionary, regexp_replace(words, '{separators}', ' ', 'g'))),
        '{ascii}', ' ', 'g'), '  +', ' ', 'g'))
$$"""

# How many words a folded text holds (one space between words). The folded text is made
# in a subquery with OFFSET 0, which PostgreSQL does not merge into the outer query:
# merged, it folded each text twice (for the tsvector and for this count).
_SIZE = "coalesce(array_length(string_to_array({t}, ' '), 1), 0)"
_OWN = "forumdesk_search_text(concat_ws(' ', {i}.title, {i}.description, {i}.ward, {i}.place))"
_COMMENTS = """forumdesk_search_text(coalesce((SELECT string_agg(e.text, ' ' ORDER BY e.id)
    FROM timeline_event e WHERE e.issue_id = {i}.id AND e.kind IN ('comment', 'response')
    AND e.text IS NOT NULL), ''))"""
_ROW = f"""to_tsvector('simple', x.t), {_SIZE.format(t="x.t")},
    to_tsvector('simple', x.c), {_SIZE.format(t="x.c")}"""

_TABLE = (
    """CREATE TABLE issue_search (
        issue_id integer PRIMARY KEY,
        own tsvector NOT NULL,
        own_size integer NOT NULL,
        comments tsvector NOT NULL DEFAULT ''::tsvector,
        comments_size integer NOT NULL DEFAULT 0,
        document tsvector GENERATED ALWAYS AS (own || comments) STORED,
        size integer GENERATED ALWAYS AS (own_size + comments_size) STORED
    )""",
    "CREATE INDEX ix_issue_search_document ON issue_search USING gin (document)",
    # bm25 needs the number of issues and of their words at each ranked search: read from
    # this narrow index (an index-only scan), not from the table's wide rows: 25 ms
    # instead of 160 ms over 100,000 issues.
    "CREATE INDEX ix_issue_search_size ON issue_search (size)",
)

#: (function, trigger) pairs: each function runs once per statement.
_TRIGGERS = (
    (
        f"""CREATE FUNCTION forumdesk_search_issue_added() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO issue_search (issue_id, own, own_size)
        SELECT x.id, to_tsvector('simple', x.t), {_SIZE.format(t="x.t")}
        FROM (SELECT a.id, {_OWN.format(i="a")} AS t FROM added a
              WHERE a.deleted_at IS NULL OFFSET 0) AS x;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_insert AFTER INSERT ON issue
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_issue_added()""",
    ),
    (
        f"""CREATE FUNCTION forumdesk_search_issue_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        DELETE FROM issue_search WHERE issue_id IN
            (SELECT id FROM after WHERE deleted_at IS NOT NULL);
        INSERT INTO issue_search (issue_id, own, own_size, comments, comments_size)
        SELECT x.id, {_ROW}
        FROM (SELECT a.id, {_OWN.format(i="a")} AS t,
                     CASE WHEN b.deleted_at IS NOT NULL THEN {_COMMENTS.format(i="a")}
                          ELSE '' END AS c
              FROM after a JOIN before b ON b.id = a.id
              WHERE a.deleted_at IS NULL AND (b.deleted_at IS NOT NULL
                  OR a.title IS DISTINCT FROM b.title
                  OR a.description IS DISTINCT FROM b.description
                  OR a.ward IS DISTINCT FROM b.ward
                  OR a.place IS DISTINCT FROM b.place) OFFSET 0) AS x
        ON CONFLICT (issue_id) DO UPDATE SET own = excluded.own, own_size = excluded.own_size;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_update AFTER UPDATE ON issue
        REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_issue_changed()""",
    ),
    (
        """CREATE FUNCTION forumdesk_search_issue_gone() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        DELETE FROM issue_search WHERE issue_id IN (SELECT id FROM gone);
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_delete AFTER DELETE ON issue
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_issue_gone()""",
    ),
    (
        """CREATE FUNCTION forumdesk_search_issue_emptied() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        DELETE FROM issue_search;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_truncate AFTER TRUNCATE ON issue
        FOR EACH STATEMENT EXECUTE FUNCTION forumdesk_search_issue_emptied()""",
    ),
    (
        f"""CREATE FUNCTION forumdesk_search_comment_added() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        UPDATE issue_search AS s SET comments = s.comments || to_tsvector('simple', x.t),
            comments_size = s.comments_size + {_SIZE.format(t="x.t")}
        FROM (SELECT a.issue_id, forumdesk_search_text(string_agg(a.text, ' ' ORDER BY a.id)) AS t
              FROM added a WHERE a.kind IN ('comment', 'response') AND a.text IS NOT NULL
              GROUP BY a.issue_id OFFSET 0) AS x
        WHERE s.issue_id = x.issue_id;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_comment AFTER INSERT ON timeline_event
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_comment_added()""",
    ),
    (
        f"""CREATE FUNCTION forumdesk_search_comment_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        UPDATE issue_search AS s SET comments = to_tsvector('simple', x.c),
            comments_size = {_SIZE.format(t="x.c")}
        FROM (SELECT i.id, {_COMMENTS.format(i="i")} AS c
              FROM (SELECT DISTINCT unnest(ARRAY[b.issue_id, a.issue_id]) AS id
                    FROM before b JOIN after a ON a.id = b.id
                    WHERE a.text IS DISTINCT FROM b.text OR a.kind IS DISTINCT FROM b.kind
                       OR a.issue_id IS DISTINCT FROM b.issue_id) AS i OFFSET 0) AS x
        WHERE s.issue_id = x.id;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_comment_update AFTER UPDATE ON timeline_event
        REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_comment_changed()""",
    ),
    (
        f"""CREATE FUNCTION forumdesk_search_comment_gone() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        UPDATE issue_search AS s SET comments = to_tsvector('simple', x.c),
            comments_size = {_SIZE.format(t="x.c")}
        FROM (SELECT i.id, {_COMMENTS.format(i="i")} AS c
              FROM (SELECT DISTINCT issue_id AS id FROM gone
                    WHERE kind IN ('comment', 'response') AND text IS NOT NULL) AS i
              OFFSET 0) AS x
        WHERE s.issue_id = x.id;
        RETURN NULL; END $$""",
        """CREATE TRIGGER issue_search_comment_delete AFTER DELETE ON timeline_event
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
        EXECUTE FUNCTION forumdesk_search_comment_gone()""",
    ),
)

#: Indexes every live issue (the index is empty when this runs).
_FILL = f"""INSERT INTO issue_search (issue_id, own, own_size, comments, comments_size)
    SELECT x.id, {_ROW}
    FROM (SELECT i.id, {_OWN.format(i="i")} AS t, {_COMMENTS.format(i="i")} AS c
          FROM issue i WHERE i.deleted_at IS NULL OFFSET 0) AS x"""

_FUNCTIONS = (
    "forumdesk_search_issue_added",
    "forumdesk_search_issue_changed",
    "forumdesk_search_issue_gone",
    "forumdesk_search_issue_emptied",
    "forumdesk_search_comment_added",
    "forumdesk_search_comment_changed",
    "forumdesk_search_comment_gone",
)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    schema = _unaccent_schema(connection)
    op.execute(_FOLD.format(schema=schema, separators=_SEPARATORS, ascii=_ASCII_SEPARATORS))
    for statement in _TABLE:
        op.execute(statement)
    for function, trigger in _TRIGGERS:
        op.execute(function)
        op.execute(trigger)
    op.execute(_FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger, table in (
        ("issue_search_insert", "issue"),
        ("issue_search_update", "issue"),
        ("issue_search_delete", "issue"),
        ("issue_search_truncate", "issue"),
        ("issue_search_comment", "timeline_event"),
        ("issue_search_comment_update", "timeline_event"),
        ("issue_search_comment_delete", "timeline_event"),
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in _FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.execute("DROP TABLE IF EXISTS issue_search")
    op.execute("DROP FUNCTION IF EXISTS forumdesk_search_text(text)")
    # The unaccent extension stays: other things in the database may use it.


def _unaccent_schema(connection: Connection) -> str:
    """The (quoted) schema of the unaccent extension, made here if it is missing.

    Raises:
        MigrationFailed: the extension is not installed on the server, or this role may
            not create it; the message says what a database administrator must do.
    """
    from forumdesk.db import search

    found = connection.exec_driver_sql(search.UNACCENT_SCHEMA).scalar()
    if found is None:
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
        except exc.DBAPIError as error:
            raise search.unaccent_refused(connection, error) from error
        found = connection.exec_driver_sql(search.UNACCENT_SCHEMA).scalar()
    return str(found)
