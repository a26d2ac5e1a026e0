"""Desks that converge: random edits on three to five desks and random files between them.

Whatever the desks do (new issues in the same forums, edits of the same and of different
fields, deletions, stage and status moves, conflict resolutions) and whatever files
travel in whatever order (whole, ``--since`` the last file the other desk took, stale
files, the same file again), once every desk has seen every other desk's latest file:

* no import failed;
* references are unique on every desk;
* a conflict is raised once per desk and pair of writes, and once a person resolved it on
  one desk, it is settled on every other desk where it was open;
* every desk holds the same records: the same fields, versions and deletions;
* an erasure made on any desk stands on every desk: the sign-ins it names hold no name or
  contact anywhere, whatever older file arrived after it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from forumdesk.core import attendance, erasure, forums, issues, meetings, minutes
from forumdesk.db.models import Attendance, Conflict, Erasure, Issue
from forumdesk.db.store import open_database
from forumdesk.exchange import conflicts, export, merge, read

from .conftest import Desk

FORUMS = ("BHF", "LLF")
FIELDS = ("title", "ward", "owner")
VALUES = ("Potholes", "Bins", "Street lights", "Pentre", "Tulse Hill", None)
STAGES = ("co-definition", "co-formulation", "co-decision")
STATUSES = ("open", "in-progress", "referred", "resolved")
CHOICES = ("mine", "theirs", "merged")
KEPT = ("uuid", "fields", "vv", "deleted_at")  # what must be the same on every desk


@dataclass
class Mesh:
    """The desks of one example and every file each has written."""

    desks: list[Desk]
    folder: Path
    files: dict[int, list[tuple[str, bytes]]] = field(default_factory=dict)  # desk: (id, bytes)
    taken: dict[tuple[int, int], str] = field(default_factory=dict)  # (from, to): export id
    serial: int = 0

    def export(self, source: int, since: str | None = None) -> tuple[str, bytes]:
        self.serial += 1
        desk = self.desks[source]
        path = self.folder / f"{source}-{self.serial}.json"
        selection = export.Selection(since=since, personal_data=True)
        desk.do(lambda s: export.write(s, path, selection))
        data = path.read_bytes()
        made = (json.loads(data)["export_id"], data)
        self.files.setdefault(source, []).append(made)
        return made

    def send(self, source: int, target: int, *, since: bool = False) -> merge.Report:
        """A new file from ``source`` (whole, or since the last one ``target`` took)."""
        export_id, data = self.export(source, self.taken.get((source, target)) if since else None)
        report = self.take(target, data)
        self.taken[(source, target)] = export_id
        return report

    def take(self, target: int, data: bytes) -> merge.Report:
        desk = self.desks[target]
        return desk.do(lambda s: merge.merge(s, read.check(s, data)))

    def settle_down(self) -> None:
        """Whole files every way until a round changes nothing: every desk has seen every
        other desk's latest file. A desk writes one file a round and every other desk takes
        it: nothing changes on the desk while the others take its file, so a file written
        for each of them would hold the same records."""
        for _ in range(10):
            moved = 0
            for source in range(len(self.desks)):
                export_id, data = self.export(source)
                for target in range(len(self.desks)):
                    if source != target:
                        counts = self.take(target, data).counts
                        self.taken[(source, target)] = export_id
                        moved += counts["new"] + counts["updated"] + counts["merged"]
            if not moved:
                return
        raise AssertionError("the desks still changed each other after 10 rounds")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database, copied for every desk (migrating is most of a desk's cost)."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite"
    open_database(str(path)).dispose()
    return path


@contextmanager
def _mesh(template: Path, count: int, *, same_marks: bool) -> Iterator[Mesh]:
    """``same_marks``: every desk's mark is ZZ, as if from older ForumDesks (references
    then clash, and the clash rule must settle them alike everywhere)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        desks = []
        for n in range(count):
            (folder / f"d{n}").mkdir()
            path = folder / f"d{n}" / "desk.sqlite"
            with sqlite3.connect(template) as source, sqlite3.connect(path) as copy:
                source.backup(copy)
            with sqlite3.connect(path) as copy:  # each desk its own identity
                copy.execute(
                    "UPDATE desk SET uuid = ?, name = ?, mark = ?",
                    (str(uuid.uuid4()), f"d{n}", "ZZ" if same_marks else None),
                )
            desks.append(Desk(path))
        try:
            yield Mesh(desks, folder)
        finally:
            for desk in desks:
                desk.db.dispose()


