"""Every modal question and message the window asks, in one place.

Tests replace these functions (monkeypatch) instead of driving modal dialogs.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider
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
    dialog = file_dialog(parent, title, suggested, kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _chosen(dialog)


def ask_open_path(parent: QWidget | None, title: str, kinds: str) -> str | None:
    """A file to open, or None when the person cancels."""
    dialog = file_dialog(parent, title, "", kinds)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


class _NamesOnly(QAbstractFileIconProvider):
    """File icons and types told from names alone, never by opening a file."""

    def type(self, info: QFileInfo) -> str:
        return ""


def file_dialog(parent: QWidget | None, title: str, start: str, kinds: str) -> QFileDialog:
    """A file dialog that never opens the files it lists.

    A dialog that looks inside files to tell their type opens and closes the database's
    own files when it shows their folder; on Linux and macOS closing any handle on a file
    drops every lock this process holds on it, and the next program to close the
    database then deletes its write-ahead log under the window: what the window saved
    afterwards was lost (docs/internals.md, "Two programs on one database"). On those
    systems the dialog is Qt's own, with icons told by name; Windows locks differently.
    """
    dialog = QFileDialog(parent, title, start, kinds)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.names_only = _NamesOnly()  # type: ignore[attr-defined]  # Qt does not own it
        dialog.setIconProvider(dialog.names_only)  # type: ignore[attr-defined]  # set just above
    return dialog


def _chosen(dialog: QFileDialog) -> str | None:
    try:
        if not dialog.exec():
            return None
        files = dialog.selectedFiles()
        return files[0] if files else None
    finally:
        dialog.deleteLater()
