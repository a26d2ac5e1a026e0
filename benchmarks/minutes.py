"""Minutes benchmark: building the PDF of a big meeting against a bare ReportLab table.

Prints, in one run, for a meeting with 200 agenda items and 1,000 issues raised, and
again with 10,000 issues:

* the time to build the minutes PDF from its snapshot (render only: the snapshot is
  read from the database first, as approval does);
* the time for ReportLab to build one bare Table of the same issue rows with the same
  wrapped (Paragraph) cells and the same fonts;
* the ratio (target <= 1.5x at 1,000 issues). A single large ReportLab table is
  superlinear (docs/internals.md, "Documents"); the minutes build their tables in chunks.

Usage: python benchmarks/minutes.py [--issues N ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from forumdesk.core import agenda, forums, meetings, minutes
from forumdesk.db import search
from forumdesk.db.store import open_database
from forumdesk.reports import fonts, styles
from forumdesk.reports.minutes import CONTENT_WIDTH, render_minutes
from forumdesk.reports.tables import text


def build_meeting(folder: Path, issues: int) -> tuple[dict, list[tuple]]:
    db = open_database(str(folder / f"m{issues}.sqlite"))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum", wards=["Tulse Hill"])
        m = meetings.create_meeting(
            s,
            forum="BHF",
            format="community-conference",
            date="2026-06-06",
            venue="Brixton Library",
        )
        for n in range(1, 201):
            item = agenda.add_agenda_item(
                s,
                m.id,
                title=f"Agenda item {n} on local services",
                notes=f"Residents discussed item {n} at length.",
            )
            agenda.add_outcome(s, item.id, kind="decision", text=f"The forum agreed point {n}.")
        desk = db.desk_uuid
    # The issues are loaded in bulk (this is set-up, not what is measured).
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER issue_search_insert")
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, ward, place, stage, status,"
            " support, meeting_id, uuid, vv, dots, created_at, updated_at) VALUES (1, ?, ?, ?,"
            " 'Tulse Hill', ?, 'co-definition', 'open', 0, 1, ?, ?, '{}', '2026-06-06',"
            " '2026-06-06')",
            [
                (
                    n,
                    f"BHF-{n:05d}",
                    f"Issue {n}: potholes and broken street lights near the park",
                    f"Street {n % 97}",
                    f"uuid-{n}",
                    f'{{"{desk}": 1}}',
                )
                for n in range(1, issues + 1)
            ],
        )
        search.rebuild(conn)
    with db.session() as s:
        content = minutes.minutes_snapshot(s, m.id)
    db.dispose()
    rows = [
        (i["reference"], i["title"], i["where"], i["stage"], i["status"])
        for i in content["issues_raised"]
    ]
    return content, rows


def bare_table(rows: list[tuple]) -> bytes:
    fonts.register()
    w = CONTENT_WIDTH * 0.999
    head = [
        Paragraph(h, styles.CELL_HEAD)
        for h in ("Reference", "Title", "Ward or place", "Policy stage", "Status")
    ]
    body = [[Paragraph(text(v), styles.CELL) for v in row] for row in rows]
    table = Table(
        [head, *body],
        colWidths=[0.13 * w, 0.37 * w, 0.17 * w, 0.2 * w, 0.13 * w],
        repeatRows=1,
        style=styles.TABLE,
    )
    out = BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=styles.MARGIN,
        rightMargin=styles.MARGIN,
        topMargin=styles.MARGIN,
        bottomMargin=styles.MARGIN,
    ).build([table])
    return out.getvalue()


def timed(work, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, nargs="+", default=[1000, 10_000])
    args = parser.parse_args()
    fonts.register()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.issues:
            content, rows = build_meeting(Path(tmp), count)
            repeat = 3 if count <= 1000 else 1
            ours = timed(lambda c=content: render_minutes(c), repeat)
            bare = timed(lambda r=rows: bare_table(r), repeat)
            target = "   (target <= 1.5x)" if count <= 1000 else ""
            print(f"200 agenda items, {count:,} issues raised (best of {repeat})")
            print(f"  minutes PDF:                     {ours:6.2f} s")
            print(f"  bare ReportLab table, same rows: {bare:6.2f} s")
            print(f"  ratio:                           {ours / bare:6.2f}x{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
