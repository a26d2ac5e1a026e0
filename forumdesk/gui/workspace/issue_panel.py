"""The edit panel of the selected issue, with its timeline. Every field saves itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from forumdesk.core import issues, report_back
from forumdesk.core.engagements import decisions
from forumdesk.domain import limits
from forumdesk.domain.enums import IssueStatus, PolicyStage, TimelineKind
from forumdesk.domain.language import INTERFACE, date_and_time, short_date
from forumdesk.domain.records import IssueDetail, IssueInfo, TimelineEntry
from forumdesk.gui import forms, undo
from forumdesk.gui.autosave import AutosaveEdit
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _

#: Fields saved through edit_issue, with how the panel reads each from its widget.
TEXT_FIELDS = ("title", "ward", "place", "owner", "due_date", "response_due")
#: What a change of each field is called in the Undo and Redo menu entries.
CHANGES = {
    "title": N_("change the title of {reference}"),
    "ward": N_("change the ward of {reference}"),
    "place": N_("change the place of {reference}"),
    "owner": N_("change the owner of {reference}"),
    "due_date": N_("change the due date of {reference}"),
    "response_due": N_("change when residents should hear back on {reference}"),
    "support": N_("change the support of {reference}"),
    "themes": N_("change the themes of {reference}"),
    "description": N_("change the description of {reference}"),
}


class IssuePanel(QWidget):
    """Shows one issue; edits are committed as they finish and can be undone."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stack = stack
        self._issue: IssueInfo | None = None
        self._meeting_id: int | None = None

        self.heading = QLineEdit()
        self.heading.setReadOnly(True)
        self.title = QLineEdit()
        self.description = AutosaveEdit()
        self.description.setTabChangesFocus(True)
        self.ward = QLineEdit()
        self.place = QLineEdit()
        self.themes = QLineEdit()
        self.support = QSpinBox()
        self.support.setRange(0, limits.MAX_SUPPORT)
        self.owner = QLineEdit()
        self.due_date = QLineEdit()
        self.due_date.setPlaceholderText("YYYY-MM-DD")
        # When residents should hear back: a response given after it answers it.
        self.response_due = QLineEdit()
        self.response_due.setPlaceholderText("YYYY-MM-DD")
        self.stage = forms.enum_combo(PolicyStage, short=True)  # narrow: two fields a row
        self.status = forms.enum_combo(IssueStatus)
        for combo in (self.stage, self.status):
            combo.setMinimumContentsLength(6)  # two a row in a narrow panel
        self.timeline = QListWidget()
        # Entries wrap to the width: no sideways scrolling to read what was said.
        self.timeline.setWordWrap(True)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setResizeMode(QListView.ResizeMode.Adjust)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.timeline.setMinimumHeight(5 * self.fontMetrics().lineSpacing())
        self.note = QLineEdit()
        self._unsent = forms.UnsentPerRecord(self.note)  # a comment stays with its issue
        self.note.setPlaceholderText(_("A comment, or what was said back to residents"))
        self.add_comment = QPushButton(_("Add comment"))
        self.add_response = QPushButton(_("Add as response to residents"))

        # Two short fields a row, so that the timeline has the height: on a 1366×768
        # laptop a field a row left it two lines behind a scroll bar.
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 3)  # the stage's label is the longest
        grid.setColumnStretch(3, 2)
        forms.named(self.heading, _("Issue reference"))
        grid.addWidget(self.heading, 0, 0, 1, 4)
        for row, label, widget in (
            (1, _("Title:"), self.title),
            (2, _("Description:"), self.description),
        ):
            grid.addWidget(forms.buddy(label, widget), row, 0)
            grid.addWidget(widget, row, 1, 1, 3)
        pairs = (
            ((_("Ward:"), self.ward), (_("Place:"), self.place)),
            ((_("Themes:"), self.themes), (_("Support:"), self.support)),
            ((_("&Owner:"), self.owner), (_("Due date:"), self.due_date)),
            ((_("Stage:"), self.stage), (_("Stat&us:"), self.status)),
            ((_("Response due:"), self.response_due),),
        )
        for row, pair in enumerate(pairs, start=3):
            for column, (label, field) in enumerate(pair):
                grid.addWidget(forms.buddy(label, field), row, 2 * column)
                grid.addWidget(field, row, 2 * column + 1)
        timeline_row = 3 + len(pairs)
        grid.addWidget(forms.buddy(_("Timeline:"), self.timeline), timeline_row, 0, 1, 4)
        grid.addWidget(self.timeline, timeline_row + 1, 0, 1, 4)
        grid.setRowStretch(timeline_row + 1, 1)
        # The comment takes the row's width; its buttons go beneath it.
        grid.addWidget(
            forms.named(self.note, _("Comment or response text")), timeline_row + 2, 0, 1, 4
        )
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(forms.named(self.add_comment, _("Add comment")))
        buttons.addWidget(forms.named(self.add_response, _("Add response to residents")))
        grid.addLayout(buttons, timeline_row + 3, 0, 1, 4)
        self.description.setMaximumHeight(90)
        self._connect_signals()
        self.show_issue(None)

    def _connect_signals(self) -> None:
        for name in TEXT_FIELDS:
            widget: QLineEdit = getattr(self, name)
            widget.editingFinished.connect(lambda n=name, w=widget: self._save(n, w.text()))
        self.themes.editingFinished.connect(self._save_themes)
        self.support.editingFinished.connect(lambda: self._save("support", self.support.value()))
        self.description.commit.connect(self._save_description)
        self.stage.activated.connect(lambda _i: self.set_stage(self.stage.current()))
        self.status.activated.connect(lambda _i: self._set_status(self.status.current()))
        self.add_comment.clicked.connect(lambda: self._add_note(TimelineKind.COMMENT))
        self.add_response.clicked.connect(lambda: self._add_note(TimelineKind.RESPONSE))
        self.note.returnPressed.connect(lambda: self._add_note(TimelineKind.COMMENT))

    @property
    def issue(self) -> IssueInfo | None:
        """The issue shown."""
        return self._issue

    def set_meeting(self, meeting_id: int | None) -> None:
        """Stage moves and status changes made here are recorded as made at this meeting."""
        self._meeting_id = meeting_id

    def show_issue(self, ident: int | None) -> None:
        """Loads an issue (None clears the panel), saving pending notes first."""
        self.description.flush()
        detail = None if ident is None else self._desk.read(lambda s: issues.issue_detail(s, ident))
        self._show(detail)

    def reload(self) -> None:
        """Reloads the issue shown, unless it was deleted meanwhile."""
        if self._issue is None:
            return
        ident = self._issue.id
        try:
            detail = self._desk.read(lambda s: issues.issue_detail(s, ident))
        except Exception:  # deleted (e.g. by undo): nothing to show
            detail = None
        self._show(detail)

    def _show(self, detail: IssueDetail | None) -> None:
        """Shows an issue; the same issue read again after a change leaves what is being
        typed alone (its cursor too)."""
        self._issue = detail.issue if detail else None
        self.setEnabled(detail is not None)
        issue = self._issue
        self._unsent.switch(issue.id if issue else None)
        same = (issue.id if issue else None) == self.description.owner
        self.heading.setText(
            _("{reference}, raised {date}").format(
                reference=issue.reference, date=short_date(issue.created_at.date(), INTERFACE)
            )
            if issue
            else ""
        )
        for name in TEXT_FIELDS:
            value = getattr(issue, name) if issue else None
            forms.show_text(getattr(self, name), "" if value is None else str(value), editing=same)
        forms.show_text(self.themes, ", ".join(issue.themes) if issue else "", editing=same)
        if not (same and self.support.hasFocus()):
            self.support.setValue(issue.support if issue else 0)
        self.description.show_text(
            issue.id if issue else None, issue.description if issue else None
        )
        self.stage.choose(issue.stage if issue else PolicyStage.CO_DEFINITION)
        self.status.choose(issue.status if issue else IssueStatus.OPEN)
        self.timeline.clear()
        for entry in detail.timeline if detail else ():
            self.timeline.addItem(describe(entry))
        self.timeline.scrollToBottom()  # the newest event in sight

    def _edit(self, field: str, new: Any, old: Any) -> None:
        issue = self._issue
        if issue is None or new == old:
            return
        ident = issue.id
        undo.perform(
            self._desk,
            self._stack,
            _(CHANGES[field]).format(reference=issue.reference),
            lambda s: issues.edit_issue(s, ident, {field: new}),
            undo=lambda _r: lambda s: issues.edit_issue(s, ident, {field: old}),
            parent=self,
        )

    def _save(self, field: str, value: Any) -> None:
        if self._issue is None:
            return
        old = getattr(self._issue, field)
        if isinstance(value, str):
            value = value.strip() or None
            old_text = None if old is None else str(old)
            if value == old_text:
                return
        self._edit(field, value, old)

    def _save_themes(self) -> None:
        if self._issue is None:
            return
        new = [t.strip() for t in self.themes.text().split(",") if t.strip()]
        old = list(self._issue.themes)
        if [t.casefold() for t in new] != [t.casefold() for t in old]:
            self._edit("themes", new, old)

    def _save_description(self, text: str) -> None:
        if self._issue is None:
            return
        old = self._issue.description
        self._edit("description", text.strip() or None, old)
        if self._issue is not None and (self._issue.description or "") == text.strip():
            self.description.mark_saved()

    def set_stage(self, stage: PolicyStage | None) -> None:
        """Moves the issue to a stage (Alt+1..5), recorded at this meeting; undoable."""
        issue = self._issue
        if issue is None or stage is None or stage == issue.stage:
            self.stage.choose(issue.stage if issue else PolicyStage.CO_DEFINITION)
            return
        ident, old, meeting = issue.id, issue.stage, self._meeting_id
        undo.perform(
            self._desk,
            self._stack,
            _("move {reference} to {stage}").format(
                reference=issue.reference, stage=stage.label.lower()
            ),
            lambda s: issues.move_issue(s, ident, stage, meeting=meeting),
            undo=lambda _r: (
                lambda s: issues.move_issue(s, ident, old, meeting=meeting, note=_("Move undone."))
            ),
            parent=self,
        )

    def _set_status(self, status: IssueStatus | None) -> None:
        issue = self._issue
        if issue is None or status is None or status == issue.status:
            return
        ident, old, meeting = issue.id, issue.status, self._meeting_id
        undo.perform(
            self._desk,
            self._stack,
            _("mark {reference} {status}").format(
                reference=issue.reference, status=status.label.lower()
            ),
            lambda s: issues.change_status(s, ident, status, meeting=meeting),
            undo=lambda _r: (
                lambda s: issues.change_status(
                    s, ident, old, meeting=meeting, note=_("Change undone.")
                )
            ),
            parent=self,
        )

    def _add_note(self, kind: TimelineKind) -> None:
        issue = self._issue
        if issue is None:
            return
        text = self.note.text()
        if kind is TimelineKind.RESPONSE:
            # A response answers what was due (as `issue respond` without --due): the
            # officer sets the next due day afterwards if a further one is promised.

            def write(s: Any, ident: int, said: str) -> Any:
                return report_back.respond(s, ident, said)
        else:

            def write(s: Any, ident: int, said: str) -> Any:
                return issues.comment(s, ident, said)

        if self._desk.write(lambda s: write(s, issue.id, text), self) is not None:
            self.note.clear()  # timeline entries are append-only: nothing to undo


def describe(entry: TimelineEntry) -> str:
    """One line of the timeline."""
    when = date_and_time(entry.at, INTERFACE)
    if entry.kind is TimelineKind.STAGE_MOVED and entry.from_stage and entry.to_stage:
        what = _("Moved from {old} to {new}").format(
            old=entry.from_stage.label, new=entry.to_stage.label
        )
    elif entry.kind is TimelineKind.STATUS_CHANGED and entry.from_status and entry.to_status:
        what = _("Status {old} → {new}").format(
            old=entry.from_status.label, new=entry.to_status.label
        )
    else:
        what = entry.kind.label
    how = decisions.evidence(
        entry.decided_by, entry.votes_for, entry.votes_against, entry.votes_abstain
    )
    if how:  # how a co-decision was made
        what = _("{change} ({evidence})").format(change=what, evidence=how)
    return f"{when}  {what}" + (f": {entry.text}" if entry.text else "")
