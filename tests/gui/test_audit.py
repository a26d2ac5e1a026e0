"""The co-production audit dashboard, driven as an officer would (on the crafted desk)."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor

from forumdesk.core import issues
from forumdesk.gui.charts import SERIES_COLOURS
from tests.core.test_coverage import desk  # noqa: F401  (the crafted desk)
from tests.gui.conftest import finish_work


def _audit(make_window):
    window = make_window()
    window.audit_action.trigger()  # View → Co-production audit
    return window, window.audit


def _gaps(view) -> list:
    grid = view.grid
    return [
        grid.item(row, column)
        for row in range(grid.rowCount())
        for column in range(grid.columnCount())
        if grid.item(row, column) is not None and grid.item(row, column).text() == "Gap"
    ]


def test_the_view_menu_opens_the_audit_of_everything(desk, make_window) -> None:  # noqa: F811
    window, view = _audit(make_window)
    assert window.current_view is view
    assert view.title.text() == "All forums · all dates"
    assert view.summary.text().splitlines()[0] == (
        "5 issues raised, 2 meetings held, 5 residents present."
    )
    assert "No issues were co-evaluated with residents in this period." in view.summary.text()


def test_filters_change_the_numbers(desk, make_window, qtbot) -> None:  # noqa: F811
    _window, view = _audit(make_window)
    view.forum.setCurrentIndex(view.forum.findData("BBB"))
    assert view.title.text() == "Beta Forum · all dates"
    assert view.summary.text().startswith("1 issue raised, 0 meetings held, 0 residents present.")
    view.forum.setCurrentIndex(0)  # all forums again
    view.start.setDate(QDate(2026, 2, 1))
    view.end.setDate(QDate(2026, 2, 28))
    assert view.period()[0].isoformat() == "2026-02-01"
    assert view.summary.text().startswith("2 issues raised, 1 meeting held, 2 residents present.")
    view.start.setDate(QDate(2026, 3, 1))  # after the end: said, and nothing to save
    assert view.summary.text() == "The period ends on 2026-02-28, before it starts on 2026-03-01."
    assert not view.save.isEnabled() and view.grid.rowCount() == 0
    assert all(chart.chart is None for chart in view.charts)  # no earlier period's bars
    view.start.setDate(view.start.minimumDate())  # "From the start" again
    assert view.start.text() == "From the start" and view.save.isEnabled()
    assert view.summary.text().startswith("4 issues raised, 2 meetings held, 5 residents present.")


def test_gaps_are_marked_in_words_and_colour(desk, make_window) -> None:  # noqa: F811
    _window, view = _audit(make_window)
    gaps = _gaps(view)
    assert len(gaps) == 8
    assert all(g.background().color() == QColor("#f8d7da") for g in gaps)
    spoken = {g.data(Qt.ItemDataRole.AccessibleTextRole) for g in gaps}
    assert "Gap: Policy jury usually serves co-decision; nothing in this period." not in spoken
    assert "Gap: Referendum or ballot usually serves co-decision; nothing in this period." in spoken
    area = next(
        r
        for r in range(view.grid.rowCount())
        if view.grid.verticalHeaderItem(r).text() == "Area forum meeting"
    )
    assert view.grid.item(area, 0).text() == "1 · 1 · 3"  # issues · meetings · residents
    assert view.grid.item(area, 4).text() == "Gap"
    view.forum.setCurrentIndex(view.forum.findData("BBB"))
    assert len(_gaps(view)) == 10  # a forum with no meetings leaves every usual stage empty


def test_the_charts_paint_and_describe_their_data(desk, make_window) -> None:  # noqa: F811
    _window, view = _audit(make_window)
    stages = view.charts[0]
    assert stages.accessibleName() == "Issues in each stage"
    assert stages.accessibleDescription() == (
        "Issues in each stage. Co-definition 4, Co-formulation 0, Co-decision 1, "
        "Co-implementation 0, Co-evaluation 0."
    )
    image = stages.grab().toImage()
    blue = QColor(SERIES_COLOURS[0]).rgb()
    assert any(
        image.pixel(x, y) == blue for x in range(0, image.width(), 3) for y in range(image.height())
    )
    flow = view.charts[3]
    assert "Responses given: Mar 2026 1" in flow.accessibleDescription()
    assert not flow.grab().isNull()
    view.set_period(QDate(2025, 1, 1).toPython(), QDate(2025, 1, 31).toPython())
    assert view.charts[2].accessibleDescription() == (
        "Issues raised per ward: no data in this period."
    )
    assert not view.charts[2].grab().isNull()  # says so, rather than painting nothing


def test_the_audit_follows_changes(desk, make_window) -> None:  # noqa: F811
    window, view = _audit(make_window)
    window.desk.write(lambda s: issues.record_issue(s, forum="BBB", title="Bus shelter"))
    assert view.summary.text().startswith("6 issues raised")


def test_save_as_pdf(desk, make_window, dialogs, tmp_path, qtbot) -> None:  # noqa: F811
    window, view = _audit(make_window)
    view.forum.setCurrentIndex(view.forum.findData("AAA"))
    out = tmp_path / "audit.pdf"
    dialogs.paths.append(str(out))
    view.save.click()
    finish_work(qtbot, window)  # made off the window's thread
    assert dialogs.infos == [f"The co-production audit was saved to {out}."]
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Alpha Area Forum · all dates" in text and "4 issues raised" in " ".join(text.split())
