"""Register benchmark: the Register view over 100,000 issues, against a bare QTableView.

Prints, in one run (offscreen):

* time to open the register (the view built, its ids read and the first rows painted);
* median and p95 time from a search keystroke to the view updated (the pause before
  the search is left out: it is a choice, not work), and the same for a filter change;
* time to open the board (``forumdesk.gui.register.board``), or "n/a" without it;
* peak RSS of the process;

next to a bare ``QTableView`` over a minimal model of the same 100,000 rows, its ids
read with one raw ``sqlite3`` query and its rows fetched lazily in blocks of 100: the
baseline, measured in the same run. Targets: open <= 0.5 s, p95 update <= 100 ms, peak
RSS <= 300 MB.

The database (100,000 issues across 12 forums, with wards, owners, themes, due days and
responses) is built once with raw inserts and kept under the temporary directory.

Usage: python benchmarks/register.py [--issues N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STAGES = ["co-definition", "co-formulation", "co-decision", "co-implementation", "co-evaluation"]
STATUSES = ["open", "in-progress", "resolved", "withdrawn"]
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
OWNERS = ["Nia", "Rhodri", "Aled", "Sian", "Gareth", "Ffion", "Dafydd", "Carys", None]


def build(path: Path, total: int) -> None:
    """100,000 issues across 12 forums, loaded raw, the search index rebuilt once."""
    from forumdesk.core import forums
    from forumdesk.db import search
    from forumdesk.db.store import open_database

    rng = random.Random(13)
    db = open_database(str(path))
    codes = [f"F{n:02d}" for n in range(12)]
    wards = {code: [f"{code} Ward {w}" for w in range(6)] for code in codes}
    with db.session() as s:
        for code in codes:
            forums.create_forum(s, code=code, name=f"Forum {code}", wards=wards[code])
    desk = db.desk_uuid
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for n in range(1, total + 1):
        forum = rng.randrange(12)
        code = codes[forum]
        created = start + timedelta(minutes=rng.randrange(0, 1_400_000))
        updated = created + timedelta(days=rng.randrange(0, 300))
        due = (created + timedelta(days=rng.randrange(10, 200))).date() if n % 3 else None
        answer = (created + timedelta(days=rng.randrange(5, 90))).date() if n % 4 == 0 else None
        rows.append(
            (
                forum + 1,
                n,
                f"{code}-{n:06d}",
                " ".join(rng.choices(WORDS, k=5)),
                " ".join(rng.choices(WORDS, k=25)),
                rng.choice(wards[code]),
                rng.choice(STAGES),
                rng.choice(STATUSES),
                rng.choice(OWNERS),
                due.isoformat() if due else None,
                answer.isoformat() if answer else None,
                str(uuid.uuid4()),
                f'{{"{desk}": 1}}',
                created.replace(tzinfo=None).isoformat(" "),
                updated.replace(tzinfo=None).isoformat(" "),
                updated.replace(tzinfo=None).isoformat(" "),
            )
        )
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER issue_search_insert")  # one rebuild instead
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, owner, due_date, response_due, support, uuid, vv, dots, created_at,"
            " updated_at, stage_since)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '{}', ?, ?, ?)",
            rows,
        )
        search.rebuild(conn)
    db.dispose()


def database(total: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"forumdesk-register-{total}.sqlite"
    ready = path.with_suffix(".ready")
    if not ready.exists():
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        started = time.perf_counter()
        build(path, total)
        ready.write_text("built\n")
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing {path}")
    return path


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {1000 * statistics.median(ordered):6.1f} ms   p95 {1000 * p95:6.1f} ms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle(app) -> None:
    app.processEvents()


def bench(total: int, runs: int) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from forumdesk.db.store import open_database
    from forumdesk.domain.enums import IssueStatus, PolicyStage
    from forumdesk.gui.desk import Desk

    path = database(total)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(str(path))
    desk = Desk(db)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    stack = QUndoStack()
    rss_before = peak_rss_mb()

    # -- the register ----------------------------------------------------------------
    started = time.perf_counter()
    from forumdesk.gui.register.view import RegisterView

    view = RegisterView(desk, stack, settings)
    view.resize(1280, 720)
    view.show()
    settle(app)
    opened = time.perf_counter() - started
    assert view.model.rowCount() == total, view.model.rowCount()

    rng = random.Random(5)
    typed: list[float] = []
    for _ in range(runs):
        word = rng.choice(WORDS)
        view.search.clear()
        view.apply_filters()
        settle(app)
        for n in range(1, len(word) + 1):
            view.search.setText(word[:n])  # a keystroke; the pause is skipped below
            started = time.perf_counter()
            view.apply_filters()
            settle(app)
            typed.append(time.perf_counter() - started)
    view.search.clear()
    view.apply_filters()

    started = time.perf_counter()
    for combo in (view.ward, view.theme, view.owner):
        combo.refill()  # what opening each list reads, once
    choices = time.perf_counter() - started
    changes = [
        lambda: view.stage.setCurrentIndex(rng.randrange(1, view.stage.count())),
        lambda: view.status.setCurrentIndex(rng.randrange(1, view.status.count())),
        lambda: view.forum.setCurrentIndex(rng.randrange(1, view.forum.count())),
        lambda: view.owner.setCurrentIndex(rng.randrange(1, view.owner.count())),
        lambda: view.overdue.toggle(),
        lambda: view.response_overdue.toggle(),
        lambda: view.idle.setValue(rng.choice([0, 30, 90, 200])),
        lambda: view.clear(),
    ]
    filtered: list[float] = []
    for _ in range(runs):
        for change in changes:
            started = time.perf_counter()
            change()  # the view reads at once on a filter change
            settle(app)
            filtered.append(time.perf_counter() - started)

    sorted_times: list[float] = []
    for column in (1, 2, 4, 5, 9):
        started = time.perf_counter()
        view.table.sortByColumn(column, view.table.horizontalHeader().sortIndicatorOrder())
        settle(app)
        sorted_times.append(time.perf_counter() - started)
    board = "n/a (forumdesk.gui.register.board is not installed)"
    if view.board is not None:
        started = time.perf_counter()
        view.show_board()
        settle(app)
        board = f"{time.perf_counter() - started:.3f} s"
    register_rss = peak_rss_mb()
    del PolicyStage, IssueStatus

    # -- the baseline: a bare QTableView over a lazily fetched model -----------------
    base_open, base_typed, base_filtered = baseline(app, path, total, runs, rng)

    print(f"\nregister over {total:,} issues in 12 forums (offscreen)")
    print(
        f"  open the register        {opened:6.3f} s   (bare QTableView {base_open:6.3f} s)"
        "   target <= 0.5 s"
    )
    print(f"  search keystroke         {describe(typed)}   (bare: {describe(base_typed)})")
    print(f"  filter change            {describe(filtered)}   (bare: {describe(base_filtered)})")
    print("                           target p95 <= 100 ms")
    print(f"  fill ward, theme, owner  {1000 * choices:6.1f} ms (once, when first opened)")
    print(f"  sort by a column         {describe(sorted_times)}")
    print(f"  open the board           {board}")
    print(
        f"  peak RSS                 {register_rss:6.0f} MB after the register"
        f" ({rss_before:.0f} MB before it), {peak_rss_mb():.0f} MB after the baseline"
        "   target <= 300 MB"
    )
    view.close()
    db.dispose()


def baseline(app, path: Path, total: int, runs: int, rng: random.Random):
    """A bare QTableView over ids from raw sqlite3, rows fetched in blocks of 100."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from forumdesk.db import search

    connection = sqlite3.connect(path)

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[int] = []
            self.rows: dict[int, tuple] = {}

        def query(self, where: str = "", params: tuple = ()) -> None:
            self.beginResetModel()
            self.ids = [
                i
                for (i,) in connection.execute(
                    "SELECT issue.id FROM issue JOIN forum ON forum.id = issue.forum_id"
                    f" WHERE issue.deleted_at IS NULL {where}"
                    " ORDER BY forum.code, issue.number",
                    params,
                )
            ]
            self.endResetModel()

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.ids)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 6

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
                return None
            ident = self.ids[index.row()]
            if ident not in self.rows:
                block = self.ids[max(0, index.row() - 50) : index.row() + 50]
                marks = ",".join("?" * len(block))
                for row in connection.execute(
                    "SELECT id, reference, title, ward, stage, status, owner FROM issue"
                    f" WHERE id IN ({marks})",
                    block,
                ):
                    self.rows[row[0]] = tuple(str(v or "") for v in row[1:])
            return self.rows[ident][index.column()]

    started = time.perf_counter()
    model = Bare()
    table = QTableView()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setModel(model)
    model.query()
    table.resize(1280, 720)
    table.show()
    app.processEvents()
    opened = time.perf_counter() - started
    typed: list[float] = []
    for _ in range(runs):
        word = rng.choice(WORDS)
        for n in range(1, len(word) + 1):
            started = time.perf_counter()
            model.query(
                "AND issue.id IN (SELECT rowid FROM issue_search WHERE issue_search MATCH ?)",
                (search.fts_query(word[:n]),),
            )
            app.processEvents()
            typed.append(time.perf_counter() - started)
    filtered: list[float] = []
    for _ in range(runs):
        for stage in STAGES:
            started = time.perf_counter()
            model.query("AND issue.stage = ?", (stage,))
            app.processEvents()
            filtered.append(time.perf_counter() - started)
    table.close()
    connection.close()
    assert total > 0
    return opened, typed, filtered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench(args.issues, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
