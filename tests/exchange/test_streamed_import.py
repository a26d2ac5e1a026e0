"""An exchange file is read a piece at a time and its records kept on disk, not in memory:
what is imported, refused and said is what reading the whole file gave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forumdesk.core import forums, issues, meetings
from forumdesk.db.models import Issue
from forumdesk.db.store import open_database
from forumdesk.exchange import read, stream
from forumdesk.exchange.document import DESK_SIGNATURE, content_sha256
from forumdesk.exchange.read import FileRefused
from tests.exchange.conftest import dump, load

ROOT = Path(__file__).resolve().parents[2]


def _records(checked: read.CheckedFile) -> dict[str, list]:
    return {kind: list(spool) for kind, spool in checked.document["records"].items()}


def _checked(desk, data: bytes | Path) -> read.CheckedFile:
    with desk.db.preview_session() as s:
        return read.check(s, data)


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_reading_in_any_size_of_piece_gives_the_same_records(desks, monkeypatch, chunk) -> None:
    laptop, office = desks("laptop", demo=True), desks("office")
    data = laptop.export("demo.json", personal_data=True)
    whole = _records(_checked(office, data))
    assert sum(len(records) for records in whole.values()) > 300
    monkeypatch.setattr(stream, "CHUNK", chunk)
    path = laptop.folder / "demo.json"
    assert _records(_checked(office, path)) == whole


def test_a_cut_file_is_refused_where_a_whole_reading_says(desks, monkeypatch) -> None:
    laptop, office = desks("laptop"), desks("office")
    laptop.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill"))
    laptop.do(lambda s: issues.record_issue(s, forum="BHF", title="Potholes", themes=["Roads"]))
    text = laptop.export("small.json").decode()
    monkeypatch.setattr(stream, "CHUNK", 16)
    step = max(1, len(text) // 150)
    for cut in [0, 1, 2, *range(3, len(text) - 1, step), len(text) - 2]:
        part = text[:cut]
        try:
            json.loads(part)
        except json.JSONDecodeError as exc:
            said = f"{exc.msg} at line {exc.lineno}, column {exc.colno}."
        with pytest.raises(FileRefused) as caught:
            _checked(office, part.encode())
        assert said in str(caught.value), (cut, str(caught.value))


def test_json_of_another_shape_is_not_an_exchange_file(desks) -> None:
    office = desks("office")
    for data in (b"[1, 2]", b'"minutes"', b"  42  "):
        with pytest.raises(FileRefused, match="JSON but not a ForumDesk exchange file"):
            _checked(office, data)
    with pytest.raises(FileRefused, match="Extra data at line 1, column 8"):
        _checked(office, b"[1, 2] [3]")


def test_a_file_laid_out_otherwise_is_read_the_same(desks) -> None:
    """Another program may write the members and kinds in any order, without spaces:
    the content hash is of the canonical form, whatever the layout."""
    laptop, office = desks("laptop", demo=True), desks("office")
    data = laptop.export("demo.json")
    doc = load(data)
    records = doc.pop("records")
    shuffled = {"records": dict(reversed(list(records.items()))), **dict(reversed(doc.items()))}
    other = json.dumps(shuffled, separators=(",", ":"), ensure_ascii=False).encode()
    assert other.index(b'"records"') < other.index(b'"format"')
    checked = _checked(office, other)
    assert _records(checked) == _records(_checked(office, data))
    assert any("Signed by desk" in note for note in checked.notes), checked.notes


def test_a_record_changed_deep_in_a_file_is_refused_and_nothing_is_stored(desks) -> None:
    laptop, office = desks("laptop", demo=True), desks("office")
    doc = load(laptop.export("demo.json"))
    doc["records"]["timeline_events"][-1]["created_at"] = "2020-01-01T00:00:00+00:00"
    with pytest.raises(FileRefused, match="does not match its SHA-256"):
        office.import_(dump(doc))
    assert office.do(lambda s: forums.list_forums(s)) == []


def _fill(path: Path, count: int) -> None:
    """A desk of ``count`` issues with long descriptions, written straight to SQLite."""
    db = open_database(str(path))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    desk = db.desk_uuid
    text = "The street lights on Ffordd yr Ŵyl have been out for weeks. " * 80
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO issue (forum_id, number, reference, title, description, ward, stage,"
            " status, support, meeting_id, uuid, vv, dots, created_at, updated_at)"
            " VALUES (1, ?, ?, ?, ?, 'Tulse Hill', 'co-definition', 'open', ?, 1, ?, ?, '{}',"
            " '2026-03-04 19:00:00', '2026-03-04 19:00:00')",
            [
                (
                    n,
                    f"BHF-{n:06d}",
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


#: Run in a process of its own: after a first small import (every module and schema
#: loaded), its address space may grow by HEADROOM bytes only, far less than the file.
CAPPED = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from forumdesk.db.store import open_database
    from forumdesk.exchange import merge, read
    target, small, big, headroom = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    desk = open_database(target)
    with desk.preview_session() as s:
        merge.merge(s, read.check(s, Path(small)))
    status = open("/proc/self/status").read().split()
    size = int(status[status.index("VmSize:") + 1]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
    try:
        with desk.session() as s:
            report = merge.merge(s, read.check(s, Path(big)))
    except MemoryError:
        print("out of memory")
        sys.exit(1)
    print(report.counts["new"])
    """
)


