"""Stage moves made and undone at the keyboard, read back from the minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.domain.enums import PolicyStage, TimelineKind
from forumdesk.reports import documents
from tests.gui.conftest import focus
from tests.reports.helpers import flat

MOVED = "Issues moved to another stage at this meeting"


def stage_key(qtbot, widget, digit: int) -> None:
    qtbot.keyClick(widget, Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.AltModifier)


def test_a_move_undone_is_not_in_the_minutes(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(1)  # BHF-0001
    focus(qtbot, area.table)
    stage_key(qtbot, area.table, 3)  # Alt+3, Ctrl+Z, redo, Ctrl+Z
    qtbot.keyClick(area.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.redo_action.trigger()
    qtbot.keyClick(area.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        detail = issues.issue_detail(s, "BHF-0001")
        text = flat(documents.minutes_pdf(s, sample.meeting_id))
    moves = [e for e in detail.timeline if e.kind is TimelineKind.STAGE_MOVED]
    assert len(moves) == 4  # the timeline keeps the history
    assert detail.issue.stage is PolicyStage.CO_DEFINITION
    assert MOVED not in text and "Move undone." not in text


def test_two_steps_are_minuted_as_the_one_move_the_meeting_made(qtbot, window, db, sample):
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(1)  # BHF-0001
    focus(qtbot, area.table)
    stage_key(qtbot, area.table, 2)
    stage_key(qtbot, area.table, 3)
    with db.session() as s:
        text = flat(documents.minutes_pdf(s, sample.meeting_id))
    moved = text[text.index(MOVED) :]
    assert moved.count("BHF-0001") == 1
    assert "Co-definition of problems Co-decision making" in moved
