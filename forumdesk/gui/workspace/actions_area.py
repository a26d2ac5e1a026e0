"""Actions: those agreed at this meeting and those carried forward, with owner, due and status."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import actions
from forumdesk.domain.enums import ActionStatus
from forumdesk.domain.records import ActionInfo
from forumdesk.gui import forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import Column, RecordTableModel
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.i18n import N_, _


def _status(action: ActionInfo) -> str:
    if action.is_overdue(date.today()):
        return _("{status} (overdue)").format(status=action.status.label)
    return action.status.label


COLUMNS: tuple[Column[ActionInfo], ...] = (
    Column(N_("Action"), lambda a: a.description),
    Column(N_("Owner"), lambda a: a.owner or ""),
    Column(N_("Due"), lambda a: a.due_date.isoformat() if a.due_date else ""),
    Column(N_("Status"), _status),
    Column(N_("From"), lambda a: _("carried forward") if a.carried else _("this meeting")),
)


class ActionsArea(MeetingArea):
    """Lists and records actions; status changes and deletions can be undone."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._stack = stack

        self.description = QLineEdit()
        self.description.setPlaceholderText(_("What was agreed, then Enter"))
        self.owner = QLineEdit()
        self.due = QLineEdit()
        forms.undo_falls_through(self.description, self.owner, self.due)
        self.due.setPlaceholderText("YYYY-MM-DD")
        self.add = QPushButton(_("Add actio&n"))
        self.status = forms.enum_combo(ActionStatus)
        self.model: RecordTableModel[ActionInfo] = RecordTableModel(
            COLUMNS, lambda a: a.id, parent=self
        )
        self.table = forms.record_table(self.model)
        self.delete = forms.table_action(self.table, _("Delete action"), forms.delete_key())

        box = QGroupBox(_("New action"))
        form = QFormLayout(box)
        forms.add_row(form, _("&Description:"), self.description)
        forms.add_row(form, _("&Owner:"), self.owner)
        forms.add_row(form, _("D&ue date:"), self.due)
        form.addRow(forms.named(self.add, _("Add action")))
        status_row = QHBoxLayout()
        status_row.addWidget(forms.named(self.table, _("Actions"), _("Delete removes an action")))
        side = QVBoxLayout()
        forms.named(self.status, _("Status of the selected action"))
        status_label = QLabel(_("&Status of the\nselected action:"))
        status_label.setBuddy(self.status)
        side.addWidget(status_label)
        side.addWidget(self.status)
        side.addStretch()
        status_row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(status_row, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.add.clicked.connect(self.add_now)
        for field in (self.description, self.owner, self.due):
            field.returnPressed.connect(self.add_now)
        self.status.activated.connect(lambda _i: self.set_status(self.status.current()))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.delete.triggered.connect(self.delete_selected)

    def set_locked(self, locked: bool) -> None:
        """Approved minutes record the actions agreed: none is added or deleted, though
        an action's status still moves on (that is what happens after a meeting)."""
        for widget in (self.description, self.owner, self.due, self.add):
            widget.setEnabled(not locked)
        self.delete.setEnabled(not locked)

    def read(self) -> None:
        """Reads this meeting's actions and those carried into it."""
        meeting = self._meeting
        found = (
            []
            if meeting is None
            else self._desk.read(lambda s: actions.list_actions(s, meeting=meeting.id))
        )
        chosen = self.selected()
        self.model.set_records(found)  # a reset forgets the current row: choose it again
        forms.reselect(self.table, None if chosen is None else self.model.row_of(chosen.id))
        self.status.setEnabled(self.selected() is not None)

    def selected(self) -> ActionInfo | None:
        """The selected action."""
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def add_now(self) -> None:
        """Records the action against this meeting."""
        if self._meeting is None:
            return
        fields: dict[str, Any] = {
            "description": self.description.text(),
            "owner": self.owner.text(),
            "due_date": self.due.text(),
            "meeting": self._meeting.id,
        }
        made = undo.perform(
            self._desk,
            self._stack,
            _("add an action"),
            lambda s: actions.add_action(s, **fields),
            undo=lambda made: lambda s: actions.delete_action(s, made.id),
            redo=lambda made: lambda s: actions.restore_action(s, made.id),
            parent=self,
        )
        if made is not None:
            for field in (self.description, self.owner, self.due):
                forms.empty(field)
            self.description.setFocus()

    def set_status(self, status: ActionStatus | None) -> None:
        """Changes the selected action's status; undoable."""
        action = self.selected()
        if action is None or status is None or status == action.status:
            return
        ident, old = action.id, action.status
        undo.perform(
            self._desk,
            self._stack,
            _("mark an action {status}").format(status=status.label.lower()),
            lambda s: actions.set_action_status(s, ident, status),
            undo=lambda _r: lambda s: actions.set_action_status(s, ident, old),
            parent=self,
        )

    def delete_selected(self) -> None:
        """Deletes the selected action; undoable."""
        action = self.selected()
        if action is None:
            return
        undo.perform(
            self._desk,
            self._stack,
            _("delete an action"),
            lambda s: actions.delete_action(s, action.id),
            undo=lambda _r: lambda s: actions.restore_action(s, action.id),
            parent=self,
        )

    def _on_current_changed(self, current, _previous) -> None:
        action = self.model.record(current.row())
        self.status.setEnabled(action is not None)
        if action is not None:
            self.status.choose(action.status)
