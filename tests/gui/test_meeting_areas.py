"""Agenda, attendance and actions areas, driven through their widgets, checked in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import actions, agenda, attendance, meetings
from forumdesk.domain.enums import ActionStatus, AttendanceRole, OutcomeKind, Presence
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ATTENDANCE
from tests.gui.conftest import focus, type_text


def test_agenda_items_are_added_reordered_and_minuted(qtbot, window, db, sample) -> None:
    area = window.workspace.agenda
    window.workspace.show_area(AGENDA)
    for title in ("Welcome", "Police update", "Residents' issues"):
        focus(qtbot, area.new_title)
        qtbot.keyClicks(area.new_title, title)
        qtbot.keyClick(area.new_title, Qt.Key.Key_Return)
    focus(qtbot, area.table)
    assert area.model.record(area.table.currentIndex().row()).title == "Residents' issues"
    qtbot.keyClick(area.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        titles = [i.title for i in agenda.list_agenda(s, sample.meeting_id)]
    assert titles == ["Welcome", "Residents' issues", "Police update"]

    focus(qtbot, area.notes)
    type_text(area.notes, "Sgt Moss reported fewer burglaries on Heol y Dŵr.")
    focus(qtbot, area.outcome_text)  # leaving the notes saves them
    area.outcome_kind.choose(OutcomeKind.DECISION)
    type_text(area.outcome_text, "Ask for a PCSO at the market")
    qtbot.keyClick(area.outcome_text, Qt.Key.Key_Return)
    with db.session() as s:
        item = agenda.list_agenda(s, sample.meeting_id)[1]
    assert item.notes == "Sgt Moss reported fewer burglaries on Heol y Dŵr."
    assert item.discussed
    assert [(o.kind, o.text) for o in item.outcomes] == [
        (OutcomeKind.DECISION, "Ask for a PCSO at the market")
    ]
    assert area.outcomes.count() == 1

    window.undo_action.trigger()  # the outcome
    window.undo_action.trigger()  # the move
    with db.session() as s:
        items = agenda.list_agenda(s, sample.meeting_id)
    assert [i.title for i in items] == ["Welcome", "Police update", "Residents' issues"]
    assert items[2].outcomes == ()


def test_an_action_outcome_creates_an_action_in_the_actions_area(qtbot, window, db, sample):
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Highways")
    area = window.workspace.agenda
    window.workspace.show_area(AGENDA)
    area.reload(select=item.id)
    area.outcome_kind.choose(OutcomeKind.ACTION)
    area.outcome_text.setText("Write to highways about Josephine Avenue")
    area.outcome_owner.setText("Daniel Reed")
    area.outcome_due.setText("2026-04-30")
    area.add_outcome_now()
    window.workspace.show_area(ACTIONS)
    listed = window.workspace.actions.model.records()
    assert [(a.description, a.owner, str(a.due_date)) for a in listed] == [
        ("Write to highways about Josephine Avenue", "Daniel Reed", "2026-04-30")
    ]


def test_sign_in_respects_consent(qtbot, window, db, dialogs, sample) -> None:
    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    area.role.choose(AttendanceRole.RESIDENT)
    assert not area.name.isEnabled()  # no name without consent to be named
    assert not area.contact.isEnabled()
    qtbot.mouseClick(area.consent_named, Qt.MouseButton.LeftButton)
    assert area.name.isEnabled()
    type_text(area.name, "Gwenllian Ŵynne")
    qtbot.mouseClick(area.consent_contact, Qt.MouseButton.LeftButton)
    area.contact.setText("gwen@example.org")
    qtbot.mouseClick(area.sign_in, Qt.MouseButton.LeftButton)

    area.role.choose(AttendanceRole.RESIDENT)
    area.presence.choose(Presence.LEFT_EARLY)
    qtbot.mouseClick(area.sign_in, Qt.MouseButton.LeftButton)  # an anonymous resident

    with db.session() as s:
        people = attendance.list_attendance(s, sample.meeting_id)
    assert [(p.name, p.contact, p.presence) for p in people[1:]] == [
        ("Gwenllian Ŵynne", "gwen@example.org", Presence.PRESENT),
        (None, None, Presence.LEFT_EARLY),
    ]
    assert area.model.rowCount() == 3
    assert dialogs.errors == []

    area.role.choose(AttendanceRole.OFFICER)
    assert area.name.isEnabled()  # officers attend in a public role
    area.name.setText("Daniel Reed")
    qtbot.mouseClick(area.sign_in, Qt.MouseButton.LeftButton)
    window.undo_action.trigger()
    with db.session() as s:
        assert len(attendance.list_attendance(s, sample.meeting_id)) == 3


def test_a_sign_in_is_changed_later_and_each_change_undone(qtbot, window, db, sample) -> None:
    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)

    def aled():
        with db.session() as s:
            return attendance.list_attendance(s, sample.meeting_id)[0]

    assert not area.person_box.isEnabled()  # nobody selected yet
    area.table.setCurrentIndex(area.model.index(0, 0))
    assert area.person_box.isEnabled() and area.person_name.text() == "Aled Jones"

    qtbot.keyClick(area.person_presence, Qt.Key.Key_End)  # he leaves early
    assert aled().presence is Presence.LEFT_EARLY
    assert area.model.index(0, 2).data() == "Left early"
    assert area.person_name.text() == "Aled Jones"  # still selected after the change

    qtbot.keyClick(area.person_named, Qt.Key.Key_Space)  # he withdraws his consent
    assert (aled().consent_named, aled().name) == (False, None)  # the name is erased
    assert not area.person_name.isEnabled() and area.person_name.text() == ""
    window.undo_action.trigger()
    assert (aled().consent_named, aled().name) == (True, "Aled Jones")
    assert area.person_name.text() == "Aled Jones"

    qtbot.keyClick(area.person_contactable, Qt.Key.Key_Space)
    assert area.person_contact.isEnabled()
    type_text(area.person_contact, "aled@example.org")
    qtbot.keyClick(area.person_contact, Qt.Key.Key_Return)
    assert (aled().consent_contact, aled().contact) == (True, "aled@example.org")
    window.undo_action.trigger()  # the contact details
    window.undo_action.trigger()  # the consent
    window.undo_action.trigger()  # the early leaving
    assert (aled().consent_contact, aled().contact, aled().presence) == (
        False,
        None,
        Presence.PRESENT,
    )


def _next_tab_stop(widget):
    widget = widget.nextInFocusChain()
    while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        widget = widget.nextInFocusChain()
    return widget


def test_tab_goes_from_signing_in_to_the_list_then_to_the_selected_person(
    qtbot, window, sample
) -> None:
    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    assert _next_tab_stop(area.sign_in) is area.fewer
    assert _next_tab_stop(area.more) is area.table
    assert _next_tab_stop(area.table) is area.person_presence
    area.table.setCurrentIndex(area.model.index(0, 0))
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_Tab)  # leaves the list, not to its next column
    assert area.person_presence.hasFocus()


def test_headcount_buttons(qtbot, window, db, sample) -> None:
    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    for _ in range(3):
        qtbot.mouseClick(area.more, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(area.fewer, Qt.MouseButton.LeftButton)
    assert area.headcount.text() == "2"
    with db.session() as s:
        assert meetings.get_meeting(s, sample.meeting_id).headcount == 2
    window.undo_action.trigger()
    with db.session() as s:
        assert meetings.get_meeting(s, sample.meeting_id).headcount == 3


def test_actions_are_added_marked_done_and_undone(qtbot, window, db, sample) -> None:
    area = window.workspace.actions
    window.workspace.show_area(ACTIONS)
    focus(qtbot, area.description)
    qtbot.keyClicks(area.description, "Book the hall for June")
    area.owner.setText("Priya Shah")
    area.due.setText("2026-05-01")
    qtbot.keyClick(area.description, Qt.Key.Key_Return)
    area.table.selectRow(0)
    area.set_status(ActionStatus.DONE)
    with db.session() as s:
        listed = actions.list_actions(s, meeting=sample.meeting_id)
    assert [(a.description, a.status) for a in listed] == [
        ("Book the hall for June", ActionStatus.DONE)
    ]
    # The row stays selected, so the next status change needs no new selection.
    assert area.selected() is not None and area.selected().status is ActionStatus.DONE
    assert area.status.isEnabled() and area.status.current() is ActionStatus.DONE
    window.undo_action.trigger()
    with db.session() as s:
        assert actions.list_actions(s, meeting=sample.meeting_id)[0].status is ActionStatus.OPEN


def test_a_bad_due_date_is_refused_and_kept_on_screen(qtbot, window, db, dialogs, sample) -> None:
    area = window.workspace.actions
    window.workspace.show_area(ACTIONS)
    area.description.setText("Chase the council")
    area.due.setText("next week")
    area.add_now()
    assert dialogs.errors == ["Due date: 'next week' is not a date like 2026-03-04"]
    assert area.due.text() == "next week" and area.description.text() == "Chase the council"
    with db.session() as s:
        assert actions.list_actions(s, meeting=sample.meeting_id) == []


def test_dragging_an_agenda_item_reorders_it(qtbot, window, db, sample) -> None:
    with db.session() as s:
        for title in ("Welcome", "Police update", "Any other business"):
            agenda.add_agenda_item(s, sample.meeting_id, title=title)
    area = window.workspace.agenda
    window.workspace.show_area(AGENDA)
    area.reload()  # the items were added behind the window's back
    model = area.model
    dragged = model.mimeData([model.index(2, 0)])  # "Any other business"
    from PySide6.QtCore import QModelIndex

    model.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())  # to the top
    with db.session() as s:
        titles = [i.title for i in agenda.list_agenda(s, sample.meeting_id)]
    assert titles == ["Any other business", "Welcome", "Police update"]
    assert [r.title for r in model.records()] == titles


def test_ctrl_z_after_adding_an_agenda_item_takes_it_away(qtbot, window, db, sample) -> None:
    window.workspace.show_area(AGENDA)
    area = window.workspace.agenda
    focus(qtbot, area.new_title)
    qtbot.keyClicks(area.new_title, "Parking on Acre Lane")
    qtbot.keyClick(area.new_title, Qt.Key.Key_Return)
    with db.session() as s:
        assert "Parking on Acre Lane" in [i.title for i in agenda.list_agenda(s, sample.meeting_id)]
    qtbot.keyClick(area.new_title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        assert "Parking on Acre Lane" not in [
            i.title for i in agenda.list_agenda(s, sample.meeting_id)
        ]
    assert area.new_title.text() == ""
