"""A facilitator captures issues from the keyboard, sets stages, edits, undoes and redoes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import issues
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.enums import PolicyStage, TimelineKind
from forumdesk.domain.records import IssueFilter
from tests.gui.conftest import focus, saved, type_text


def meeting_issues(db, meeting_id):
    with db.read_session() as s:  # never waits for a capture being saved
        return list(list_issues(s, IssueFilter(meeting_id=meeting_id)).items)


def test_ctrl_n_then_enter_records_an_issue_in_this_meeting(qtbot, window, db, dialogs, sample):
    capture = window.workspace.issues.capture
    focus(qtbot, window.workspace)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(capture.title.hasFocus)
    type_text(capture.title, "Street lights out on Ffordd yr Ŵyl")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)

    found = meeting_issues(db, sample.meeting_id)
    assert found[-1].title == "Street lights out on Ffordd yr Ŵyl"
    assert found[-1].reference == "BHF-0004"
    assert found[-1].stage is PolicyStage.CO_DEFINITION
    assert capture.title.text() == ""  # ready for the next one
    assert capture.title.hasFocus()
    table = window.workspace.issues.table
    assert table.model().rowCount() == 4
    assert window.workspace.issues.panel.issue.reference == "BHF-0004"  # shown at once
    assert window.saved_label.text().startswith("Saved ")
    assert dialogs.errors == []  # recorded once, nothing refused


def test_optional_fields_are_reached_by_tab(qtbot, window, db, dialogs, sample) -> None:
    capture = window.workspace.issues.capture
    window.capture()
    qtbot.waitUntil(capture.title.hasFocus)
    qtbot.keyClicks(capture.title, "Bins on Rush Common")
    qtbot.keyClick(capture.title, Qt.Key.Key_Tab)
    assert capture.stage.hasFocus()
    qtbot.keyClick(capture.stage, Qt.Key.Key_Down)
    qtbot.keyClick(capture.stage, Qt.Key.Key_Down)  # 3. Co-decision making
    qtbot.keyClick(capture.stage, Qt.Key.Key_Tab)
    assert capture.where.hasFocus()
    qtbot.keyClicks(capture.where, "brixton hill")  # a ward of the forum, any case
    qtbot.keyClick(capture.where, Qt.Key.Key_Tab)
    qtbot.keyClicks(capture.themes, "Environment, Bins")
    qtbot.keyClick(capture.themes, Qt.Key.Key_Return)
    saved(qtbot, capture)

    made = meeting_issues(db, sample.meeting_id)[-1]
    assert (made.title, made.stage, made.ward, made.place) == (
        "Bins on Rush Common",
        PolicyStage.CO_DECISION,
        "Brixton Hill",
        None,
    )
    assert made.themes == ("Bins", "Environment")
    assert capture.stage.current() is PolicyStage.CO_DEFINITION  # the default again
    assert dialogs.errors == []
    assert len(meeting_issues(db, sample.meeting_id)) == 4  # exactly one recorded


def test_a_refused_title_stays_on_screen_with_the_reason(
    qtbot, window, db, dialogs, sample
) -> None:
    capture = window.workspace.issues.capture
    capture.title.setText("   ")
    capture.submit()
    saved(qtbot, capture)
    assert dialogs.errors == ["Title: must not be empty"]
    assert len(meeting_issues(db, sample.meeting_id)) == 3


def test_alt_digit_sets_the_stage_and_undo_redo_write_through(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(1)  # BHF-0001
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    with db.session() as s:
        detail = issues.issue_detail(s, "BHF-0001")
    assert detail.issue.stage is PolicyStage.CO_DECISION
    moved = detail.timeline[-1]
    assert moved.kind is TimelineKind.STAGE_MOVED and moved.meeting_id == sample.meeting_id

    qtbot.keyClick(area.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0001").stage is PolicyStage.CO_DEFINITION
    window.redo_action.trigger()
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0001").stage is PolicyStage.CO_DECISION
    assert area.panel.stage.current() is PolicyStage.CO_DECISION


def test_capture_then_undo_removes_and_redo_restores(qtbot, window, db, sample) -> None:
    capture = window.workspace.issues.capture
    window.capture()
    capture.title.setText("Overflowing bins")
    capture.submit()
    saved(qtbot, capture)
    assert [i.title for i in meeting_issues(db, sample.meeting_id)][-1] == "Overflowing bins"
    window.undo_action.trigger()
    assert "Overflowing bins" not in [i.title for i in meeting_issues(db, sample.meeting_id)]
    assert window.workspace.issues.model.rowCount() == 3
    window.redo_action.trigger()
    assert [i.reference for i in meeting_issues(db, sample.meeting_id)][-1] == "BHF-0004"


def test_editing_in_the_panel_saves_and_undoes(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(2)
    panel = area.panel
    focus(qtbot, panel.title)
    panel.title.selectAll()
    type_text(panel.title, "Goleuadau stryd, Ffordd yr Ŵyl")
    qtbot.keyClick(panel.title, Qt.Key.Key_Tab)  # editing finished: committed
    with db.session() as s:
        assert issues.get_issue(s, 2).title == "Goleuadau stryd, Ffordd yr Ŵyl"
    focus(qtbot, panel.description)
    type_text(panel.description, "Six lamps out since October.")
    qtbot.keyClick(panel.description, Qt.Key.Key_Tab)  # leaving the notes saves them
    with db.session() as s:
        assert issues.get_issue(s, 2).description == "Six lamps out since October."
    window.undo_action.trigger()
    window.undo_action.trigger()
    with db.session() as s:
        got = issues.get_issue(s, 2)
    assert (got.title, got.description) == ("Street lights out on Ffordd yr Ŵyl", None)


def test_long_notes_save_themselves_while_typing(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(3)
    focus(qtbot, area.panel.description)
    type_text(area.panel.description, "Residents want Saturday hours back")

    def saved() -> bool:
        with db.session() as s:
            return issues.get_issue(s, 3).description == "Residents want Saturday hours back"

    qtbot.waitUntil(saved, timeout=10000)  # no focus change, no Save command
    assert area.panel.description.hasFocus()


def test_delete_key_removes_the_issue_and_undo_brings_it_back(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    window.workspace.show_area(2)
    area.select(3)
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_Delete)
    assert [i.reference for i in meeting_issues(db, sample.meeting_id)] == ["BHF-0001", "BHF-0002"]
    window.undo_action.trigger()
    assert len(meeting_issues(db, sample.meeting_id)) == 3


def test_ctrl_f_filters_this_meetings_issues(qtbot, window, db, sample) -> None:
    area = window.workspace.issues
    focus(qtbot, window.workspace)
    window.find_action.trigger()
    qtbot.waitUntil(area.filter.hasFocus)
    type_text(area.filter, "wyl")
    qtbot.waitUntil(lambda: area.model.rowCount() == 1)
    assert area.model.issue_at(0).reference == "BHF-0002"


def test_ctrl_z_right_after_a_capture_undoes_the_capture(qtbot, window, db, sample) -> None:
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Overflowing bins")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)
    assert [i.title for i in meeting_issues(db, sample.meeting_id)][-1] == "Overflowing bins"
    assert capture.title.text() == "" and capture.title.hasFocus()
    qtbot.keyClick(capture.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Overflowing bins" not in [i.title for i in meeting_issues(db, sample.meeting_id)]
    assert capture.title.text() == ""  # not typed back in, inviting a duplicate


def test_ctrl_z_while_typing_undoes_the_typing_first(qtbot, window, db, sample) -> None:
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Overflowing bins")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)
    type_text(capture.title, "Dog fouling")
    qtbot.keyClick(capture.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert capture.title.text() != "Dog fouling"  # the line edit's own undo
    assert [i.title for i in meeting_issues(db, sample.meeting_id)][-1] == "Overflowing bins"


def test_a_pasted_title_too_long_is_refused_whole_not_cut(qtbot, window, db, dialogs, sample):
    """A field that silently stopped at 300 characters cut a pasted title without a word."""
    capture = window.workspace.issues.capture
    window.capture()
    qtbot.waitUntil(capture.title.hasFocus)
    long_title = "Resurfacing " * 30  # 360 characters, as pasted from an e-mail
    capture.title.insert(long_title)
    assert capture.title.text() == long_title  # nothing cut
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)
    assert dialogs.errors == ["Title: is 359 characters long; the limit is 300"]
    assert capture.title.text() == long_title  # still there to shorten
    assert len(meeting_issues(db, sample.meeting_id)) == 3  # nothing recorded


def _gated(monkeypatch):
    """record_issue held at a gate: a slow disk, as long as the test likes."""
    import threading

    gate = threading.Event()
    gate.entered = threading.Event()  # a commit is being made, held at the gate
    real = issues.record_issue

    def slow(session, **fields):
        gate.entered.set()
        gate.wait(10)
        return real(session, **fields)

    monkeypatch.setattr(issues, "record_issue", slow)
    return gate


def test_a_capture_shows_at_once_as_saving_then_saved(qtbot, window, db, sample, monkeypatch):
    gate = _gated(monkeypatch)
    area = window.workspace.issues
    capture = area.capture
    window.capture()
    type_text(capture.title, "Benches broken in Windrush Square")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    # Shown at once, marked as saving; the fields are ready for the next issue while the
    # disk has not yet confirmed anything.
    model = area.model
    assert model.rowCount() == 4
    assert [model.index(3, c).data() for c in (0, 1)] == [
        "Saving…",
        "Benches broken in Windrush Square",
    ]
    assert capture.title.text() == "" and capture.waiting == 1
    assert len(meeting_issues(db, sample.meeting_id)) == 3
    type_text(capture.title, "Next one")  # the window answers while the commit waits
    assert capture.title.text() == "Next one"
    gate.set()
    saved(qtbot, capture)
    assert model.rowCount() == 4 and model.index(3, 0).data() == "BHF-0004"
    assert area.panel.issue.reference == "BHF-0004"
    assert window.saved_label.text().startswith("Saved ")
    assert meeting_issues(db, sample.meeting_id)[-1].title == "Benches broken in Windrush Square"
    window.undo_action.trigger()  # the saved capture is one undo step, as before
    assert len(meeting_issues(db, sample.meeting_id)) == 3


def test_captures_are_saved_in_order_and_a_failed_one_keeps_its_text(
    qtbot, window, db, dialogs, sample, monkeypatch
) -> None:
    """The database becomes read-only while the first capture is being saved: the first
    is saved, the second turns into a row marked not saved, with its text and the reason."""
    from forumdesk.db.engine import Database, make_engine

    gate = _gated(monkeypatch)
    area = window.workspace.issues
    capture = area.capture
    window.capture()
    type_text(capture.title, "First: potholes")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    assert gate.entered.wait(10)  # the writer is saving the first, in its own session
    read_only = Database(
        db.url, make_engine(f"sqlite:///file:{db.display_name}?mode=ro&uri=true"), db.desk_uuid
    )
    window.desk.db = read_only  # the disk turns read-only mid-capture
    type_text(capture.title, "Second: bins")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    assert capture.waiting == 2
    gate.set()
    saved(qtbot, capture)
    titles = [i.title for i in meeting_issues(db, sample.meeting_id)]
    assert titles[-1] == "First: potholes" and "Second: bins" not in titles
    assert [p.title for p in area.unsaved()] == ["Second: bins"]
    row = area.model.rowCount() - 1
    assert area.model.index(row, 0).data() == "Not saved"
    assert "read-only" in area.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert dialogs.errors == [
        "The database cannot be written: the file or its folder is read-only."
    ]
    assert "“Second: bins” was not saved" in area.notice.text()
    read_only.dispose()
    window.desk.db = db


def test_closing_waits_for_a_capture_being_saved(qtbot, make_window, db, sample, monkeypatch):
    gate = _gated(monkeypatch)
    window = make_window()
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Said just before closing")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    gate.set()
    window.close()
    assert meeting_issues(db, sample.meeting_id)[-1].title == "Said just before closing"


def test_closing_with_a_capture_not_saved_asks_first(
    qtbot, make_window, db, dialogs, sample, monkeypatch
) -> None:
    from forumdesk.domain.errors import StoreError

    def refused(session, **fields):
        raise StoreError("The disk is full.")

    monkeypatch.setattr(issues, "record_issue", refused)
    window = make_window()
    capture = window.workspace.issues.capture
    window.capture()
    type_text(capture.title, "Kept on screen")
    qtbot.keyClick(capture.title, Qt.Key.Key_Return)
    saved(qtbot, capture)
    dialogs.answer = False
    assert not window.close()  # the person keeps the window, and the text
    assert "could not be saved" in dialogs.questions[-1]
    assert window.isVisible()
    dialogs.answer = True
    assert window.close()
