"""The ballot's panel: counts typed into the per-box grid, totals, turnout, declaring."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.core.engagements import ballot, base
from forumdesk.domain.enums import DecisionMethod, EngagementStatus, PolicyStage
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.ballot import Panel


def _ballot(db, sample) -> int:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "ballot",
            forum=sample.forum_code,
            title="Elm Road play street",
            wording="Should Elm Road close to traffic on Sundays?",
            options=["Yes", "No"],
            electorate=500,
        )
        base.link_issue(s, made.id, sample.issue_refs[0], "co-decision", "result")
    return made.id


def _panel(qtbot, db, ident: int) -> Panel:
    panel = Panel(Desk(db), ident)
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _type(qtbot, panel: Panel, row: int, column: int, text: str) -> None:
    panel.grid.item(row, column).setText(text)  # as the grid's editor leaves it


def test_boxes_and_counts_entered_in_the_grid_give_totals_turnout_and_result(
    qtbot, db, sample, dialogs
) -> None:
    ident = _ballot(db, sample)
    panel = _panel(qtbot, db, ident)
    assert panel.result.text() == "No ballots have been counted yet."
    assert not panel.declare_button.isEnabled()
    for name in ("Hall", "Library"):
        qtbot.keyClicks(panel.new_box, name)
        panel.add_box.click()
    assert [panel.grid.verticalHeaderItem(r).text() for r in range(3)] == [
        "Hall",
        "Library",
        "All boxes",
    ]
    assert [panel.grid.horizontalHeaderItem(c).text() for c in range(4)] == [
        "Yes",
        "No",
        "Spoilt",
        "Total",
    ]
    for row, column, text in ((0, 0, "120"), (0, 1, "60"), (0, 2, "5"), (1, 0, "40"), (1, 1, "90")):
        _type(qtbot, panel, row, column, text)
        qtbot.waitUntil(lambda r=row, c=column, t=text: panel.grid.item(r, c).text() == t)
    qtbot.waitUntil(lambda: panel.grid.item(2, 3).text() == "315")
    assert [panel.grid.item(2, c).text() for c in range(4)] == ["160", "150", "5", "315"]
    assert panel.totals.text() == "Valid ballots: 310; spoilt: 5; cast: 315."
    assert panel.turnout.text() == "315 ballots cast of an electorate of 500: a turnout of 63.0%."
    assert panel.result.text() == "Yes won with 160 ballots (51.6% of the valid ballots)."
    with db.read_session() as s:
        stored = ballot.boxes(s, ident)
    assert [(b.name, b.ballots, b.spoilt) for b in stored] == [
        ("Hall", {"Yes": 120, "No": 60}, 5),
        ("Library", {"Yes": 40, "No": 90}, 0),
    ]

    dialogs.answer = True
    panel.declare_button.click()
    assert dialogs.questions and "Declare the result?" in dialogs.questions[0]
    assert panel.result.text().startswith("Declared: Yes won with 160 ballots")
    assert not panel.declare_button.isEnabled() and not panel.new_box.isEnabled()
    assert not panel.grid.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    with db.read_session() as s:
        assert base.get_engagement(s, ident).status is EngagementStatus.REPORTED
        moved = issues.issue_detail(s, sample.issue_refs[0])
    assert moved.issue.stage is PolicyStage.CO_DECISION
    assert moved.timeline[-1].decided_by is DecisionMethod.BALLOT
    assert dialogs.errors == []


def test_a_count_that_is_not_a_number_is_refused_and_the_stored_one_shown(
    qtbot, db, sample, dialogs
) -> None:
    ident = _ballot(db, sample)
    with db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Yes": 12, "No": 4})
    panel = _panel(qtbot, db, ident)
    _type(qtbot, panel, 0, 0, "lots")
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    assert dialogs.errors == ["'lots' is not a number of ballots: type a whole number, 0 or more."]
    assert panel.grid.item(0, 0).text() == "12"
    with db.read_session() as s:
        assert ballot.boxes(s, ident)[0].ballots == {"Yes": 12, "No": 4}
