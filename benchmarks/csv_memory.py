"""CSV memory benchmark: the issue log exported and imported back, memory over file size.

Builds a desk of N issues (``benchmarks/exchange.py``'s source desk), then, each in a
fresh process so that its peak resident memory is its own:

* exports the issue log of every issue (``csv_log.write_csv``, what ``export-csv`` does),
  next to a raw baseline: ``sqlite3`` reading the same issue rows and the ``csv`` module
  writing them to a file;
* imports it back with every title edited, as after a round trip through a spreadsheet
  (``csv_log.import_csv`` from the file, in one write unit, committed), next to a raw
  baseline: the ``csv`` module reading the same file and one ``executemany`` UPDATE of the
  titles by UUID in one transaction.

Prints each time next to its baseline, and the growth of peak RSS over what the process
held before the work began (the interpreter and its libraries, after a first small export
or import; the peak is reset there through Linux's /proc/self/clear_refs), over the size
of the file (``csv_export_growth_ratio``, ``csv_import_growth_ratio``: memory that does not
grow with the file stays far below 1).
``--json`` prints one JSON object.

Usage: python benchmarks/csv_memory.py [--issues N] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

_CHILD = r"""
import json, sys, time
from pathlib import Path

def status_mib(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0

what, db_path, file = sys.argv[1], sys.argv[2], Path(sys.argv[3])
from forumdesk.db.store import open_database
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange import csv_log
desk = open_database(db_path)
warm = file.with_name("warm.csv")  # every module the work needs, loaded: a page of issues
with desk.read_session() as s:
    pieces = csv_log.stream_csv(s, IssueFilter())
    warm.write_bytes(b"".join(piece for _, piece in zip(range(2), pieces)))
    pieces.close()
if what == "import":
    with desk.preview_session() as s:
        csv_log.import_csv(s, warm)
with open("/proc/self/clear_refs", "w") as clear:  # the peak (VmHWM) counts from here
    clear.write("5")
before = status_mib("VmRSS")
start = time.perf_counter()
if what == "export":
    with desk.read_session() as s:
        count = csv_log.write_csv(s, file, IssueFilter())
else:
    with desk.session() as s:
        count = len(csv_log.import_csv(s, file).updated)
seconds = time.perf_counter() - start
peak = status_mib("VmHWM")
print(json.dumps({"seconds": seconds, "before_mib": before, "peak_mib": peak, "count": count}))
"""


def _child(what: str, db: Path, file: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(db), str(file)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if out.returncode:
        raise SystemExit(f"{what} failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


_COLUMNS = (
    "issue.reference, issue.uuid, issue.title, issue.description, forum.code, meeting.date,"
    " issue.ward, issue.place, issue.stage, issue.status, issue.mechanism, issue.support,"
    " issue.owner, issue.due_date, issue.updated_at, issue.response_due"
)


def _raw_export(db: Path, file: Path) -> float:
    """sqlite3 reading the issue rows (with forum and meeting) and csv writing them: the
    floor of any export of them."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM issue JOIN forum ON forum.id = issue.forum_id"
        " LEFT JOIN meeting ON meeting.id = issue.meeting_id"
        " WHERE issue.deleted_at IS NULL ORDER BY forum.code, issue.number"
    )
    with file.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.split(".")[1] for c in _COLUMNS.split(", ")])
        writer.writerows(rows)
    conn.close()
    return time.perf_counter() - start


def _raw_import(db: Path, file: Path) -> float:
    """csv reading the file and one executemany UPDATE of the titles by UUID."""
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("BEGIN IMMEDIATE")
    with file.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        header = next(reader)
        title, uuid = header.index("Title"), header.index("Uuid")
        conn.executemany(
            "UPDATE issue SET title = ? WHERE uuid = ?", ((r[title], r[uuid]) for r in reader)
        )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _edited(exported: Path, edited: Path) -> None:
    """The exported log with every title changed, as a spreadsheet saves it."""
    with (
        exported.open(encoding="utf-8-sig", newline="") as text,
        edited.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        reader = csv.reader(text)
        writer = csv.writer(out, lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        title = header.index("Title")
        for row in reader:
            row[title] = row[title].replace("lights out", "lights still out")
            writer.writerow(row)


def main() -> int:
    from exchange import make_source  # benchmarks/exchange.py

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures: dict[str, Any] = {"issues": args.issues}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["FORUMDESK_DATA_DIR"] = str(folder / "data")
        source = make_source(folder, args.issues)
        raw_db = folder / "raw.sqlite"
        shutil.copyfile(source, raw_db)
        exported_file = folder / "issues.csv"
        exported = _child("export", source, exported_file)
        export_mib = exported_file.stat().st_size / 2**20
        raw_export = _raw_export(source, folder / "raw.csv")
        edited_file = folder / "edited.csv"
        _edited(exported_file, edited_file)
        import_mib = edited_file.stat().st_size / 2**20
        imported = _child("import", source, edited_file)
        raw_import = _raw_import(raw_db, edited_file)
        if imported["count"] != args.issues:
            raise SystemExit(f"{imported['count']} issues were updated of {args.issues}")

        def growth(run: dict[str, float]) -> float:
            return run["peak_mib"] - run["before_mib"]

        figures |= {
            "csv_export_mib": round(export_mib, 1),
            "csv_export_s": round(exported["seconds"], 2),
            "csv_export_raw_s": round(raw_export, 2),
            "csv_export_over_raw": round(exported["seconds"] / raw_export, 2),
            "csv_export_peak_rss_mib": round(exported["peak_mib"], 1),
            "csv_export_growth_mib": round(growth(exported), 1),
            "csv_export_growth_ratio": round(growth(exported) / export_mib, 3),
            "csv_import_mib": round(import_mib, 1),
            "csv_import_s": round(imported["seconds"], 2),
            "csv_import_raw_s": round(raw_import, 2),
            "csv_import_over_raw": round(imported["seconds"] / raw_import, 2),
            "csv_import_peak_rss_mib": round(imported["peak_mib"], 1),
            "csv_import_growth_mib": round(growth(imported), 1),
            "csv_import_growth_ratio": round(growth(imported) / import_mib, 3),
        }
    if args.json:
        print(json.dumps(figures))
        return 0
    out = io.StringIO()
    out.write(f"{args.issues:,} issues\n")
    for what in ("export", "import"):
        f = {k.removeprefix(f"csv_{what}_"): v for k, v in figures.items() if what in k}
        out.write(
            f"{what}  {f['s']:.2f} s (raw {f['raw_s']:.2f} s, {f['over_raw']}x) for a "
            f"{f['mib']} MiB file; peak RSS {f['peak_rss_mib']} MiB, growth "
            f"{f['growth_mib']} MiB = {f['growth_ratio']}x the file\n"
        )
    print(out.getvalue(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
