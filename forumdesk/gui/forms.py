"""Small helpers that keep every field labelled, named for assistive technology, and buddied."""

from __future__ import annotations

import re
from typing import Any, cast

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

from forumdesk.domain.enums import _Labelled


def plain(label: str) -> str:
    """A label without its mnemonic ampersand."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def named(widget: QWidget, name: str, description: str | None = None) -> QWidget:
    """Gives a widget its accessible name (and description) and returns it."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def add_row(
    form: QFormLayout, label: str, field: QWidget, description: str | None = None
) -> QLabel:
    """Adds a labelled row: the label (with its mnemonic) is the field's buddy and names it."""
    caption = QLabel(label)
    caption.setBuddy(field)
    named(field, plain(label).rstrip(":"), description)
    form.addRow(caption, field)
    return caption


def buddy(label: str, field: QWidget, description: str | None = None) -> QLabel:
    """A label (with its mnemonic) for a field laid out by hand: its buddy, and its name."""
    caption = QLabel(label)
    caption.setBuddy(field)
    named(field, plain(label).rstrip(":"), description)
    return caption


class EnumCombo(QComboBox):
    """A combo box of an enum's labels whose :meth:`current` is the member itself."""

    def __init__(
        self, cls: type[_Labelled], optional: str | None = None, *, short: bool = False
    ) -> None:
        super().__init__()
        self._cls = cls
        # Long labels must not widen the window past a 1366-pixel laptop screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        if optional is not None:
            self.addItem(optional, None)
        for member in cls:
            number = getattr(member, "number", None)
            label = getattr(member, "short", member.label) if short else member.label
            self.addItem(f"{number}. {label}" if number else label, member.value)
            if label != member.label:  # the whole label when the short one is shown
                self.setItemData(self.count() - 1, member.label, Qt.ItemDataRole.ToolTipRole)

    def current(self) -> Any:
        """The chosen member, or None for the optional entry."""
        data = self.currentData()
        return None if data is None else self._cls(data)  # type: ignore[call-arg]  # by value

    def choose(self, member: object) -> None:
        """Selects a member (None: the optional entry, or the first)."""
        select_data(self, None if member is None else str(member))


def enum_combo(
    cls: type[_Labelled], *, optional: str | None = None, short: bool = False
) -> EnumCombo:
    """A combo box of an enum's labels (see EnumCombo); ``short`` labels where the
    members have them (the policy stages), the whole label as each entry's tooltip."""
    return EnumCombo(cls, optional, short=short)


#: The lowest day an optional date field holds; it stands for "no day" (its special text).
NO_DAY = QDate(2000, 1, 1)


class OptionalDate(QDateEdit):
    """A date field that may be left empty: at its lowest day it shows ``none`` instead.

    Its calendar opens on this month while it is empty, not on January 2000.
    """

    def __init__(self, none: str, display: str = "yyyy-MM-dd") -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat(display)
        self.setMinimumDate(NO_DAY)
        self.setSpecialValueText(none)
        self.setDate(NO_DAY)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QCalendarWidget)
            and self.date() == self.minimumDate()
        ):
            today = QDate.currentDate()
            watched.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


def select_data(combo: QComboBox, value: object) -> None:
    """Selects the entry whose data is ``value``."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def tidy_table(table: QTableView) -> None:
    """Row selection, one line per row at a fixed height (fast, and even), no row numbers."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it), as elsewhere
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(int(table.fontMetrics().height() * 1.6))


#: What a window manager adds around a window (title bar, borders), at most.
FRAME_ALLOWANCE = 40


def fit_to_screen(window: QWidget, width: int, height: int, *, fill: bool = False) -> None:
    """Sizes a window to width×height where that fits with its frame; else smaller, or
    with ``fill`` (the main window) the whole screen. A 1366×768 laptop with a taskbar
    is too small for 1280×720, and at 200% scale it is a 683×384 screen."""
    screen = window.screen().availableGeometry()
    room_width, room_height = screen.width() - FRAME_ALLOWANCE, screen.height() - FRAME_ALLOWANCE
    if width <= room_width and height <= room_height:
        window.resize(width, height)
    elif fill:
        window.resize(screen.size())
        window.setWindowState(Qt.WindowState.WindowMaximized)
    else:
        window.resize(min(width, room_width), min(height, room_height))


