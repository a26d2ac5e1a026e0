"""A capture updates only what it changed: the list grows by one row, nothing else is read."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.gui.models import ID_ROLE
from tests.gui.conftest import type_text


def test_a_capture_appends_one_row_and_keeps_what_was_read(qtbot, window, sample) -> None:
    window.capture()
    area = window.workspace.issues
    model = area.model
    rows = model.rowCount()
    for row in range(rows):
        model.data(model.index(row, 1))  # every row shown once
    read_before = set(model._cache)
    type_text(area.capture.title, "Bins not collected on Acre Lane")
    qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    assert model.rowCount() == rows + 1
    new_id = model.index(rows, 0).data(ID_ROLE)
    assert model.index(rows, 1).data() == "Bins not collected on Acre Lane"
    # What was read before is kept (a reset would have dropped it); only the new one is new.
    assert set(model._cache) == read_before | {new_id}


def test_an_edit_elsewhere_shows_at_once(qtbot, window, sample, db) -> None:
    window.capture()
    model = window.workspace.issues.model
    first = model.index(0, 1).data()
    with db.session() as s:
        issues.edit_issue(s, sample.issue_refs[0], {"title": "Potholes, mended"})
    window.workspace.issues.refresh()
    assert first != "Potholes, mended"
    assert model.index(0, 1).data() == "Potholes, mended"


def test_a_capture_under_a_search_lists_it_only_if_it_matches(qtbot, window, sample) -> None:
    window.capture()
    area = window.workspace.issues
    area.filter.setText("Potholes")
    area.reload()
    assert area.model.rowCount() == 1
    assert area.count.text() == "1 issue"
    for title in ("Bins not collected", "Potholes again on Acre Lane"):
        type_text(area.capture.title, title)
        qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    shown = [area.model.index(row, 1).data() for row in range(area.model.rowCount())]
    assert shown == ["Potholes on Brixton Hill", "Potholes again on Acre Lane"]
    assert area.count.text() == "2 issues"
