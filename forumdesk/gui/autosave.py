"""A notes field that saves itself: after a pause in typing, at least every few seconds, on leaving.

Signals:
    commit(str): the text should be saved now.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit

PAUSE_MS = 1_500  # saved this long after the last key
MAX_MS = 5_000  # and at least this often while typing without a pause


class AutosaveEdit(QPlainTextEdit):
    """A QPlainTextEdit that asks for its text to be saved without a Save command."""

    commit = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._saved_text = ""
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._longest = QTimer(self, singleShot=True, interval=MAX_MS)
        self._pause.timeout.connect(self.flush)
        self._longest.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)

    def load(self, text: str | None) -> None:
        """Shows stored text without treating it as an edit."""
        self._pause.stop()
        self._longest.stop()
        self.blockSignals(True)
        self.setPlainText(text or "")
        self.blockSignals(False)
        self._saved_text = self.toPlainText()

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
