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
