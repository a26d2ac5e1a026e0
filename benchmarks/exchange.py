"""Exchange benchmark: importing a 100,000-issue file, re-importing it, exporting it.

Prints, in one run:

* the time to import the file into an empty desk (checks included: schema, hash,
  references), next to ``json.load`` of the same file plus raw ``sqlite3``
  ``executemany`` of the same rows and a rebuild of the search index (the ratio is the
  figure; target <= 3x);
* re-importing the same file (target <= 10% of the first import): a desk recognises a file
  it imported before by its SHA-256 in the import log;
* for comparison, the same records in a new file (another export id, so other bytes),
  which goes the whole way through the checks and the merge and changes nothing;
* exporting the 100,000 issues.

Usage: python benchmarks/exchange.py [--issues N]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from forumdesk.core import forums, meetings
from forumdesk.db import search
from forumdesk.db.store import open_database
from forumdesk.exchange import export, merge, read


def make_source(folder: Path, count: int) -> Path:
    db = open_database(str(folder / "source.sqlite"))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    desk = db.desk_uuid
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER issue_search_insert")
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, support, meeting_id, uuid, vv, dots, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, ?, 'Tulse Hill', 'co-definition', 'open', ?, 1, ?, ?, '{}',"
            " '2026-03-04 19:00:00', '2026-03-04 19:00:00')",
            [
                (
                    n,
                    f"BHF-{n:06d}",
                    f"Issue {n}: street lights out on Ffordd yr Ŵyl",
                    f"Residents said the lights near number {n} have been out for weeks.",
                    n % 50,
                    str(uuid.uuid4()),
                    json.dumps({desk: 1}),
                )
                for n in range(1, count + 1)
            ],
        )
        search.rebuild(conn)
    db.dispose()
    return folder / "source.sqlite"


def baseline(file: Path, folder: Path) -> float:
    """json.load plus raw executemany of the same issue rows and an index rebuild."""
    target = open_database(str(folder / "raw.sqlite"))
    target.dispose()
    start = time.perf_counter()
    doc = json.loads(file.read_bytes())
    conn = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER issue_search_insert")
    for f in doc["records"]["forums"]:
        conn.execute(
            "INSERT INTO forum (code, name, wards, uuid, vv, dots, created_at, updated_at)"
            " VALUES (?, ?, '[]', ?, ?, '{}', ?, ?)",
            (
                f["fields"]["code"],
                f["fields"]["name"],
                f["uuid"],
                json.dumps(f["vv"]),
                f["created_at"],
                f["updated_at"],
            ),
        )
    for m in doc["records"]["meetings"]:
        conn.execute(
            "INSERT INTO meeting (forum_id, format, date, status, headcount, uuid, vv,"
            " dots, created_at, updated_at) VALUES (1, ?, ?, ?, 0, ?, ?, '{}', ?, ?)",
            (
                m["fields"]["format"],
                m["fields"]["date"],
                m["fields"]["status"],
                m["uuid"],
                json.dumps(m["vv"]),
                m["created_at"],
                m["updated_at"],
            ),
        )
    conn.executemany(
        "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage, status,"
        " support, meeting_id, uuid, vv, dots, created_at, updated_at)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
        [
            (
                i["fields"]["number"],
                i["fields"]["reference"],
                i["fields"]["title"],
                i["fields"]["description"],
                i["fields"]["ward"],
                i["fields"]["stage"],
                i["fields"]["status"],
                i["fields"]["support"],
                i["uuid"],
                json.dumps(i["vv"]),
                json.dumps(i["dots"]),
                i["created_at"],
                i["updated_at"],
            )
            for i in doc["records"]["issues"]
        ],
    )
    conn.execute("DELETE FROM issue_search")
    conn.execute(
        "INSERT INTO issue_search (rowid, title, description, place, comments)"
        " SELECT id, title, coalesce(description, ''), coalesce(ward, ''), '' FROM issue"
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = open_database(str(make_source(folder, args.issues)))
        file = folder / "all.forumdesk.json"
        start = time.perf_counter()
        with source.session() as s:
            export.write(s, file, export.Selection())
        exported = time.perf_counter() - start
        size = file.stat().st_size
        raw = baseline(file, folder)

        target = open_database(str(folder / "target.sqlite"))
        data = file.read_bytes()
        start = time.perf_counter()
        with target.session() as s:
            report = merge.merge(s, read.check(s, data))
        first = time.perf_counter() - start
        assert report.counts["new"] >= args.issues
        start = time.perf_counter()
        with target.session() as s:
            again = merge.merge(s, read.check(s, data))
        second = time.perf_counter() - start
        assert again.counts["new"] == 0 and again.counts["conflict"] == 0
        doc = json.loads(data)
        doc["export_id"] = str(uuid.uuid4())
        renamed = json.dumps(doc, ensure_ascii=False).encode()
        start = time.perf_counter()
        with target.session() as s:
            whole = merge.merge(s, read.check(s, renamed))
        third = time.perf_counter() - start
        assert whole.counts["unchanged"] == again.counts["unchanged"] and not whole.notes
        print(f"exchange file of {args.issues:,} issues ({size / 1e6:.0f} MB)")
        print(f"  export:                                   {exported:6.1f} s")
        print(f"  import into an empty desk, checks included: {first:6.1f} s")
        print(f"  json.load + raw executemany + index rebuild: {raw:6.1f} s")
        print(f"  ratio:                                    {first / raw:6.2f}x   (target <= 3x)")
        print(
            f"  re-import of the same file:               {second:6.1f} s  "
            f"({second / first:.0%} of the first; target <= 10%)"
        )
        print(
            f"  the same records in a new file:           {third:6.1f} s  "
            f"({third / first:.0%} of the first; checked and merged, nothing changes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
