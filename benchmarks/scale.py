"""Scale benchmark (responsiveness at council scale): each figure next to its baseline.

Builds a desk of 100,000 issues (``--issues``) in twelve forums, with one meeting at
which 5,000 of them were raised (``--meeting``) and another with 10,000 for growth, then
prints, each measured in a process of its own so that peak memory is the work's own:

* **minutes tab**: the Minutes area opened on the meeting and one section toggled, as a
  clerk does: the longest stall of the window's event loop meanwhile
  (``minutes_max_stall_ms``; target <= 100 ms), the time to the first page shown over
  the time ReportLab alone takes to build the same PDF in the same run
  (``minutes_first_page_over_build``; target <= 1.2), and the process's peak RSS
  (``minutes_peak_rss_mib``; target <= 300 MiB).

* **capture**: Enter in the capture bar to the new row shown, median of 40, with every
  fsync slowed to 20 ms by an ``LD_PRELOAD`` shim (``slow_fsync_capture_median_ms``;
  target <= 30 ms), next to the same with the disk as it is;
* **start-up**: process start to the first paint (the opening window, gui/start.py), over
  a bare PySide6 window with one table, as alternating pairs (``startup_ratio``; target
  <= 3x); to the main window shown and idle on the desk, over the same bare window
  (``startup_window_ready_ratio``); and to the main window shown and idle with an
  automatic backup due over with none due (``startup_backup_due_ratio``; target <= 1.1x);
* **exchange**: exporting the whole desk (``export.write``), then importing the file into
  a fresh empty desk (``read.check`` + ``merge.merge``, committed, as ``forumdesk
  import`` does), each in a process of its own: the time, next to a raw baseline in the
  same run (``export_over_raw``, ``import_over_raw``; targets <= 3), and the process's
  peak RSS (``export_peak_rss_mib``, ``import_peak_rss_mib``) with its growth over what
  the process held before the work (the interpreter and its libraries, loaded by the
  same work on a small desk first) over the size of the file
  (``export_peak_rss_ratio``; target <= 1; ``import_peak_rss_ratio``; target <= 2). The
  raw export reads the same issue rows with ``sqlite3`` and writes each with
  ``json.dumps(indent=1)``, laid out as the file is (and without the indent, as a
  detail: ``export_raw_compact_seconds``); the raw import is ``benchmarks/exchange.py``'s
  baseline (``json.load`` of the file, ``executemany`` of its rows into a fresh
  database, the index rebuilt).

``--json`` prints one JSON object with those keys (and the raw figures) instead;
``--only minutes,capture,startup,exchange`` runs some of the sections.

Usage: python benchmarks/scale.py [--issues N] [--meeting N] [--growth N] [--only SECTIONS] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import exchange as exchange_benchmark  # noqa: E402  (benchmarks/exchange.py: raw import)
import gui as gui_benchmark  # noqa: E402  (benchmarks/gui.py: start-up as a process)
import register as register_benchmark  # noqa: E402  (benchmarks/register.py: a big desk)
from storage import longest_gap as longest_stall  # noqa: E402  (the event loop's longest wait)

SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <unistd.h>
static void slow(void) { usleep(20000); }
int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fsync");
    slow();
    return real(fd);
}
int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fdatasync");
    slow();
    return real(fd);
}
"""


def build_desk(path: Path, total: int, meetings: list[int]) -> list[int]:
    """The big desk: ``total`` issues in twelve forums, and one meeting per count in
    ``meetings`` at which that many issues were raised (in the first forum); their ids."""
    from forumdesk.core import meetings as meeting_service
    from forumdesk.db import search
    from forumdesk.db.store import open_database

    register_benchmark.build(path, total)
    db = open_database(str(path))
    made = []
    with db.session() as s:
        for n, _count in enumerate(meetings):
            made.append(
                meeting_service.create_meeting(
                    s, forum="F00", format="community-conference", date=f"2026-0{n + 3}-04"
                ).id
            )
    with db.engine.begin() as conn:
        for meeting_id, count in zip(made, meetings, strict=True):
            # Raised at the first forum's meetings (numbers are unique across the desk,
            # so moving them to that forum keeps (forum, number) unique).
            conn.exec_driver_sql(
                "UPDATE issue SET meeting_id = ?, forum_id = 1 WHERE id IN (SELECT id FROM"
                " issue WHERE meeting_id IS NULL ORDER BY id LIMIT ?)",
                (meeting_id, count),
            )
        search.rebuild(conn)
    db.dispose()
    return made


