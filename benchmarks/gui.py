"""GUI benchmark: start-up against a bare PySide6 window, and capture latency.

Prints, in one run:

* time from process start to the first paint (ForumDesk's opening window; ``python -m
  forumdesk`` with FORUMDESK_QUIT_WHEN_IDLE), next to a bare PySide6 window holding one
  table started the same way; the ratio is the figure (target <= 3x). The time to the
  main window shown and idle with the demo database open is printed beside it. It
  also says whether ReportLab, PDFium, Alembic or the exchange file's checkers
  were imported before the window was shown (they must not be).
* median and p95 time from pressing Enter in the capture bar to the new row shown
  and committed, with 1,000 issues already in the meeting (target median <= 30 ms).

Usage: python benchmarks/gui.py [--runs N] [--captures N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableView()
table.setModel(QStandardItemModel(10, 5))
window.setCentralWidget(table)
window.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""


def time_to_ready(command: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """Starts a window that reports itself (FORUMDESK_QUIT_WHEN_IDLE, or BARE).

    Returns:
        Seconds to its first paint (ForumDesk's opening window says ``painted``; a
        window that does not is painted when it is ready), the ``ready`` line, and
        seconds to that line: the main window shown, its database open, and idle.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    painted = None
    for line in process.stdout:
        if line.startswith("painted") and painted is None:
            painted = time.perf_counter() - start
        elif line.startswith("ready"):
            break
    ready = time.perf_counter() - start
    process.wait()
    if not line.startswith("ready"):
        raise SystemExit(f"{command[:3]} did not report ready: {line!r}")
    return (painted if painted is not None else ready), line.strip(), ready


def bench_startup(folder: Path, runs: int) -> None:
    # An installed ForumDesk starts from byte-code that pip compiled at install time;
    # compile the source tree the same way (PYTHONDONTWRITEBYTECODE may be set here).
    import forumdesk

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(forumdesk.__file__).parent)], check=True
    )
    db = folder / "demo.sqlite"
    subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(db), "demo"],
        check=True,
        capture_output=True,
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        FORUMDESK_QUIT_WHEN_IDLE="1",
        FORUMDESK_DATA_DIR=str(folder),
        XDG_CONFIG_HOME=str(folder),  # the window's settings: not the user's own
    )
    ours, bare, whole, last = [], [], [], ""
    for _ in range(runs):  # alternate, so that machine noise hits both alike
        painted, last, ready = time_to_ready(
            [sys.executable, "-m", "forumdesk", "--db", str(db)], env
        )
        ours.append(painted)
        whole.append(ready)
        bare.append(time_to_ready([sys.executable, "-c", BARE], env)[0])
    ours_ms, bare_ms = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    # Each pair ran back to back, so a slow spell of a shared machine slows both alike.
    pairs = sorted(o / b for o, b in zip(ours, bare, strict=True))
    whole_ms = statistics.median(whole) * 1000
    print(f"start-up to the first paint (median of {runs} runs)")
    print(f"  ForumDesk, demo database:     {ours_ms:7.0f} ms")
    print(f"  bare PySide6 window + table:  {bare_ms:7.0f} ms")
    print(f"  ratio of the medians:         {ours_ms / bare_ms:7.2f}x   (target <= 3x)")
    print(
        f"  ratio, run by run:            {statistics.median(pairs):7.2f}x median, "
        f"{pairs[0]:.2f}x to {pairs[-1]:.2f}x"
    )
    print(
        f"  to the main window shown and idle: {whole_ms:.0f} ms, "
        f"{whole_ms / bare_ms:.2f}x the bare window"
    )
    fields = dict(field.split("=", 1) for field in last.split()[2:])
    from forumdesk.gui.app import NOT_BEFORE_THE_WINDOW

    print(
        f"  imported before the window:   {fields['heavy']} (of {', '.join(NOT_BEFORE_THE_WINDOW)})"
    )
    print(f"  read by PySide6's import hook: {fields['scanned']}")


def bench_capture(folder: Path, captures: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from forumdesk.core import forums, issues, meetings
    from forumdesk.db.store import open_database
    from forumdesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = open_database(str(folder / "capture.sqlite"))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum", wards=["Tulse Hill"])
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        for n in range(1000):
            issues.record_issue(
                s, forum="BHF", title=f"Earlier issue {n}", meeting=meeting.id, ward="Tulse Hill"
            )
    window = MainWindow(db, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1280, 720)
    window.show()
    window.capture()
    app.processEvents()
    capture = window.workspace.issues.capture
    model = window.workspace.issues.model
    samples, saved = [], []
    for n in range(captures):
        capture.title.setText(f"Captured tonight {n}")
        rows = model.rowCount()
        start = time.perf_counter()
        QTest.keyClick(capture.title, Qt.Key.Key_Return)
        app.processEvents()  # paint the new row (marked saving until the writer commits)
        samples.append(time.perf_counter() - start)
        assert model.rowCount() == rows + 1
        while capture.waiting:  # the commit, on the writer thread
            app.processEvents()
        saved.append(time.perf_counter() - start)
        assert window.workspace.issues.panel.issue.title == f"Captured tonight {n}"
    with db.session() as s:
        assert meetings.get_meeting(s, meeting.id) is not None
    window.close()
    window.deleteLater()  # before the application goes, not at interpreter exit
    app.processEvents()
    del window
    db.dispose()
    ordered = sorted(samples)
    median = statistics.median(samples) * 1000
    p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
    print(f"\ncapture: Enter to the new row shown ({captures} captures, 1,000+ in the meeting)")
    print(f"  median {median:6.2f} ms   p95 {p95:6.2f} ms   (target median <= 30 ms)")
    done = statistics.median(saved) * 1000
    print(f"  Enter to saved (committed on the writer thread): median {done:6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--captures", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_startup(Path(tmp), args.runs)
        bench_capture(Path(tmp), args.captures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
