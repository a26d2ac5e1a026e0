"""Full-text search on PostgreSQL behaves as on SQLite: the same issues, in the same order.

Each database holds the demo (``forumdesk demo``); every search below is run through the
same service function (``list_issues``, as the register and ``forumdesk issue list``
call it) on both, and must give the same references in the same order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from forumdesk.core import demo, forums, issues
from forumdesk.core.issue_query import list_issues, text_matches
from forumdesk.db import search
from forumdesk.db.engine import Database
from forumdesk.db.store import open_database
from forumdesk.domain.errors import ServerNotReady
from forumdesk.domain.records import IssueFilter
from tests.helpers import copy_database

#: What people type: words, accents both ways, Welsh letters, prefixes, several words,
#: the syntax of search engines, and what no search engine would expect.
SEARCHES = (
    "ty gwyn",
    "Tŷ Gwyn",
    "TY GWYN",
    "tŷ",
    "wyl",
    "ŵyl",
    "Ŵyl",
    "ffordd yr wyl",
    "gwy",
    "llan",
    "Llan",
    "pot",
    "pothole",
    "bus",
    "bus stop",
    "stop bus",
    "road",
    "the",
    "a",
    "the road",
    "street lights",
    "crossing",
    "school",
    "cafe",
    "café",
    "dd",
    "caerdydd",
    "ysgol",
    "parc",
    "meadow",
    '"ty gwyn"',
    "ty*",
    "gwyn:*",
    "ty & gwyn",
    "ty | gwyn",
    "!ty",
    "ty-gwyn",
    "ty_gwyn",
    "bus OR road",
    "NOT bus",
    "NEAR(bus stop)",
    "title:bus",
    "(road",
    "'; DROP TABLE issue; --",
    '"',
    "*",
    ":",
    "&",
    "!",
    "<->",
    "\\",
    "%",
    "_",
    "   ",
    "",
    "zzzz",
    "x" * 60,
)


@pytest.fixture
def sqlite_demo(tmp_path: Path, demo_template: Path) -> Database:
    database = open_database(str(copy_database(demo_template, tmp_path / "demo.sqlite")))
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def postgres_demo(postgres_server) -> Iterator[Database]:
    """The demo on PostgreSQL, filled once for the searches of this module (read only)."""
    url = postgres_server.database()
    database = open_database(url)
    with database.session() as s:
        demo.fill_demo(s)
    yield database
    database.dispose()
    postgres_server.drop(url)


def found(database: Database, text: str, **criteria) -> tuple[list[str], int]:
    with database.read_session() as s:
        page = list_issues(s, IssueFilter(text=text, **criteria))
    return [i.reference for i in page.items], page.total


@pytest.mark.slow
def test_the_same_searches_find_the_same_issues_in_the_same_order(
    sqlite_demo, postgres_demo
) -> None:
    differences = {}
    for text in SEARCHES:
        for criteria in ({"sort": "relevance"}, {"sort": "reference"}):
            on_sqlite = found(sqlite_demo, text, **criteria)
            on_postgres = found(postgres_demo, text, **criteria)
            if on_sqlite != on_postgres:
                differences[(text, criteria["sort"])] = (on_sqlite, on_postgres)
    assert differences == {}
    # Not a comparison of two empty lists: what the issue reported, and accents folded.
    assert found(postgres_demo, "ty gwyn")[1] == 8
    assert found(postgres_demo, "wyl", sort="relevance") == found(
        postgres_demo, "ŵyl", sort="relevance"
    )
    assert found(postgres_demo, "wyl")[1] > 0
    assert found(postgres_demo, "the", sort="relevance")[1] > 40


@pytest.mark.slow
def test_ranks_are_sqlites_bm25_to_the_last_digit(sqlite_demo, postgres_demo) -> None:
    for text in ("ty gwyn", "the road", "llan", "a", "bus stop", "wyl"):
        ranks = []
        for database in (sqlite_demo, postgres_demo):
            with database.read_session() as s:
                dialect = s.get_bind().dialect.name
                ranks.append(sorted(s.execute(search.ranked(dialect, text)).all()))
        assert ranks[0] == ranks[1], text
        assert ranks[0], text


@pytest.mark.slow
def test_the_register_finds_the_same_issues_with_filters(sqlite_demo, postgres_demo) -> None:
    for text in ("ty gwyn", "llan", "bus", "the"):
        for criteria in ({"forum": "BHF"}, {"status": "open"}):
            assert found(sqlite_demo, text, sort="relevance", **criteria) == found(
                postgres_demo, text, sort="relevance", **criteria
            )
        sets = []
        for database in (sqlite_demo, postgres_demo):
            with database.read_session() as s:
                sets.append(text_matches(s, text))
        assert sets[0] == sets[1] and sets[0]


@pytest.fixture
def pg(postgres_url: str) -> Database:
    database = open_database(postgres_url)
    yield database
    database.dispose()


def few_issues(database: Database) -> None:
    with database.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        issues.record_issue(s, forum="LLF", title="Tŷ Gwyn bins", ward="Llanfair")
        issues.record_issue(s, forum="LLF", title="Late bus", description="Tu allan i Dŷ Gwyn")
        issues.record_issue(s, forum="LLF", title="Potholes", place="Ty Newydd")
        issues.comment(s, "LLF-0002", "The gwyn bus stop")


def refs(database: Database, text: str) -> list[str]:
    return found(database, text, sort="relevance")[0]


def test_the_index_follows_every_change_on_postgresql(pg) -> None:
    with pg.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        issues.record_issue(s, forum="LLF", title="Pafin Ffordd yr Ŵyl", ward="Llanfair")
        issues.record_issue(s, forum="LLF", title="Late bus", description="Bws hwyr")
    assert refs(pg, "wyl") == ["LLF-0001"]
    assert refs(pg, "hwyr") == ["LLF-0002"]
    with pg.session() as s:
        issues.comment(s, "LLF-0002", "Gulleys blocked near the bakery")
        issues.edit_issue(s, "LLF-0001", {"title": "Llyfrgell opening hours"})
    assert refs(pg, "gulley bakery") == ["LLF-0002"]
    assert refs(pg, "llyfrgell") == ["LLF-0001"]
    assert refs(pg, "wyl") == []
    with pg.session() as s:
        gone = issues.delete_issue(s, "LLF-0002")
    assert refs(pg, "gulley") == []
    with pg.session() as s:
        issues.restore_issue(s, gone.id)
    assert refs(pg, "gulley") == ["LLF-0002"]  # with its comments
    with pg.engine.begin() as connection:
        assert search.problems(connection) == []


def test_two_officers_commenting_on_one_issue_at_once_are_both_found(pg) -> None:
    with pg.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        issues.record_issue(s, forum="LLF", title="Late bus")
    first, second = pg.engine.connect(), pg.engine.connect()
    add = (
        "INSERT INTO timeline_event (issue_id, kind, at, text, desk_uuid, uuid, vv, dots,"
        " created_at, updated_at) SELECT id, 'comment', now(), :text, 'd', :uuid, '{}', '{}',"
        " now(), now() FROM issue"
    )
    first.execute(sql(add), {"text": "Alpha timetable", "uuid": "u1"})
    done = threading.Event()

    def comment_too() -> None:
        second.execute(sql(add), {"text": "Bravo shelter", "uuid": "u2"})  # waits for first
        second.commit()
        done.set()

    other = threading.Thread(target=comment_too)
    other.start()
    assert not done.wait(0.5)  # the second waits for the first's row of the index
    first.commit()
    other.join(10)
    first.close(), second.close()
    assert refs(pg, "alpha") == ["LLF-0001"]
    assert refs(pg, "bravo") == ["LLF-0001"]


def test_an_older_register_is_indexed_when_upgraded(pg) -> None:
    from alembic import command

    from forumdesk.db.migrate import alembic_config

    few_issues(pg)
    before = found(pg, "gwyn", sort="relevance")
    config = alembic_config(pg.url)
    with pg.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
        assert connection.execute(sql("SELECT to_regclass('issue_search')")).scalar() is None
        command.upgrade(config, "head")
    assert found(pg, "gwyn", sort="relevance") == before
    assert sorted(before[0]) == ["LLF-0001", "LLF-0002"]  # one by its comment


def test_problems_say_what_is_wrong_with_the_index(pg, sqlite_demo) -> None:
    with sqlite_demo.engine.begin() as connection:
        assert search.problems(connection) == []
    with pg.engine.begin() as connection:
        assert search.problems(connection) == []
        connection.execute(sql("DROP INDEX ix_issue_search_document"))
        connection.execute(sql("DROP TRIGGER issue_search_comment ON timeline_event"))
        said = search.problems(connection)
        assert said == [
            "The search index has lost its GIN index: searches will be slow.",
            "1 trigger that keeps the search index current is missing (issue_search_comment).",
        ]
        connection.rollback()
    few_issues(pg)
    with pg.engine.begin() as connection:
        connection.execute(sql("DELETE FROM issue_search WHERE issue_id IN (1, 2)"))
        assert search.problems(connection) == [
            "2 issues are missing from the search index: search cannot find them."
        ]
        search.rebuild(connection)
        assert search.problems(connection) == []


def test_a_role_that_may_not_create_unaccent_is_told_what_to_run(postgres_url) -> None:
    import psycopg

    url = make_url(postgres_url)
    plain = f"postgresql://{url.username}@{url.host}:{url.port}/{url.database}"
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS clerk_no_ext")
        admin.execute("CREATE ROLE clerk_no_ext LOGIN")
        admin.execute("GRANT ALL ON SCHEMA public TO clerk_no_ext")
    as_clerk = url.set(username="clerk_no_ext").render_as_string(hide_password=False)
    try:
        with pytest.raises(ServerNotReady) as refused:
            open_database(as_clerk)
        message = str(refused.value)
        assert "CREATE EXTENSION IF NOT EXISTS unaccent;" in message
        assert url.database in message and "clerk_no_ext" in message
        assert message.startswith("Nothing was changed: ")
        with psycopg.connect(plain, autocommit=True) as admin:
            tables = admin.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
            assert tables == (0,)  # nothing was made
            admin.execute("CREATE EXTENSION unaccent")  # what the administrator runs
        database = open_database(as_clerk)
        with database.session() as s:
            forums.create_forum(s, code="LLF", name="Llanfair")
            issues.record_issue(s, forum="LLF", title="Pafin Ffordd yr Ŵyl")
        assert refs(database, "wyl") == refs(database, "ŴYL") == ["LLF-0001"]
        database.dispose()
    finally:
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute("REASSIGN OWNED BY clerk_no_ext TO forumdesk")
            admin.execute("DROP OWNED BY clerk_no_ext")
            admin.execute("DROP ROLE clerk_no_ext")


def test_an_erased_name_is_no_longer_found_by_its_words_on_postgresql(pg) -> None:
    from forumdesk.core import erasure
    from tests.core.test_erasure import scene

    there = scene(pg)
    with pg.engine.begin() as connection:  # by the words of the issue and its comment
        words = connection.execute(search.match_ids("postgresql", "Maureen again")).all()
    assert words == [(1,)]
    with pg.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    assert refs(pg, "Maureen") == []
    assert refs(pg, "O'Brien") == []
    assert refs(pg, "resident again lights") == [there.issue_ref]  # the comment, rewritten
