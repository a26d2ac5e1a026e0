"""Every modal question and message the window asks, in one place.

Tests replace these functions (monkeypatch) instead of driving modal dialogs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


def show_error(parent: QWidget | None, message: str) -> None:
    """Tells the person why their change was not made."""
    QMessageBox.warning(parent, "ForumDesk", message)  # i18n: not text


def show_info(parent: QWidget | None, message: str) -> None:
    """Tells the person something worth knowing."""
    QMessageBox.information(parent, "ForumDesk", message)  # i18n: not text


def ask_yes_no(parent: QWidget | None, question: str) -> bool:
    """A yes/no question; Yes is the default."""
    answer = QMessageBox.question(
        parent,
        "ForumDesk",  # i18n: not text
        question,
        defaultButton=QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, question: str, default: str = "") -> str | None:
    """A line of text, or None when the person cancels."""
    text, ok = QInputDialog.getText(
        parent,
        "ForumDesk",  # i18n: not text
        question,
        QLineEdit.EchoMode.Normal,
        default,
    )
    return text if ok else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str, kinds: str) -> str | None:
    """Where to save a file, or None when the person cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, kinds)
    return path or None


def ask_open_path(parent: QWidget | None, title: str, kinds: str) -> str | None:
    """A file to open, or None when the person cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", kinds)
    return path or None
