"""Exports are streamed: the same bytes as the whole document, memory that does not grow
with the desk, and a file that cannot be written leaves nothing behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from forumdesk.core import issues
from forumdesk.db.models import ExchangeLog, Meeting
from forumdesk.db.store import open_database
from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.exchange import document, export, read, trust
from forumdesk.exchange.export import Selection
from tests.helpers import fill_disk

ROOT = Path(__file__).resolve().parents[2]
COUNCIL_KEY = b"a council key of some length"


def _whole(desk, selection: Selection) -> bytes:
    """The file as ``json.dumps`` of the whole document writes it."""
    built = desk.do(lambda s: export.build(s, selection, COUNCIL_KEY))
    return json.dumps(built, ensure_ascii=False, sort_keys=True, indent=1).encode()


def test_a_streamed_export_is_byte_for_byte_the_whole_document(desks, monkeypatch) -> None:
    """The file is what ``json.dumps`` of the whole document writes: layout, counts,
    content hash and both signatures included."""
    source = desks("source", demo=True)
    monkeypatch.setattr(export, "new_uuid", lambda: "7d1c9a52-36c4-4bb4-9d0e-7c2f1b0c7a11")
    monkeypatch.setattr(export, "utcnow", lambda: datetime(2026, 11, 30, 21, 0, tzinfo=UTC))
    meeting = source.do(lambda s: s.scalars(select(Meeting.id).order_by(Meeting.id)).first())
    earlier = source.export("earlier.json")
    since = json.loads(earlier)["export_id"]
    source.do(lambda s: issues.record_issue(s, forum="BHF", title="Bins left out on Ffordd yr Ŵyl"))
    path = source.folder / "streamed.json"
    sizes = {}
    for selection in (
        Selection(),
        Selection(personal_data=True),
        Selection(forum="BHF"),
        Selection(meeting=meeting),
        Selection(since=since),
    ):
        expected = _whole(source, selection)
        done = source.do(lambda s, sel=selection: export.write(s, path, sel, COUNCIL_KEY))
        assert path.read_bytes() == expected, selection
        assert done.counts == json.loads(expected)["counts"]
        sizes[selection] = len(expected)
    assert sizes[Selection()] > 100_000
    assert sizes[Selection(since=since)] < sizes[Selection(meeting=meeting)] < sizes[Selection()]
    assert json.loads(path.read_bytes())["counts"]["issues"] == 1  # the one recorded since


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.integers() | st.floats(allow_nan=False), inner, max_size=3)
    ),
    max_leaves=25,
)


@given(JSON)
@example({"a b": 1, "a": [], 'a"': {}, "é": "Ŵ\n\x00\u2028", "A": None, "": [[{}]]})
@example([float("nan"), float("inf"), -0.0, 1e300, True, False, 10**30])
def test_records_are_laid_out_as_json_dumps_lays_them_out(value) -> None:
    """The records' text is made by export.shown_json, not json.dumps (four times faster):
    the two agree on any JSON value, at the top of a document and at a record's depth."""
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    assert export.shown_json(value) == expected
    assert export.shown_json(value, "\n   ") == expected.replace("\n", "\n   ")


def test_a_value_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    for value in ({"when": datetime(2026, 3, 4, tzinfo=UTC)}, {(1, 2): "a tuple for a key"}):
        with pytest.raises(TypeError):
            json.dumps(value, sort_keys=True, indent=1)
        with pytest.raises(TypeError):
            export.shown_json(value)


def test_a_streamed_export_goes_in_on_another_desk_its_signatures_verified(desks) -> None:
    source, copy = desks("source", demo=True), desks("copy")
    data = source.export("all.json", personal_data=True, key=COUNCIL_KEY)
    copy.do(lambda s: trust.trust(s, trust.signer_of_file(data)))

    report = copy.import_(data, COUNCIL_KEY)

    assert "The signature was verified with the council key." in report.notes
    assert any(n.startswith("Signed by desk ") and "trusted here" in n for n in report.notes)
    assert report.counts["new"] == sum(json.loads(data)["counts"].values())
    assert copy.content() == source.content()
    # The exchange log knows what went, and whose personal data went with it.
    logged = source.do(lambda s: s.scalars(select(ExchangeLog)).one())
    assert logged.export_id == json.loads(data)["export_id"]
    assert logged.personal == export.carried_personal(json.loads(data))
    assert logged.personal


def test_a_file_with_its_last_record_changed_is_refused_and_nothing_is_stored(desks) -> None:
    source, copy = desks("source", demo=True), desks("copy")
    doc = json.loads(source.export("all.json"))
    doc["records"]["themes"][-1]["fields"]["name"] = "Changed on the way"
    tampered = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    with pytest.raises(InputRefused) as refused:
        copy.import_(tampered)
    assert "does not match its SHA-256" in str(refused.value)
    with copy.db.read_session() as s:
        stored = s.connection().exec_driver_sql("SELECT count(*) FROM issue").scalar()
    assert stored == 0


