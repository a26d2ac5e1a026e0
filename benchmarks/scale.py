"""Scale benchmark (responsiveness at council scale): each figure next to its baseline.

Builds a desk with one meeting of N issues raised (default 5,000; ``--meeting``) and a
second of 10,000 for growth, then prints, each measured in a process of its own so that
peak memory is the work's own:

* **minutes tab**: the Minutes area opened on the meeting and one section toggled, as a
  clerk does: the longest stall of the window's event loop meanwhile
  (``minutes_max_stall_ms``; target <= 100 ms), the time to the first page shown over
  the time ReportLab alone takes to build the same PDF in the same run
  (``minutes_first_page_over_build``; target <= 1.2), and the process's peak RSS
  (``minutes_peak_rss_mib``; target <= 300 MiB).

``--json`` prints one JSON object with those keys (and the raw times) instead.

Usage: python benchmarks/scale.py [--meeting N] [--growth N] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import minutes as minutes_benchmark  # noqa: E402  (benchmarks/minutes.py: a big meeting)

MEETING_ID = 1  # build_meeting makes one meeting in an empty database


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def longest_stall(app: Any, until: Any, timeout: float = 600.0) -> float:
    """Runs the event loop with a 5 ms timer until ``until()``; the longest gap between
    two ticks (what a person feels as the window freezing), in seconds."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    give_up = time.perf_counter() + timeout
    while not until() and time.perf_counter() < give_up:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(ticks))


# Children: one piece of work each, printing one JSON object -----------------------------


def child_build(path: str) -> dict[str, float]:
    """ReportLab alone: the minutes PDF of the meeting, read and built, no window."""
    from forumdesk.core.minutes import MinutesOptions
    from forumdesk.db.store import open_database
    from forumdesk.reports import documents, fonts

    fonts.register()
    db = open_database(path)
    start = time.perf_counter()
    with db.read_session() as session:
        pdf = documents.minutes_pdf(session, MEETING_ID, MinutesOptions())
    took = time.perf_counter() - start
    db.dispose()
    return {"build_s": took, "pdf_mib": len(pdf) / 2**20, "peak_rss_mib": peak_rss_mib()}


def child_minutes_tab(path: str) -> dict[str, float]:
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
        meeting = meetings.get_meeting(session, MEETING_ID)
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
        "peak_rss_mib": peak_rss_mib(),
    }
    area.close()
    db.dispose()
    return result


CHILDREN = {"build": child_build, "minutes-tab": child_minutes_tab}


def run_child(name: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# The run -------------------------------------------------------------------------------


def minutes_figures(folder: Path, issues: int) -> dict[str, Any]:
    minutes_benchmark.build_meeting(folder, issues)
    path = folder / f"m{issues}.sqlite"
    build = run_child("build", path)
    tab = run_child("minutes-tab", path)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meeting", type=int, default=5000, help="issues raised at the meeting")
    parser.add_argument("--growth", type=int, default=10_000, help="a second, bigger meeting")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--child", nargs=2, metavar=("WORK", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, path = args.child
        print(json.dumps(CHILDREN[name](path)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        main_figures = minutes_figures(folder, args.meeting)
        growth = minutes_figures(folder, args.growth) if args.growth else None
    if args.json:
        out = {k: v for k, v in main_figures.items() if k.startswith("minutes_")}
        out["details"] = {"minutes": main_figures, "minutes_growth": growth}
        print(json.dumps(out, indent=2))
        return 0
    show_minutes(main_figures)
    if growth:
        show_minutes(growth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
