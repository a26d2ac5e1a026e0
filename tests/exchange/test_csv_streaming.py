"""The issue log CSV streams: exported a page of issues at a time, imported a row at a time,
with the same bytes, the same all-or-nothing and the same messages as when it was held whole."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
import uuid
from datetime import date
from pathlib import Path

import pytest

from forumdesk.core import issues, preferences, report_back
from forumdesk.core.issue_query import list_issues
from forumdesk.db.store import open_database
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange import csv_log
from tests.exchange import csv_refusal_cases
from tests.helpers import table_rows

ROOT = Path(__file__).resolve().parents[2]


def whole_export(s, wanted: IssueFilter, *, today: date, language: str) -> bytes:
    """The export as it was before it streamed: every issue listed, then one string."""
    words = preferences.document_language(s, language)
    page = list_issues(s, IssueFilter(**{**wanted.__dict__, "limit": None, "offset": 0}))
    meeting_dates = csv_log._meeting_dates(s, [i.meeting_id for i in page.items if i.meeting_id])
    standing = report_back.standing(s, [i.id for i in page.items], today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([words.gettext(csv_log.HEADINGS[c]) for c in csv_log.COLUMNS])
    for issue in page.items:
        row = csv_log._row(issue, meeting_dates, standing.get(issue.id))
        writer.writerow([csv_log.safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.mark.parametrize("language", ["en", "cy", "bilingual"])
def test_the_streamed_export_is_the_whole_export_byte_for_byte(
    demo_db, db, tmp_path, monkeypatch, language
) -> None:
    monkeypatch.setattr(csv_log, "CSV_BATCH", 7)  # the demo's issues over several pages
    day = date(2026, 5, 1)
    with db.session() as s:
        issues.respond(s, "BHF-0001", "=Resurfaced in May; Ffordd yr Ŵyl next")
        issues.edit_issue(s, "BHF-0002", {"response_due": "2026-04-01"})
    wanted = [
        IssueFilter(),
        IssueFilter(forum="BHF"),
        IssueFilter(sort="title", descending=True),
        IssueFilter(text="lights", sort="relevance"),
        IssueFilter(ward="nowhere"),
    ]
    with db.read_session() as s:
        for n, chosen in enumerate(wanted):
            expected = whole_export(s, chosen, today=day, language=language)
            got = csv_log.export_csv(s, chosen, today=day, language=language)
            assert got == expected, chosen
            path = tmp_path / f"log-{n}.csv"
            written = csv_log.write_csv(s, path, chosen, today=day, language=language)
            assert path.read_bytes() == expected, chosen
            assert written == list_issues(s, chosen).total
    assert written == 0 and path.read_bytes().count(b"\r\n") == 1  # the header alone


def test_an_export_that_fails_halfway_leaves_the_file_it_would_replace(
    demo_db, db, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(csv_log, "CSV_BATCH", 5)
    path = tmp_path / "issues.csv"
    path.write_bytes(b"the log exported last week")
    pages = []
    real = report_back.standing

    def standing(session, ids, day):
        pages.append(ids)
        if len(pages) == 3:
            raise RuntimeError("the disk went away")
        return real(session, ids, day)

    monkeypatch.setattr(report_back, "standing", standing)
    with db.read_session() as s, pytest.raises(RuntimeError):
        csv_log.write_csv(s, path, IssueFilter())
    assert len(pages) == 3  # two pages were written before it failed
    assert path.read_bytes() == b"the log exported last week"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.fixture
def refusals() -> dict[str, str]:
    return json.loads(csv_refusal_cases.EXPECTED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", list(csv_refusal_cases.CASES))
def test_a_bad_file_is_refused_with_the_words_it_always_had(
    db, sample, tmp_path, monkeypatch, refusals, case
) -> None:
    """Each bad file says what the import said when it read the whole file at once (a
    byte that is not UTF-8 counted as then, after the byte-order mark), from its bytes,
    from its path and from an open file, and changes nothing."""
    make, settings = csv_refusal_cases.CASES[case]
    for name, value in settings.items():
        monkeypatch.setattr(csv_log, name, value)
    data = make()
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    before = table_rows(db.url)
    with path.open("rb") as opened:
        for source in (data, path, opened):
            with pytest.raises(InputRefused) as refused, db.session() as s:
                csv_log.import_csv(s, source)
            assert str(refused.value) == refusals[case], source
    assert table_rows(db.url) == before


def test_every_refusal_case_has_its_words_stored(refusals) -> None:
    assert set(refusals) == set(csv_refusal_cases.CASES)


def _rows(count: int, *, bad_at: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Reference", "Title", "Forum", "Ward", "Description", "Support"])
    writer.writerow(["BHF-0001", "Potholes on Brixton Hill, again", "BHF", "", "Worse", "4"])
    for n in range(count):
        forum = "ZZZ" if n == bad_at else "BHF"
        writer.writerow(["", f"Bin {n} on Heol y Dŵr", forum, "Tŷ Gwyn", "Ŵ" * 50, str(n % 9)])
    return ("\ufeff" + out.getvalue()).encode()


def test_a_bad_row_near_the_end_of_a_long_file_stores_nothing(db, sample, tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(_rows(400, bad_at=397))
    before = table_rows(db.url)
    with pytest.raises(InputRefused) as refused, db.session() as s:
        csv_log.import_csv(s, path)
    assert str(refused.value) == (
        "The CSV file was refused; nothing was changed:\n"
        "  Line 400: There is no forum with code 'ZZZ'."
    )
    assert table_rows(db.url) == before
    path.write_bytes(_rows(400))
    with db.session() as s:
        report = csv_log.import_csv(s, path)
    assert (len(report.created), report.updated) == (400, ["BHF-0001"])
    with db.read_session() as s:
        assert list_issues(s, IssueFilter()).total == 403
        assert issues.get_issue(s, "BHF-0403").title == "Bin 399 on Heol y Dŵr"
        assert issues.get_issue(s, "BHF-0001").support == 4


def test_a_file_object_is_read_from_where_it_stands(db, sample) -> None:
    """An open file handed over part-read (past a line of its own) is read from there."""
    data = b"a line before the log\n" + _rows(2)
    opened = io.BytesIO(data)
    opened.readline()
    with db.session() as s:
        report = csv_log.import_csv(s, opened)
    assert (report.created, report.updated) == (["BHF-0004", "BHF-0005"], ["BHF-0001"])


def test_a_file_that_cannot_be_read_is_named(db, sample, tmp_path) -> None:
    missing = r"missing\.csv cannot be read: No such file"
    with pytest.raises(InputRefused, match=missing), db.session() as s:
        csv_log.import_csv(s, tmp_path / "missing.csv")


def _fill(path: Path, count: int) -> None:
    """A desk of ``count`` issues with long descriptions (8,000 characters), written raw
    (fast)."""
    db = open_database(str(path))
    with db.session() as s:
        from forumdesk.core import forums, meetings

        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    desk = db.desk_uuid
    if not count:
        db.dispose()
        return
    text = "Goleuadau stryd ar Ffordd yr Ŵyl. " * 235
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, support, meeting_id, uuid, vv, dots, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, ?, 'Tulse Hill', 'co-definition', 'open', ?, 1, ?, ?, '{}',"
            " '2026-03-04 19:00:00', '2026-03-04 19:00:00')",
            [
                (
                    n,
                    f"BHF-{n:04d}",
                    f"Issue {n}: lights out",
                    f"{text}{n}",
                    n % 50,
                    str(uuid.uuid4()),
                    json.dumps({desk: 1}),
                )
                for n in range(1, count + 1)
            ],
        )
    db.dispose()


#: Run in a process of its own, through the command line's export-csv and import-csv:
#: after a first small export and import (every module loaded), its address space may
#: grow by HEADROOM bytes only, less than the size of either file.
CAPPED = textwrap.dedent(
    """
    import resource, sys
    from forumdesk.cli import main
    desk, other, folder, headroom = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    warm = folder + "/warm.csv"
    assert main(["--db", desk, "export-csv", warm, "--ward", "nowhere"]) == 0
    assert main(["--db", other, "import-csv", warm]) == 0
    status = open("/proc/self/status").read().split()
    size = int(status[status.index("VmSize:") + 1]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
    try:
        code = main(["--db", desk, "export-csv", folder + "/issues.csv"])
        code = code or main(["--db", other, "import-csv", folder + "/new.csv"])
    except MemoryError:
        print("out of memory")
        sys.exit(1)
    sys.exit(code)
    """
)


@pytest.mark.slow
def test_an_export_and_an_import_bigger_than_the_memory_they_may_use(tmp_path: Path) -> None:
    desk, other = tmp_path / "desk.sqlite", tmp_path / "other.sqlite"
    _fill(desk, 1400)
    _fill(other, 0)
    headroom = 8 * 2**20
    # what the other desk imports: the same issues as new ones (no UUID; references of
    # another desk are its own), each with a changed description
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Reference", "Title", "Forum", "Ward", "Description"])
    long = "Biniau heb eu casglu ar Heol y Dŵr. " * 222
    for n in range(1, 1401):
        writer.writerow([f"CNC-{n:04d}", f"Bins {n}", "BHF", "Tŷ Gwyn", f"{long}{n}"])
    (tmp_path / "new.csv").write_bytes(("\ufeff" + out.getvalue()).encode())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FORUMDESK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, str(desk), str(other), str(tmp_path), str(headroom)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    exported = tmp_path / "issues.csv"
    assert exported.stat().st_size > 1.3 * headroom
    assert (tmp_path / "new.csv").stat().st_size > 1.3 * headroom
    assert "Wrote 1400 issues" in done.stdout and "1400 issues were created" in done.stdout
    rows = list(csv.reader(io.StringIO(exported.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 1401 and rows[-1][0] == "BHF-1400" and rows[-1][3].endswith("Ŵyl. 1400")
    database = open_database(str(other))
    try:
        with database.read_session() as s:
            assert list_issues(s, IssueFilter()).total == 1400
            last = issues.get_issue(s, "BHF-1400")
        assert (last.title, last.ward, last.description) == ("Bins 1400", "Tŷ Gwyn", f"{long}1400")
    finally:
        database.dispose()
