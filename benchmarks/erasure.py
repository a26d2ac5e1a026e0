"""Erasure benchmark: one person's erasure, and retention's first run over an old register.

Builds a desk of N issues (default 20,000) with descriptions, and S old sign-ins of
residents with names and phone numbers (default 5,000), a few of them named in issue
descriptions, with approved minutes of the meeting they came to. Prints:

* one erasure (``person erase``): its time next to a bare SQL ``UPDATE`` blanking the
  same sign-in (the least any erasure costs) — the rest is taking the name out of the
  desk's free text, revisions, search index and sealed minutes;
* retention erasing every old sign-in in one unit of work (one erasure record each),
  next to one erasure per sign-in extrapolated from the first 20 (what the code did
  before erasures were applied in one pass over the text), and next to a bare SQL
  ``UPDATE`` blanking them all.

Usage: python benchmarks/erasure.py [--issues N] [--signins S]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from forumdesk.core import attendance, erasure, forums, issues, meetings, minutes, retention
from forumdesk.db.models import Attendance
from forumdesk.db.store import open_database

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
]
TODAY = date(2027, 6, 1)


def build(path: Path, total: int, signins: int) -> None:
    db = open_database(str(path))
    rng = random.Random(7)
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        old = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2024-01-10").id
        for n in range(signins):
            attendance.add_attendance(
                s,
                old,
                name=f"Resident {n:05d} Surname{n % 97}",
                consent_named=True,
                contact=f"07700 {n:06d}",
                consent_contact=True,
            )
        for n in range(total):
            named = (
                f" Raised with Resident {n % signins:05d} Surname{n % signins % 97}."
                if n % 50 == 0
                else ""
            )
            issues.record_issue(
                s,
                forum="BHF",
                title=" ".join(rng.choices(WORDS, k=4)),
                description=" ".join(rng.choices(WORDS, k=30)) + named,
                meeting=old if n < 200 else None,
            )
        minutes.approve_minutes(s, old, approved_by="Chair")
    db.dispose()


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=20_000)
    parser.add_argument("--signins", type=int, default=5_000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="forumdesk-erasure-"))
    os.environ["FORUMDESK_DATA_DIR"] = str(folder / "data")
    source = folder / "source.sqlite"
    print(f"Building {args.issues:,} issues and {args.signins:,} old sign-ins…", flush=True)
    build(source, args.issues, args.signins)

    def fresh(name: str) -> Path:
        copy = folder / name
        copy.write_bytes(source.read_bytes())
        return copy

    # One erasure, against a bare UPDATE of the same sign-in.
    path = fresh("one.sqlite")
    raw = sqlite3.connect(path)
    bare_one = timed(
        lambda: (
            raw.execute("UPDATE attendance SET name = NULL, contact = NULL WHERE id = 2"),
            raw.commit(),
        )
    )
    raw.close()
    db = open_database(str(path))

    def erase_one() -> None:
        with db.session() as s:
            erasure.erase(s, [1], reason="request")

    one = timed(erase_one)
    db.dispose()

    # Retention's first run, in one pass, against a bare UPDATE of them all.
    path = fresh("bare.sqlite")
    raw = sqlite3.connect(path)
    bare_all = timed(
        lambda: (raw.execute("UPDATE attendance SET name = NULL, contact = NULL"), raw.commit())
    )
    raw.close()
    path = fresh("retention.sqlite")
    db = open_database(str(path))

    def run_retention() -> None:
        with db.session() as s:
            retention.apply(s, today=TODAY)

    batch = timed(run_retention)
    db.dispose()

    # One erasure per sign-in, as before: the first 20, extrapolated.
    path = fresh("each.sqlite")
    db = open_database(str(path))
    with db.read_session() as s:
        ids = s.scalars(select(Attendance.id).order_by(Attendance.id).limit(20)).all()

    def erase_each() -> None:
        with db.session() as s:
            for ident in ids:
                erasure.erase(s, [ident], reason="retention")

    each = timed(erase_each) / len(ids) * args.signins
    db.dispose()

    print(f"one erasure:               {one * 1000:8.0f} ms   bare UPDATE {bare_one * 1000:.1f} ms")
    print(
        f"retention, {args.signins:,} sign-ins:  {batch:8.1f} s    "
        f"{batch / bare_all:.0f}x a bare UPDATE of them all ({bare_all * 1000:.0f} ms)"
    )
    print(
        f"one erasure each (20 timed, extrapolated): {each:8.1f} s    "
        f"retention in one pass is {each / batch:.0f}x faster"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
