"""Help > Keyboard shortcuts: every key the window answers to, read from the window itself.

The list is made from the menus and from the actions of the lists (Delete, Ctrl+Up),
so it cannot drift from what the keys really do.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.gui import forms
from forumdesk.i18n import N_, _

#: Keys that belong to fields rather than to actions, said once here.
TYPING = (
    (
        N_("In a field"),
        N_("Record what was typed (capture bar, sign-in, agenda, actions)"),
        N_("Enter"),
    ),
    (
        N_("In a field"),
        N_("Next field, previous field (out of a list too)"),
        N_("Tab, Shift+Tab"),
    ),
    (N_("In a list"), N_("Choose a row"), N_("Up, Down, Page Up, Page Down")),
)


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, command, keys) for every action of the window that has keys."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(where: str, action: QAction) -> None:
        texts = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
        keys = ", ".join(text for text in texts if _on_a_keyboard(text))
        command = forms.plain(action.text()).rstrip("…")
        if keys and (command, keys) not in seen:
            seen.add((command, keys))
            rows.append((where, command, keys))

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{where} > {forms.plain(submenu.title())}")
            else:
                add(where, action)

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, forms.plain(menu.title()))
    for action in window.findChildren(QAction):
        parent = action.parent()
        if isinstance(parent, QWidget) and parent is not window and action.shortcuts():
            add(_("In a list"), action)  # Delete, Ctrl+Up: the list's own keys
    rows.extend((_(where), _(command), _(keys)) for where, command, keys in TYPING)
    return rows


def _on_a_keyboard(key: str) -> bool:
    """Leaves out the dedicated keys few keyboards have ("Undo", "Find", "F14")."""
    if "+" in key:
        return True
    if key.startswith("F") and key[1:].isdigit():
        return int(key[1:]) <= 12
    return key in ("Del", "Delete", "Esc", "Ins", "Insert", "Home", "End", "Return", "Enter")


class ShortcutsDialog(QDialog):
    """A table of the window's keys, with where they work."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([_("Where"), _("Command"), _("Keys")])
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        forms.named(self.table, _("Keyboard shortcuts"))
        intro = QLabel(_("Every key ForumDesk answers to, read from its menus and lists."))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        forms.named(close, _("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        forms.fit_to_screen(self, 720, 560)
