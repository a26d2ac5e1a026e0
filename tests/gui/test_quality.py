"""Models behave, every control has a name, no shortcut is claimed twice, mnemonics are unique."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from forumdesk.core.issue_query import issues_by_id
from forumdesk.gui.dialogs import ForumDialog, MeetingDialog
from forumdesk.gui.models import IssueTableModel
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ATTENDANCE, ISSUES


@pytest.fixture
def demo_window(demo_db, make_window):
    return make_window()


def test_every_item_model_passes_the_model_tester(qtmodeltester, demo_window, db) -> None:
    workspace = demo_window.workspace
    for index in (AGENDA, ATTENDANCE, ISSUES, ACTIONS):
        workspace.show_area(index)
    for model in (
        workspace.issues.model,
        workspace.agenda.model,
        workspace.attendance.model,
        workspace.actions.model,
        demo_window.navigator.model_,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_the_lazy_issue_model_fetches_only_what_is_shown(qtmodeltester, db, sample) -> None:
    fetched: list[list[int]] = []

    def fetch(ids: list[int]):
        fetched.append(ids)
        with db.session() as s:
            return issues_by_id(s, ids)

    model = IssueTableModel(fetch)
    model.set_ids([3, 1, 2])
    assert fetched == []  # nothing read until a row is shown
    assert model.index(0, 0).data() == "BHF-0003"
    assert fetched == [[3, 1, 2]]
    assert model.index(2, 1).data() == "Street lights out on Ffordd yr Ŵyl"
    assert len(fetched) == 1  # the block was cached
    qtmodeltester.check(model)


def _unnamed(root: QWidget) -> list[str]:
    """Focusable widgets that a screen reader would announce without a name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        # Parts of a composite control (a spin box's editor, a tab bar's scroll buttons).
        if isinstance(parent, QAbstractSpinBox | QComboBox) or (
            isinstance(widget, QAbstractButton) and isinstance(parent, QTabBar)
        ):
            continue
        if not widget.accessibleName():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(parent).__name__}"
            )
    return missing


def test_every_control_of_every_area_has_an_accessible_name(demo_window) -> None:
    for index in (AGENDA, ATTENDANCE, ISSUES, ACTIONS):
        demo_window.workspace.show_area(index)
        assert _unnamed(demo_window) == [], f"area {index}"


def test_every_control_of_the_dialogs_has_an_accessible_name(qtbot, demo_window, db) -> None:
    from forumdesk.core import forums

    with db.session() as s:
        known = forums.list_forums(s)
    from forumdesk.exchange.merge import Change, Report
    from forumdesk.gui.exchange_dialogs import ConflictsDialog, ExportDialog, PreviewDialog
    from forumdesk.gui.shortcuts import ShortcutsDialog

    report = Report("id", "desk", [Change("issues", "BHF-0001", "new")])
    for dialog in (
        ForumDialog(demo_window),
        MeetingDialog(known, demo_window),
        ExportDialog(demo_window.workspace.meeting, demo_window),
        PreviewDialog(report, demo_window),
        ConflictsDialog(demo_window.desk, demo_window),
        ShortcutsDialog(demo_window),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _unnamed(dialog) == []
        dialog.close()


def test_no_shortcut_is_assigned_twice(demo_window) -> None:
    """Two actions on one key in one context fire neither.

    docs/internals.md, "Qt and pytest-qt".
    """
    window_wide: Counter[str] = Counter()
    for action in demo_window.findChildren(QAction):
        if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue  # bound to one widget only (Delete in a table)
        for key in action.shortcuts():
            window_wide[key.toString()] += 1
    for shortcut in demo_window.findChildren(QShortcut):
        window_wide[shortcut.key().toString()] += 1
    assert {k: n for k, n in window_wide.items() if n > 1} == {}
    assert window_wide["Ctrl+N"] == 1 and window_wide["Alt+3"] == 1
    for table in (demo_window.workspace.issues.table, demo_window.workspace.agenda.table):
        keys = Counter(k.toString() for a in table.actions() for k in a.shortcuts())
        assert {k: n for k, n in keys.items() if n > 1} == {}


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


@pytest.mark.parametrize("area", [AGENDA, ATTENDANCE, ISSUES, ACTIONS])
def test_mnemonics_are_unique_on_each_screen(demo_window, area) -> None:
    demo_window.workspace.show_area(area)
    letters: Counter[str] = Counter()
    for menu_action in demo_window.menuBar().actions():
        letters[_mnemonic(menu_action.text()) or ""] += 1
    tabs = demo_window.workspace.tabs
    for index in range(tabs.count()):
        letters[_mnemonic(tabs.tabText(index)) or ""] += 1
    for widget in demo_window.findChildren(QLabel) + demo_window.findChildren(QAbstractButton):
        if widget.isVisibleTo(demo_window) and (letter := _mnemonic(widget.text())):
            letters[letter] += 1
    letters.pop("", None)
    assert {k: n for k, n in letters.items() if n > 1} == {}


def test_labels_are_buddies_of_their_fields(demo_window) -> None:
    demo_window.workspace.show_area(ISSUES)
    capture = demo_window.workspace.issues.capture
    buddies = {label.buddy() for label in capture.findChildren(QLabel) if label.buddy()}
    assert {capture.title, capture.stage, capture.where, capture.support} <= buddies
    assert isinstance(capture.title, QLineEdit)


def test_the_accessibility_walk_would_catch_an_unnamed_field(qtbot) -> None:
    """The control for the walks above: they can fail."""
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    QVBoxLayout(root).addWidget(QLineEdit())
    root.show()
    assert _unnamed(root) == ["QLineEdit '' in QWidget"]


def test_f1_lists_every_key_the_window_answers_to(qtbot, demo_window) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from forumdesk.gui.shortcuts import ShortcutsDialog

    seen: list[set[tuple[str, str, str]]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ShortcutsDialog)
        table = dialog.table
        seen.append(
            {
                tuple(table.item(row, column).text() for column in range(3))
                for row in range(table.rowCount())
            }
        )
        dialog.reject()

    QTimer.singleShot(0, look)
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    (rows,) = seen
    assert ("Meeting", "Capture an issue", "Ctrl+N") in rows
    assert ("Meeting > Set stage of the selected issue", "3. Co-decision making", "Alt+3") in rows
    assert ("View", "Navigator", "F9") in rows
    assert ("In a list", "Move item up", "Ctrl+Up") in rows
    assert any(command == "Undo" and "Ctrl+Z" in keys for _, command, keys in rows)
