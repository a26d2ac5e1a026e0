"""Engagements merge as issues do: concurrent edits of a count, a sheet entered on two
desks, and three desks trading files in every order."""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from forumdesk.core import sync
from forumdesk.core.engagements import base
from forumdesk.db.models import EngagementCount, Participant
from forumdesk.domain.enums import CountKind
from forumdesk.exchange import conflicts
from tests.exchange import engagement_world as world
from tests.exchange.conftest import Desk
from tests.helpers import copy_database


def _live_sheets(s, petition: int) -> list[tuple[str, int]]:
    rows = s.scalars(
        select(EngagementCount)
        .where(
            EngagementCount.engagement_id == petition,
            EngagementCount.kind == CountKind.SHEET,
            EngagementCount.deleted_at.is_(None),
        )
        .order_by(EngagementCount.key)
    )
    return [(r.key, r.count) for r in rows]


def _recount(petition: int, key: str, n: int) -> Callable[[Any], None]:
    def work(s) -> None:
        sync.apply(s, world.sheet(s, petition, key), {"count": n})

    return work


def test_a_count_both_desks_changed_is_a_conflict_the_officer_resolves(desks) -> None:
    a, b = desks("a", demo=True), desks("b")
    made = a.do(world.fill)
    b.import_(a.export("first.json", personal_data=True))
    petition = made["petition"]  # the same id on B: it holds what A holds, in order
    a.do(_recount(petition, "3", 30))
    b.do(_recount(petition, "3", 31))
    report = b.import_(a.export("a.json", personal_data=True))
    assert report.counts["conflict"] == 1
    (open_one,) = b.do(conflicts.list_conflicts)
    reference = b.do(lambda s: base.get_engagement(s, petition).reference)
    assert open_one.label == f"Paper signature sheet 3 of {reference}"
    assert (open_one.field, open_one.mine, open_one.theirs) == ("count", 31, 30)
    assert b.do(lambda s: world.sheet(s, petition, "3").count) == 31  # this desk's stays
    b.do(lambda s: conflicts.resolve(s, open_one.id, "theirs"))
    a.import_(b.export("b.json", personal_data=True))
    assert a.do(conflicts.list_conflicts) == []
    assert a.do(lambda s: world.sheet(s, petition, "3").count) == 30
    assert a.content() == b.content()


def test_a_sheet_entered_on_two_desks_counts_once_everywhere(desks) -> None:
    a, b = desks("a", demo=True), desks("b")
    made = a.do(world.fill)
    b.import_(a.export("first.json", personal_data=True))
    petition = made["petition"]
    a.do(lambda s: world.count(s, petition, CountKind.SHEET, "4", 20))
    b.do(lambda s: world.count(s, petition, CountKind.SHEET, "4", 22))  # entered later
    reference = a.do(lambda s: base.get_engagement(s, petition).reference)
    report = b.import_(a.export("a.json", personal_data=True))
    said = [n for n in report.notes if "entered on two desks" in n]
    assert said == [
        f"Paper signature sheet 4 of {reference} was entered on two desks (20 and 22); "
        "the first entered (20) is kept and the other was removed, so that it counts "
        "once. Check the paper and correct the count if it is wrong."
    ]
    expected = [("1", 21), ("2", 22), ("3", 23), ("4", 20)]
    assert b.do(lambda s: _live_sheets(s, petition)) == expected
    report = a.import_(b.export("b.json", personal_data=True))
    assert report.counts["conflict"] == 0
    assert a.do(lambda s: _live_sheets(s, petition)) == expected
    assert a.content() == b.content()
    assert b.import_(a.export("again.json")).counts["conflict"] == 0


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path
) -> tuple[Path, dict[str, int]]:
    """A desk holding the demo and an engagement of every kind, copied for every desk."""
    path = copy_database(demo_template, tmp_path_factory.mktemp("template") / "desk.sqlite")
    desk = Desk(path)
    made = desk.do(world.fill)
    desk.db.dispose()
    return path, made


def _copies(template: Path, folder: Path, count: int) -> list[Desk]:
    made = []
    for n in range(count):
        (folder / f"d{n}").mkdir()
        path = folder / f"d{n}" / "desk.sqlite"
        with sqlite3.connect(template) as source, sqlite3.connect(path) as copy:
            source.backup(copy)
        with sqlite3.connect(path) as copy:  # each desk its own identity
            copy.execute("UPDATE desk SET uuid = ?, name = ?", (str(uuid.uuid4()), f"d{n}"))
        made.append(Desk(path))
    return made


