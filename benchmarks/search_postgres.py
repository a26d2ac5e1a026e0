"""Search benchmark: 100,000 issues on SQLite and on PostgreSQL, side by side, in one run.

Both databases get the same issues (titles and descriptions drawn from the Zipf
vocabulary of benchmarks/store.py, with Welsh words carrying ŵ and ŷ), then the same
searches run through ``core.issue_query.list_issues`` (a page of 50 ranked by relevance,
with its total: what the register and ``forumdesk issue list`` ask for). Prints median
and p95 per kind of search on each database, and how many searches listed different
issues (there should be none: PostgreSQL ranks with SQLite's bm25).

PostgreSQL: ``--postgres URL`` names a server (a URL without a database name; a
database is created in it and dropped after), else a throwaway server is started from
the system's PostgreSQL as the tests do (tests/postgres.py).

Usage: python benchmarks/search_postgres.py [--issues N] [--queries N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.store import corpus_vocabulary, describe
from forumdesk.core import forums, issue_query
from forumdesk.db import search
from forumdesk.db.engine import Database
from forumdesk.db.store import open_database
from forumdesk.domain.records import IssueFilter
from tests import postgres

WELSH = ["ŵyl", "tŷ", "dŵr", "gŵr", "cwm", "ffordd", "llwybr", "pont", "ysgol", "capel"]
STAGES = ["co-definition", "co-formulation", "co-decision", "co-implementation", "co-evaluation"]


def issue_rows(total: int, desk: str) -> list[dict[str, object]]:
    rng = random.Random(2)
    vocabulary, weights = corpus_vocabulary(rng)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for n in range(1, total + 1):
        title = [*rng.choices(vocabulary, weights, k=5), rng.choice(WELSH)]
        rows.append(
            {
                "number": n,
                "reference": f"BHF-{n:06d}",
                "title": " ".join(title),
                "description": " ".join(rng.choices(vocabulary, weights, k=30)),
                "stage": rng.choice(STAGES),
                "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                "vv": f'{{"{desk}": 1}}',
                "now": now,
            }
        )
    return rows


_INSERT = (
    "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
    " status, support, uuid, vv, dots, created_at, updated_at)"
    " VALUES (1, :number, :reference, :title, :description, 'Brixton Hill', :stage,"
    " 'open', 0, :uuid, :vv, '{}', :now, :now)"
)


def load(db: Database, rows: list[dict[str, object]]) -> float:
    """Inserts the issues and indexes them; returns the seconds it took."""
    from sqlalchemy import text

    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    start = time.perf_counter()
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # Without the per-row trigger, then the index rebuilt once (docs/internals.md).
            conn.exec_driver_sql("DROP TRIGGER issue_search_insert")
            conn.execute(text(_INSERT), rows)
            search.rebuild(conn)
        else:  # the statement-level triggers index each batch as it is inserted
            conn.execute(text(_INSERT), rows)
    took = time.perf_counter() - start
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does soon after a big import: statistics, and the visibility
        # map that lets bm25's totals come from an index-only scan (not timed).
        db.engine.dispose()
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in ("issue", "issue_search", "timeline_event"):
                conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
            time.sleep(1)  # a vacuum right after the load leaves the pages not all-visible
            conn.exec_driver_sql("VACUUM issue_search")
            visible = conn.exec_driver_sql(
                "SELECT relallvisible::float / greatest(relpages, 1) FROM pg_class"
                " WHERE relname = 'issue_search'"
            ).scalar_one()
            print(f"  (PostgreSQL vacuumed: {visible:.0%} of the index's pages all-visible)")
    return took


def searches(total: int) -> dict[str, Callable[[random.Random], str]]:
    vocabulary, _weights = corpus_vocabulary(random.Random(2))
    return {
        "rare word": lambda rng: rng.choice(vocabulary[500:]),
        "mid word": lambda rng: rng.choice(vocabulary[30:500]),
        "common word": lambda rng: rng.choice(vocabulary[:30]),
        "two words": lambda rng: " ".join(rng.sample(vocabulary[:500], 2)),
        "prefix": lambda rng: rng.choice(vocabulary[:500])[:3],
        "accent folded": lambda rng: rng.choice(["wyl", "ty", "dwr", "gwr"]),
        "reference": lambda rng: f"BHF-{rng.randint(1, total):06d}",
    }


def run(db: Database, texts: list[tuple[str, str]]) -> tuple[dict[str, list[float]], list]:
    times: dict[str, list[float]] = {}
    answers = []
    for kind, text in texts:
        start = time.perf_counter()
        with db.read_session() as s:  # as the window reads
            page = issue_query.list_issues(s, IssueFilter(text=text, sort="relevance", limit=50))
        times.setdefault(kind, []).append(time.perf_counter() - start)
        answers.append(([i.reference for i in page.items], page.total))
    return times, answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--postgres", default=None, help="a server's URL, no database name")
    args = parser.parse_args()
    server = postgres.Server(args.postgres.rstrip("/")) if args.postgres else postgres.start()
    url = server.database()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            databases = {
                "SQLite": open_database(str(Path(tmp) / "search.sqlite")),
                "PostgreSQL": open_database(url),
            }
            rows = issue_rows(args.issues, "0" * 36)
            print(f"search over {args.issues:,} issues, a page of 50 ranked, with its total")
            for name, db in databases.items():
                print(f"  {name:<10} loaded and indexed in {load(db, rows):5.1f} s")
            rng = random.Random(3)
            kinds = searches(args.issues)
            texts = [(k, make(rng)) for _ in range(args.queries) for k, make in kinds.items()]
            results = {}
            for name, db in databases.items():
                run(db, texts[: len(kinds)])  # warm the caches once
                results[name] = run(db, texts)
            print(f"  {'':<14}{'SQLite p50':>11}{'p95':>9}{'PostgreSQL p50':>17}{'p95':>9}  (ms)")
            for kind in [*kinds, "all"]:
                figures = []
                for name in databases:
                    times = results[name][0]
                    samples = (
                        [t for ts in times.values() for t in ts] if kind == "all" else times[kind]
                    )
                    figures.extend(describe(samples))
                print(
                    f"  {kind:<14}{figures[0]:11.2f}{figures[1]:9.2f}"
                    f"{figures[2]:17.2f}{figures[3]:9.2f}"
                )
            differ = [
                text
                for (_kind, text), a, b in zip(
                    texts, results["SQLite"][1], results["PostgreSQL"][1], strict=True
                )
                if a != b
            ]
            print(f"  searches listing different issues on the two: {len(differ)} of {len(texts)}")
            for text in differ[:5]:
                print(f"    {text!r}")
            for db in databases.values():
                db.dispose()
    finally:
        server.drop(url)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
