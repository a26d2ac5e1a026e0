"""An approved meeting looks approved: its minuted fields are read-only until it is reopened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from forumdesk.core import agenda, minutes
from forumdesk.gui.workspace.meeting import AGENDA, ATTENDANCE, MINUTES
from tests.gui.conftest import focus, type_text


def _approved(db, sample) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Welcome", notes="Croeso.")
        minutes.approve_minutes(s, sample.meeting_id, approved_by="Priya Shah")


def _notes(db, sample) -> str | None:
    with db.session() as s:
        return agenda.list_agenda(s, sample.meeting_id)[0].notes


def test_an_approved_meeting_is_read_only_with_a_banner(
    qtbot, make_window, db, dialogs, sample
) -> None:
    _approved(db, sample)
    window = make_window()
    workspace, area = window.workspace, window.workspace.agenda
    workspace.show_area(AGENDA)
    assert workspace.banner.isVisible()
    assert "approved" in workspace.banner_text.text()
    assert "version 1" in workspace.banner_text.text()
    assert area.notes.isReadOnly() and area.title.isReadOnly() and area.presenter.isReadOnly()
    assert not area.new_title.isEnabled() and not area.add_outcome.isEnabled()
    assert not area.delete_item.isEnabled() and not area.move_up.isEnabled()

    focus(qtbot, area.notes)
    type_text(area.notes, "Late words")
    area.notes.clearFocus()
    qtbot.wait(50)
    assert area.notes.toPlainText() == "Croeso."  # nothing typed in, nothing on screen
    assert dialogs.errors == []  # and no warning, let alone two
    assert _notes(db, sample) == "Croeso."

    workspace.show_area(ATTENDANCE)
    assert not window.workspace.attendance.sign_in.isEnabled()
    assert not window.edit_meeting_action.isEnabled()


def test_reopen_asks_then_makes_the_fields_editable(
    qtbot, make_window, db, dialogs, sample
) -> None:
    _approved(db, sample)
    window = make_window()
    workspace, area = window.workspace, window.workspace.agenda
    workspace.show_area(AGENDA)
    buttons = [b for b in workspace.findChildren(type(workspace.reopen)) if "Reopen" in b.text()]
    assert [b for b in buttons if b.isVisible()] == [workspace.reopen]  # one, on this area

    dialogs.answer = False
    qtbot.mouseClick(workspace.reopen, Qt.MouseButton.LeftButton)
    assert len(dialogs.questions) == 1 and "BHF" in dialogs.questions[0]
    with db.session() as s:
        assert minutes.minutes_state(s, sample.meeting_id).sealed is not None
    assert area.notes.isReadOnly()

    dialogs.answer = True
    qtbot.mouseClick(workspace.reopen, Qt.MouseButton.LeftButton)
    with db.session() as s:
        assert minutes.minutes_state(s, sample.meeting_id).sealed is None
    assert not workspace.banner.isVisible()
    assert not area.notes.isReadOnly() and area.new_title.isEnabled()
    assert window.edit_meeting_action.isEnabled()
    focus(qtbot, area.notes)
    qtbot.keyClick(area.notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(area.notes, " Late words.")
    area.notes.flush()
    assert _notes(db, sample) == "Croeso. Late words."
    assert dialogs.errors == []


def test_approving_in_the_window_makes_the_agenda_read_only(
    qtbot, window, db, dialogs, sample
) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Welcome")
    window.workspace.show_area(AGENDA)
    window.workspace.agenda.reload()
    assert not window.workspace.agenda.notes.isReadOnly()
    assert not window.workspace.banner.isVisible()
    window.workspace.show_area(MINUTES)
    assert not window.workspace.banner.isVisible()  # the Minutes area has its own
    dialogs.texts.append("Priya Shah")
    window.workspace.minutes.approve.click()
    assert not window.workspace.banner.isVisible()
    window.workspace.show_area(AGENDA)
    assert window.workspace.banner.isVisible()
    assert window.workspace.agenda.notes.isReadOnly()


def test_no_action_is_added_to_or_deleted_from_approved_minutes(
    qtbot, make_window, db, dialogs, sample
) -> None:
    from forumdesk.core import actions
    from forumdesk.domain.errors import Conflict
    from forumdesk.gui.workspace.meeting import ACTIONS

    with db.session() as s:
        agreed = actions.add_action(
            s, description="Write to the highways team", meeting=sample.meeting_id
        )
    _approved(db, sample)
    window = make_window()
    window.workspace.show_area(ACTIONS)
    area = window.workspace.actions
    assert not area.description.isEnabled() and not area.add.isEnabled()
    assert not area.delete.isEnabled()
    with db.session() as s, pytest.raises(Conflict, match="reopen them"):
        actions.add_action(s, description="Late action after approval", meeting=sample.meeting_id)
    with db.session() as s, pytest.raises(Conflict, match="reopen them"):
        actions.delete_action(s, agreed.id)
    with db.session() as s:  # what happens after the meeting still moves on
        assert actions.set_action_status(s, agreed.id, "done").status.value == "done"
