"""Saving never moves the cursor, the selection or the scroll position of a field being typed in.

Typed with key events and pauses that let the autosave fire between the sentences, as a
clerk types notes during a meeting; the text is checked both stored and on screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from forumdesk.core import agenda, issues, meetings
from forumdesk.gui import autosave
from forumdesk.gui.workspace.meeting import AGENDA, ATTENDANCE, ISSUES
from tests.gui.conftest import focus, type_text

SENTENCES = ("First sentence. ", "Second sentence. ", "Third sentence.")
#: A dozen lines, so the field scrolls and its scroll position can be seen to stay.
LONG = "".join(f"Line {n} of what the police officer said.\n" for n in range(1, 13))


@pytest.fixture
def quick_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves 0.2 s after a pause (the real 1.5 s makes the same test slow, not different)."""
    monkeypatch.setattr(autosave, "PAUSE_MS", 200)
    monkeypatch.setattr(autosave, "MAX_MS", 800)


def _type_across_saves(qtbot, field: QPlainTextEdit, stored, pause_ms: int) -> str:
    """Types each sentence, then waits until it is stored before typing the next."""
    typed = ""
    for sentence in (LONG, *SENTENCES):
        for number, line in enumerate(sentence.split("\n")):
            if number:
                qtbot.keyClick(field, Qt.Key.Key_Return)
            type_text(field, line)
        typed += sentence
        # Offscreen, the document is laid out after the key events: scroll to the
        # cursor as a key press does on screen, before the save comes.
        QApplication.processEvents()
        field.ensureCursorVisible()
        bar = field.verticalScrollBar()
        scrolled = bar.value()
        assert scrolled > 0  # the long text scrolls
        assert stored() != typed.strip()  # not saved yet: the save comes during the pause
        qtbot.waitUntil(lambda t=typed: stored() == t.strip(), timeout=pause_ms * 4 + 2000)
        qtbot.wait(pause_ms // 2)  # the refresh after the save has run
        assert field.textCursor().position() == len(typed), "the cursor moved"
        assert bar.value() == scrolled, "the field scrolled away"
    return typed


def _agenda_notes_typed(qtbot, window, db, sample, pause_ms: int) -> None:
    area = window.workspace.agenda
    window.workspace.show_area(AGENDA)
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Police update")
    area.reload()
    area.table.selectRow(0)
    focus(qtbot, area.notes)

    def stored() -> str | None:
        with db.session() as s:
            return agenda.list_agenda(s, sample.meeting_id)[0].notes

    typed = _type_across_saves(qtbot, area.notes, stored, pause_ms)
    assert area.notes.toPlainText() == typed
    assert stored() == typed.strip()
    assert area.notes.hasFocus()


def test_agenda_notes_typed_across_saves_keep_their_order_and_cursor(
    qtbot, quick_saves, window, db, sample
) -> None:
    _agenda_notes_typed(qtbot, window, db, sample, 200)


@pytest.mark.slow
def test_agenda_notes_typed_with_real_pauses_keep_their_order_and_cursor(
    qtbot, window, db, sample
) -> None:
    """The issue's own steps: 2.5 s pauses with the real save timings."""
    _agenda_notes_typed(qtbot, window, db, sample, 2500)


def test_an_issue_description_typed_across_saves_keeps_its_cursor(
    qtbot, quick_saves, window, db, sample
) -> None:
    area = window.workspace.issues
    window.workspace.show_area(ISSUES)
    area.select(1)
    focus(qtbot, area.panel.description)

    def stored() -> str | None:
        with db.session() as s:
            return issues.get_issue(s, 1).description

    typed = _type_across_saves(qtbot, area.panel.description, stored, 200)
    assert area.panel.description.toPlainText() == typed
    assert area.panel.description.hasFocus()


def _agenda_field(name: str):
    def get(window, db, sample):
        with db.session() as s:
            agenda.add_agenda_item(s, sample.meeting_id, title="Police update")
        window.workspace.show_area(AGENDA)
        window.workspace.agenda.reload()
        window.workspace.agenda.table.selectRow(0)
        return getattr(window.workspace.agenda, name)

    return get


def _issue_field(*names: str):
    def get(window, db, sample):
        window.workspace.show_area(ISSUES)
        window.workspace.issues.select(1)
        field = window.workspace.issues
        for name in names:
            field = getattr(field, name)
        return field

    return get


def _person_name(window, db, sample):
    window.workspace.show_area(ATTENDANCE)
    window.workspace.attendance.table.selectRow(0)
    return window.workspace.attendance.person_name


FIELDS = {
    "agenda notes": _agenda_field("notes"),
    "agenda item title": _agenda_field("title"),
    "outcome text": _agenda_field("outcome_text"),
    "issue description": _issue_field("panel", "description"),
    "issue title": _issue_field("panel", "title"),
    "comment": _issue_field("panel", "note"),
    "capture title": _issue_field("capture", "title"),
    "name of a person signed in": _person_name,
}


@pytest.mark.parametrize("kind", FIELDS)
def test_a_change_saved_elsewhere_leaves_the_field_being_typed_in_alone(
    qtbot, quick_saves, window, db, sample, kind
) -> None:
    """The window reads its data again after every change (here the meeting's venue, as
    another part of the window or a merge would change it): the text, cursor and
    selection of the field being typed in stay as they were."""
    field = FIELDS[kind](window, db, sample)
    focus(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(field, " and more words typed")
    if isinstance(field, autosave.AutosaveEdit):
        qtbot.waitUntil(lambda: not field.is_dirty())  # saved by itself, still focused
    for _ in range(5):
        qtbot.keyClick(field, Qt.Key.Key_Left)
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
    if isinstance(field, QPlainTextEdit):
        cursor = field.textCursor()
        where = (cursor.anchor(), cursor.position(), cursor.selectedText())
    else:
        where = (field.cursorPosition(), field.selectionStart(), field.selectedText())
    assert where[2] == "ds "  # of "words typed"

    window.desk.write(lambda s: meetings.edit_meeting(s, sample.meeting_id, {"venue": "Hall"}))
    qtbot.wait(50)

    assert (field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()) == text
    if isinstance(field, QPlainTextEdit):
        cursor = field.textCursor()
        assert (cursor.anchor(), cursor.position(), cursor.selectedText()) == where
    else:
        assert (field.cursorPosition(), field.selectionStart(), field.selectedText()) == where
    assert field.hasFocus()


@pytest.mark.parametrize("kind", ["agenda item title", "issue title", "name of a person signed in"])
def test_the_cursor_in_a_field_not_yet_changed_stays_where_it_was_put(
    qtbot, window, db, sample, kind
) -> None:
    """Placing the cursor to correct a word, before typing: a refresh must not move it."""
    field = FIELDS[kind](window, db, sample)
    focus(qtbot, field)
    text = field.text()
    qtbot.keyClick(field, Qt.Key.Key_Home)
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key.Key_Right)
    window.desk.write(lambda s: meetings.edit_meeting(s, sample.meeting_id, {"venue": "Hall"}))
    qtbot.wait(50)
    assert (field.text(), field.cursorPosition()) == (text, 3)
