"""Register benchmark: importing the 100,000-issue exchange file into SQLite and PostgreSQL.

Builds the desk of ``benchmarks/scale.py`` (100,000 issues), exports it once, then
imports that file into a fresh empty SQLite file and into a fresh empty database on a
PostgreSQL server (a throwaway one started from the system's binaries, as the tests
do: tests/postgres.py), each in a process of its own as ``forumdesk import`` does it
(``read.check`` + ``merge.merge`` in one unit of work, committed). Prints both times,
their ratio, and each process's peak RSS.

Usage, from the repository's root with PYTHONPATH=. (the server comes from tests/):

    python benchmarks/register_import.py [--issues N] [--json]

``FORUMDESK_TEST_POSTGRES`` names a server to use instead of starting one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

from tests import postgres


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000, help="issues on the desk")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    say = (lambda *_a: None) if args.json else print
    server = postgres.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            desk = folder / "desk.sqlite"
            started = time.perf_counter()
            scale.build_desk(desk, args.issues, [])
            say(f"A desk of {args.issues:,} issues, built in {time.perf_counter() - started:.0f} s")
            env = dict(os.environ, FORUMDESK_DATA_DIR=str(folder / "data"))
            file = folder / "desk.forumdesk.json"
            exported = scale.run_child("export", desk, file, env)
            size_mib = file.stat().st_size / 2**20
            say(f"exported in {exported['seconds']:.1f} s: {size_mib:.0f} MiB\n")
            figures: dict[str, float] = {"file_mib": size_mib}
            for name, target in (
                ("sqlite", str(folder / "register.sqlite")),
                ("postgresql", server.database()),
            ):
                done = scale.run_child("import", target, file, env)  # a path or a URL
                figures[f"{name}_import_seconds"] = done["seconds"]
                figures[f"{name}_import_peak_rss_mib"] = done["peak_rss_mib"]
                figures[f"{name}_records_new"] = done["new"]
            ratio = figures["postgresql_import_seconds"] / figures["sqlite_import_seconds"]
            figures["postgresql_over_sqlite"] = ratio
    finally:
        server.stop()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Importing the {args.issues:,}-issue file (one unit of work, committed)")
    for name in ("sqlite", "postgresql"):
        print(
            f"  {name:<11} {figures[f'{name}_import_seconds']:7.1f} s"
            f"   peak RSS {figures[f'{name}_import_peak_rss_mib']:.0f} MiB"
            f"   {figures[f'{name}_records_new']:,.0f} records new"
        )
    print(f"  PostgreSQL over SQLite: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
