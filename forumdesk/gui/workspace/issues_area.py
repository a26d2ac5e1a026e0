"""Issues: the capture bar, this meeting's issues, the earlier issues discussed at it, and
the selected issue's panel."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import discussion, issue_query, issues, minutes
from forumdesk.domain.changes import ISSUE, ISSUE_KINDS, THEME, Changes
from forumdesk.domain.enums import MeetingStatus, PolicyStage
from forumdesk.domain.records import IssueFilter
from forumdesk.gui import forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import ID_ROLE, Column, IssueTableModel, Pending, RecordTableModel
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.gui.workspace.capture import CaptureBar
from forumdesk.gui.workspace.discussed import BringDialog, DueDialog, bring
from forumdesk.gui.workspace.issue_panel import IssuePanel
from forumdesk.i18n import N_, _, ngettext

#: Bring an earlier issue to this meeting (the Meeting menu shows it too).
BRING_KEYS = "Ctrl+E"  # i18n: not text

DISCUSSED_COLUMNS: tuple[Column[discussion.DiscussedIssue], ...] = (
    Column(N_("Ref"), lambda d: d.issue.reference),
    Column(N_("Title"), lambda d: d.issue.title),
    Column(N_("Stage"), lambda d: f"{d.issue.stage.number} {d.issue.stage.short}"),
    Column(N_("What was said"), lambda d: " / ".join(d.said)),
)


class IssuesArea(MeetingArea):
    """Capture, list and edit the issues raised at a meeting."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._stack = stack
        self._locked = False

        self.capture = CaptureBar(desk, stack)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Find in this meeting's issues (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.notice = QLabel()  # says when the find box was cleared to show a capture
        self.notice.setVisible(False)
        self.model = IssueTableModel(self._fetch, self)
        self.table = forms.record_table(self.model, stretch=1, fit=False)
        # Fixed widths from the font: sizing columns to their contents would read every
        # row of a long list, which defeats fetching rows lazily.
        header = self.table.horizontalHeader()
        text = self.fontMetrics().horizontalAdvance
        bold = header.fontMetrics().horizontalAdvance
        pad = 3 * self.fontMetrics().averageCharWidth()  # cell margins, the sort arrow
        stages = (f"{stage.number} {stage.short}" for stage in PolicyStage)  # as the column shows
        for column, widest in (
            (0, "BHFW-00000"),
            (2, max(stages, key=text)),
            (3, _("Ward or place")),
        ):
            header.resizeSection(column, max(text(widest), bold(widest)) + pad)
        header.resizeSection(4, max(text("99999"), bold(_("Support"))) + pad)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # A cut title keeps its start and its end ("Potholes on…Hill"); the whole title
        # is the cell's tooltip.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.panel = IssuePanel(desk, stack)
        self.delete_action = forms.table_action(self.table, _("&Delete issue"), forms.delete_key())
        # Earlier issues brought to this meeting, beneath those raised at it.
        self.discussed_label = QLabel()
        # No letter of its own: every one is taken on this screen (Ctrl+E is its key).
        self.bring_button = QPushButton(_("Bring an earlier issue…"))
        forms.named(self.bring_button, _("Bring an earlier issue"))
        self.bring_button.setToolTip(
            _(
                "Find an issue raised before this meeting and record that it was discussed ({keys})"
            ).format(keys=QKeySequence(BRING_KEYS).toString(QKeySequence.SequenceFormat.NativeText))
        )
        self.discussed_model: RecordTableModel[discussion.DiscussedIssue] = RecordTableModel(
            DISCUSSED_COLUMNS, lambda d: d.issue.id, parent=self
        )
        self.discussed = forms.record_table(self.discussed_model, stretch=3, fit=False)
        discussed_header = self.discussed.horizontalHeader()
        discussed_header.resizeSection(0, header.sectionSize(0))
        discussed_header.resizeSection(1, 3 * header.sectionSize(0))
        discussed_header.resizeSection(2, header.sectionSize(2))
        self.discussed.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.bring_dialog: BringDialog | None = None
        self.due_dialog: DueDialog | None = None
        self._switching = False  # one list's selection is being cleared for the other's
        # The offer of earlier issues that are due, made once when a meeting is opened.
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.offer_review = QPushButton(_("Review…"))
        self.offer_close = QPushButton(_("Not now"))
        forms.named(self.offer_review, _("Review the earlier issues due"))
        forms.named(self.offer_close, _("Not now"))
        self.offer = QFrame()
        self.offer.setFrameShape(QFrame.Shape.StyledPanel)
        forms.named(self.offer, _("Earlier issues due at this meeting"))
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.setContentsMargins(6, 2, 6, 2)  # a laptop screen has little height
        offer_layout.addWidget(self.offer_text, 1)
        offer_layout.addWidget(self.offer_review)
        offer_layout.addWidget(self.offer_close)
        self.offer.setVisible(False)
        self._offered: set[int] = set()  # meetings whose offer was made in this window

        forms.named(self.filter, _("Find in this meeting's issues"))
        forms.named(
            self.table,
            _("Issues raised at this meeting"),
            _("Select an issue to edit it; Alt+1 to Alt+5 set its stage; Delete removes it"),
        )
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.notice)
        top.addWidget(self.count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.discussed_label, 1)
        heading.addWidget(self.bring_button)
        below_layout.addLayout(heading)
        below_layout.addWidget(self.discussed)
        forms.named(
            self.discussed,
            _("Issues discussed"),
            _("Earlier issues brought to this meeting; select one to move its stage here"),
        )
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(left)
        lists.addWidget(below)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(lists)
        self.splitter.addWidget(forms.scrolling(self.panel))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.capture)
        layout.addWidget(self.offer)
        layout.addWidget(self.splitter, 1)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.capture.captured.connect(self._on_captured)
        self.capture.saving.connect(self._on_saving)
        self.capture.saved.connect(self.model.drop_pending)
        self.capture.not_saved.connect(self._on_not_saved)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.delete_action.triggered.connect(self.delete_selected)
        self.filter.textChanged.connect(self._on_filter_edited)
        self.filter.installEventFilter(self)
        self._filter_timer.timeout.connect(self.reload)
        self.bring_button.clicked.connect(self.bring_earlier)
        self.discussed.selectionModel().currentRowChanged.connect(self._on_discussed_changed)
        self.offer_review.clicked.connect(self.review_due)
        self.offer_close.clicked.connect(lambda: self.offer.setVisible(False))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the find box clears it; in an empty one it goes back to the list.
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and cast(QKeyEvent, event).key() == Qt.Key.Key_Escape
        ):
            if self.filter.text():
                self._set_filter("")
            else:
                self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        meeting = self._meeting
        self.capture.set_meeting(meeting)
        self.panel.set_meeting(meeting.id if meeting else None)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.notice.setVisible(False)
        self.model.set_ids([])
        self.discussed_model.set_records([])
        self.offer.setVisible(False)
        self.panel.show_issue(None)

    def refresh(self, changes: Changes) -> None:
        """After any change: the list, the open issue and the capture bar's choices."""
        added = _one_capture(changes)
        captured = None
        if added is not None and self._meeting is not None and not self.filter.text():
            captured = self._fetch([added]).get(added)
        meeting = self._meeting  # not None when something was captured
        if captured is not None and meeting is not None and captured.meeting_id == meeting.id:
            # A capture: the newest issue of its forum sorts last; nothing else changed.
            self.model.append(captured)
            self._dirty = False
            self._show_count()
        else:
            self.reload()
        if added is None:  # a capture goes on to show the new issue instead
            self.panel.reload()
        if not changes.only(ISSUE_KINDS):  # people and agenda items are unchanged by those
            self.capture.refresh_choices()

    def _show_count(self) -> None:
        n = self.model.issue_count()
        self.count.setText(ngettext("{n} issue", "{n} issues", n).format(n=n))

    def read(self, select: int | None = None) -> None:
        """Reads the list (ids only; rows are fetched as shown), keeping the selection."""
        keep = select if select is not None else self.selected_id()
        keep_discussed = self.discussed_id()
        if self._meeting is None:
            self.model.set_ids([])
        else:
            wanted = IssueFilter(meeting_id=self._meeting.id, text=self.filter.text() or None)
            self.model.set_versions(
                self._desk.read(lambda s: issue_query.issue_versions(s, wanted))
            )
        self._show_count()
        self._read_discussed(keep_discussed)
        if keep is not None:
            self.select(keep)
        self._offer_due()

    def _read_discussed(self, keep: int | None) -> None:
        meeting = self._meeting
        found = (
            []
            if meeting is None
            else self._desk.read(lambda s: discussion.discussed_at(s, meeting.id))
        )
        self._switching = True  # a reset is no choice of the person's
        self.discussed_model.set_records(found)
        self._switching = False
        n = len(found)
        self.discussed_label.setText(
            ngettext(
                "Issues discussed: {n} earlier issue", "Issues discussed: {n} earlier issues", n
            ).format(n=n)
        )
        row = self.discussed_model.row_of(keep) if keep is not None else None
        if row is not None:
            self._switching = True
            forms.reselect(self.discussed, row)
            self._switching = False

    def _offer_due(self) -> None:
        """Once per meeting opened: the forum's earlier issues that are due, if none were
        brought in yet. The offer is a bar that waits; nothing is asked."""
        meeting = self._meeting
        if meeting is None:
            return
        if meeting.id in self._offered:
            if self.offer.isVisible():  # still waiting: say how many are left
                self._show_offer(self._desk.read(lambda s: len(discussion.due_for(s, meeting.id))))
            return
        self._offered.add(meeting.id)
        if meeting.status is MeetingStatus.CLOSED or self.discussed_model.rowCount():
            return
        if self._desk.read(lambda s: minutes.minutes_state(s, meeting.id).sealed) is not None:
            return
        self._show_offer(self._desk.read(lambda s: len(discussion.due_for(s, meeting.id))))

    def _show_offer(self, n: int) -> None:
        self.offer_text.setText(
            ngettext(
                "{n} earlier issue is due or awaiting a response.",
                "{n} earlier issues are due or awaiting a response.",
                n,
            ).format(n=n)
        )
        self.offer.setVisible(n > 0)

    def set_locked(self, locked: bool) -> None:
        """Approved minutes: no earlier issue can be brought to the meeting."""
        self._locked = locked
        self.bring_button.setEnabled(not locked)
        if locked:
            self.offer.setVisible(False)

    def bring_earlier(self) -> None:
        """Ctrl+E: find an earlier issue and record that it was discussed here."""
        meeting = self._meeting
        if meeting is None or self._locked:
            return
        dialog = BringDialog(self._desk, meeting, self)
        self.bring_dialog = dialog

        def chosen() -> None:
            ident = dialog.chosen_id()
            if ident is not None and bring(
                self._desk, self._stack, [ident], meeting, dialog.note_text(), self
            ):
                self.select_discussed(ident)

        dialog.accepted.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, without a nested event loop
        dialog.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def review_due(self) -> None:
        """The offer's Review…: tick the due issues to bring them in."""
        meeting = self._meeting
        if meeting is None:
            return
        due = self._desk.read(lambda s: discussion.due_for(s, meeting.id))
        dialog = DueDialog(due, self)
        self.due_dialog = dialog

        def chosen() -> None:
            ticked = dialog.ticked()
            if bring(self._desk, self._stack, ticked, meeting, dialog.note_text(), self):
                self.offer.setVisible(False)
                self.select_discussed(ticked[0])

        dialog.accepted.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def select_discussed(self, ident: int) -> None:
        """Selects an earlier issue in the "Issues discussed" list and shows it."""
        row = self.discussed_model.row_of(ident)
        if row is not None:
            forms.reselect(self.discussed, row)
            self.discussed.scrollTo(self.discussed_model.index(row, 0))

    def discussed_id(self) -> int | None:
        """The id of the earlier issue selected under "Issues discussed"."""
        index = self.discussed.selectionModel().currentIndex()
        record = self.discussed_model.record(index.row()) if index.isValid() else None
        return record.issue.id if record is not None else None

    def select(self, ident: int) -> None:
        """Selects an issue's row and scrolls to it."""
        row = self.model.row_of(ident)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def selected_id(self) -> int | None:
        """The id of the selected issue."""
        index = self.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def set_stage(self, stage: PolicyStage) -> None:
        """Sets the selected issue's stage (the Alt+1..5 shortcuts)."""
        if self.panel.issue is not None:
            self.panel.set_stage(stage)

    def delete_selected(self) -> None:
        """Deletes the selected issue; Undo brings it back."""
        issue = self.panel.issue
        if issue is None:
            return
        ident = issue.id
        undo.perform(
            self._desk,
            self._stack,
            _("delete {reference}").format(reference=issue.reference),
            lambda s: issues.delete_issue(s, ident),
            undo=lambda _r: lambda s: issues.restore_issue(s, ident),
            parent=self,
        )

    def _fetch(self, ids: list[int]):
        return self._desk.read(lambda s: issue_query.issues_by_id(s, ids))

    def _on_captured(self, ident: int) -> None:
        # The list was already reloaded by the change itself. An issue the find box
        # hides is shown all the same: the box is cleared, and the window says so.
        if self.model.row_of(ident) is None and self.filter.text():
            self._set_filter("")
            self.select(ident)
            self.notice.setText(
                _("Find cleared to show {reference}.").format(reference=self.panel.issue.reference)
                if self.panel.issue
                else _("Find cleared to show the new issue.")
            )
            self.notice.setVisible(True)
            return
        self.select(ident)

    def _on_saving(self, pending: Pending) -> None:
        """A capture shows at once, as saving, at the end of the list."""
        row = self.model.add_pending(pending)
        self.table.scrollTo(self.model.index(row, 1))

    def _on_not_saved(self, token: int, reason: str) -> None:
        row = self.model.fail_pending(token, reason)
        if row is None:
            return
        pending = self.model.pending_at(row)
        self.table.scrollTo(self.model.index(row, 1))
        self.notice.setText(
            _("“{title}” was not saved: {reason} Double-click it to try again.").format(
                title=pending.title if pending else "", reason=reason
            )
        )
        self.notice.setVisible(True)

    def _on_activated(self, index: QModelIndex) -> None:
        """Enter or a double-click on a capture that was not saved: back in the fields."""
        pending = self.model.pending_at(index.row())
        if pending is None or pending.error is None:
            return
        self.model.drop_pending(pending.token)
        self.notice.setVisible(False)
        self.capture.refill(pending)

    def unsaved(self) -> list[Pending]:
        """Captures that could not be saved (their text is only on screen)."""
        return [p for p in self.model.pending() if p.error is not None]

    def _set_filter(self, text: str) -> None:
        """Puts text in the find box and reads the list at once (not after the pause)."""
        self.filter.blockSignals(True)
        self.filter.setText(text)
        self.filter.blockSignals(False)
        self._filter_timer.stop()
        self.notice.setVisible(False)
        self.reload()

    def _on_filter_edited(self, _text: str) -> None:
        self.notice.setVisible(False)
        self._filter_timer.start()

    def _on_current_changed(self, current, _previous) -> None:
        if self._switching:
            return
        ident = current.data(ID_ROLE) if current.isValid() else None
        if ident is None and self.discussed_id() is not None:
            return  # the list was read again; the panel shows an earlier issue
        if ident is not None:
            self._clear_other(self.discussed)
        if self.panel.issue is None or self.panel.issue.id != ident:
            self.panel.show_issue(ident)

    def _on_discussed_changed(self, current, _previous) -> None:
        if self._switching:
            return
        record = self.discussed_model.record(current.row()) if current.isValid() else None
        if record is None:
            return
        self._clear_other(self.table)
        if self.panel.issue is None or self.panel.issue.id != record.issue.id:
            self.panel.show_issue(record.issue.id)

    def _clear_other(self, table) -> None:
        """One issue is shown at a time: choosing in one list clears the other's choice."""
        self._switching = True
        table.selectionModel().clear()
        self._switching = False


def _one_capture(changes: Changes) -> int | None:
    """The id of the one issue a change added, when it added that and nothing else."""
    added = changes.added(ISSUE)
    if len(added) != 1 or not changes.only(ISSUE_KINDS | {THEME}) or changes.ids(ISSUE) != added:
        return None
    return next(iter(added))