def _issue_uuid(desk: Desk, pick: int) -> str | None:
    found = desk.do(lambda s: list(s.scalars(select(Issue.uuid).order_by(Issue.uuid))))
    return found[pick % len(found)] if found else None


def _reference(s: Any, issue_uuid: str) -> int:
    return s.scalar(select(Issue.id).where(Issue.uuid == issue_uuid))


def _live(s: Any, issue_uuid: str) -> bool:
    return s.scalar(select(Issue.deleted_at).where(Issue.uuid == issue_uuid)) is None


def _edit(mesh: Mesh, step: tuple[Any, ...]) -> None:
    """One local edit, as a person makes it (skipped where the person could not)."""
    what, at, pick, value = step
    desk = mesh.desks[at % len(mesh.desks)]
    if what == "new":
        desk.do(lambda s: issues.record_issue(s, forum=FORUMS[pick % 2], title=f"Raised {value}"))
        return
    if what == "erase":
        desk.do(lambda s: _erase(s, pick))
        return
    target = _issue_uuid(desk, pick)
    if target is None:
        return

    def work(s: Any) -> None:
        ident = _reference(s, target)
        if what == "delete":
            issues.delete_issue(s, ident) if _live(s, target) else issues.restore_issue(s, ident)
        elif not _live(s, target):
            return
        elif what == "edit":
            name = FIELDS[value % len(FIELDS)]
            new = VALUES[value % len(VALUES)] if name != "title" else f"Title {value}"
            issues.edit_issue(s, ident, {name: new})
        elif what == "move":
            row = s.get(Issue, ident)
            stage = STAGES[value % len(STAGES)]
            if row.stage.value != stage:
                issues.move_issue(s, ident, stage)
        elif what == "status":
            row = s.get(Issue, ident)
            status = STATUSES[value % len(STATUSES)]
            if row.status.value != status:
                issues.change_status(s, ident, status)

    desk.do(work)


def _erase(s: Any, pick: int) -> None:
    """Erases a resident still named on this desk (their request), if there is one."""
    named = list(s.scalars(select(Attendance.id).where(Attendance.name.is_not(None))))
    residents = [i for i in named if s.get(Attendance, i).role.value == "resident"]
    if residents:
        erasure.erase(s, [residents[pick % len(residents)]], reason="request")


def _erased_stand(desk: Desk) -> None:
    """Every sign-in an erasure here names holds neither name nor contact."""

    def check(s: Any) -> None:
        for record in s.scalars(select(Erasure)):
            for row in s.scalars(select(Attendance).where(Attendance.uuid.in_(record.attendance))):
                assert (row.name, row.contact) == (None, None), record.uuid

    desk.do(check)


def _resolve(mesh: Mesh, at: int, pick: int, value: int) -> None:
    """A person resolves one open conflict on a desk (if it has any)."""
    desk = mesh.desks[at % len(mesh.desks)]
    open_ones = desk.do(conflicts.list_conflicts)
    if open_ones:
        _decide(desk, open_ones[pick % len(open_ones)], value)


def _decide(desk: Desk, chosen: conflicts.ConflictInfo, value: int) -> None:
    choice = CHOICES[value % len(CHOICES)]
    if choice == "merged" and chosen.field != "title":
        choice = "theirs"
    merged = f"Merged {value}" if choice == "merged" else None
    desk.do(lambda s: conflicts.resolve(s, chosen.id, choice, merged))


