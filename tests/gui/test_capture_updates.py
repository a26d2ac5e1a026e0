"""A capture updates only what it changed: the list grows by one row, nothing else is read."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.domain.changes import Changes
from forumdesk.gui.models import ID_ROLE
from tests.gui.conftest import saved, type_text


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
    saved(qtbot, area.capture)
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
    window.workspace.issues.refresh(Changes.all())
    assert first != "Potholes, mended"
    assert model.index(0, 1).data() == "Potholes, mended"


def test_a_capture_under_a_search_is_listed_the_search_cleared_if_need_be(
    qtbot, window, sample
) -> None:
    window.capture()
    area = window.workspace.issues
    area.filter.setText("Potholes")
    area.reload()
    assert area.model.rowCount() == 1
    assert area.count.text() == "1 issue"
    type_text(area.capture.title, "Potholes again on Acre Lane")
    qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    saved(qtbot, area.capture)
    shown = [area.model.index(row, 1).data() for row in range(area.model.rowCount())]
    assert shown == ["Potholes on Brixton Hill", "Potholes again on Acre Lane"]
    assert area.count.text() == "2 issues"
    type_text(area.capture.title, "Bins not collected")
    qtbot.keyClick(area.capture.title, Qt.Key.Key_Return)
    saved(qtbot, area.capture)
    assert area.filter.text() == "" and area.count.text() == "5 issues"
    assert area.notice.text() == "Find cleared to show BHF-0005."
