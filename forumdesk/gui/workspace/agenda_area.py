"""The agenda: items in order (drag or Ctrl+Up/Down to reorder), notes and typed outcomes."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import agenda
from forumdesk.core.engagements import decisions
from forumdesk.domain.enums import OutcomeKind
from forumdesk.domain.records import AgendaItemInfo
from forumdesk.gui import forms, undo
from forumdesk.gui.autosave import AutosaveEdit
from forumdesk.gui.decision import DecisionFields
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import ID_ROLE, Column, RecordTableModel
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.i18n import N_, _

COLUMNS: tuple[Column[AgendaItemInfo], ...] = (
    Column("#", lambda i: str(i.position), align_right=True),
    Column(N_("Item"), lambda i: i.title),
    Column(N_("Presenter"), lambda i: i.presenter or ""),
    Column(N_("Discussed"), lambda i: _("yes") if i.discussed else ""),
    Column(N_("Outcomes"), lambda i: str(len(i.outcomes)) if i.outcomes else ""),
)
#: What the selected item's fields are called in the Undo and Redo menu entries.
CHANGES = {
    "title": N_("change the title of agenda item {position}"),
    "presenter": N_("change the presenter of agenda item {position}"),
}


class AgendaArea(MeetingArea):
    """Add, reorder and minute the items of a meeting's agenda."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._stack = stack

        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(_("New agenda item, then Enter"))
        self.add_button = QPushButton(_("Add to a&genda"))
        self.model: RecordTableModel[AgendaItemInfo] = RecordTableModel(
            COLUMNS, lambda i: i.id, movable=True, parent=self
        )
        self.table = forms.record_table(self.model, stretch=1)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.move_up = forms.table_action(self.table, _("Move item up"), QKeySequence("Ctrl+Up"))
        self.move_down = forms.table_action(
            self.table, _("Move item down"), QKeySequence("Ctrl+Down")
        )
        self.delete_item = forms.table_action(self.table, _("Delete item"), forms.delete_key())

        self.title = QLineEdit()
        self.presenter = QLineEdit()
        self.notes = AutosaveEdit()
        self.notes.setTabChangesFocus(True)
        self.outcomes = QListWidget()
        self.outcome_kind = forms.enum_combo(OutcomeKind)
        self.outcome_text = QLineEdit()
        self.outcome_text.setPlaceholderText(_("RESOLVED: … or what was agreed, then Enter"))
        self.outcome_owner = QLineEdit()
        self.outcome_owner.setPlaceholderText(_("Owner (actions)"))
        self.outcome_due = QLineEdit()
        # An outcome being typed stays with its item.
        self._unsent = forms.UnsentPerRecord(
            self.outcome_text, self.outcome_owner, self.outcome_due
        )
        self.outcome_due.setPlaceholderText(_("Due YYYY-MM-DD"))
        forms.undo_falls_through(
            self.new_title, self.outcome_text, self.outcome_owner, self.outcome_due
        )
        # A decision says how it was decided (decision evidence).
        self.outcome_decision = DecisionFields()
        self.add_outcome = QPushButton(_("Add outcome"))
        self.remove_outcome = QPushButton(_("Remove outcome"))

        forms.named(self.new_title, _("New agenda item title"))
        forms.named(self.add_button, _("Add agenda item"))
        forms.named(self.table, _("Agenda"), _("Drag, or Ctrl+Up and Ctrl+Down, to reorder"))
        adder = QHBoxLayout()
        adder.addWidget(self.new_title, 1)
        adder.addWidget(self.add_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(adder)
        left_layout.addWidget(self.table)

        self.editor = QGroupBox(_("Selected item"))
        form = QFormLayout(self.editor)
        forms.add_row(form, _("Tit&le:"), self.title)
        forms.add_row(form, _("&Presenter:"), self.presenter)
        forms.add_row(form, _("&Notes:"), self.notes, _("Discussion notes; saved as you type"))
        forms.add_row(form, _("&Outcomes:"), self.outcomes)
        forms.add_row(form, _("Outcome &kind:"), self.outcome_kind)
        forms.add_row(form, _("Outcome te&xt:"), self.outcome_text)
        form.addRow(self.outcome_decision)
        forms.add_row(form, _("Action o&wner:"), self.outcome_owner)
        forms.add_row(form, _("Action &due:"), self.outcome_due)
        buttons = QHBoxLayout()
        buttons.addWidget(forms.named(self.add_outcome, _("Add outcome")))
        buttons.addWidget(forms.named(self.remove_outcome, _("Remove selected outcome")))
        form.addRow(buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(forms.scrolling(self.editor))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._connect_signals()
        self._show_item(None)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_item)
        self.new_title.returnPressed.connect(self.add_item)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _p: self._show_item(self.model.record(current.row()))
        )
        self.model.move_requested.connect(self.move_item)
        self.move_up.triggered.connect(lambda: self._step(-1))
        self.move_down.triggered.connect(lambda: self._step(+1))
        self.delete_item.triggered.connect(self.delete_selected)
        self.title.editingFinished.connect(lambda: self._save("title", self.title.text()))
        self.presenter.editingFinished.connect(
            lambda: self._save("presenter", self.presenter.text())
        )
        self.notes.commit.connect(self._save_notes)
        self.add_outcome.clicked.connect(self.add_outcome_now)
        self.outcome_text.returnPressed.connect(self.add_outcome_now)
        self.remove_outcome.clicked.connect(self._remove_outcome)
        self.outcome_kind.currentIndexChanged.connect(self._show_decision)
        self._show_decision()

    def set_locked(self, locked: bool) -> None:
        """Approved minutes: the agenda can be read and copied from, not changed."""
        for field in (self.title, self.presenter, self.notes):
            field.setReadOnly(locked)
        for widget in (
            self.new_title,
            self.add_button,
            self.outcome_kind,
            self.outcome_text,
            self.outcome_owner,
            self.outcome_due,
            self.outcome_decision,
            self.add_outcome,
            self.remove_outcome,
        ):
            widget.setEnabled(not locked)
        for action in (self.move_up, self.move_down, self.delete_item):
            action.setEnabled(not locked)
        self.table.setDragEnabled(not locked)

    def clear(self) -> None:
        self.model.set_records([])
        self._show_item(None)

    def read(self, select: int | None = None) -> None:
        """Reads the agenda, keeping the selected item (or ``select``) selected."""
        keep = select if select is not None else self.selected_id()
        meeting = self._meeting
        items = (
            [] if meeting is None else self._desk.read(lambda s: agenda.list_agenda(s, meeting.id))
        )
        self.model.set_records(items)
        if keep is not None:
            forms.reselect(self.table, self.model.row_of(keep))
        if keep is None and self.model.rowCount():
            keep = self.model.record(0).id  # type: ignore[union-attr]  # row 0 exists: minute it
            self.table.selectRow(0)
        current = self.model.record(self.table.currentIndex().row()) if keep else None
        self._show_item(current)

    def selected_id(self) -> int | None:
        """The selected item's id."""
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def add_item(self) -> None:
        """Appends the typed item to the agenda; undoable."""
        if self._meeting is None:
            return
        meeting_id, title = self._meeting.id, self.new_title.text()
        made = undo.perform(
            self._desk,
            self._stack,
            _("add agenda item “{title}”").format(title=title.strip()[:40]),
            lambda s: agenda.add_agenda_item(s, meeting_id, title=title),
            undo=lambda made: lambda s: agenda.delete_agenda_item(s, made.id),
            redo=lambda made: lambda s: agenda.restore_agenda_item(s, made.id),
            parent=self,
        )
        if made is not None:
            forms.empty(self.new_title)
            self.reload(select=made.id)

    def move_item(self, ident: int, position: int) -> None:
        """Moves an item to a 1-based position; undoable."""
        item = next((i for i in self.model.records() if i.id == ident), None)
        if item is None or position == item.position:
            return
        old = item.position
        undo.perform(
            self._desk,
            self._stack,
            _("move “{title}”").format(title=item.title[:40]),
            lambda s: agenda.move_agenda_item(s, ident, position),
            undo=lambda _r: lambda s: agenda.move_agenda_item(s, ident, old),
            parent=self,
        )
        self.reload(select=ident)

    def delete_selected(self) -> None:
        """Deletes the selected item; undoable."""
        ident = self.selected_id()
        if ident is None:
            return
        undo.perform(
            self._desk,
            self._stack,
            _("delete agenda item"),
            lambda s: agenda.delete_agenda_item(s, ident),
            undo=lambda _r: lambda s: agenda.restore_agenda_item(s, ident),
            parent=self,
        )

    def add_outcome_now(self) -> None:
        """Adds an outcome to the selected item (an action outcome also creates the action)."""
        ident = self.selected_id()
        if ident is None:
            return
        kind = self.outcome_kind.current()
        fields = {"kind": kind, "text": self.outcome_text.text()}
        if kind is OutcomeKind.ACTION:
            fields |= {"owner": self.outcome_owner.text(), "due_date": self.outcome_due.text()}
        if kind is OutcomeKind.DECISION:
            fields |= self.outcome_decision.values()
        made = undo.perform(
            self._desk,
            self._stack,
            _("add {kind} outcome").format(kind=kind.label.lower()),
            lambda s: agenda.add_outcome(s, ident, **fields),
            undo=lambda made: lambda s: agenda.delete_outcome(s, made.id),
            parent=self,
        )
        if made is not None:
            for field in (self.outcome_text, self.outcome_owner, self.outcome_due):
                forms.empty(field)
            self.outcome_decision.reset()

    def _show_decision(self) -> None:
        """ "How was it decided?" is asked of a decision only."""
        self.outcome_decision.setVisible(self.outcome_kind.current() is OutcomeKind.DECISION)

    def _step(self, delta: int) -> None:
        item = self.model.record(self.table.currentIndex().row())
        if item is not None:
            self.move_item(item.id, max(1, item.position + delta))

    def _save(self, field: str, value: str) -> None:
        item = self.model.record(self.table.currentIndex().row())
        if item is None:
            return
        old = getattr(item, field)
        new = value.strip() or None
        if new == old:
            return
        ident = item.id
        undo.perform(
            self._desk,
            self._stack,
            _(CHANGES[field]).format(position=item.position),
            lambda s: agenda.edit_agenda_item(s, ident, {field: new}),
            undo=lambda _r: lambda s: agenda.edit_agenda_item(s, ident, {field: old}),
            parent=self,
        )

    def _save_notes(self, text: str) -> None:
        item = self.model.record(self.table.currentIndex().row())
        if item is None:
            return
        ident = item.id
        saved = self._desk.write(lambda s: agenda.edit_agenda_item(s, ident, {"notes": text}), self)
        if saved is not None:
            self.notes.mark_saved()

    def _remove_outcome(self) -> None:
        current = self.outcomes.currentItem()
        if current is None:
            return
        ident = current.data(ID_ROLE)
        self._desk.write(lambda s: agenda.delete_outcome(s, ident), self)

    def _show_item(self, item: AgendaItemInfo | None) -> None:
        """Shows an item; the same item read again after a change leaves what is being
        typed alone (its cursor too)."""
        self.editor.setEnabled(item is not None)
        ident = item.id if item else None
        self._unsent.switch(ident)
        same = ident == self.notes.owner
        for widget, value in (
            (self.title, item.title if item else ""),
            (self.presenter, (item.presenter or "") if item else ""),
        ):
            forms.show_text(widget, value, editing=same)
        self.notes.show_text(ident, item.notes if item else None)
        self.outcomes.clear()
        for outcome in item.outcomes if item else ():
            shown = (
                _("{kind}: RESOLVED: {text}")
                if outcome.kind is OutcomeKind.DECISION
                else _("{kind}: {text}")
            )
            said = shown.format(kind=outcome.kind.label, text=outcome.text)
            how = decisions.evidence(
                outcome.decided_by,
                outcome.votes_for,
                outcome.votes_against,
                outcome.votes_abstain,
            )
            entry = QListWidgetItem(
                _("{outcome} ({evidence})").format(outcome=said, evidence=how) if how else said
            )
            entry.setData(ID_ROLE, outcome.id)
            self.outcomes.addItem(entry)
