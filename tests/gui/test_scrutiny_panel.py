"""The scrutiny review's panel: co-opt and edit members, add evidence sessions and
recommendations, record the executive's response, all through the real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit

from forumdesk.core import forums
from forumdesk.core.engagements import base, scrutiny
from forumdesk.domain.changes import Changes
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements import scrutiny as panel_module
from forumdesk.gui.engagements.panels import panel_class


def _cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


@pytest.fixture
def review(db) -> int:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        return base.add_engagement(
            s, "scrutiny", forum="BHF", title="Repairs", committee="Housing Scrutiny"
        ).id


def test_the_panel_co_opts_edits_plans_and_records_responses(
    qtbot, db, review, dialogs, monkeypatch
) -> None:
    from forumdesk.domain.enums import EngagementKind

    panel = panel_class(EngagementKind.SCRUTINY)(Desk(db), review)
    qtbot.addWidget(panel)
    panel.today = lambda: date(2026, 11, 30)
    answers = iter(
        [
            {"name": "Marcia Clarke", "consent_named": True, "voting": True,
             "term_from": "2026-05-01", "term_to": "2027-04-30", "interests": "Tenant"},
        ]
    )  # fmt: skip
    monkeypatch.setattr(panel_module, "ask_member", lambda _p, _m: next(answers))
    qtbot.mouseClick(panel.coopt_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.members, 0) == ["Marcia Clarke"]
    assert _cells(panel.members, 2) == ["2026-05-01 to 2027-04-30"]

    # Edit through the real dialog: end the term earlier than it starts is refused.
    panel.members.selectRow(0)
    dialog = panel_module.MemberDialog(panel, scrutiny_member(db, review))
    qtbot.addWidget(dialog)
    # Dates are date edits, opened on what is held, as elsewhere in the window.
    assert isinstance(dialog.term_from, QDateEdit)
    assert dialog.term_from.date() == QDate(2026, 5, 1)
    assert dialog.term_to.text() == "2027-04-30"
    dialog.term_to.setDate(QDate(2026, 4, 1))
    monkeypatch.setattr(panel_module, "ask_member", lambda _p, _m: dialog.values())
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors == [
        "Term ends: the term cannot end on 2026-04-01, before it starts on 2026-05-01"
    ]
    assert _cells(panel.members, 2) == ["2026-05-01 to 2027-04-30"]
    dialog.term_to.setDate(QDate(2026, 12, 31))
    dialog.voting.setChecked(False)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.members, 1) == ["Non-voting"]
    assert _cells(panel.members, 2) == ["2026-05-01 to 2026-12-31"]

    session = panel_module.SessionDialog(panel, council_wide=False)
    qtbot.addWidget(session)
    assert isinstance(session.day, QDateEdit) and session.day.date() == QDate.currentDate()
    session.day.setDate(QDate(2026, 6, 9))
    qtbot.keyClicks(session.venue, "Town Hall")
    monkeypatch.setattr(panel_module, "ask_session", lambda _p, _w: session.values())
    qtbot.mouseClick(panel.session_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.sessions, 0) == ["2026-06-09"]
    assert _cells(panel.sessions, 2) == ["Town Hall"]

    made = panel_module.RecommendationDialog(panel, council_wide=False)
    qtbot.addWidget(made)
    qtbot.keyClicks(made.title, "Text tenants before repairs")
    assert isinstance(made.due, QDateEdit) and made.due.text() == "The usual time (Settings)"
    monkeypatch.setattr(panel_module, "ask_recommendation", lambda _p, _w: made.values())
    qtbot.mouseClick(panel.recommend_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.recommendations, 1) == ["Text tenants before repairs"]
    assert _cells(panel.recommendations, 2) == ["Co-formulation"]
    # Made on 30 November: the response is due two months later.
    assert _cells(panel.recommendations, 3) == ["2027-01-30"]
    assert _cells(panel.recommendations, 4) == ["Awaited"]

    panel.recommendations.selectRow(0)
    dialogs.texts.append("Agreed from January.")
    qtbot.mouseClick(panel.respond_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.recommendations, 4)[0].startswith("Answered on ")
    assert "1 answered, 0 awaiting a response (0 overdue)" in panel.summary.text()

    # A recommendation's own due date, chosen in its date edit.
    again = panel_module.RecommendationDialog(panel, council_wide=False)
    qtbot.addWidget(again)
    qtbot.keyClicks(again.title, "Publish repair times")
    again.due.setDate(QDate(2027, 3, 1))
    monkeypatch.setattr(panel_module, "ask_recommendation", lambda _p, _w: again.values())
    qtbot.mouseClick(panel.recommend_button, Qt.MouseButton.LeftButton)
    assert _cells(panel.recommendations, 3)[-1] == "2027-03-01"
    assert panel.wants(Changes.of(touched={"participant": [1]}))
    assert not panel.wants(Changes.of(touched={"action": [1]}))


def scrutiny_member(db, review):
    with db.read_session() as s:
        return scrutiny.members(s, review)[0]
