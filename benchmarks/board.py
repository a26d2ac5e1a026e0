"""Board benchmark: the policy-cycle board over 100,000 issues.

Prints, in one run: the time to open the board (built, shown and painted: five counts and
five first pages), median and p95 time for the board to read again after a change to one
issue and after a filter change, the time to read the next page of a column when it is
scrolled near its end, and peak RSS. Targets (those of the register): open <= 0.5 s,
p95 update <= 100 ms, peak RSS <= 300 MB.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/board.py [--issues N] [--runs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from forumdesk.core import forums
from forumdesk.db.models import Issue
from forumdesk.db.store import open_database
from forumdesk.domain.changes import ISSUE, Changes
from forumdesk.domain.enums import IssueStatus, PolicyStage
from forumdesk.domain.records import IssueFilter
from forumdesk.gui.desk import Desk
from forumdesk.gui.register.board import BoardView

WARDS = ("Brixton Hill", "Tulse Hill", "St Martin's", "Llanfair", "Pentre", "Cwm")


def fill(db, count: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(13)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with db.session() as s:
        ids = [forums.create_forum(s, code=c, name=c).id for c in ("BHF", "LLF", "NWF", "SEF")]
        rows = []
        for n in range(count):
            forum = n % len(ids)
            number = n // len(ids) + 1
            code = ("BHF", "LLF", "NWF", "SEF")[forum]
            rows.append(
                {
                    "forum_id": ids[forum],
                    "number": number,
                    "reference": f"{code}-{number:05d}",
                    "title": f"Issue {n} about {rng.choice(('bins', 'roads', 'lights', 'parks'))}",
                    "ward": rng.choice(WARDS),
                    "stage": rng.choice(list(PolicyStage)),
                    "status": rng.choice(list(IssueStatus)),
                    "due_date": (start + timedelta(days=rng.randrange(1000))).date(),
                    "stage_since": start + timedelta(minutes=rng.randrange(1_000_000)),
                }
            )
        s.execute(insert(Issue), rows)


def fill_file(path: str, count: int) -> None:
    db = open_database(path)
    fill(db, count)
    db.dispose()


def timed(work) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "board.sqlite"
        # Filled by another process, so that the peak RSS below is the board's alone.
        filling = multiprocessing.get_context("spawn").Process(
            target=fill_file, args=(str(path), args.issues)
        )
        began = time.perf_counter()
        filling.start()
        filling.join()
        print(f"filling {args.issues:,} issues: {time.perf_counter() - began:.1f} s")
        app = QApplication(sys.argv[:1])
        db = open_database(str(path))
        desk = Desk(db)
        view = BoardView(desk)
        view.resize(1280, 720)

        def open_board() -> None:
            view.show()
            view.repaint()
            app.processEvents()

        opened = timed(open_board)
        print(f"open the board (5 counts, 5 first pages, painted): {opened * 1000:6.0f} ms")
        print("  counts:", [c.model.total for c in view.columns])

        changed = Changes.of({ISSUE: [1]})
        after_change = [timed(lambda: desk.announce(changed)) for _ in range(args.runs)]
        filters = {
            "forum": IssueFilter(forum="LLF"),
            "ward": IssueFilter(ward="Cwm"),
            "overdue": IssueFilter(overdue_on=datetime(2025, 6, 1).date()),
            "words (a common one)": IssueFilter(text="bins"),
            "words (a rare one)": IssueFilter(text="4242"),
        }
        after_filter = {}
        for name, wanted in filters.items():
            after_filter[name] = []
            for _ in range(args.runs):
                view.set_filter(IssueFilter())
                after_filter[name].append(timed(lambda w=wanted: view.set_filter(w)))
        view.set_filter(IssueFilter())
        column = view.columns[0]
        pages = [timed(lambda: column.model.fetchMore(QModelIndex())) for _ in range(args.runs)]
        rows = [("read again after a change to one issue", after_change)]
        rows += [(f"filter changed to {name}", values) for name, values in after_filter.items()]
        rows += [("next page of a column (50 cards)", pages)]
        for name, values in rows:
            print(
                f"{name:42s} median {statistics.median(values) * 1000:6.1f} ms, "
                f"p95 {p95(values) * 1000:6.1f} ms"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {peak:.0f} MB")
        view.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
