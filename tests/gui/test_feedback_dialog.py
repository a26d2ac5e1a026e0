"""File → Reports → You said, we did…: the dialog makes the PDF of the forum chosen."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication

from forumdesk.core import issues
from forumdesk.gui.feedback_dialog import FeedbackDialog
from tests.gui.conftest import finish_work
from tests.reports.helpers import flat


def test_the_menu_opens_the_dialog_on_the_open_meetings_forum(window, db, qtbot) -> None:
    from forumdesk.core import forums

    assert window.workspace.meeting is not None  # the sample meeting is open
    with db.session() as s:  # listed before BHF
        forums.create_forum(s, code="ACL", name="Acre Lane Forum")
    seen = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FeedbackDialog):
            seen.append([dialog.forum.itemText(i) for i in range(dialog.forum.count())])
            seen.append(dialog.forum.currentText())
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(0, look)
    window.feedback_action.trigger()
    assert seen == [
        ["Acre Lane Forum (ACL)", "Brixton Hill Area Forum (BHF)"],
        "Brixton Hill Area Forum (BHF)",
    ]
    reports = next(
        a.menu()
        for a in window.menuBar().actions()[0].menu().actions()
        if a.menu() and "Report" in a.text()
    )
    assert window.feedback_action in reports.actions()


def test_the_report_is_written_where_chosen(db, sample, qtbot, dialogs, tmp_path) -> None:
    from forumdesk.gui.desk import Desk

    with db.session() as s:
        issues.respond(s, sample.issue_refs[0], "We filled the potholes.")
    dialog = FeedbackDialog(Desk(db))
    qtbot.addWidget(dialog)
    target = tmp_path / "bhf.pdf"
    dialogs.paths.append(str(target))
    dialog.accept()  # no file named yet: it asks where
    finish_work(qtbot, dialog)  # the report is made off the window's thread
    assert dialog.written == target and dialogs.infos == [f"The report was saved to {target}."]
    text = flat(target.read_bytes())
    assert "You said, we did — Brixton Hill Area Forum — all dates" in text
    assert "We filled the potholes." in text and "Still awaiting a response" in text


def test_a_backward_period_is_refused_and_the_dialog_stays(db, sample, qtbot, dialogs, tmp_path):
    from forumdesk.gui.desk import Desk

    dialog = FeedbackDialog(Desk(db))
    qtbot.addWidget(dialog)
    dialog.limited.setChecked(True)
    assert dialog.start.isEnabled()
    dialog.start.setDate(QDate(2026, 5, 1))
    dialog.end.setDate(QDate(2026, 4, 1))
    target = tmp_path / "bhf.pdf"
    dialog.path.setText(str(target))
    dialog.accept()
    finish_work(qtbot, dialog)
    assert dialogs.errors == [
        "The period cannot start on 2026-05-01, after its end on 2026-04-01; give the "
        "earlier date first."
    ]
    assert dialog.written is None and not target.exists()
    assert dialog.period() == (date(2026, 5, 1), date(2026, 4, 1))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_dialogs_mnemonics_are_unique_in_both_languages(db, sample, qtbot, language) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from forumdesk import i18n
    from forumdesk.gui.desk import Desk

    i18n.use_language(language)
    try:
        dialog = FeedbackDialog(Desk(db))
    finally:
        i18n.use_language(i18n.SOURCE_LANGUAGE)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    keys = [m.group(1).lower() for t in texts if (m := re.search(r"&([^&])", t))]
    assert len(keys) >= 6 and len(keys) == len(set(keys)), texts
