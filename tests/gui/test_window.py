"""The frame: first run, forums and meetings, carry forward, state kept, write failures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from forumdesk.core import actions, agenda, forums, meetings
from forumdesk.core.stats import stats
from forumdesk.db.engine import Database, make_engine
from forumdesk.db.store import open_database
from forumdesk.domain.enums import MeetingFormat, MeetingStatus
from forumdesk.gui.dialogs import ForumDialog, MeetingDialog
from tests.gui.conftest import finish_work, retry_unsaved, saved, type_text


def answer_dialog(qtbot, fill) -> None:
    """Fills and accepts the next modal dialog from inside its event loop."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no dialog was shown"
        fill(dialog)

    QTimer.singleShot(0, act)


def test_first_run_offers_a_new_forum_or_the_demo(qtbot, make_window, db) -> None:
    window = make_window()
    assert window.current_view is window.welcome
    assert not window.capture_action.isEnabled()
    window.welcome.demo.click()
    finish_work(qtbot, window)  # the demo is made on a worker thread
    with db.session() as s:
        counts = stats(s)
    assert counts.forums == 2 and counts.issues >= 60
    assert window.current_view is window.workspace
    assert window.workspace.meeting.date.isoformat() == "2026-10-08"  # the most recent
    assert window.navigator.model_.rowCount() == 3  # "All forums" and the two forums


def test_a_new_forum_then_its_first_meeting(qtbot, make_window, db, dialogs) -> None:
    window = make_window()

    def forum(dialog: ForumDialog) -> None:
        dialog.code.setText("llf")
        type_text(dialog.name, "Fforwm Llanfair")
        dialog.wards.setText("Llanfair, Pentre")
        answer_dialog(qtbot, meeting)  # the meeting dialog follows
        dialog.accept()

    def meeting(dialog: MeetingDialog) -> None:
        dialog.format.choose(MeetingFormat.COMMUNITY_CONFERENCE)
        dialog.venue.setText("Neuadd y Pentref")
        dialog.start.setText("19:00")
        dialog.accept()

    answer_dialog(qtbot, forum)
    window.welcome.start.click()
    with db.session() as s:
        made = forums.get_forum(s, "LLF")
        found = meetings.list_meetings(s, "LLF")
    assert made.name == "Fforwm Llanfair" and made.wards == ("Llanfair", "Pentre")
    assert [(m.format, m.venue, m.status) for m in found] == [
        (MeetingFormat.COMMUNITY_CONFERENCE, "Neuadd y Pentref", MeetingStatus.PLANNED)
    ]
    assert window.workspace.meeting.id == found[0].id
    assert window.capture_action.isEnabled()


def test_a_refused_dialog_stays_open_with_what_was_typed(qtbot, make_window, db, dialogs):
    window = make_window()
    dialog = ForumDialog(
        window, save=lambda v: window.desk.write(lambda s: forums.create_forum(s, **v), window)
    )
    qtbot.addWidget(dialog)
    dialog.code.setText("B-H")
    dialog.name.setText("Brixton Hill")
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.code.text() == "B-H"
    assert dialogs.errors[0].startswith("Code: 'B-H' must be 2 to 8 letters or digits")
    dialog.code.setText("BHF")
    dialog.accept()
    assert not dialog.isVisible()
    with db.session() as s:
        assert forums.get_forum(s, "BHF").name == "Brixton Hill"


def test_starting_a_meeting_offers_to_carry_forward(qtbot, window, db, dialogs, sample) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Parking review")
        open_action = actions.add_action(s, description="Chase highways", meeting=sample.meeting_id)
        meetings.set_meeting_status(s, sample.meeting_id, "closed")
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-02")
    window.navigator.reload()
    window.open_meeting(later.id)
    assert window.start_action.isEnabled()
    window.start_action.trigger()
    assert dialogs.questions == [
        "Carry forward 1 open action and 1 agenda item not discussed last time?"
    ]
    with db.session() as s:
        assert meetings.get_meeting(s, later.id).status is MeetingStatus.IN_PROGRESS
        carried = actions.list_actions(s, meeting=later.id)
        items = agenda.list_agenda(s, later.id)
    assert [(a.id, a.carried) for a in carried] == [(open_action.id, True)]
    assert [i.title for i in items] == ["Parking review"]
    assert not window.start_action.isEnabled()
    window.close_meeting_action.trigger()
    with db.session() as s:
        assert meetings.get_meeting(s, later.id).status is MeetingStatus.CLOSED


