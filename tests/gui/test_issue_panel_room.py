"""The issues list and panel at the size a 1366×768 laptop shows: titles, timeline, comment box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.gui.workspace.meeting import ISSUES

LAPTOP_WINDOW = (1280, 720)  # a maximised window on a 1366×768 screen
LONG_TITLE = "Potholes on Brixton Hill near the junction with Acre Lane and the school gates"
LONG_NOTE = (
    "Highways replied that the resurfacing of Brixton Hill is planned for the spring, "
    "after the gas works, and that the worst holes will be patched this month."
)


@pytest.fixture
def laptop(qtbot, window, db, sample):
    """The window at laptop size, the Issues area showing an issue with a long history."""
    with db.session() as s:
        issues.edit_issue(s, 1, {"title": LONG_TITLE})
        issues.comment(s, 1, LONG_NOTE)
    window.showNormal()
    window.resize(*LAPTOP_WINDOW)
    window.workspace.show_area(ISSUES)
    area = window.workspace.issues
    area.reload()
    area.select(1)
    qtbot.waitUntil(lambda: window.size().width() == LAPTOP_WINDOW[0])
    qtbot.wait(20)
    return area


def test_a_cut_title_keeps_both_ends_and_shows_in_full_as_a_tooltip(laptop) -> None:
    area = laptop
    assert area.table.textElideMode() is Qt.TextElideMode.ElideMiddle
    cell = area.model.index(area.model.row_of(1), 1)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == LONG_TITLE
    shown = area.table.fontMetrics().horizontalAdvance(LONG_TITLE)
    assert shown > area.table.columnWidth(1)  # too long for its column: it is elided


def test_the_timeline_wraps_and_shows_several_lines(laptop) -> None:
    timeline = laptop.panel.timeline
    assert timeline.wordWrap()
    assert timeline.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    last = timeline.item(timeline.count() - 1)
    assert LONG_NOTE in last.text()
    line = timeline.fontMetrics().lineSpacing()
    rect = timeline.visualItemRect(last)
    assert rect.height() >= 2 * line  # wrapped onto more lines, not cut
    assert rect.width() <= timeline.viewport().width()
    assert timeline.viewport().height() >= 4 * line


def test_the_comment_box_takes_the_width_of_its_row(laptop) -> None:
    panel = laptop.panel
    assert panel.note.width() >= panel.timeline.width() - 2
    assert panel.note.width() > 250


def test_the_panel_needs_no_sideways_scrolling(laptop) -> None:
    scroll_area = laptop.splitter.widget(1)
    assert scroll_area.widget() is laptop.panel
    assert scroll_area.horizontalScrollBar().maximum() == 0
    assert laptop.panel.title.width() > 250


def test_a_long_title_in_the_panel_shows_its_beginning(laptop) -> None:
    title = laptop.panel.title
    assert title.text() == LONG_TITLE
    assert title.cursorPosition() == 0  # "Potholes on…", not "…and the school gates"
