"""Every modal question and message the window asks, in one place.

Tests replace these functions (monkeypatch) instead of driving modal dialogs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, message: str) -> None:
    """Tells the person why their change was not made."""
    QMessageBox.warning(parent, "ForumDesk", message)


def show_info(parent: QWidget | None, message: str) -> None:
    """Tells the person something worth knowing."""
    QMessageBox.information(parent, "ForumDesk", message)


def ask_yes_no(parent: QWidget | None, question: str) -> bool:
    """A yes/no question; Yes is the default."""
    answer = QMessageBox.question(
        parent, "ForumDesk", question, defaultButton=QMessageBox.StandardButton.Yes
    )
    return answer == QMessageBox.StandardButton.Yes
