"""The detail of one engagement: its common fields (editable), the issues it is linked to,
the people taking part, the meetings held for it, and below them its kind's own panel.

Signals:
    issue_activated(int): a linked issue was opened (double click or Enter).
    meeting_activated(int): a meeting held for it was opened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core.engagements import base, held
from forumdesk.domain.changes import (
    ENGAGEMENT,
    ENGAGEMENT_ISSUE,
    ISSUE,
    MEETING,
    PARTICIPANT,
    Changes,
)
from forumdesk.domain.engagements import EngagementInfo, LinkedIssue, ParticipantInfo
from forumdesk.domain.enums import EngagementStatus, LinkRole, PolicyStage
from forumdesk.domain.errors import NotFound
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.new_dialog import date_field, day_of, show_day
from forumdesk.gui.engagements.panels import panel_class
from forumdesk.gui.models import Column, RecordTableModel
from forumdesk.i18n import N_, _

ISSUE_COLUMNS: list[Column[LinkedIssue]] = [
    Column(N_("Reference"), lambda i: i.reference),
    Column(N_("Title"), lambda i: i.title),
    Column(N_("Stage"), lambda i: f"{i.stage.number} {i.stage.short}"),
    Column(N_("Role"), lambda i: i.role.label),
]
PEOPLE_COLUMNS: list[Column[ParticipantInfo]] = [
    Column(N_("Role"), lambda p: p.role.label),
    Column(N_("Name"), lambda p: p.name or _("(not named)")),
    Column(N_("Ward"), lambda p: p.ward or ""),
    Column(N_("Age band"), lambda p: p.age_band or ""),
    Column(N_("Voting"), lambda p: _("Yes") if p.voting else ""),
]
MEETING_COLUMNS: list[Column[MeetingInfo]] = [
    Column(N_("Date"), lambda m: short_date(m.date, INTERFACE)),
    Column(N_("Meeting"), lambda m: m.display_title),
    Column(N_("Status"), lambda m: m.status.label),
]
#: What the detail shows, besides the kind's own panel.
SHOWN = (ENGAGEMENT, ENGAGEMENT_ISSUE, PARTICIPANT, MEETING, ISSUE)


def _table(model: RecordTableModel[Any], name: str, rows: int = 4) -> QTableView:
    table = forms.record_table(model, stretch=1)
    forms.named(table, name)
    # A few rows in sight, and no more: the kind's panel below must stay within reach.
    height = table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height * (rows + 1) + 2 * table.frameWidth() + 2)
    return table


class EngagementDetail(QWidget):
    """One engagement, in full (see the module's text)."""

    issue_activated = Signal(int)
    meeting_activated = Signal(int)

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stack = stack
        self.engagement: EngagementInfo | None = None
        self.panel: Any = None  # the kind's own panel

        self.heading = QLabel()
        bold = QFont(self.heading.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.heading.setFont(bold)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        forms.named(self.heading, _("The engagement shown"))

        self.title = QLineEdit()
        self.opens = date_field()
        self.closes = date_field()
        self.status = forms.enum_combo(EngagementStatus)
        self.response_due = date_field()
        self.wording = QPlainTextEdit()
        self.outcome = QPlainTextEdit()
        for text in (self.wording, self.outcome):
            text.setTabChangesFocus(True)
            text.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 10)
        self.save_button = QPushButton(_("Save chan&ges"))
        self.revert_button = QPushButton(_("Put back"))
        forms.named(self.revert_button, _("Put back what is saved"))
        forms.named(self.save_button, _("Save the changes to these fields"))

        self.issues_model: RecordTableModel[LinkedIssue] = RecordTableModel(
            ISSUE_COLUMNS, lambda i: i.id, parent=self
        )
        self.issues = _table(self.issues_model, _("Issues linked to this engagement"))
        self.issue_ref = QLineEdit()
        self.issue_ref.setPlaceholderText(_("An issue's reference, such as BHF-0042"))
        self.stage = forms.enum_combo(PolicyStage, short=True)
        self.role = forms.enum_combo(LinkRole)
        self.link_button = QPushButton(_("&Link issue"))
        self.unlink_button = QPushButton(_("Remove link"))
        forms.named(self.link_button, _("Link the issue to this engagement"))
        forms.named(self.unlink_button, _("Remove the selected link (Delete)"))
        self.unlink_action = forms.table_action(
            self.issues, _("Remove the link"), forms.delete_key()
        )

        self.people_model: RecordTableModel[ParticipantInfo] = RecordTableModel(
            PEOPLE_COLUMNS, lambda p: p.id, parent=self
        )
        self.people = _table(self.people_model, _("People taking part"), rows=3)
        self.meetings_model: RecordTableModel[MeetingInfo] = RecordTableModel(
            MEETING_COLUMNS, lambda m: m.id, parent=self
        )
        self.meetings = _table(self.meetings_model, _("Meetings held for it"), rows=2)
        self.panel_box = QVBoxLayout()
        self.panel_box.setContentsMargins(0, 0, 0, 0)
        self._lay_out()
        self._connect_signals()
        self.show_engagement(None)

    def _lay_out(self) -> None:
        form = QFormLayout()
        forms.add_row(form, _("&Title:"), self.title)
        dates = QHBoxLayout()
        dates.addWidget(self.opens)
        dates.addWidget(forms.buddy(_("&Closes:"), self.closes))
        dates.addWidget(self.closes)
        dates.addStretch()
        opens = QLabel(_("&Opens:"))
        opens.setBuddy(self.opens)
        forms.named(self.opens, _("Opens"))
        form.addRow(opens, dates)
        state = QHBoxLayout()
        state.addWidget(self.status)
        state.addWidget(forms.buddy(_("Res&ponse due:"), self.response_due))
        state.addWidget(self.response_due)
        state.addStretch()
        status = QLabel(_("&Status:"))
        status.setBuddy(self.status)
        forms.named(self.status, _("Status"))
        form.addRow(status, state)
        forms.add_row(form, _("&Wording:"), self.wording)
        forms.add_row(form, _("O&utcome:"), self.outcome)
        saving = QHBoxLayout()
        saving.addStretch()
        saving.addWidget(self.revert_button)
        saving.addWidget(self.save_button)

        links = QGroupBox(_("Issues"))
        links_layout = QVBoxLayout(links)
        links_layout.addWidget(self.issues)
        adding = QHBoxLayout()
        adding.addWidget(forms.buddy(_("&Issue:"), self.issue_ref))
        adding.addWidget(self.issue_ref, 1)
        adding.addWidget(forms.buddy(_("St&age:"), self.stage))
        adding.addWidget(self.stage)
        adding.addWidget(forms.buddy(_("&Role:"), self.role))
        adding.addWidget(self.role)
        adding.addWidget(self.link_button)
        adding.addWidget(self.unlink_button)
        links_layout.addLayout(adding)
        people = QGroupBox(_("People taking part"))
        QVBoxLayout(people).addWidget(self.people)
        meetings = QGroupBox(_("Meetings held for it"))
        QVBoxLayout(meetings).addWidget(self.meetings)
        side = QHBoxLayout()
        side.addWidget(people, 3)
        side.addWidget(meetings, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(saving)
        layout.addWidget(links)
        layout.addLayout(side)
        layout.addLayout(self.panel_box)
        layout.addStretch()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._show_fields(self.engagement))
        self.link_button.clicked.connect(self.link)
        self.issue_ref.returnPressed.connect(self.link)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.unlink_action.triggered.connect(self.unlink_selected)
        self.issues.activated.connect(
            lambda index: self.issue_activated.emit(self.issues_model.record(index.row()).issue_id)  # type: ignore[union-attr]  # a listed row
        )
        self.meetings.activated.connect(
            lambda index: self.meeting_activated.emit(self.meetings_model.record(index.row()).id)  # type: ignore[union-attr]  # a listed row
        )
        self.issues.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # -- showing --------------------------------------------------------------------

    def show_engagement(self, ident: int | None) -> None:
        """Shows an engagement (None: nothing chosen)."""
        found = None
        if ident is not None:
            try:
                found = self._desk.read(lambda s: base.get_engagement(s, ident))
            except NotFound:  # removed meanwhile (another desk's import)
                found = None
        kind_changed = (
            found is None
            or self.engagement is None
            or (found.id, found.kind) != (self.engagement.id, self.engagement.kind)
        )
        self.engagement = found
        self.setEnabled(found is not None)
        self._show_fields(found)
        self._read_lists()
        if kind_changed:
            self._replace_panel()

    def _show_fields(self, found: EngagementInfo | None) -> None:
        if found is None:
            self.heading.setText(_("Choose an engagement, or add one with New engagement…"))
            for edit in (self.title,):
                edit.clear()
            for text in (self.wording, self.outcome):
                text.clear()
            for day in (self.opens, self.closes, self.response_due):
                show_day(day, None)
            return
        forum = found.forum_code or _("council-wide")
        self.heading.setText(
            _("{reference} · {kind} · {forum}").format(
                reference=found.reference, kind=found.kind.label, forum=forum
            )
        )
        self.title.setText(found.title)
        show_day(self.opens, found.opens)
        show_day(self.closes, found.closes)
        show_day(self.response_due, found.response_due)
        self.status.choose(found.status)
        self.wording.setPlainText(found.wording or "")
        self.outcome.setPlainText(found.outcome or "")
        self.stage.choose(found.kind.usual_stages[0])

    def _read_lists(self) -> None:
        found = self.engagement
        if found is None:
            for model in (self.issues_model, self.people_model, self.meetings_model):
                model.set_records([])
            self._on_selection_changed()
            return
        ident = found.id
        try:
            links, people, meetings = self._desk.read(
                lambda s: (
                    base.linked_issues(s, ident),
                    base.participants(s, ident),
                    held.meetings_for(s, ident),
                )
            )
        except NotFound:
            links, people, meetings = [], [], []
        row = self.issues.currentIndex().row() if self.issues.currentIndex().isValid() else None
        self.issues_model.set_records(links)
        self.people_model.set_records(people)
        self.meetings_model.set_records(meetings)
        if row is not None and links:
            forms.reselect(self.issues, min(row, len(links) - 1))
        self._on_selection_changed()

    def _replace_panel(self) -> None:
        if self.panel is not None:
            self.panel_box.removeWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None
        if self.engagement is not None:
            self.panel = panel_class(self.engagement.kind)(self._desk, self.engagement.id, self)
            self.panel_box.addWidget(self.panel)

    def _on_selection_changed(self, *_args: object) -> None:
        chosen = bool(self.issues.selectionModel().selectedRows())
        self.unlink_button.setEnabled(chosen)
        self.unlink_action.setEnabled(chosen)

    # -- changing -------------------------------------------------------------------

    def edits(self) -> dict[str, Any]:
        """The common fields that differ from what is saved."""
        found = self.engagement
        if found is None:
            return {}
        typed: dict[str, Any] = {
            "title": " ".join(self.title.text().split()),
            "opens": day_of(self.opens),
            "closes": day_of(self.closes),
            "status": self.status.current(),
            "response_due": day_of(self.response_due),
            "wording": self.wording.toPlainText().strip() or None,
            "outcome": self.outcome.toPlainText().strip() or None,
        }
        return {name: value for name, value in typed.items() if getattr(found, name) != value}

    def save(self) -> None:
        """Save changes: the common fields as typed (a refusal keeps what was typed)."""
        found, changes = self.engagement, self.edits()
        if found is None or not changes:
            return
        before = {name: getattr(found, name) for name in changes}
        undo.perform(
            self._desk,
            self._stack,
            _("change {reference}").format(reference=found.reference),
            lambda s: base.edit_engagement(s, found.id, changes),
            undo=lambda _r: lambda s: base.edit_engagement(s, found.id, before),
            parent=self,
        )

    def link(self) -> None:
        """Link issue: ties the issue typed to this engagement, at the stage and role chosen."""
        found = self.engagement
        issue = self.issue_ref.text().strip()
        if found is None or not issue:
            return
        stage, role = self.stage.current(), self.role.current()
        made = undo.perform(
            self._desk,
            self._stack,
            _("link {issue} to {reference}").format(issue=issue.upper(), reference=found.reference),
            lambda s: base.link_issue(s, found.id, issue, stage, role),
            undo=lambda link: lambda s: base.unlink_issue(s, _live_link(s, found.id, link)),
            redo=lambda link: (
                lambda s: base.link_issue(s, found.id, link.issue_id, link.stage, link.role)
            ),
            parent=self,
        )
        if made is not None:
            self.issue_ref.clear()

    def unlink_selected(self) -> None:
        """Remove link (Delete): unties the selected issue; Undo ties it again."""
        found = self.engagement
        index = self.issues.currentIndex()
        link = self.issues_model.record(index.row()) if index.isValid() else None
        if found is None or link is None:
            return

        def remove(session: Any) -> LinkedIssue:
            base.unlink_issue(session, _live_link(session, found.id, link))
            return link

        undo.perform(
            self._desk,
            self._stack,
            _("remove the link of {issue} to {reference}").format(
                issue=link.reference, reference=found.reference
            ),
            remove,
            undo=lambda _r: (
                lambda s: base.link_issue(s, found.id, link.issue_id, link.stage, link.role)
            ),
            parent=self,
        )

    # -- what changed ---------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Reads again what a change may have altered; the kind's panel decides for itself."""
        found = self.engagement
        if found is not None and changes.touches(*SHOWN):
            ids = changes.ids(ENGAGEMENT)
            if ids is None or found.id in ids:
                self.show_engagement(found.id)  # its fields, as saved now
            else:
                self._read_lists()
        if self.panel is not None and self.panel.wants(changes):
            self.panel.refresh(changes)


def _live_link(session: Any, engagement_id: int, link: LinkedIssue) -> int:
    """The id of the live link tying ``link``'s issue to the engagement in the same stage
    and role (undo and redo make a new link row each time)."""
    for found in base.linked_issues(session, engagement_id):
        if (found.issue_id, found.stage, found.role) == (link.issue_id, link.stage, link.role):
            return found.id
    raise NotFound(
        _("{issue} is no longer linked to this engagement.").format(issue=link.reference)
    )