def test_a_folder_named_as_the_file_is_refused_before_any_record_is_read(desks) -> None:
    source = desks("source", demo=True)
    heard: list[tuple[int, int]] = []
    with pytest.raises(InputRefused) as refused:
        source.do(lambda s: export.write(s, source.folder, Selection(), progress=_heard_in(heard)))
    assert str(refused.value) == f"{source.folder} is a folder; name the file to write in it."
    assert heard == []


def _heard_in(heard: list[tuple[int, int]]):
    return lambda done, total: heard.append((done, total))


def test_a_disk_with_room_for_the_records_but_not_the_file_says_it_is_full(
    desks, small_disk
) -> None:
    """The records go to a temporary file beside the target, then the file is put
    together: a disk that takes the first and not the second says so, and keeps neither."""
    source = desks("source", demo=True)
    size = len(source.export("measure.json"))
    filler = fill_disk(small_disk.folder)
    os.truncate(filler, filler.stat().st_size - size * 3 // 2)  # room for the file once
    target = small_disk.folder / "all.forumdesk.json"
    with pytest.raises(StoreError) as refused:
        source.do(lambda s: export.write(s, target, Selection()))
    assert str(refused.value) == (
        f"{target} cannot be written: the disk holding {small_disk.folder} is full."
    )
    assert [p.name for p in small_disk.folder.iterdir()] == ["filler"]
    assert source.do(lambda s: len(s.scalars(select(ExchangeLog)).all())) == 1  # the measure
    os.truncate(filler, filler.stat().st_size - size * 3)
    source.do(lambda s: export.write(s, target, Selection()))
    assert (
        json.loads(target.read_bytes())["counts"]
        == json.loads((source.folder / "measure.json").read_bytes())["counts"]
    )


def test_a_folder_that_cannot_be_written_is_named_and_left_empty(desks, small_disk) -> None:
    source = desks("source", demo=True)
    small_disk.read_only()
    target = small_disk.folder / "all.forumdesk.json"
    with pytest.raises(StoreError) as refused:
        source.do(lambda s: export.write(s, target, Selection()))
    assert str(refused.value) == (
        f"{target} cannot be written: the folder {small_disk.folder} cannot be written."
    )
    assert list(small_disk.folder.iterdir()) == []


def _fill(path: Path, count: int) -> None:
    """A desk of ``count`` issues with long descriptions, written raw (fast)."""
    db = open_database(str(path))
    with db.session() as s:
        from forumdesk.core import forums, meetings

        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    desk = db.desk_uuid
    text = "The street lights on Ffordd yr Ŵyl have been out for weeks. " * 24
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


#: Run in a process of its own: after a first small export (every module loaded), its
#: address space may grow by HEADROOM bytes only, less than the size of the file.
CAPPED = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from forumdesk.db.store import open_database
    from forumdesk.exchange import export
    db_path, folder, headroom = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    desk = open_database(db_path)
    with desk.session() as s:
        export.write(s, folder / "warm.json", export.Selection(since="2099-01-01"))
    status = open("/proc/self/status").read().split()
    size = int(status[status.index("VmSize:") + 1]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
    try:
        with desk.session() as s:
            export.write(s, folder / "all.forumdesk.json", export.Selection())
    except MemoryError:
        print("out of memory")
        sys.exit(1)
    """
)


@pytest.mark.slow
def test_an_export_bigger_than_the_memory_it_may_use_is_written(
    tmp_path: Path, monkeypatch
) -> None:
    _fill(tmp_path / "desk.sqlite", 6000)
    headroom = 8 * 2**20
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FORUMDESK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, str(tmp_path / "desk.sqlite"), str(tmp_path), str(headroom)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    file = tmp_path / "all.forumdesk.json"
    assert file.stat().st_size > 1.5 * headroom
    doc = json.loads(file.read_bytes())
    assert doc["counts"]["issues"] == 6000
    assert doc["content_sha256"] == document.content_sha256(doc["records"])
    # the file goes in on another desk that trusts the exporting one: its signature matches
    monkeypatch.setenv("FORUMDESK_DATA_DIR", str(tmp_path / "data"))
    other = open_database(str(tmp_path / "other.sqlite"))
    try:
        with other.session() as s:
            trust.trust(s, trust.signer_of_file(file.read_bytes()))
        with other.session() as s:
            checked = read.check(s, file.read_bytes())
        assert any("trusted here" in note for note in checked.notes), checked.notes
    finally:
        other.dispose()
