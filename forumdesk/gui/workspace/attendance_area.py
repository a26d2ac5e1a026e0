"""Attendance: a quick sign-in with consent rules, the list, and the anonymous headcount.

The selected person's attendance (left early, say) and consents can be changed later;
withdrawing a consent erases the name or contact details it covered. Every change can
be undone.
"""

from __future__ import annotations

import itertools

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import attendance, meetings
from forumdesk.domain.enums import AttendanceRole, Presence
from forumdesk.domain.records import AttendanceInfo
from forumdesk.gui import forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import Column, RecordTableModel
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.i18n import N_, _

COLUMNS: tuple[Column[AttendanceInfo], ...] = (
    Column(N_("Name"), lambda p: p.name or _("(not named)")),
    Column(N_("Role"), lambda p: p.role.label),
    Column(N_("Attendance"), lambda p: p.presence.label),
    Column(N_("May be named"), lambda p: _("yes") if p.consent_named else ""),
    Column(N_("May be contacted"), lambda p: p.contact or (_("yes") if p.consent_contact else "")),
)


class AttendanceArea(MeetingArea):
    """Signs people in; names and contact details only with the person's consent."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._stack = stack
        self._locked = False  # approved minutes

        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Optional"))
        self.role = forms.enum_combo(AttendanceRole)
        self.presence = forms.enum_combo(Presence)
        self.consent_named = QCheckBox(_("C&onsents to be named"))
        self.consent_contact = QCheckBox(_("Consents to &be contacted"))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(_("E-mail or phone, only with consent"))
        forms.undo_falls_through(self.name, self.contact)
        self.sign_in = QPushButton(_("&Sign in"))
        self.headcount = QLabel()
        self.fewer = QPushButton("−")
        self.more = QPushButton("+")
        self.model: RecordTableModel[AttendanceInfo] = RecordTableModel(
            COLUMNS, lambda p: p.id, parent=self
        )
        self.table = forms.record_table(self.model)
        self.remove = forms.table_action(self.table, _("Remove sign-in"), forms.delete_key())
        # The selected person: what changes during a meeting.
        self.person_presence = forms.enum_combo(Presence)
        self.person_named = QCheckBox(_("May be named"))
        self.person_name = QLineEdit()
        self.person_contactable = QCheckBox(_("May be contacted"))
        self.person_contact = QLineEdit()

        box = self.sign_in_box = QGroupBox(_("Sign in"))
        form = QFormLayout(box)
        # The consent comes before the data it allows, in tab order too.
        forms.add_row(form, _("&Role:"), self.role)
        forms.add_row(form, _("&Present:"), self.presence)
        form.addRow(forms.named(self.consent_named, _("Consents to be named")))
        forms.add_row(form, _("&Name:"), self.name, _("Recorded for a resident only with consent"))
        form.addRow(forms.named(self.consent_contact, _("Consents to be contacted")))
        forms.add_row(form, _("Contact detai&ls:"), self.contact)
        form.addRow(forms.named(self.sign_in, _("Sign in")))
        self.person_box = QGroupBox(_("Selected person"))
        person_form = QFormLayout(self.person_box)
        forms.add_row(person_form, _("Atten&dance:"), self.person_presence)
        person_form.addRow(forms.named(self.person_named, _("May be named")))
        forms.add_row(person_form, _("Name:"), self.person_name, _("Kept only while they consent"))
        person_form.addRow(forms.named(self.person_contactable, _("May be contacted")))
        forms.add_row(person_form, _("Contact:"), self.person_contact, _("Kept only with consent"))
        counter = QHBoxLayout()
        counter.addWidget(QLabel(_("Anonymous headcount:")))
        counter.addWidget(forms.named(self.headcount, _("Anonymous headcount")))
        counter.addWidget(forms.named(self.fewer, _("Decrease headcount"), _("One fewer person")))
        counter.addWidget(forms.named(self.more, _("Increase headcount"), _("One more person")))
        counter.addStretch()
        forms.named(self.table, _("Attendance"), _("Delete removes the selected sign-in"))
        right = QVBoxLayout()
        right.addLayout(counter)
        right.addWidget(self.table)
        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(self.person_box)
        left.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        # Tab goes from signing in to the list, then to the person chosen in it.
        chain = (
            self.sign_in,
            self.fewer,
            self.more,
            self.table,
            self.person_presence,
            self.person_named,
            self.person_name,
            self.person_contactable,
            self.person_contact,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._connect_signals()
        self._on_consent_changed()

    def set_locked(self, locked: bool) -> None:
        """Approved minutes: the attendance can be read, not changed."""
        self._locked = locked
        for widget in (self.sign_in_box, self.person_box, self.fewer, self.more):
            widget.setEnabled(not locked)
        self.remove.setEnabled(not locked)

    def _connect_signals(self) -> None:
        self.sign_in.clicked.connect(self.sign_in_now)
        self.name.returnPressed.connect(self.sign_in_now)
        self.contact.returnPressed.connect(self.sign_in_now)
        self.consent_contact.toggled.connect(self._on_consent_changed)
        self.consent_named.toggled.connect(self._on_consent_changed)
        self.role.currentIndexChanged.connect(self._on_consent_changed)
        self.more.clicked.connect(lambda: self.adjust_headcount(+1))
        self.fewer.clicked.connect(lambda: self.adjust_headcount(-1))
        self.remove.triggered.connect(self.remove_selected)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_person())
        self.person_presence.activated.connect(
            lambda _i: self.edit_person({"presence": self.person_presence.current()})
        )
        self.person_named.clicked.connect(lambda on: self.edit_person({"consent_named": on}))
        self.person_contactable.clicked.connect(
            lambda on: self.edit_person({"consent_contact": on})
        )
        self.person_name.editingFinished.connect(lambda: self._edit_text("name", self.person_name))
        self.person_contact.editingFinished.connect(
            lambda: self._edit_text("contact", self.person_contact)
        )

    def read(self) -> None:
        """Reads the sign-ins and the headcount."""
        meeting = self._meeting
        if meeting is None:
            self.model.set_records([])
            self.headcount.setText("0")
            return
        people = self._desk.read(lambda s: attendance.list_attendance(s, meeting.id))
        self._meeting = self._desk.read(lambda s: meetings.get_meeting(s, meeting.id))
        chosen = self.selected()
        self.model.set_records(people)  # a reset forgets the current row: choose it again
        forms.reselect(self.table, None if chosen is None else self.model.row_of(chosen.id))
        self._show_person()
        self.headcount.setText(str(self._meeting.headcount))

    def selected(self) -> AttendanceInfo | None:
        """The selected sign-in."""
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def edit_person(self, changes: dict[str, object]) -> AttendanceInfo | None:
        """Changes the selected sign-in; undo puts back what the change touched (with the
        name or contact a withdrawn consent erased), never fields it left alone: an erasure
        made meanwhile elsewhere must not be undone by a stale copy."""
        person = self.selected()
        if person is None:
            return None
        held = attendance.as_changes(person)
        touched = set(changes) | {
            field for field, consent in attendance.CONSENT_FIELDS.items() if consent in changes
        }
        before = {name: value for name, value in held.items() if name in touched}
        changed = undo.perform(
            self._desk,
            self._stack,
            (
                _("change the sign-in of {name}").format(name=person.name)
                if person.name
                else _("change the sign-in of a person")
            ),
            lambda s: attendance.edit_attendance(s, person.id, changes),
            undo=lambda _r: lambda s: attendance.edit_attendance(s, person.id, before, undo=True),
            parent=self,
        )
        if changed is None:
            self._show_person(keep_text=True)  # refused: the ticks go back, typing stays
        return changed

    def _edit_text(self, field: str, edit: QLineEdit) -> None:
        person = self.selected()
        text = edit.text().strip() or None
        if person is not None and edit.isEnabled() and text != getattr(person, field):
            self.edit_person({field: text})

    def _show_person(self, *, keep_text: bool = False) -> None:
        # Set from code, the choices emit no activated or clicked: nothing is re-saved.
        person = self.selected()
        self.person_box.setEnabled(person is not None and not self._locked)
        if person is None:
            self.person_named.setChecked(False)
            self.person_contactable.setChecked(False)
            texts = ("", "")
        else:
            self.person_presence.choose(person.presence)
            self.person_named.setChecked(person.consent_named)
            self.person_contactable.setChecked(person.consent_contact)
            texts = (person.name or "", person.contact or "")
        if not keep_text:
            for edit, text in zip((self.person_name, self.person_contact), texts, strict=True):
                forms.show_text(edit, text, editing=True)  # what is typed stays, cursor too
        public = person is not None and person.role.is_public
        self.person_name.setEnabled(self.person_named.isChecked() or public)
        self.person_contact.setEnabled(self.person_contactable.isChecked())

    def sign_in_now(self) -> None:
        """Records the sign-in; the form empties for the next person."""
        if self._meeting is None:
            return
        meeting_id = self._meeting.id
        fields = {
            "name": self.name.text() if self.name.isEnabled() else None,
            "role": self.role.current(),
            "presence": self.presence.current(),
            "consent_named": self.consent_named.isChecked(),
            "consent_contact": self.consent_contact.isChecked(),
            "contact": self.contact.text() if self.consent_contact.isChecked() else None,
        }
        made = undo.perform(
            self._desk,
            self._stack,
            (
                _("sign in {name}").format(name=fields["name"].strip())
                if fields["name"]
                else _("sign in a person")
            ),
            lambda s: attendance.add_attendance(s, meeting_id, **fields),
            undo=lambda made: lambda s: attendance.delete_attendance(s, made.id),
            redo=lambda made: lambda s: attendance.restore_attendance(s, made),
            parent=self,
        )
        if made is not None:
            forms.empty(self.name)
            forms.empty(self.contact)
            self.consent_named.setChecked(False)
            self.consent_contact.setChecked(False)
            self.name.setFocus()

    def adjust_headcount(self, delta: int) -> None:
        """The + and − buttons; undoable."""
        if self._meeting is None:
            return
        meeting_id, old = self._meeting.id, self._meeting.headcount
        undo.perform(
            self._desk,
            self._stack,
            _("count one more") if delta > 0 else _("count one fewer"),
            lambda s: meetings.adjust_headcount(s, meeting_id, delta),
            undo=lambda _r: lambda s: meetings.set_headcount(s, meeting_id, old),
            parent=self,
        )

    def remove_selected(self) -> None:
        """Removes the selected sign-in (its personal data erased); undo restores it."""
        index = self.table.currentIndex()
        person = self.model.record(index.row()) if index.isValid() else None
        if person is None:
            return
        undo.perform(
            self._desk,
            self._stack,
            _("remove a sign-in"),
            lambda s: attendance.delete_attendance(s, person.id),
            undo=lambda _r: lambda s: attendance.restore_attendance(s, person),
            parent=self,
        )

    def _on_consent_changed(self) -> None:
        # A resident's name is asked for only once they consent to be named; contact
        # details only once they consent to be contacted.
        role = self.role.current()
        needs_consent = role in (AttendanceRole.RESIDENT, AttendanceRole.OTHER)
        self.name.setEnabled(self.consent_named.isChecked() or not needs_consent)
        self.contact.setEnabled(self.consent_contact.isChecked())
        if not self.contact.isEnabled():
            self.contact.clear()
