"""The default forum setting: the window's forum pickers open on it when nothing else
chose a forum."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication

from forumdesk.core import forums, preferences
from forumdesk.gui.dialogs import MeetingDialog
from forumdesk.gui.feedback_dialog import FeedbackDialog


@pytest.fixture
def two_forums(db):
    with db.session() as s:  # listed by name: Acre Lane first
        forums.create_forum(s, code="ACL", name="Acre Lane Forum")
        forums.create_forum(s, code="SHF", name="Streatham Hill Forum")
    return db


def _picked(window, qtbot, kind: type, open_it) -> str:
    window.navigator.setCurrentIndex(QModelIndex())  # no forum chosen in the navigator
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            seen.append(dialog.forum.currentText())
            dialog.reject()

    QTimer.singleShot(0, look)
    open_it()
    return seen[0]


@pytest.mark.parametrize("default", ["", "SHF"])
def test_the_new_meeting_dialog_opens_on_the_default_forum(
    two_forums, make_window, qtbot, default
) -> None:
    with two_forums.session() as s:
        preferences.set_setting(s, "default_forum", default)
    window = make_window()
    assert window.workspace.meeting is None
    picked = _picked(window, qtbot, MeetingDialog, window.new_meeting)
    expected = "Streatham Hill Forum (SHF)" if default else "Acre Lane Forum (ACL)"
    assert picked == expected


def test_the_feedback_dialog_opens_on_the_default_forum(two_forums, make_window, qtbot) -> None:
    with two_forums.session() as s:
        preferences.set_setting(s, "default_forum", "shf")
    window = make_window()
    picked = _picked(window, qtbot, FeedbackDialog, window.feedback_action.trigger)
    assert picked == "Streatham Hill Forum (SHF)"


def test_a_deleted_default_forum_leaves_the_first_forum_chosen(
    two_forums, make_window, qtbot, dialogs
) -> None:
    with two_forums.session() as s:
        preferences.set_setting(s, "default_forum", "SHF")
        forums.delete_forum(s, "SHF")
    window = make_window()
    picked = _picked(window, qtbot, MeetingDialog, window.new_meeting)
    assert picked == "Acre Lane Forum (ACL)" and dialogs.errors == []
