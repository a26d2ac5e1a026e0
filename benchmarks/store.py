"""Store benchmark: recording an issue through the services vs raw sqlite3, and search latency.

Prints, in one run:

* median and p95 time to record one issue with its own durable commit through
  ``core.issues.record_issue`` (one session per issue, as a face does), next to raw
  ``sqlite3`` writing the same rows (issue, "raised" timeline event, and the search
  index through the same triggers) in one commit with the same pragmas; the ratio
  is the figure (target <= 3x).
* median and p95 latency of a full-text search through ``core.issue_query`` (a page
  of 50, ranked, with its total) over 100,000 issues (target p95 <= 50 ms).

Usage: python benchmarks/store.py [--records N] [--issues N] [--queries N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from forumdesk.core import forums, issue_query, issues, meetings
from forumdesk.db import search
from forumdesk.db.store import open_database
from forumdesk.domain.records import IssueFilter

WORDS = [
    "pothole",
    "street",
    "light",
    "bin",
    "collection",
    "parking",
    "bus",
    "stop",
    "library",
    "hours",
    "park",
    "bench",
    "graffiti",
    "flytipping",
    "crossing",
    "school",
    "traffic",
    "speed",
    "noise",
    "housing",
    "repairs",
    "damp",
    "youth",
    "club",
    "allotment",
    "tree",
    "pavement",
    "cycle",
    "lane",
    "drainage",
    "flooding",
    "community",
    "centre",
    "playground",
    "dog",
    "fouling",
    "litter",
    "market",
    "ffordd",
    "heol",
    "stryd",
    "ŵyl",
    "llan",
    "maes",
    "bont",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def describe(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000


def bench_record(folder: Path, count: int) -> None:
    rng = random.Random(1)
    db = open_database(str(folder / "services.sqlite"))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    service_times = []
    for _ in range(count):
        title = " ".join(rng.choices(WORDS, k=6))
        start = time.perf_counter()
        with db.session() as s:
            issues.record_issue(
                s, forum="BHF", title=title, meeting=meeting.id, ward="Brixton Hill"
            )
        service_times.append(time.perf_counter() - start)
    db.dispose()

    # The baseline writes into a database of the same schema (same triggers keep the
    # search index), with the same pragmas, one transaction per issue.
    raw_db = open_database(str(folder / "raw.sqlite"))
    with raw_db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    desk = raw_db.desk_uuid
    raw_db.dispose()
    conn = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    for pragma in (
        "foreign_keys = ON",
        "busy_timeout = 5000",
        "journal_mode = WAL",
        "synchronous = FULL",
    ):
        conn.execute(f"PRAGMA {pragma}")
    raw_times = []
    for n in range(count):
        title = " ".join(rng.choices(WORDS, k=6))
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")  # the write lock at the start, as the store takes it
        number = n + 1
        cur = conn.execute(
            "INSERT INTO issue (forum_id, number, reference, title, ward, stage, status, support,"
            " meeting_id, uuid, vv, dots, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, 'Brixton Hill', 'co-definition', 'open', 0, 1, ?, ?, '{}', ?, ?)",
            (number, f"BHF-{number:04d}", title, str(uuid.uuid4()), f'{{"{desk}": 1}}', now, now),
        )
        conn.execute(
            "INSERT INTO timeline_event (issue_id, kind, at, to_stage, to_status, meeting_id,"
            " desk_uuid, uuid, vv, dots, created_at, updated_at)"
            " VALUES (?, 'raised', ?, 'co-definition', 'open', 1, ?, ?, ?, '{}', ?, ?)",
            (cur.lastrowid, now, desk, str(uuid.uuid4()), f'{{"{desk}": 1}}', now, now),
        )
        conn.execute("COMMIT")
        raw_times.append(time.perf_counter() - start)
    conn.close()

    s_med, s_p95 = describe(service_times)
    r_med, r_p95 = describe(raw_times)
    print(f"record an issue, one commit each ({count} issues)")
    print(f"  services (record_issue): median {s_med:.3f} ms   p95 {s_p95:.3f} ms")
    print(f"  raw sqlite3, same rows:  median {r_med:.3f} ms   p95 {r_p95:.3f} ms")
    print(
        f"  ratio services/raw:      median {s_med / r_med:.2f}x   p95 {s_p95 / r_p95:.2f}x"
        "   (target <= 3x)"
    )


def corpus_vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Real forum words plus made-up ones, with Zipf weights: a few words are in most issues."""
    syllables = [
        "ba",
        "ce",
        "di",
        "fo",
        "gu",
        "la",
        "me",
        "ni",
        "po",
        "ru",
        "sa",
        "te",
        "vi",
        "wo",
        "yr",
        "ll",
        "dd",
        "ch",
        "th",
        "ff",
        "ŵy",
        "ŷn",
    ]
    made_up = ("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size * 2))
    vocabulary = list(dict.fromkeys([*WORDS, *made_up]))[:size]
    rng.shuffle(vocabulary)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(vocabulary))]
    return vocabulary, weights