@pytest.mark.slow
def test_an_import_bigger_than_the_memory_it_may_use_is_read(tmp_path: Path) -> None:
    from forumdesk.exchange import export

    _fill(tmp_path / "source.sqlite", 12_000)
    source = open_database(str(tmp_path / "source.sqlite"))
    try:
        with source.session() as s:
            export.write(s, tmp_path / "big.json", export.Selection())
            export.write(s, tmp_path / "small.json", export.Selection(since="2099-01-01"))
    finally:
        source.dispose()
    small = load((tmp_path / "small.json").read_bytes())
    one = load((tmp_path / "big.json").read_bytes())
    small["records"] = {kind: items[:1] for kind, items in one["records"].items()}
    small["content_sha256"] = content_sha256(small["records"])
    del small[DESK_SIGNATURE]
    (tmp_path / "small.json").write_bytes(dump(small))
    size = (tmp_path / "big.json").stat().st_size
    headroom = 48 * 2**20
    assert size > 1.25 * headroom
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FORUMDESK_DATA_DIR": str(tmp_path / "data")}
    args = [str(tmp_path / n) for n in ("target.sqlite", "small.json", "big.json")]
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, *args, str(headroom)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert done.stdout.split() == [str(12_000 + 2)]  # the forum, the meeting, the issues
    target = open_database(str(tmp_path / "target.sqlite"))
    try:
        with target.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Issue)) == 12_000
    finally:
        target.dispose()


@pytest.mark.parametrize("batch", [1, 2000])
def test_two_issues_of_a_file_claiming_one_reference_are_settled_whatever_the_batches(
    desks, monkeypatch, batch
) -> None:
    from forumdesk.exchange import merge

    laptop, office = desks("laptop"), desks("office")
    laptop.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill"))
    for title in ("Potholes", "Bins", "Lights"):
        laptop.do(lambda s, title=title: issues.record_issue(s, forum="BHF", title=title))
    doc = load(laptop.export("three.json"))
    first, _, third = doc["records"]["issues"]
    third["fields"]["reference"] = first["fields"]["reference"]  # as an older desk might
    doc["records"]["issues"].reverse()  # the later claimant comes first in the file
    doc["content_sha256"] = content_sha256(doc["records"])
    del doc[DESK_SIGNATURE]
    monkeypatch.setattr(merge, "BATCH", batch)
    report = office.import_(dump(doc))
    held = dict(office.do(lambda s: list(s.execute(select(Issue.title, Issue.reference)))))
    claimed = first["fields"]["reference"]
    assert held["Potholes"] == claimed  # created first: keeps it
    assert held["Lights"].startswith(claimed + "-")
    assert len(set(held.values())) == 3
    renumbered = [c.detail for c in report.changes if "renumbered" in c.detail]
    assert renumbered == [
        f"{claimed} is held here by an earlier issue: renumbered {held['Lights']}"
    ]


def test_no_room_for_the_temporary_copy_is_said_and_nothing_is_stored(desks, monkeypatch) -> None:
    import errno

    from forumdesk.domain.errors import StoreError

    laptop, office = desks("laptop"), desks("office")
    laptop.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill"))
    data = laptop.export("small.json")

    def full(self, record) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stream.SpoolWriter, "add", full)
    with pytest.raises(StoreError) as caught:
        office.import_(data)
    assert str(caught.value) == (
        "The file cannot be read: the temporary copy of its records cannot be written (No "
        "space left on device). Free some space on this computer and try again."
    )
    assert office.do(lambda s: forums.list_forums(s)) == []