def _edits(made: dict[str, int]) -> list[Callable[[Any], None]]:
    """What each of the three desks does before any file travels."""

    def first(s) -> None:  # renames the ballot, recounts sheet 1
        base.edit_engagement(s, made["ballot"], {"title": "Name the square"})
        sync.apply(s, world.sheet(s, made["petition"], "1"), {"count": 25})

    def second(s) -> None:  # enters sheet 5, adds a juror volunteer, drops a sheet
        world.count(s, made["petition"], CountKind.SHEET, "5", 11)
        base.add_participant(s, made["jury"], "volunteer", ward="South", age_band="30-44")
        sync.tombstone(s, world.sheet(s, made["petition"], "2"))

    def third(s) -> None:  # enters sheet 5 too, and the ballot's wording
        world.count(s, made["petition"], CountKind.SHEET, "5", 12)
        base.edit_engagement(s, made["ballot"], {"wording": "Which name?"})

    return [first, second, third]


@pytest.mark.slow
@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_desks_trading_engagement_files_in_any_order_converge(
    template, tmp_path: Path, order: tuple[int, ...]
) -> None:
    path, made = template
    desks = _copies(path, tmp_path, 3)
    try:
        for desk, edit in zip(desks, _edits(made), strict=True):
            desk.do(edit)
        for _round in range(2):
            for source in order:
                data = desks[source].export(f"{source}-{_round}.json", personal_data=True)
                for target in order:
                    if target != source:
                        desks[target].import_(data)
        contents = [desk.content() for desk in desks]
        assert contents[0] == contents[1] == contents[2]
        assert all(desk.do(conflicts.list_conflicts) == [] for desk in desks)
        sheets = desks[0].do(lambda s: _live_sheets(s, made["petition"]))
        assert [key for key, _ in sheets] == ["1", "3", "5"]  # sheet 5 once, sheet 2 gone
        volunteers = desks[0].do(
            lambda s: s.scalar(
                select(Participant.id).where(
                    Participant.engagement_id == made["jury"], Participant.age_band == "30-44"
                )
            )
        )
        assert volunteers is not None
    finally:
        for desk in desks:
            desk.db.dispose()


def test_a_file_cannot_change_the_counts_of_a_ballot_declared_here(desks) -> None:
    """Desk B recounts a box and adds another after desk A declared the result (unknown
    to B); A's import keeps the counts it declared from, and says so."""
    from forumdesk.core import forums
    from forumdesk.core.engagements import ballot

    a, b = desks("a"), desks("b")

    def start(s) -> int:
        forums.create_forum(s, code="LLF", name="Llanfair")
        made = base.add_engagement(
            s, "ballot", forum="LLF", title="Parking", options=["Yes", "No"], electorate=100
        )
        ballot.enter_box(s, made.id, "Hall", {"Yes": 10, "No": 8})
        return made.id

    ident = a.do(start)
    b.import_(a.export("first.json"))
    a.do(lambda s: ballot.declare(s, ident))
    b.do(lambda s: ballot.enter_box(s, ident, "Hall", {"No": 12}))
    b.do(lambda s: ballot.enter_box(s, ident, "School", {"No": 5}))
    report = a.import_(b.export("b.json"))
    reference = a.do(lambda s: base.get_engagement(s, ident).reference)
    assert (
        f"The result of ballot {reference} was declared on this desk, so the file's changes "
        "to its counts were not taken: the declared result stands."
    ) in report.notes
    counted = a.do(lambda s: ballot.result(s, ident))
    assert (counted.winner, counted.valid) == ("Yes", 18)
    assert [box.name for box in counted.boxes] == ["Hall"]


@pytest.mark.parametrize("named", ["Hall", "HALL"])
def test_the_same_box_entered_on_two_desks_counts_once_the_first_entered_standing(
    desks, named
) -> None:
    """Desks A and B each enter box Hall of one ballot (B later, a recount or a typing
    slip, and perhaps in capitals): after files go both ways, both desks count the box
    once, with A's count, the first entered, as a petition sheet is counted."""
    from forumdesk.core import forums
    from forumdesk.core.engagements import ballot

    a, b = desks("a"), desks("b")

    def start(s) -> int:
        forums.create_forum(s, code="LLF", name="Llanfair")
        made = base.add_engagement(
            s, "ballot", forum="LLF", title="Parking", options=["Yes", "No"], electorate=500
        )
        return made.id

    ident = a.do(start)
    b.import_(a.export("first.json"))
    a.do(lambda s: ballot.enter_box(s, ident, "Hall", {"Yes": 120, "No": 40}, spoilt=5))
    b.do(lambda s: ballot.enter_box(s, ident, named, {"Yes": 125, "No": 40}, spoilt=6))
    report = b.import_(a.export("a.json"))
    assert len([n for n in report.notes if "entered on two desks" in n]) == 3
    a.import_(b.export("b.json"))
    for desk in (a, b):
        counted = desk.do(lambda s: ballot.result(s, ident))
        assert [(box.name, box.ballots["Yes"], box.spoilt) for box in counted.boxes] == [
            ("Hall", 120, 5)
        ]
        assert (counted.valid, counted.total) == (160, 165)  # not 325: one box, counted once
    assert a.content() == b.content()
