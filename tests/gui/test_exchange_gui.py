"""File → Export…, File → Import… with its preview, and the Conflicts screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from forumdesk.core import issues
from forumdesk.core.stats import stats
from forumdesk.db.store import open_database
from forumdesk.exchange import conflicts, export, merge, read
from forumdesk.gui.exchange_dialogs import ConflictsDialog, ExportDialog, PreviewDialog
from forumdesk.gui.work import ProgressDialog
from tests.gui.conftest import finish_work


def answer(fill) -> None:
    """Acts on the next modal dialog (not a progress bar) from inside its own event loop
    (while long work runs on its thread, the window waits for its progress dialog)."""
    tries = [0]

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        busy = isinstance(dialog, QProgressDialog | ProgressDialog)
        if (dialog is None or busy) and tries[0] < 2000:
            tries[0] += 1
            QTimer.singleShot(10, act)
            return
        assert isinstance(dialog, QDialog), "no dialog was shown"
        fill(dialog)

    QTimer.singleShot(0, act)


def test_export_then_import_with_a_preview(qtbot, window, db, dialogs, sample, tmp_path) -> None:
    out = tmp_path / "meeting.forumdesk.json"
    dialogs.paths.append(str(out))

    def choose_meeting(dialog: ExportDialog) -> None:
        assert dialog.meeting.isChecked()  # the open meeting, by default
        dialog.accept()

    answer(choose_meeting)
    window.export_action.trigger()
    finish_work(qtbot, window)
    assert out.is_file() and dialogs.infos[-1].startswith("Exported ")

    other = open_database(str(tmp_path / "office.sqlite"))
    try:
        window.desk.db = other  # the same window, now on the officer's desk
        dialogs.paths.append(str(out))
        answer(lambda dialog: dialog.reject())  # looked at the preview, said no
        window.import_action.trigger()
        finish_work(qtbot, window)
        with other.session() as s:
            assert stats(s).issues == 0

        seen: list[str] = []

        def confirm(dialog: PreviewDialog) -> None:
            seen.append(dialog.table.item(0, 2).text())
            kinds = {dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())}
            assert {"Forum", "Meeting", "Issue", "Sign-in"} <= kinds  # words, not wire names
            dialog.confirm.click()

        dialogs.paths.append(str(out))
        answer(confirm)
        window.import_action.trigger()
        finish_work(qtbot, window)
        assert seen == ["New"]
        with other.session() as s:
            assert stats(s).issues == 3
        assert dialogs.infos[-1] == "Imported. The file holds 12 records: 12 new."
    finally:
        window.desk.db = db
        other.dispose()


def test_a_refused_file_is_explained(qtbot, window, db, dialogs, sample, tmp_path) -> None:
    bad = tmp_path / "bad.forumdesk.json"
    bad.write_text("not json at all")
    dialogs.paths.append(str(bad))
    window.import_action.trigger()
    finish_work(qtbot, window)
    assert "not valid JSON" in dialogs.errors[0]


def test_the_conflicts_screen_settles_a_conflict(qtbot, db, dialogs, sample, tmp_path) -> None:
    other = open_database(str(tmp_path / "laptop.sqlite"))
    try:
        with db.session() as s:
            first = export.build(s, export.Selection())
        from tests.exchange.conftest import dump

        with other.session() as s:
            merge.merge(s, read.check(s, dump(first)))
            issues.edit_issue(s, "BHF-0001", {"title": "Potholes by the library"})
            theirs = dump(export.build(s, export.Selection()))
        with db.session() as s:
            issues.edit_issue(s, "BHF-0001", {"title": "Potholes on the hill"})
            merge.merge(s, read.check(s, theirs))
    finally:
        other.dispose()

    from forumdesk.gui.desk import Desk

    dialog = ConflictsDialog(Desk(db))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (2, 3, 4)] == [
        "Potholes on Brixton Hill",
        "Potholes on the hill",
        "Potholes by the library",
    ]
    assert dialog.table.item(0, 1).text() == "Title"  # the field as people call it
    assert dialog.take_theirs.isEnabled() and dialog.none_open.isHidden()
    dialog.take_theirs.click()
    assert dialog.table.rowCount() == 0
    # Nothing left to decide: a sentence says so, and no button acts on nothing.
    assert not dialog.none_open.isHidden() and dialog.table.isHidden()
    assert not dialog.take_theirs.isEnabled() and not dialog.keep_mine.isEnabled()
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0001").title == "Potholes by the library"
        assert conflicts.list_conflicts(s) == []


def test_a_meetings_export_is_named_by_the_meetings_date(window, db, sample) -> None:
    from datetime import date

    from forumdesk.core import meetings
    from forumdesk.gui.exchange_dialogs import suggested_name

    with db.session() as s:
        meeting = meetings.get_meeting(s, sample.meeting_id)
    today = date.today().isoformat()
    assert suggested_name(meeting, {"meeting": meeting.id}) == "BHF-2026-03-04.forumdesk.json"
    assert suggested_name(meeting, {"forum": "BHF"}) == f"BHF-{today}.forumdesk.json"
    assert suggested_name(meeting, {}) == f"forumdesk-{today}.forumdesk.json"


def _drop(window, path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    # A QPoint: PySide6 before 6.12 takes no QPointF for a drag's position.
    point = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window takes an exchange file"
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)


def test_an_exchange_file_dropped_on_the_window_opens_the_import_preview(
    qtbot, window, db, dialogs, sample, tmp_path
) -> None:
    other = open_database(str(tmp_path / "laptop.sqlite"))
    try:
        with other.session() as s:
            from forumdesk.core import forums

            forums.create_forum(s, code="LAP", name="Laptop Forum")
            issues.record_issue(s, forum="LAP", title="Bins left out on Acre Lane")
            export.write(s, tmp_path / "laptop.forumdesk.json", export.Selection())
    finally:
        other.dispose()
    seen: list[str] = []

    def confirm(dialog: PreviewDialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.confirm.click()

    answer(confirm)
    _drop(window, tmp_path / "laptop.forumdesk.json")
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10000)
    assert dialogs.infos[-1].startswith("Imported.")
    assert not dialogs.paths, "nothing was asked: the file was the one dropped"
    with db.read_session() as s:
        assert issues.get_issue(s, "LAP-0001").title == "Bins left out on Acre Lane"


def test_other_files_are_not_taken_by_the_window(qtbot, window, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "minutes.pdf"))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_the_command_line_opens_the_window_on_an_exchange_file() -> None:
    from forumdesk.cli import _gui_database

    assert _gui_database(["laptop.forumdesk.json"]) == (True, None, "laptop.forumdesk.json")
    assert _gui_database(["--db", "office.sqlite", "in.json"]) == (True, "office.sqlite", "in.json")
    assert _gui_database(["--db=office.sqlite"]) == (True, "office.sqlite", None)
    assert _gui_database(["issue", "list"])[0] is False


def test_the_preview_says_what_changes_in_words_and_names_fields_as_people_do(qtbot) -> None:
    from forumdesk.exchange.merge import Change, Report

    report = Report(
        "id",
        "desk",
        [
            Change("issues", "BHF-0001", "updated", "stage, response_due"),
            Change("issues", "BHF-0002", "new", "renumbered from BHF-0001"),
        ],
    )
    dialog = PreviewDialog(report, None)
    qtbot.addWidget(dialog)
    rows = [
        [dialog.table.item(row, column).text() for column in (2, 3)]
        for row in range(dialog.table.rowCount())
    ]
    assert rows == [["Updated", "Stage, Response due"], ["New", "renumbered from BHF-0001"]]
