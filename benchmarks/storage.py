"""Storage benchmark: the start-up check and a backup taken while the window runs.

Prints, for a database of N issues (default 100,000):

* SQLite's ``quick_check`` (run by every opening) and ``integrity_check`` (run by
  ``forumdesk check`` and on every backup), warm, median of three;
* the whole ``open_database`` as a command opens it;
* an hourly backup taken by the window's ``BackupKeeper`` on its thread: how long it
  took, and the longest the Qt event loop went without running a 5 ms timer meanwhile
  (what a person would feel as the window freezing), next to the same loop idle.

Usage: python benchmarks/storage.py [--issues N]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from forumdesk.core import forums
from forumdesk.db import backup
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


def build(path: Path, total: int) -> None:
    db = open_database(str(path))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    rng = random.Random(1)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    rows = [
        (
            n,
            f"BHF-{n:06d}",
            " ".join(rng.choices(WORDS, k=6)),
            " ".join(rng.choices(WORDS, k=30)),
            str(uuid.uuid4()),
            f'{{"{db.desk_uuid}": 1}}',
            now,
            now,
        )
        for n in range(1, total + 1)
    ]
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, support, uuid, vv, dots, created_at, updated_at) VALUES (1, ?, ?, ?, ?,"
            " 'Brixton Hill', 'co-definition', 'open', 0, ?, ?, '{}', ?, ?)",
            rows,
        )
    db.dispose()


def timed(work, runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def pragma(path: Path, name: str) -> None:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert connection.execute(f"PRAGMA {name}").fetchone()[0] == "ok"
    connection.close()


def longest_gap(app, until) -> float:
    """Runs the event loop with a 5 ms timer until ``until()``; the longest wait between ticks."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    while not until():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(ticks))


def bench_background_backup(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from forumdesk.gui.desk import Desk
    from forumdesk.gui.storage import BackupKeeper

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(str(path))
    desk = Desk(db)
    keeper = BackupKeeper(desk)
    idle_until = time.perf_counter() + 1.0
    idle = longest_gap(app, lambda: time.perf_counter() > idle_until)
    start = time.perf_counter()
    thread = keeper.start("hourly")
    gap = longest_gap(app, lambda: not thread.is_alive())
    took = time.perf_counter() - start
    print(
        f"  hourly backup on its own thread: {took:.2f} s; longest event-loop gap "
        f"{gap * 1000:.0f} ms (idle: {idle * 1000:.0f} ms)"
    )
    keeper.on_close()
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite"
        start = time.perf_counter()
        build(path, args.issues)
        size = path.stat().st_size / 1024 / 1024
        print(
            f"{args.issues:,} issues, {size:.0f} MB (built in {time.perf_counter() - start:.1f} s)"
        )
        quick = timed(lambda: pragma(path, "quick_check"))
        full = timed(lambda: pragma(path, "integrity_check"))
        print(f"  quick_check     {quick * 1000:6.0f} ms   (every opening)")
        print(f"  integrity_check {full * 1000:6.0f} ms   (forumdesk check, each backup)")
        opening = timed(lambda: open_database(str(path), create=False).dispose())
        print(f"  open_database   {opening * 1000:6.0f} ms   (quick check included)")
        copy = timed(lambda: backup.copy_database(path, Path(tmp) / "copy.sqlite"), runs=1)
        print(f"  a verified backup, in the foreground: {copy:.2f} s")
        bench_background_backup(path)
    # PySide6's objects must not meet the interpreter's last collection (tests/conftest.py).
    gc.collect()
    gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main())
