"""Earlier issues at today's meeting, driven through the window: bring one in by search,
take up the offer of those due, move one's stage there, and "Discuss at meeting…"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from forumdesk.core import discussion, issues, meetings, minutes
from forumdesk.domain.enums import IssueStatus, PolicyStage, TimelineKind
from forumdesk.gui.workspace import discuss_dialog
from forumdesk.gui.workspace.discuss_dialog import DiscussAtMeetingDialog, discuss_at_meeting
from forumdesk.gui.workspace.meeting import ISSUES
from tests.gui.conftest import focus


@pytest.fixture
def april(db, sample) -> int:
    """A later meeting of the sample forum, planned."""
    with db.session() as s:
        return meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-04-08").id


@pytest.fixture
def at_april(make_window, april):
    window = make_window()
    window.open_meeting(april)
    window.workspace.show_area(ISSUES)
    return window


def discussed(db, meeting: int) -> list[tuple[str, tuple[str, ...]]]:
    with db.read_session() as s:
        return [(d.issue.reference, d.said) for d in discussion.discussed_at(s, meeting)]


def ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_an_earlier_issue_is_found_brought_in_and_moved_at_this_meeting(
    qtbot, at_april, db, sample, april
) -> None:
    window, area = at_april, at_april.workspace.issues
    pothole = sample.issue_refs[0]
    focus(qtbot, area.table)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E
    dialog = area.bring_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.search, "pothole")
    qtbot.waitUntil(lambda: dialog.found.text() == "1 issue found.")
    assert dialog.results.item(0).text().startswith(f"{pothole}  Potholes on Brixton Hill")
    dialog.note.setText("Highways have surveyed the road")
    ok(dialog)
    assert discussed(db, april) == [(pothole, ("Highways have surveyed the road",))]
    assert area.discussed_model.rowCount() == 1
    assert area.discussed_label.text() == "Issues discussed: 1 earlier issue"
    assert area.panel.issue is not None and area.panel.issue.reference == pothole
    assert area.model.rowCount() == 0  # none raised at this meeting
    assert area.offer.isVisible()  # the offer waits, with what is left of it
    assert area.offer_text.text() == "2 earlier issues are due or awaiting a response."

    window.stage_actions[2].trigger()  # Alt+3: to co-decision, at this meeting
    area.panel.status.choose(IssueStatus.IN_PROGRESS)
    area.panel.status.activated.emit(area.panel.status.currentIndex())
    with db.read_session() as s:
        timeline = issues.issue_detail(s, pothole).timeline
    moved = [e for e in timeline if e.kind is TimelineKind.STAGE_MOVED]
    changed = [e for e in timeline if e.kind is TimelineKind.STATUS_CHANGED]
    assert [(e.to_stage, e.meeting_id) for e in moved] == [(PolicyStage.CO_DECISION, april)]
    assert [(e.to_status, e.meeting_id) for e in changed] == [(IssueStatus.IN_PROGRESS, april)]
    with db.read_session() as s:
        found = discussion.discussed_at(s, april)[0]
    assert (found.to_stage, found.to_status) == (PolicyStage.CO_DECISION, IssueStatus.IN_PROGRESS)
    assert area.discussed.currentIndex().row() == 0  # still selected after the changes

    for _step in range(3):  # the status, the move, then the bringing in
        window.undo_action.trigger()
    assert discussed(db, april) == []
    assert area.discussed_model.rowCount() == 0
    window.redo_action.trigger()
    assert [ref for ref, _said in discussed(db, april)] == [pothole]


def test_choosing_in_one_list_shows_that_issue_and_clears_the_other(
    qtbot, at_april, db, sample, april
) -> None:
    area = at_april.workspace.issues
    with db.session() as s:
        discussion.discuss(s, sample.issue_refs[1], april)
        issues.record_issue(s, forum="BHF", title="Raised in April", meeting=april)
    area.reload()
    area.select_discussed(area.discussed_model.record(0).issue.id)
    assert area.panel.issue.reference == sample.issue_refs[1]
    area.select(area.model.issue_at(0).id)
    assert area.panel.issue.title == "Raised in April"
    assert not area.discussed.selectionModel().hasSelection()
    area.select_discussed(area.discussed_model.record(0).issue.id)
    assert area.panel.issue.reference == sample.issue_refs[1]
    assert not area.table.selectionModel().hasSelection()


def test_an_issue_already_discussed_cannot_be_chosen_again(qtbot, at_april, db, sample, april):
    area = at_april.workspace.issues
    with db.session() as s:
        discussion.discuss(s, sample.issue_refs[0], april)
    area.reload()
    area.bring_earlier()
    dialog = area.bring_dialog
    dialog.search.setText(sample.issue_refs[0])
    dialog.find()
    item = dialog.results.item(0)
    assert item.text().endswith(": already discussed")
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not dialog.ok.isEnabled()
    dialog.reject()


def test_opening_a_meeting_offers_the_issues_due_once(qtbot, at_april, db, sample, april):
    area = at_april.workspace.issues
    assert area.offer.isVisible()
    assert area.offer_text.text() == "3 earlier issues are due or awaiting a response."
    qtbot.mouseClick(area.offer_review, Qt.MouseButton.LeftButton)
    dialog = area.due_dialog
    assert dialog.issues.count() == 3
    assert dialog.issues.item(0).text().endswith(": awaits a response")
    assert not dialog.ok.isEnabled()
    dialog.issues.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.issues.item(2).setCheckState(Qt.CheckState.Checked)
    ok(dialog)
    assert [ref for ref, _said in discussed(db, april)] == [
        sample.issue_refs[0],
        sample.issue_refs[2],
    ]
    assert not area.offer.isVisible()
    assert area.discussed_model.rowCount() == 2
    at_april.open_meeting(sample.meeting_id)
    at_april.open_meeting(april)
    assert not area.offer.isVisible()  # offered once


def test_not_now_puts_the_offer_away_and_a_closed_meeting_offers_nothing(
    qtbot, make_window, db, sample, april
) -> None:
    window = make_window()
    window.open_meeting(april)
    window.workspace.show_area(ISSUES)
    area = window.workspace.issues
    qtbot.mouseClick(area.offer_close, Qt.MouseButton.LeftButton)
    assert not area.offer.isVisible()
    window.open_meeting(sample.meeting_id)
    window.open_meeting(april)
    assert not area.offer.isVisible()
    with db.session() as s:
        closed = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06")
        meetings.set_meeting_status(s, closed.id, "in-progress")
        meetings.set_meeting_status(s, closed.id, "closed")
    window.open_meeting(closed.id)
    assert not area.offer.isVisible()


def test_approved_minutes_leave_no_way_to_bring_an_issue_in(qtbot, make_window, db, april):
    with db.session() as s:
        minutes.approve_minutes(s, april)
    window = make_window()
    window.open_meeting(april)
    window.workspace.show_area(ISSUES)
    area = window.workspace.issues
    assert not area.bring_button.isEnabled()
    assert not area.offer.isVisible()
    window.bring_action.trigger()
    assert area.bring_dialog is None


def test_discuss_at_meeting_brings_issues_chosen_elsewhere(
    qtbot, make_window, db, sample, april, monkeypatch, dialogs
) -> None:
    window = make_window()
    with db.session() as s:
        ids = [issues.get_issue(s, ref).id for ref in sample.issue_refs[:2]]
        discussion.discuss(s, ids[1], april)
    offered: list[list[int]] = []

    def answer(_parent, found, count):
        offered.append([m.id for m in found])
        assert count == 2
        return april, "Follow-up from March"

    monkeypatch.setattr(discuss_dialog, "ask_meeting", answer)
    brought = discuss_at_meeting(window.desk, window.undo_stack, ids, window)
    assert brought == 1
    assert offered == [[sample.meeting_id, april]]  # both planned, by date
    assert dialogs.infos == [
        f"{sample.issue_refs[1]} was already discussed at the Brixton Hill Area Forum "
        "meeting of 8 April 2026."
    ]
    assert discussed(db, april) == [
        (sample.issue_refs[1], ()),
        (sample.issue_refs[0], ("Follow-up from March",)),
    ]
    window.undo_action.trigger()
    assert discussed(db, april) == [(sample.issue_refs[1], ())]


def test_the_meeting_dialog_lists_meetings_by_forum_and_date(qtbot, db, sample, april) -> None:
    with db.read_session() as s:
        found = discussion.meetings_to_discuss(s, [1])
    dialog = DiscussAtMeetingDialog(found, 1)
    qtbot.addWidget(dialog)
    texts = [dialog.meeting.itemText(i) for i in range(dialog.meeting.count())]
    assert texts == [
        "BHF, 4 March 2026: Area forum meeting (planned)",
        "BHF, 8 April 2026: Area forum meeting (planned)",
    ]
    dialog.meeting.setCurrentIndex(1)
    dialog.note.setText("  ")
    assert dialog.chosen() == (april, None)


def test_with_no_meeting_to_go_to_it_says_so(qtbot, make_window, db, sample, dialogs) -> None:
    window = make_window()
    with db.session() as s:
        minutes.approve_minutes(s, sample.meeting_id)
        ident = issues.get_issue(s, sample.issue_refs[0]).id
    assert discuss_at_meeting(window.desk, window.undo_stack, [ident], window) == 0
    assert dialogs.infos == [
        "The issue's forum has no meeting that is planned or in progress with its minutes "
        "still a draft: add a meeting first."
    ]