def rss_mib(field: str = "VmRSS") -> float:
    """The process's resident memory now (``VmRSS``), or its peak (``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def own_peak_from_here() -> float:
    """Starts the process's peak RSS again from what it holds now; returns that.

    ``ru_maxrss`` will not do for a child: Linux keeps, across ``exec``, the peak of the
    memory the child was started from, so a child of a big parent reports the parent's
    peak (313 MiB for a child of 13 MiB). ``VmHWM`` is the process's own, and writing 5
    to ``clear_refs`` starts it again (Linux 4.0 and later)."""
    # If it cannot, the peak includes what came before: still the process's own.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return rss_mib()


# Children: one piece of work each, printing one JSON object -----------------------------


def child_build(path: str, meeting: str) -> dict[str, float]:
    """ReportLab alone: the minutes PDF of the meeting, read and built, no window."""
    from forumdesk.core.minutes import MinutesOptions
    from forumdesk.db.store import open_database
    from forumdesk.reports import documents, fonts

    fonts.register()
    db = open_database(path)
    start = time.perf_counter()
    with db.read_session() as session:
        pdf = documents.minutes_pdf(session, int(meeting), MinutesOptions())
    took = time.perf_counter() - start
    db.dispose()
    return {"build_s": took, "pdf_mib": len(pdf) / 2**20, "peak_rss_mib": rss_mib("VmHWM")}


def child_minutes_tab(path: str, meeting_id: str) -> dict[str, float]:
    """The Minutes area as a clerk uses it: opened, first page shown, a section toggled."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from forumdesk.core import meetings
    from forumdesk.db.store import open_database
    from forumdesk.gui.desk import Desk
    from forumdesk.gui.workspace.minutes_area import MinutesArea

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(path)
    desk = Desk(db)
    area = MinutesArea(desk)
    area.resize(1200, 800)
    with db.read_session() as session:
        meeting = meetings.get_meeting(session, int(meeting_id))
    shown: list[float] = []
    area.preview.page_drawn.connect(lambda _page: shown.append(time.perf_counter()))
    idle_until = time.perf_counter() + 0.5
    idle = longest_stall(app, lambda: time.perf_counter() > idle_until)

    start = time.perf_counter()
    area.set_meeting(meeting)
    area.show()
    opened = longest_stall(app, lambda: bool(shown) and not area.building)
    first_page = shown[0] - start

    made: list[float] = []
    area.built.connect(lambda: made.append(time.perf_counter()))
    start = time.perf_counter()
    area.include_actions.click()  # one toggle: the minutes are made again
    toggled = longest_stall(app, lambda: bool(made) and shown[-1] > made[0])
    first_after_toggle = next(t for t in shown if t > made[0]) - start
    result = {
        "idle_stall_ms": idle * 1000,
        "open_stall_ms": opened * 1000,
        "toggle_stall_ms": toggled * 1000,
        "first_page_s": first_page,
        "first_page_after_toggle_s": first_after_toggle,
        "pages": area.preview.page_count,
        "page_cache_mib": area.preview.cached_bytes / 2**20,
        "peak_rss_mib": rss_mib("VmHWM"),
    }
    area.close()
    db.dispose()
    return result