def _step(mesh: Mesh, step: tuple[Any, ...]) -> None:
    what, one, two, value = step
    count = len(mesh.desks)
    source, target = one % count, two % count
    if what == "resolve":
        _resolve(mesh, one, two, value)
    elif what in ("new", "edit", "move", "status", "delete", "erase"):
        _edit(mesh, step)
    elif source == target:
        return
    elif what == "send":
        mesh.send(source, target, since=bool(value % 2))
    elif what == "swap":  # two desks write files at once and take each other's
        there = mesh.export(target, mesh.taken.get((target, source)) if value % 2 else None)
        here = mesh.export(source, mesh.taken.get((source, target)) if value % 2 else None)
        mesh.take(source, there[1])
        mesh.take(target, here[1])
        mesh.taken[(target, source)], mesh.taken[(source, target)] = there[0], here[0]
    elif what == "stale":  # an older file of the source, or the same one again
        sent = mesh.files.get(source)
        if sent:
            mesh.take(target, sent[value % len(sent)][1])


def _canonical(desk: Desk) -> dict[str, list[dict[str, Any]]]:
    doc = desk.do(lambda s: export.build(s, export.Selection(personal_data=True)))
    return {
        kind: sorted(({k: r[k] for k in KEPT} for r in records), key=lambda r: r["uuid"])
        for kind, records in doc["records"].items()
    }


def _sides(row: Conflict) -> tuple[str, str, str]:
    dots = sorted(json.dumps(d) for d in (row.mine_dot, row.theirs_dot))
    return row.record_uuid, row.field, "|".join(dots)


def _conflicts(desk: Desk) -> list[tuple[tuple[str, str, str], str | None]]:
    return desk.do(
        lambda s: [
            (_sides(c), c.resolution) for c in s.scalars(select(Conflict).order_by(Conflict.id))
        ]
    )


def _converge(mesh: Mesh) -> None:
    """Everyone sees everyone's latest file; a person resolves each conflict once."""
    mesh.settle_down()
    for turn in range(30):
        for desk in mesh.desks:  # one conflict per desk and pair of writes, never twice
            raised = Counter(sides for sides, _ in _conflicts(desk))
            assert all(n == 1 for n in raised.values()), raised
        open_on = [(n, c) for n, d in enumerate(mesh.desks) for c in d.do(conflicts.list_conflicts)]
        if not open_on:
            break
        at, chosen = open_on[0]
        resolved = mesh.desks[at].do(lambda s, i=chosen.id: s.get(Conflict, i))
        sides = _sides(resolved)
        _decide(mesh.desks[at], chosen, turn)
        mesh.settle_down()
        for n, desk in enumerate(mesh.desks):  # resolved once: settled everywhere
            for other_sides, resolution in _conflicts(desk):
                if other_sides == sides:
                    assert resolution is not None, (n, sides)
                    if n != at:
                        assert resolution == "settled", (n, sides, resolution)
    else:
        raise AssertionError("conflicts kept coming after 30 resolutions")
    raised = [r for desk in mesh.desks for _, r in _conflicts(desk)]
    event(f"conflicts raised: {min(len(raised), 5)}+")  # --hypothesis-show-statistics
    event(f"conflicts settled by an arriving resolution: {min(raised.count('settled'), 3)}+")
    dumps = [_canonical(desk) for desk in mesh.desks]
    for n, other in enumerate(dumps[1:], start=1):
        assert other == dumps[0], f"desk {n} differs from desk 0"
    for desk in mesh.desks:
        _erased_stand(desk)
    erased = len(mesh.desks[0].do(lambda s: list(s.scalars(select(Erasure)))))
    event(f"erasures: {min(erased, 2)}+")
    for desk in mesh.desks:
        held = desk.do(lambda s: list(s.scalars(select(Issue.reference))))
        assert len(held) == len(set(held))
    renumbered = [r for r in held if re.search(r"-\d{4,}-[0-9A-F]{4,}$", r)]
    event(f"references renumbered after a clash: {min(len(renumbered), 3)}+")


EDITS = ("new", "new", "edit", "edit", "edit", "move", "status", "delete")
_DESK = st.integers(0, 4)
_PICK = st.integers(0, 50)
STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(("new", "edit", "move", "status", "delete", "erase")),
            _DESK,
            _PICK,
            _PICK,
        ),
        st.tuples(
            st.sampled_from(("send", "send", "swap", "stale", "resolve")), _DESK, _DESK, _PICK
        ),
    ),
    min_size=5,
    max_size=40,
)


