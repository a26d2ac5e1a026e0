"""Removing a sign-in in the window makes an erasure; Ctrl+Z before an export takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from forumdesk.core import attendance
from forumdesk.db.models import Erasure
from forumdesk.gui.workspace.meeting import ATTENDANCE
from tests.gui.conftest import focus


def test_delete_then_undo_puts_the_name_back_and_leaves_no_erasure(
    qtbot, window, db, sample
) -> None:
    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    area.table.setCurrentIndex(area.model.index(0, 0))
    focus(qtbot, area.table)

    def held():
        with db.read_session() as s:
            signed = [p.name for p in attendance.list_attendance(s, sample.meeting_id)]
            return signed, [(e.reason, e.fields) for e in s.scalars(select(Erasure))]

    qtbot.keyClick(area.table, Qt.Key.Key_Delete)
    assert held() == ([], [("removed", ["name"])])
    window.undo_action.trigger()
    assert held() == (["Aled Jones"], [])  # it never left this desk: nothing travels
    window.redo_action.trigger()
    assert held() == ([], [("removed", ["name"])])


def test_undo_after_an_erasure_made_elsewhere_does_not_put_the_name_back(
    qtbot, window, db, sample
) -> None:
    """The window changes a sign-in's attendance; meanwhile `person erase` runs from the
    command line; Ctrl+Z then puts back the attendance only, not the erased name."""
    from forumdesk.core import erasure
    from forumdesk.domain.enums import Presence

    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    area.table.setCurrentIndex(area.model.index(0, 0))
    combo = area.person_presence
    combo.setCurrentIndex(combo.findData(Presence.LEFT_EARLY))
    combo.activated.emit(combo.currentIndex())
    with db.session() as s:  # another program, on the same database
        (signed,) = attendance.list_attendance(s, sample.meeting_id)
        assert signed.presence is Presence.LEFT_EARLY
        erasure.erase(s, [signed.id], reason="request")
    window.undo_action.trigger()
    with db.read_session() as s:
        (signed,) = attendance.list_attendance(s, sample.meeting_id)
    assert (signed.name, signed.presence) == (None, Presence.PRESENT)


def test_a_stale_copy_of_an_erased_name_is_refused_with_a_reason(db, sample) -> None:
    from forumdesk.core import erasure
    from forumdesk.domain.errors import InvalidValue

    with db.session() as s:
        (signed,) = attendance.list_attendance(s, sample.meeting_id)
        stale = attendance.as_changes(signed)
        erasure.erase(s, [signed.id], reason="request")
    with db.session() as s:
        try:
            attendance.edit_attendance(s, signed.id, stale)
        except InvalidValue as refused:
            assert "erased on" in str(refused)
        else:
            raise AssertionError("an erased name was put back")


def test_undoing_a_withdrawal_that_left_in_an_export_is_refused(
    qtbot, window, db, sample, dialogs, tmp_path
) -> None:
    """Unticking 'May be named' erases the name; once an export carried that, Ctrl+Z
    says why it cannot be undone and the name stays erased."""
    from forumdesk.exchange import export

    area = window.workspace.attendance
    window.workspace.show_area(ATTENDANCE)
    area.table.setCurrentIndex(area.model.index(0, 0))
    area.person_named.click()  # withdraw the consent to be named
    with db.session() as s:
        export.write(s, tmp_path / "out.json", export.Selection(personal_data=True))
    window.undo_action.trigger()
    assert dialogs.errors and "cannot be undone" in dialogs.errors[-1]
    with db.read_session() as s:
        (signed,) = attendance.list_attendance(s, sample.meeting_id)
    assert signed.name is None