def bench_search(folder: Path, total: int, queries: int) -> None:
    rng = random.Random(2)
    vocabulary, weights = corpus_vocabulary(rng)
    db = open_database(str(folder / "search.sqlite"))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    desk = db.desk_uuid
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    stages = [
        "co-definition",
        "co-formulation",
        "co-decision",
        "co-implementation",
        "co-evaluation",
    ]
    rows = [
        (
            n,
            f"BHF-{n:06d}",
            " ".join(rng.choices(vocabulary, weights, k=6)),
            " ".join(rng.choices(vocabulary, weights, k=30)),
            rng.choice(stages),
            str(uuid.uuid4()),
            f'{{"{desk}": 1}}',
            now,
            now,
        )
        for n in range(1, total + 1)
    ]
    start = time.perf_counter()
    with db.engine.begin() as conn:
        # Bulk load without the per-row trigger, then rebuild the index once
        # (docs/internals.md, "SQLite").
        conn.exec_driver_sql("DROP TRIGGER issue_search_insert")
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, support, uuid, vv, dots, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, ?, 'Brixton Hill', ?, 'open', 0, ?, ?, '{}', ?, ?)",
            rows,
        )
        search.rebuild(conn)
    loaded = time.perf_counter() - start
    print(
        f"\nsearch over {total:,} issues (Zipf vocabulary of {len(vocabulary):,} words;"
        f" loaded and indexed in {loaded:.1f} s)"
    )
    print("  a page of 50 ranked by relevance, with the total, through core.issue_query;")
    print("  baseline: raw sqlite3 FTS5 'MATCH ... ORDER BY rank LIMIT 50' for the same text")
    raw = sqlite3.connect(folder / "search.sqlite")
    kinds = {
        "rare word": lambda: rng.choice(vocabulary[500:]),
        "mid word": lambda: rng.choice(vocabulary[30:500]),
        "common word": lambda: rng.choice(vocabulary[:30]),
        "two words": lambda: " ".join(rng.sample(vocabulary[:500], 2)),
        "prefix": lambda: rng.choice(vocabulary[:500])[:3],
        "reference": lambda: f"BHF-{rng.randint(1, total):06d}",
    }
    service: dict[str, list[float]] = {kind: [] for kind in kinds}
    baseline: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(queries):
        for kind, make in kinds.items():
            text = make()
            start = time.perf_counter()
            with db.read_session() as s:  # as the window reads
                issue_query.list_issues(s, IssueFilter(text=text, sort="relevance", limit=50))
            service[kind].append(time.perf_counter() - start)
            start = time.perf_counter()
            raw.execute(
                "SELECT rowid FROM issue_search WHERE issue_search MATCH ? ORDER BY rank LIMIT 50",
                (search.fts_query(text),),
            ).fetchall()
            baseline[kind].append(time.perf_counter() - start)
    raw.close()
    for kind in kinds:
        med, p95 = describe(service[kind])
        raw_med, raw_p95 = describe(baseline[kind])
        print(
            f"  {kind:<12} median {med:6.2f} ms   p95 {p95:6.2f} ms"
            f"   (raw FTS5 median {raw_med:6.2f} ms, p95 {raw_p95:6.2f} ms)"
        )
    med, p95 = describe([t for samples in service.values() for t in samples])
    raw_med, raw_p95 = describe([t for samples in baseline.values() for t in samples])
    print(
        f"  {'all':<12} median {med:6.2f} ms   p95 {p95:6.2f} ms"
        f"   (raw FTS5 median {raw_med:6.2f} ms, p95 {raw_p95:6.2f} ms)   (target p95 <= 50 ms)"
    )
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_record(Path(tmp), args.records)
        bench_search(Path(tmp), args.issues, args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
