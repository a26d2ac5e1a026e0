"""A notes field that saves itself: after a pause in typing, at least every few seconds, on leaving.

A save must never disturb the typing it saves: the window reads its data again after
every change, and a field that was simply reloaded would put the cursor back at the
start, so that the next words land before the last ones. :meth:`AutosaveEdit.show` is
how stored text reaches the field, and it leaves the text being typed where it is.

Signals:
    commit(str): the text should be saved now.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

PAUSE_MS = 1_500  # saved this long after the last key
MAX_MS = 5_000  # and at least this often while typing without a pause


class AutosaveEdit(QPlainTextEdit):
    """A QPlainTextEdit that asks for its text to be saved without a Save command."""

    commit = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._saved_text = ""
        self._owner: object = None  # whose text is shown (an agenda item's id, an issue's)
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._longest = QTimer(self, singleShot=True, interval=MAX_MS)
        self._pause.timeout.connect(self.flush)
        self._longest.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)

    def show_text(self, owner: object, text: str | None) -> None:
        """Shows the stored text of ``owner`` without treating it as an edit.

        For the owner already shown, unsaved typing stays as it is, and stored text equal
        to what is on screen (but for spaces at its ends) changes nothing: the cursor,
        the selection and the scroll stay. Other stored text (an undo made from the
        menu) replaces it, the cursor and the scroll kept as far as the new text allows.
        Another owner's text is shown
        from its start.
        """
        text = text or ""
        same = owner == self._owner
        shown = self.toPlainText()
        if same and text.strip() == shown.strip():
            # What was typed, as stored (the store trims the ends): typing goes on.
            self._saved_text = shown
            return
        if same and self.is_dirty():
            return  # being typed: saved when the typing pauses
        self._owner = owner
        self._pause.stop()
        self._longest.stop()
        cursor, bar = self.textCursor(), self.verticalScrollBar()
        keep = (cursor.anchor(), cursor.position(), bar.value()) if same else None
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self._saved_text = self.toPlainText()
        if keep is not None:
            anchor, position, scrolled = keep
            length = len(self._saved_text)
            cursor = self.textCursor()
            cursor.setPosition(min(anchor, length))
            cursor.setPosition(min(position, length), QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
            bar.setValue(scrolled)

    @property
    def owner(self) -> object:
        """Whose text the field shows."""
        return self._owner

    def is_dirty(self) -> bool:
        """Typed text not yet handed over for saving."""
        return self.toPlainText() != self._saved_text

    def flush(self) -> None:
        """Hands the text over for saving now, if it changed."""
        self._pause.stop()
        self._longest.stop()
        if self.is_dirty():
            self.commit.emit(self.toPlainText())

    def mark_saved(self) -> None:
        """Called once the text was stored (a failed save keeps it dirty, and on screen)."""
        self._saved_text = self.toPlainText()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)

    def _on_text_changed(self) -> None:
        self._pause.start()
        if not self._longest.isActive():
            self._longest.start()
