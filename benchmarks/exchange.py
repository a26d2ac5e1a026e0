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
* exporting the 100,000 issues;
* what the desk signature costs: the import above is made by a desk that trusts the
  source, so it verifies the signature and checks the stamps; next to it, the same
  records with the signature taken out, imported by a desk that trusts none (target:
  signing and verifying add <= 5%). The signature is made and verified over the records'
  canonical bytes made once for the content hash too; signing and verifying alone are
  timed as well.

Usage: python benchmarks/exchange.py [--issues N]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from forumdesk.core import forums, meetings
from forumdesk.db import search
from forumdesk.db.store import open_database
from forumdesk.exchange import document, export, merge, read, trust


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


def _fresh_import(path: Path, data: bytes, *, trusting: bool = False) -> float:
    """Seconds to import ``data`` into a new desk (trusting the file's desk, or none)."""
    desk = open_database(str(path))
    try:
        if trusting:
            with desk.session() as s:
                trust.trust(s, trust.signer_of_file(data))
        start = time.perf_counter()
        with desk.session() as s:
            merge.merge(s, read.check(s, data))
        return time.perf_counter() - start
    finally:
        desk.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["FORUMDESK_DATA_DIR"] = str(folder / "data")  # the desks' keys
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
        with target.session() as s:
            trust.trust(s, trust.signer_of_file(data))
        start = time.perf_counter()
        with target.session() as s:  # by its path, as the command line does
            report = merge.merge(s, read.check(s, file))
        first = time.perf_counter() - start
        assert report.counts["new"] >= args.issues
        assert any("trusted here" in note for note in report.notes)
        start = time.perf_counter()
        with target.session() as s:
            again = merge.merge(s, read.check(s, data))
        second = time.perf_counter() - start
        assert again.counts["new"] == 0 and again.counts["conflict"] == 0
        doc = json.loads(data)
        doc["export_id"] = str(uuid.uuid4())
        records = document.canonical(doc["records"])
        signed_bytes = document.desk_signed_bytes(doc, records)
        start = time.perf_counter()
        doc[document.DESK_SIGNATURE] = trust.sign(source.desk_uuid, signed_bytes)
        signing = time.perf_counter() - start
        start = time.perf_counter()
        assert trust.verify(doc[document.DESK_SIGNATURE], signed_bytes)
        verifying = time.perf_counter() - start
        renamed = json.dumps(doc, ensure_ascii=False).encode()
        start = time.perf_counter()
        with target.session() as s:
            whole = merge.merge(s, read.check(s, renamed))
        third = time.perf_counter() - start
        assert whole.counts["unchanged"] == again.counts["unchanged"]
        assert [n for n in whole.notes if "trusted here" not in n] == []

        del doc[document.DESK_SIGNATURE]
        unsigned = json.dumps(doc, ensure_ascii=False).encode()
        # Each into a new desk, alternately, best of two: the first import above also
        # paid for warming up (imports, the compiled schema).
        signed_times, unsigned_times = [], []
        for round_ in range(2):
            unsigned_times.append(_fresh_import(folder / f"plain{round_}.sqlite", unsigned))
            signed = folder / f"signed{round_}.sqlite"
            signed_times.append(_fresh_import(signed, data, trusting=True))
        with_signature, without = min(signed_times), min(unsigned_times)
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
        print(f"  import, signature verified by a trusting desk: {with_signature:6.1f} s")
        print(
            f"  import, no signature, by a desk trusting none: {without:6.1f} s  "
            f"(with it: {with_signature / without - 1:+.1%}; target <= +5%)"
        )
        print(
            f"  Ed25519 alone over {len(signed_bytes) / 1e6:.0f} MB: signing {signing:.2f} s "
            f"({signing / exported:.1%} of the export), verifying {verifying:.2f} s "
            f"({verifying / first:.1%} of the import)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
