"""Concurrency benchmark: issues recorded per second by officers writing at the same time.

Prints, for SQLite (a file) and PostgreSQL (a throwaway server started from the
system's binaries, as the tests do: tests/postgres.py), the issues recorded per second
by one writer alone and by four writers at once, all in one forum and then each in a
forum of its own (whose counters do not make them wait for each other). Each writer is a
process of its own that records its issues one unit of work each, the window's way
(``forumdesk.db.changes.write``: a durable commit per issue, run again when it met
another officer's transaction), and the references are checked afterwards: unique,
and numbered 1..N in each forum without a gap.

Usage, from the repository's root with PYTHONPATH=. (it starts the server from tests/):

    python benchmarks/concurrency.py [--issues N] [--writers N] [--only sqlite|postgresql]

``FORUMDESK_TEST_POSTGRES`` names a server to use instead of starting one (see
tests/postgres.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from forumdesk.cli import main
from forumdesk.db.models import Issue
from forumdesk.db.store import open_database

ROOT = Path(__file__).resolve().parent.parent

# One writer: opens the database, waits for the word to start (a file appearing),
# records its issues, prints how long that took and how many failed.
WRITER = """
import sys, time
from pathlib import Path
from forumdesk.core import issues
from forumdesk.db import changes
from forumdesk.db.store import open_database
from forumdesk.domain.errors import ForumDeskError

url, go, name, count, forum = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
db = open_database(url, create=False)
while not Path(go).exists():
    time.sleep(0.001)
failures = 0
for n in range(count):
    try:
        changes.write(db, lambda s: issues.record_issue(s, forum=forum, title=f"{name} {n}"))
    except ForumDeskError:
        failures += 1
db.dispose()
print(failures, flush=True)
"""


FORUMS = ["BHF", "LLF", "KTF", "SWF", "NWF", "EHF", "WHF", "CTF"]


def _register(url: str) -> None:
    commands = [["init"]] + [["forum", "add", code, f"{code} Area Forum"] for code in FORUMS]
    for args in commands:
        if main(["--db", url, *args]) != 0:
            raise SystemExit(f"could not prepare {url}")


def _run(url: str, folder: Path, writers: int, issues: int, spread: bool) -> tuple[float, int]:
    """Issues per second of ``writers`` writers at once (in one forum, or each in a forum
    of its own when ``spread``), and how many changes failed."""
    go = folder / f"go-{writers}-{spread}"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                url,
                str(go),
                f"writer{k}",
                str(issues),
                FORUMS[k % len(FORUMS)] if spread else FORUMS[0],
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for k in range(writers)
    ]
    time.sleep(2.0)  # every writer has started Python and opened the database
    started = time.perf_counter()
    go.touch()
    failures = sum(int(p.communicate()[0].strip() or 1) for p in processes)
    elapsed = time.perf_counter() - started
    return writers * issues / elapsed, failures


def _check(url: str, expected: int) -> str:
    db = open_database(url, create=False)
    try:
        with db.read_session() as session:
            rows = session.execute(select(Issue.forum_id, Issue.reference, Issue.number)).all()
    finally:
        db.dispose()
    unique = len({r for _f, r, _n in rows}) == len(rows) == expected
    numbers: dict[int, list[int]] = {}
    for forum, _r, number in rows:
        numbers.setdefault(forum, []).append(number)
    no_gap = all(sorted(got) == list(range(1, len(got) + 1)) for got in numbers.values())
    return "references unique, no gap" if unique and no_gap else "REFERENCES WRONG"


def _measure(kind: str, make_url, folder: Path, writers: int, issues: int) -> None:
    for count, spread in ((1, False), (writers, False), (writers, True)):
        url = make_url(f"{kind}-{count}-{spread}")
        _register(url)
        rate, failures = _run(url, folder, count, issues, spread)
        verdict = _check(url, count * issues)
        label = "1 writer alone" if count == 1 else f"{count} writers at once"
        label += ", a forum each" if spread else ""
        print(
            f"{kind:<11} {label:<34} {rate:8.0f} issues/s  "
            f"({count * issues} issues, {failures} failed; {verdict})",
            flush=True,
        )


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=200, help="issues per writer")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forumdesk-concurrency-") as temp:
        folder = Path(temp)
        print(f"{args.writers} writers x {args.issues} issues, one commit per issue")
        if args.only in (None, "sqlite"):
            in_folder = lambda name: str(folder / f"{name}.sqlite")  # noqa: E731
            _measure("SQLite", in_folder, folder, args.writers, args.issues)
        if args.only in (None, "postgresql"):
            from tests import postgres

            server = postgres.start()
            try:
                _measure(
                    "PostgreSQL",
                    lambda _name: server.database(),
                    folder,
                    args.writers,
                    args.issues,
                )
            finally:
                server.stop()


if __name__ == "__main__":
    main_benchmark()