def _residents(s: Any) -> None:
    meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-09-22")
    for n, name in enumerate(("Ann Lee", "Bo Diaz", "Cy Ray")):
        attendance.add_attendance(
            s,
            "BHF 2026-09-22",
            name=name,
            consent_named=True,
            contact=f"0770090000{n}",
            consent_contact=True,
        )
    minutes.approve_minutes(s, "BHF 2026-09-22", approved_by="Chair")


def _run(template: Path, count: int, same_marks: bool, steps: list[tuple[Any, ...]]) -> None:
    with _mesh(template, count, same_marks=same_marks) as mesh:
        office = mesh.desks[0]
        office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum"))
        office.do(lambda s: forums.create_forum(s, code="LLF", name="Llanfair"))
        office.do(lambda s: issues.record_issue(s, forum="BHF", title="Potholes"))
        office.do(_residents)  # named with consent, in approved minutes: erasures travel
        for target in range(1, count):
            mesh.send(0, target)
            if same_marks:  # every desk records an issue offline: the references clash
                mesh.desks[target].do(
                    lambda s, n=target: issues.record_issue(s, forum="BHF", title=f"Offline {n}")
                )
        for step in steps:
            _step(mesh, step)
        _converge(mesh)


SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
}


@pytest.mark.slow
@settings(max_examples=40, **SETTINGS)
@given(count=st.integers(3, 5), same_marks=st.booleans(), steps=STEPS)
@example(  # found by the slow run: one deletion, relayed, was a conflict twice on a desk
    count=4,
    same_marks=True,
    steps=[
        ("edit", 0, 39, 6),
        ("move", 1, 13, 16),
        ("edit", 0, 2, 4),
        ("send", 3, 0, 28),
        ("move", 3, 23, 20),
        ("swap", 3, 2, 12),
        ("send", 1, 1, 13),
        ("swap", 0, 4, 14),
        ("delete", 0, 4, 5),
        ("status", 2, 15, 1),
        ("move", 1, 13, 16),
        ("send", 2, 2, 9),
    ],
)
@example(  # an erasure on two desks, and the office's older files (with the names) after it
    count=3,
    same_marks=False,
    steps=[
        ("erase", 1, 0, 0),
        ("stale", 0, 1, 0),
        ("send", 1, 2, 0),
        ("erase", 2, 1, 0),
        ("stale", 0, 2, 1),
        ("swap", 0, 1, 1),
        ("stale", 0, 1, 1),
    ],
)
def test_desks_converge_whatever_they_do_and_whatever_order_files_travel_in(
    template: Path, count: int, same_marks: bool, steps: list[tuple[Any, ...]]
) -> None:
    _run(template, count, same_marks, steps)


# 120 more histories keep CI's whole run well inside its time (400 took about 8 minutes
# on the 2-core machine); run with --hypothesis-seed or a larger number to search longer.
@pytest.mark.slow
@settings(max_examples=120, **SETTINGS)
@given(count=st.integers(3, 5), same_marks=st.booleans(), steps=STEPS)
def test_desks_converge_over_many_more_histories(
    template: Path, count: int, same_marks: bool, steps: list[tuple[Any, ...]]
) -> None:
    _run(template, count, same_marks, steps)


# The same histories with files read in pieces of a few bytes and merged a record at a
# time: issues claiming one reference, agenda items carried from others, sign-ins and
# their erasures fall in different batches, and every desk must still end the same.
@pytest.mark.slow
@settings(max_examples=25, **SETTINGS)
@given(count=st.integers(3, 4), same_marks=st.just(True), steps=STEPS)
def test_desks_converge_when_files_are_read_and_merged_in_small_pieces(
    template: Path, count: int, same_marks: bool, steps: list[tuple[Any, ...]]
) -> None:
    from forumdesk.exchange import merge, stream

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stream, "CHUNK", 61)
        patch.setattr(merge, "BATCH", 1)
        _run(template, count, same_marks, steps)