def scrolling(widget: QWidget) -> QScrollArea:
    """Wraps a tall form so that it scrolls instead of making the window taller than a laptop."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def record_table(model: QAbstractItemModel, stretch: int = 0, *, fit: bool = True) -> QTableView:
    """A tidy table over a model: ``stretch`` takes the spare width; others fit their contents.

    ``fit=False`` for long lazy lists, where sizing to contents would read every row.
    """
    table = QTableView()
    table.setModel(model)
    tidy_table(table)
    header = table.horizontalHeader()
    if fit:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return table


def reselect(table: QTableView, row: int | None) -> None:
    """Makes a row current again after its model was read anew (a reset forgets it)."""
    if row is not None:
        table.selectionModel().setCurrentIndex(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )


def table_action(table: QTableView, text: str, keys: QKeySequence) -> QAction:
    """An action of one table (Delete, Ctrl+Up): in its context menu, on its key when focused."""
    action = QAction(text, table)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    table.addAction(action)
    return action


def delete_key() -> QKeySequence:
    """The platform's Delete key (made on demand: key sequences need the application)."""
    return QKeySequence(QKeySequence.StandardKey.Delete)


def give_mnemonics(texts: list[str], taken: set[str] | None = None) -> list[str]:
    """The texts with a mnemonic each (``&`` before a letter), unique among themselves and
    ``taken`` (lower-case letters already used on the screen), in whatever language the
    texts are: a word's first letter is preferred, then any letter. A text that has one
    already keeps it; one with no free letter is left without."""
    used = {letter.lower() for letter in taken or set()}
    for text in texts:
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            used.add(match.group(1).lower())
    given = []
    for text in texts:
        if re.search(r"&[^&]", text.replace("&&", "")):
            given.append(text)
            continue
        starts = [
            i for i, c in enumerate(text) if c.isalpha() and (i == 0 or not text[i - 1].isalpha())
        ]
        rest = [i for i, c in enumerate(text) if c.isalpha() and i not in starts]
        spot = next((i for i in starts + rest if text[i].lower() not in used), None)
        if spot is None:
            given.append(text)
            continue
        used.add(text[spot].lower())
        given.append(text[:spot] + "&" + text[spot:])
    return given


class UndoFallsThrough(QObject):
    """Lets Ctrl+Z reach the window's Undo when a line edit has nothing of its own to undo.

    A line edit takes Ctrl+Z for its own typing even when it has none, so right after a
    capture (the bar just emptied) Ctrl+Z would do nothing useful, or bring the typed
    title back and invite a duplicate. With this filter it undoes the capture instead.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            key = cast(QKeyEvent, event)
            own = (
                watched.isUndoAvailable()
                if key.matches(QKeySequence.StandardKey.Undo)
                else watched.isRedoAvailable()
                if key.matches(QKeySequence.StandardKey.Redo)
                else None
            )
            if own is False:
                event.ignore()
                return True  # not overridden: the shortcut goes to the window
        return False


def undo_falls_through(*fields: QLineEdit) -> None:
    """Installs :class:`UndoFallsThrough` on line edits (one filter, kept by the first)."""
    if not fields:
        return
    keeper = UndoFallsThrough(fields[0])
    for field in fields:
        field.installEventFilter(keeper)


def show_text(field: QLineEdit, text: str, *, editing: bool) -> None:
    """Shows stored text in a line edit. While ``editing`` (the same record read again)
    a field with the focus keeps what is typed in it; it is saved when it is left. Text
    equal to what is shown is not set again, so the cursor stays where it is."""
    if field.text() == text or (editing and field.hasFocus()):
        return
    field.setText(text)
    if not field.hasFocus():
        field.setCursorPosition(0)  # a long title shows its beginning, not its end


def empty(field: QLineEdit) -> None:
    """Empties a line edit and forgets its own undo history (``clear()`` keeps it)."""
    field.setText("")


class UnsentPerRecord:
    """Text typed into fields that act on one record (a comment on an issue, an outcome
    of an agenda item) and not yet sent stays with that record.

    When another record is shown the fields are emptied, and the text comes back when
    its record is shown again: it is never sent to a record it was not typed for, and
    never lost.
    """

    def __init__(self, *fields: QLineEdit) -> None:
        self._fields = fields
        self._owner: int | None = None
        self._kept: dict[int, tuple[str, ...]] = {}

    def switch(self, owner: int | None) -> None:
        """The fields now act on ``owner`` (None: on nothing)."""
        if owner == self._owner:
            return
        if self._owner is not None:
            typed = tuple(field.text() for field in self._fields)
            if any(typed):
                self._kept[self._owner] = typed
            else:
                self._kept.pop(self._owner, None)
        self._owner = owner
        kept = self._kept.pop(owner, None) if owner is not None else None
        for field, text in zip(self._fields, kept or ("",) * len(self._fields), strict=True):
            if field.text() != text:
                field.setText(text)