def test_the_window_reopens_where_the_user_left_off(qtbot, make_window, db, sample, settings):
    with db.session() as s:
        newer = meetings.create_meeting(s, forum="BHF", format="other", date="2026-09-09")
    first = make_window()
    assert first.workspace.meeting.id == newer.id  # the most recent, on first run
    first.open_meeting(sample.meeting_id)
    first.workspace.show_area(2)
    first.resize(first.minimumSizeHint().width(), 480)  # fits the offscreen 800x600 screen
    first.workspace.issues.splitter.setSizes([300, 500])
    kept = first.workspace.issues.splitter.sizes()
    first.close()
    again = make_window()
    assert again.workspace.meeting.id == sample.meeting_id
    assert again.size().height() == 480
    sizes = again.workspace.issues.splitter.sizes()
    assert abs(sizes[0] / sum(sizes) - kept[0] / sum(kept)) < 0.02  # the split is kept


def test_a_write_failure_is_explained_and_the_typed_text_kept(
    qtbot, window, db, dialogs, sample
) -> None:
    # The file becomes read-only under the running window (root ignores chmod, so the
    # database is reopened read-only, which is what SQLite then reports).
    read_only = Database(
        db.url, make_engine(f"sqlite:///file:{db.display_name}?mode=ro&uri=true"), db.desk_uuid
    )
    window.desk.db = read_only
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Heol y Dŵr floods again")
    capture.submit()
    saved(qtbot, capture)
    assert dialogs.errors == [
        "The database cannot be written: the file or its folder is read-only."
    ]
    area = window.workspace.issues
    assert [p.title for p in area.unsaved()] == ["Heol y Dŵr floods again"]
    assert area.model.rowCount() == 4  # the three saved, and this one marked not saved
    read_only.dispose()
    window.desk.db = db
    with db.session() as s:
        assert stats(s).issues == 3
    retry_unsaved(qtbot, area)  # once the disk is back, the same text is recorded
    assert area.unsaved() == [] and capture.title.text() == "Heol y Dŵr floods again"
    capture.submit()
    saved(qtbot, capture)
    with db.session() as s:
        assert stats(s).issues == 4


def test_a_removed_database_file_is_written_back_before_the_capture_is_saved(
    qtbot, window, db, db_path, dialogs, sample
) -> None:
    for suffix in ("", "-wal", "-shm"):  # deleted in the file manager, under the window
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Bins not collected on Heol y Dŵr")
    capture.submit()
    saved(qtbot, capture)
    assert len(dialogs.questions) == 1 and "was removed or replaced" in dialogs.questions[0]
    assert dialogs.errors == []
    assert capture.title.text() == ""  # recorded
    window.desk.db.dispose()
    reopened = open_database(str(db_path))
    with reopened.session() as s:
        assert stats(s).issues == 4  # the three from before, and this one
    reopened.dispose()


def test_declining_to_write_back_keeps_the_typed_text(qtbot, window, db, db_path, dialogs, sample):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    dialogs.answer = False
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Bins not collected on Heol y Dŵr")
    capture.submit()
    saved(qtbot, capture)
    assert len(dialogs.questions) == 1
    assert [p.title for p in window.workspace.issues.unsaved()] == [
        "Bins not collected on Heol y Dŵr"
    ]
    assert not db_path.exists()
    with db.session() as s:
        assert stats(s).issues == 3


def test_editing_the_meeting_changes_its_details(qtbot, window, db, dialogs, sample) -> None:
    def fill(dialog: MeetingDialog) -> None:
        dialog.venue.setText("Brixton Library")
        dialog.chair.setText("Cllr Grace Adeyemi")
        dialog.end.setText("20:30")
        dialog.accept()

    answer_dialog(qtbot, fill)
    window.edit_meeting_action.trigger()
    with db.session() as s:
        got = meetings.get_meeting(s, sample.meeting_id)
    assert (got.venue, got.chair, got.end_time.isoformat()) == (
        "Brixton Library",
        "Cllr Grace Adeyemi",
        "20:30:00",
    )
    assert "Brixton Library" in window.workspace.heading.text()
    # A meeting without a title is called by its format, once.
    assert window.workspace.heading.text().startswith("BHF: Area forum meeting, ")


def test_the_area_in_use_is_kept_at_once_for_a_window_that_crashes(
    make_window, settings, sample
) -> None:
    from forumdesk.gui.workspace.meeting import ACTIONS

    first = make_window()
    first.show_area(ACTIONS)
    # No clean close (a crash): a new window on the same settings opens on that area.
    reread = type(settings)(settings.fileName(), settings.format())
    assert int(reread.value("workspace/area")) == ACTIONS
