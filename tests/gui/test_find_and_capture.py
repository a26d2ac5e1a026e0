"""Ctrl+F and the capture bar together: the issue just recorded is the one shown and moved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.domain.enums import PolicyStage
from tests.gui.conftest import focus, saved, type_text


def _find(qtbot, window, text: str) -> None:
    area = window.workspace.issues
    window.find_action.trigger()
    qtbot.waitUntil(area.filter.hasFocus)
    type_text(area.filter, text)
    qtbot.waitUntil(lambda: area.model.rowCount() == 1)


def test_an_issue_captured_under_a_filter_is_shown_selected_and_moved_by_alt_4(
    qtbot, window, db, sample
) -> None:
    area = window.workspace.issues
    focus(qtbot, window.workspace)
    _find(qtbot, window, "wyl")
    area.select(2)
    assert area.panel.issue.reference == "BHF-0002"

    window.capture()
    qtbot.waitUntil(area.capture.title.hasFocus)
    type_text(area.capture.title, "Overflowing bins")
    qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    saved(qtbot, area.capture)

    assert area.filter.text() == ""  # cleared, so that the new issue can be seen
    assert "BHF-0004" in area.notice.text() and area.notice.isVisible()
    assert area.model.rowCount() == 4
    assert area.selected_id() == 4
    assert area.panel.issue.reference == "BHF-0004"

    qtbot.keyClick(area.capture.title, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0004").stage is PolicyStage.CO_IMPLEMENTATION
        assert issues.get_issue(s, "BHF-0002").stage is PolicyStage.CO_DEFINITION


def test_a_capture_that_the_filter_finds_keeps_the_filter(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    focus(qtbot, window.workspace)
    _find(qtbot, window, "wyl")
    window.capture()
    qtbot.waitUntil(area.capture.title.hasFocus)
    type_text(area.capture.title, "Bins on Ffordd yr Wyl")
    qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    saved(qtbot, area.capture)
    assert area.filter.text() == "wyl"
    assert area.model.rowCount() == 2
    assert area.panel.issue.reference == "BHF-0004"
    assert not area.notice.isVisible()


def test_escape_in_the_find_box_clears_it(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    focus(qtbot, window.workspace)
    _find(qtbot, window, "wyl")
    qtbot.keyClick(area.filter, Qt.Key.Key_Escape)
    assert area.filter.text() == ""
    assert area.model.rowCount() == 3
    qtbot.keyClick(area.filter, Qt.Key.Key_Escape)  # empty: Escape goes to the list
    qtbot.waitUntil(area.table.hasFocus)
