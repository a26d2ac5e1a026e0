"""Earlier issues at this meeting: find one and bring it in, or review those that are due.

The Issues area shows them under "Issues discussed"; bringing one records a "discussed"
event tied to the meeting (core/discussion.py), and Undo takes it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import discussion
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, day_month_year, short_date
from forumdesk.domain.records import IssueInfo, MeetingInfo
from forumdesk.gui import ask, forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _, ngettext

_ID = Qt.ItemDataRole.UserRole + 1


def issue_line(issue: IssueInfo) -> str:
    """ "BHF-0042  Potholes on Brixton Hill (2 Co-formulation)"."""
    stage = f"{issue.stage.number} {issue.stage.short}"
    return _("{reference}  {title} ({stage})").format(
        reference=issue.reference, title=issue.title, stage=stage
    )


def due_reasons(due: discussion.DueIssue) -> str:
    """Why an issue is offered: "due 3 Oct 2026; response due 1 Oct 2026"."""
    issue, said = due.issue, []
    if due.due and issue.due_date is not None:
        said.append(_("due {date}").format(date=short_date(issue.due_date, INTERFACE)))
    if due.response_overdue and issue.response_due is not None:
        said.append(_("response due {date}").format(date=short_date(issue.response_due, INTERFACE)))
    elif due.awaits_response:
        said.append(_("awaits a response"))
    return "; ".join(said)


def bring(
    desk: Desk,
    stack: QUndoStack,
    ids: Sequence[int],
    meeting: MeetingInfo,
    note: str | None,
    parent: QWidget | None,
) -> int:
    """Brings issues to a meeting as one undo step; says which could not be brought.

    Returns how many were brought.
    """
    ids = list(ids)
    if not ids:
        return 0
    text = ngettext(
        "bring {n} earlier issue to the {forum} meeting of {date}",
        "bring {n} earlier issues to the {forum} meeting of {date}",
        len(ids),
    ).format(n=len(ids), forum=meeting.forum_code, date=day_month_year(meeting.date, INTERFACE))
    done = undo.perform(
        desk,
        stack,
        text,
        lambda s: discussion.discuss_many(s, ids, meeting.id, note=note),
        undo=lambda r: lambda s: discussion.withdraw(s, [e.id for e in r.events]),
        redo=lambda r: lambda s: discussion.restore(s, [e.id for e in r.events]),
        parent=parent,
    )
    if done is None:
        return 0
    if done.refused:
        ask.show_info(parent, "\n".join(done.refused))
    return len(done.events)


class BringDialog(QDialog):
    """Finds an earlier issue by reference or words; the forum's issues come first."""

    def __init__(self, desk: Desk, meeting: MeetingInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._meeting = meeting
        self.setWindowTitle(_("Bring an earlier issue"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("A reference or words, such as BHF-0042 or potholes"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What was said about it (optional)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Bring to this meeting"))
        forms.named(self.search, _("Find an earlier issue"))
        forms.named(self.results, _("Earlier issues found"))
        forms.named(self.note, _("What was said"))
        layout = QVBoxLayout(self)
        layout.addWidget(forms.buddy(_("&Find:"), self.search))
        layout.addWidget(self.search)
        layout.addWidget(self.found)
        layout.addWidget(self.results, 1)
        layout.addWidget(forms.buddy(_("&What was said:"), self.note))
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.find)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.installEventFilter(self)
        self.results.currentRowChanged.connect(lambda _r: self._enable())
        self.results.itemActivated.connect(lambda _i: self.note.setFocus())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 420)
        self.find()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes to the list, as in a search field anywhere.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and cast(QKeyEvent, event).key() == Qt.Key.Key_Down
            and self.results.count()
        ):
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def find(self) -> None:  # type: ignore[override]  # the search, not QWidget.find(id)
        """Lists what matches the search box now (the due issues when it is empty)."""
        self._timer.stop()
        words = self.search.text().strip()
        meeting = self._meeting.id
        try:
            found = self._desk.read(lambda s: discussion.find_earlier(s, meeting, words))
        except ForumDeskError as exc:
            self.results.clear()
            self.found.setText(str(exc))
            self._enable()
            return
        self.results.clear()
        for issue, already in found:
            line = issue_line(issue)
            if issue.forum_id != self._meeting.forum_id:
                line = _("{line}, {forum}").format(line=line, forum=issue.forum_code)
            if already:
                line = _("{line}: already discussed").format(line=line)
            item = QListWidgetItem(line)
            item.setData(_ID, issue.id)
            item.setToolTip(issue.title)
            if already:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.results.addItem(item)
        n = len(found)
        if not words:
            said = ngettext(
                "{n} earlier issue of this forum is due or awaits a response.",
                "{n} earlier issues of this forum are due or await a response.",
                n,
            ).format(n=n)
        elif n:
            said = ngettext("{n} issue found.", "{n} issues found.", n).format(n=n)
        else:
            said = _("No earlier issue matches {text}.").format(text=words)
        self.found.setText(said)
        for row in range(self.results.count()):
            if self.results.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentRow(row)
                break
        self._enable()

    def chosen_id(self) -> int | None:
        """The issue picked (None when nothing that can be brought is selected)."""
        item = self.results.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(_ID)

    def note_text(self) -> str | None:
        """What was said, or None."""
        return self.note.text().strip() or None

    def accept(self) -> None:
        if self._timer.isActive():  # Enter typed before the pause: search first
            self.find()
            return
        if self.chosen_id() is not None:
            super().accept()

    def _enable(self) -> None:
        self.ok.setEnabled(self.chosen_id() is not None)


class DueDialog(QDialog):
    """The forum's earlier issues that are due or await a response, to tick and bring in."""

    def __init__(self, due: Sequence[discussion.DueIssue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Earlier issues due at this meeting"))
        intro = QLabel(
            _("Tick the issues to bring to this meeting; they are listed under Issues discussed.")
        )
        intro.setWordWrap(True)
        self.issues = QListWidget()
        forms.named(self.issues, _("Earlier issues due or awaiting a response"))
        for entry in due:
            item = QListWidgetItem(
                _("{line}: {why}").format(line=issue_line(entry.issue), why=due_reasons(entry))
            )
            item.setData(_ID, entry.issue.id)
            item.setToolTip(entry.issue.title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.issues.addItem(item)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What was said (optional, for every issue ticked)"))
        forms.named(self.note, _("What was said"))
        self.all = QPushButton(_("Tick &all"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Bring the ticked issues"))
        row = QHBoxLayout()
        row.addWidget(self.all)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.issues, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.all.clicked.connect(self.tick_all)
        self.issues.itemChanged.connect(lambda _i: self._enable())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(600, 420)
        self._enable()

    def tick_all(self) -> None:
        """Ticks every issue."""
        for row in range(self.issues.count()):
            self.issues.item(row).setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> list[int]:
        """The ids of the issues ticked, in the list's order."""
        return [
            self.issues.item(row).data(_ID)
            for row in range(self.issues.count())
            if self.issues.item(row).checkState() == Qt.CheckState.Checked
        ]

    def note_text(self) -> str | None:
        return self.note.text().strip() or None

    def _enable(self) -> None:
        self.ok.setEnabled(bool(self.ticked()))