def child_capture(path: str, meeting_id: str) -> dict[str, float]:
    """Enter in the capture bar to the new row shown, on the big desk's big meeting."""
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from forumdesk.db.store import open_database
    from forumdesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(path)
    folder = Path(path).parent
    window = MainWindow(db, QSettings(str(folder / "capture.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 720)
    window.show()
    window.open_meeting(int(meeting_id))
    window.capture()
    app.processEvents()
    capture = window.workspace.issues.capture
    model = window.workspace.issues.model
    shown, saved = [], []
    for n in range(40):
        capture.title.setText(f"Captured tonight {n}")
        rows = model.rowCount()
        start = time.perf_counter()
        QTest.keyClick(capture.title, Qt.Key.Key_Return)
        app.processEvents()  # paint the new row
        shown.append(time.perf_counter() - start)
        assert model.rowCount() == rows + 1
        while capture.waiting:
            app.processEvents()
        saved.append(time.perf_counter() - start)
    window.close()
    app.processEvents()
    db.dispose()
    return {
        "shown_median_ms": statistics.median(shown) * 1000,
        "saved_median_ms": statistics.median(saved) * 1000,
    }


def _warm_exchange(folder: Path) -> Path:
    """An export of a small desk and its import into another: every module the work
    needs is loaded (and the desk key made) before the memory it holds is read."""
    from forumdesk.db.store import open_database
    from forumdesk.exchange import export, merge, read

    small, other = open_database(str(folder / "warm.sqlite")), None
    try:
        with small.session() as session:
            from forumdesk.core import forums

            forums.create_forum(session, code="WRM", name="Warm-up Forum")
        with small.session() as session:
            export.write(session, folder / "warm.forumdesk.json", export.Selection())
        other = open_database(str(folder / "warm-import.sqlite"))
        with other.session() as session:
            merge.merge(session, read.check(session, folder / "warm.forumdesk.json"))
    finally:
        small.dispose()
        if other is not None:
            other.dispose()
    return folder / "warm.forumdesk.json"


def child_export(path: str, file: str) -> dict[str, float]:
    """``forumdesk export FILE`` of the whole desk: what a clerk waits for."""
    from forumdesk.db.store import open_database
    from forumdesk.exchange import export

    out = Path(file)
    _warm_exchange(Path(tempfile.mkdtemp(dir=out.parent)))
    db = open_database(path)
    before = own_peak_from_here()
    start = time.perf_counter()
    with db.session() as session:
        export.write(session, out, export.Selection())
    took = time.perf_counter() - start
    db.dispose()
    return {"seconds": took, "before_rss_mib": before, "peak_rss_mib": rss_mib("VmHWM")}


def child_import(path: str, file: str) -> dict[str, float]:
    """``forumdesk import FILE`` into the fresh empty desk at ``path``: the file read,
    checked and merged in one unit of work, committed."""
    from forumdesk.db.store import open_database
    from forumdesk.exchange import merge, read

    _warm_exchange(Path(tempfile.mkdtemp(dir=Path(file).parent)))
    db = open_database(path)
    before = own_peak_from_here()
    start = time.perf_counter()
    with db.session() as session:  # as the command line does: the file by its path
        report = merge.merge(session, read.check(session, Path(file)))
    took = time.perf_counter() - start
    db.dispose()
    return {
        "seconds": took,
        "before_rss_mib": before,
        "peak_rss_mib": rss_mib("VmHWM"),
        "new": report.counts["new"],
    }


def child_raw_export(path: str, file: str) -> dict[str, float]:
    """The floor of any export: ``sqlite3`` reading the issue rows, ``json.dumps`` of
    each written to a file; laid out as the exchange file is (``indent=1``, the
    baseline), and compact (``json.dumps`` in C: the floor of the floor)."""
    import sqlite3

    own_peak_from_here()
    took = {}
    for layout, options in (("indented", {"indent": 1}), ("compact", {})):
        start = time.perf_counter()
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        with open(file, "w", encoding="utf-8") as out:
            out.write("[")
            for n, row in enumerate(conn.execute("SELECT * FROM issue ORDER BY id")):
                text = json.dumps(dict(row), ensure_ascii=False, sort_keys=True, **options)
                out.write(("," if n else "") + "\n" + text)
            out.write("]\n")
        conn.close()
        took[layout] = time.perf_counter() - start
    return {
        "seconds": took["indented"],
        "compact_seconds": took["compact"],
        "peak_rss_mib": rss_mib("VmHWM"),
    }


def child_raw_import(path: str, file: str) -> dict[str, float]:
    """``benchmarks/exchange.py``'s baseline: ``json.load`` of the file, ``executemany`` of
    its issue rows into a fresh database (made by ``open_database`` in ``path``'s
    folder), the search index rebuilt."""
    own_peak_from_here()
    seconds = exchange_benchmark.baseline(Path(file), Path(path))
    return {"seconds": seconds, "peak_rss_mib": rss_mib("VmHWM")}


CHILDREN = {
    "build": child_build,
    "minutes-tab": child_minutes_tab,
    "capture": child_capture,
    "export": child_export,
    "import": child_import,
    "raw-export": child_raw_export,
    "raw-import": child_raw_import,
}


def run_child(
    name: str, path: Path | str, meeting: int | Path, env: dict[str, str] | None = None
) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, str(path), str(meeting)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# The run -------------------------------------------------------------------------------


def minutes_figures(path: Path, meeting: int, issues: int) -> dict[str, Any]:
    build = run_child("build", path, meeting)
    tab = run_child("minutes-tab", path, meeting)
    first_page = max(tab["first_page_s"], tab["first_page_after_toggle_s"])
    return {
        "issues": issues,
        "minutes_max_stall_ms": max(tab["open_stall_ms"], tab["toggle_stall_ms"]),
        "minutes_first_page_over_build": first_page / build["build_s"],
        "minutes_peak_rss_mib": tab["peak_rss_mib"],
        "reportlab_build_s": build["build_s"],
        "reportlab_build_peak_rss_mib": build["peak_rss_mib"],
        **{f"tab_{key}": value for key, value in tab.items()},
    }


def show_minutes(figures: dict[str, Any]) -> None:
    print(f"Minutes tab, a meeting with {figures['issues']:,} issues raised")
    print(
        f"  longest event-loop stall: {figures['minutes_max_stall_ms']:7.0f} ms"
        f"   (idle loop: {figures['tab_idle_stall_ms']:.0f} ms; target <= 100 ms)"
    )
    print(
        f"  first page shown:         {figures['tab_first_page_s']:7.2f} s"
        f"   (after a toggle: {figures['tab_first_page_after_toggle_s']:.2f} s)"
    )
    print(f"  ReportLab alone, same PDF: {figures['reportlab_build_s']:6.2f} s")
    print(
        f"  first page over build:    {figures['minutes_first_page_over_build']:7.2f}x"
        "   (target <= 1.2)"
    )
    print(
        f"  peak RSS:                 {figures['minutes_peak_rss_mib']:7.0f} MiB"
        f"   (ReportLab alone: {figures['reportlab_build_peak_rss_mib']:.0f} MiB;"
        f" {figures['tab_pages']} pages, {figures['tab_page_cache_mib']:.0f} MiB drawn;"
        " target <= 300 MiB)"
    )


SECTIONS = ("minutes", "capture", "startup", "exchange")  # the order they run in


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meeting", type=int, default=5000, help="issues raised at the meeting")
    parser.add_argument("--growth", type=int, default=10_000, help="a second, bigger meeting")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--issues", type=int, default=100_000, help="issues on the desk")
    parser.add_argument("--runs", type=int, default=9, help="start-up pairs")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run (of {','.join(SECTIONS)})"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, path, meeting = args.child
        print(json.dumps(CHILDREN[name](path, meeting)))
        return 0
    only = set(args.only.split(","))
    if not only <= set(SECTIONS):
        parser.error(f"--only: choose among {', '.join(SECTIONS)}")
    out: dict[str, Any] = {"details": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "desk.sqlite"
        counts = [args.meeting] + ([args.growth] if args.growth else [])
        started = time.perf_counter()
        made = build_desk(path, args.issues, counts)
        say = (lambda *_a: None) if args.json else print
        say(f"A desk of {args.issues:,} issues, built in {time.perf_counter() - started:.0f} s\n")
        if "minutes" in only:
            for meeting, count in zip(made, counts, strict=True):
                figures = minutes_figures(path, meeting, count)
                out["details"][f"minutes_{count}"] = figures
                if count == args.meeting:
                    out.update({k: v for k, v in figures.items() if k.startswith("minutes_")})
                if not args.json:
                    show_minutes(figures)
        if "capture" in only:
            out.update(capture_figures(folder, path, made[0], say))
        if "startup" in only:
            out.update(startup_figures(folder, path, args.runs, say))
        if "exchange" in only:
            figures = exchange_figures(folder, path)
            out["details"]["exchange"] = figures
            out.update({k: v for k, v in figures.items() if k.startswith(("export_", "import_"))})
            if not args.json:
                show_exchange(figures)
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


def exchange_figures(folder: Path, path: Path) -> dict[str, Any]:
    """Export of the whole desk and import of its file, each next to its raw baseline."""
    from forumdesk.db.store import open_database

    work = folder / "exchange"
    work.mkdir()
    env = dict(os.environ, FORUMDESK_DATA_DIR=str(work / "data"))  # the desks' keys
    file = work / "all.forumdesk.json"
    exported = run_child("export", path, file, env)
    size_mib = file.stat().st_size / 2**20
    raw_export = run_child("raw-export", path, work / "raw.json", env)
    target = work / "target.sqlite"
    open_database(str(target)).dispose()  # a fresh empty desk, as `forumdesk init` makes
    imported = run_child("import", target, file, env)
    raw_import = run_child("raw-import", work, file, env)
    export_growth = exported["peak_rss_mib"] - exported["before_rss_mib"]
    import_growth = imported["peak_rss_mib"] - imported["before_rss_mib"]
    return {
        "file_mib": size_mib,
        "records_imported": imported["new"],
        "export_seconds": exported["seconds"],
        "export_raw_seconds": raw_export["seconds"],
        "export_raw_compact_seconds": raw_export["compact_seconds"],
        "export_over_raw": exported["seconds"] / raw_export["seconds"],
        "export_peak_rss_mib": exported["peak_rss_mib"],
        "export_before_rss_mib": exported["before_rss_mib"],
        "export_peak_rss_ratio": export_growth / size_mib,
        "export_raw_peak_rss_mib": raw_export["peak_rss_mib"],
        "import_seconds": imported["seconds"],
        "import_raw_seconds": raw_import["seconds"],
        "import_over_raw": imported["seconds"] / raw_import["seconds"],
        "import_peak_rss_mib": imported["peak_rss_mib"],
        "import_before_rss_mib": imported["before_rss_mib"],
        "import_peak_rss_ratio": import_growth / size_mib,
        "import_raw_peak_rss_mib": raw_import["peak_rss_mib"],
    }


def show_exchange(figures: dict[str, Any]) -> None:
    print(f"Exchange, the whole desk: a file of {figures['file_mib']:.0f} MiB")
    print(
        f"  export:  {figures['export_seconds']:6.2f} s"
        f"   (raw: {figures['export_raw_seconds']:.2f} s;"
        f" {figures['export_over_raw']:.2f}x, target <= 3x;"
        f" raw without indent: {figures['export_raw_compact_seconds']:.2f} s)"
    )
    print(
        f"           peak RSS {figures['export_peak_rss_mib']:.0f} MiB, grown"
        f" {figures['export_peak_rss_mib'] - figures['export_before_rss_mib']:.0f} MiB ="
        f" {figures['export_peak_rss_ratio']:.2f}x the file (target <= 1)"
    )
    print(
        f"  import:  {figures['import_seconds']:6.2f} s"
        f"   (raw: {figures['import_raw_seconds']:.2f} s;"
        f" {figures['import_over_raw']:.2f}x, target <= 3x; {figures['records_imported']:,}"
        " records)"
    )
    print(
        f"           peak RSS {figures['import_peak_rss_mib']:.0f} MiB, grown"
        f" {figures['import_peak_rss_mib'] - figures['import_before_rss_mib']:.0f} MiB ="
        f" {figures['import_peak_rss_ratio']:.2f}x the file (target <= 2)\n"
    )


def capture_figures(folder: Path, path: Path, meeting: int, say: Any) -> dict[str, float]:
    shim = folder / "slow_fsync.so"
    (folder / "slow_fsync.c").write_text(SHIM)
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-o", str(shim), str(folder / "slow_fsync.c"), "-ldl"],
        check=True,
    )
    normal = run_child("capture", path, meeting)
    slow = run_child("capture", path, meeting, dict(os.environ, LD_PRELOAD=str(shim)))
    say("Capture, Enter to the new row shown (median of 40, on the big meeting)")
    say(
        f"  disk as it is:        {normal['shown_median_ms']:6.1f} ms"
        f"   (saved after {normal['saved_median_ms']:.1f} ms)"
    )
    say(
        f"  fsync slowed to 20 ms: {slow['shown_median_ms']:6.1f} ms"
        f"   (saved after {slow['saved_median_ms']:.1f} ms; target <= 30 ms)\n"
    )
    return {
        "slow_fsync_capture_median_ms": slow["shown_median_ms"],
        "capture_median_ms": normal["shown_median_ms"],
        "slow_fsync_saved_median_ms": slow["saved_median_ms"],
    }


def startup_figures(folder: Path, path: Path, runs: int, say: Any) -> dict[str, float]:
    import statistics

    from forumdesk.db import backup

    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        FORUMDESK_QUIT_WHEN_IDLE="1",
        FORUMDESK_DATA_DIR=str(folder),
        XDG_CONFIG_HOME=str(folder),
    )
    ours = [sys.executable, "-m", "forumdesk", "--db", str(path)]
    bare = [sys.executable, "-c", gui_benchmark.BARE]
    gui_benchmark.time_to_ready(ours, env)  # the first opening: the window's settings
    pairs, whole_pairs, due_pairs = [], [], []
    for _ in range(runs):  # alternating, so that a slow spell hits both alike
        backup.rotating_backup(path)  # taken a moment ago: none due
        painted, _line, ready = gui_benchmark.time_to_ready(ours, env)
        bare_painted = gui_benchmark.time_to_ready(bare, env)[0]
        pairs.append(painted / bare_painted)
        whole_pairs.append(ready / bare_painted)
        for old in backup.list_backups(path):  # an hour later: a backup is due
            old.unlink()
        # The backup waits for the main window: timed to it shown and idle, not to the
        # opening window's paint (which no backup could delay).
        due_pairs.append(gui_benchmark.time_to_ready(ours, env)[2] / ready)
    ratio, due_ratio = statistics.median(pairs), statistics.median(due_pairs)
    whole = statistics.median(whole_pairs)
    say(f"Start-up to the first paint (median of {runs} alternating pairs)")
    say(f"  over a bare PySide6 window:     {ratio:5.2f}x   (target <= 3x)")
    say(f"  a backup due, over none due:    {due_ratio:5.2f}x   (target <= 1.1x)")
    say(f"  the main window shown and idle: {whole:5.2f}x the bare window\n")
    return {
        "startup_ratio": ratio,
        "startup_backup_due_ratio": due_ratio,
        "startup_window_ready_ratio": whole,
    }


if __name__ == "__main__":
    sys.exit(main())
