"""The Register view: every issue across all forums, searched, filtered and sorted in SQL.

A search box (results as you type), filters, a table whose columns the person chooses
and orders (remembered), a detail pane for the current issue, and changes to several
selected issues at once (one undo step).

Signals:
    issue_activated(int): an issue was opened (Enter or a double click on its row).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, QSettings, Qt, QTimer
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import forums, issue_query, issues
from forumdesk.core.engagements import base as engagements
from forumdesk.domain.changes import ENGAGEMENT, FORUM, ISSUE, ISSUE_THEME, THEME, Changes
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import EngagementKind, IssueStatus, Mechanism, PolicyStage
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.domain.records import IssueFilter
from forumdesk.gui import ask, forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import ID_ROLE
from forumdesk.gui.register.board import BoardView
from forumdesk.gui.register.model import COLUMNS, RegisterModel
from forumdesk.gui.workspace.issue_panel import IssuePanel
from forumdesk.i18n import _, ngettext

#: Where the table's columns (shown, order, widths, sort) are kept.
HEADER_KEY = "register/header"  # i18n: not text
SPLITTER_KEY = "register/splitter"  # i18n: not text
#: The pause after a keystroke in the search box before the list is read (ms).
SEARCH_PAUSE = 150
#: The date edits show "Any" at this day.
NO_DAY = forms.NO_DAY


def _any_combo(label: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(label, None)
    combo.setMinimumContentsLength(8)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class ChoiceCombo(QComboBox):
    """A filter whose values (wards, owners, themes in use) are read when the person
    opens it or moves to it, and again after a change: reading them all at every edit
    would scan every issue."""

    def __init__(self, label: str, fill: Callable[[], list[tuple[str, Any]]]) -> None:
        super().__init__()
        self.addItem(label, None)
        self.setMinimumContentsLength(8)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._fill = fill
        self.stale = True

    def refill(self) -> None:
        """Reads the values again if a change may have altered them."""
        if self.stale:
            self.stale = False
            _replace_items(self, self._fill())

    def showPopup(self) -> None:
        self.refill()
        super().showPopup()

    def focusInEvent(self, event) -> None:
        self.refill()
        super().focusInEvent(event)


def _replace_items(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Puts ``items`` after the combo's first ("any") entry, keeping the choice made."""
    kept, kept_text = combo.currentData(), combo.currentText()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in items:
        combo.addItem(text, value)
    if kept is not None and combo.findData(kept) < 0:
        combo.addItem(kept_text, kept)  # still filtered by it: it stays in sight
    forms.select_data(combo, kept)
    combo.blockSignals(False)


def _by_ref(found: EngagementInfo) -> str:
    return found.reference


def _engagement_wanted(data: Any) -> EngagementKind | str | None:
    """The Engagement filter's choice: a kind (its value) or one engagement's reference."""
    if data is None:
        return None
    kinds = {kind.value: kind for kind in EngagementKind}
    return kinds.get(str(data), str(data))


def _date_edit() -> QDateEdit:
    return forms.OptionalDate(_("Any day"))


def _day_of(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    return None if chosen == NO_DAY else date(chosen.year(), chosen.month(), chosen.day())


class RegisterView(QWidget):
    """Every issue in one table, with search, filters, a detail pane and bulk changes."""

    issue_activated = _Signal(int)

    def __init__(
        self,
        desk: Desk,
        stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stack = stack
        self._settings = settings
        self._stale: Changes | None = None  # changes made while the view was hidden
        self._restoring = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search every issue: words, a reference, who raised it"))
        self.search.setClearButtonEnabled(True)
        forms.named(self.search, _("Search the register"))
        self.count = QLabel()
        self.problem = QLabel()  # a filter refused: what is wrong, in words
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        self.forum = _any_combo(_("All forums"))
        self.ward = ChoiceCombo(_("Any ward"), lambda: self._values("ward"))
        self.theme = ChoiceCombo(_("Any theme"), lambda: self._values("theme"))
        self.stage = _any_combo(_("Any stage"))
        for stage in PolicyStage:
            self.stage.addItem(f"{stage.number}. {stage.label}", stage)
        self.status = _any_combo(_("Any status"))
        for status in IssueStatus:
            self.status.addItem(status.label, status)
        self.mechanism = _any_combo(_("Any mechanism"))
        for mechanism in Mechanism:
            self.mechanism.addItem(mechanism.label, mechanism)
        self.owner = ChoiceCombo(_("Any owner"), lambda: self._values("owner"))
        self.engagement = ChoiceCombo(_("Any engagement"), self._engagements)
        forms.named(self.engagement, _("Issues linked to an engagement, or to any of a kind"))
        self.overdue = QCheckBox(_("Over&due"))
        self.response_overdue = QCheckBox(_("Res&ponse overdue"))
        self.idle = QSpinBox()
        self.idle.setRange(0, 3650)
        self.idle.setSpecialValueText(_("any"))
        self._show_idle_unit(0)
        self.raised_from = _date_edit()
        self.raised_to = _date_edit()
        self.clear_filters = QPushButton(_("C&lear filters"))

        self.model = RegisterModel(desk, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        forms.tidy_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setStretchLastSection(False)
        self._size_columns()
        self.table.setSortingEnabled(True)
        forms.named(
            self.table,
            _("Register of issues"),
            _("Select issues to change them; right-click the header to choose columns"),
        )
        self.panel = IssuePanel(desk, stack)

        self.selected_label = QLabel()
        self.move_button = QToolButton()
        self.move_button.setText(_("Move to sta&ge"))
        self.status_button = QToolButton()
        self.status_button.setText(_("Mar&k as"))
        self.owner_button = QPushButton(_("&Change owner…"))
        self.discuss_button = QPushButton(_("Discuss at meeting…"))
        self.move_menu = QMenu(self)
        for stage in PolicyStage:
            action = self.move_menu.addAction(f"&{stage.number}. {stage.label}")
            action.triggered.connect(lambda _c=False, s=stage: self.move_selected(s))
        self.status_menu = QMenu(self)
        for status in IssueStatus:
            action = self.status_menu.addAction(status.label)
            action.triggered.connect(lambda _c=False, s=status: self.set_status_selected(s))
        for button, menu in (
            (self.move_button, self.move_menu),
            (self.status_button, self.status_menu),
        ):
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        for widget, name in (
            (self.overdue, _("Overdue issues only")),
            (self.response_overdue, _("Issues whose response to residents is overdue only")),
            (self.clear_filters, _("Clear the search and every filter")),
            (self.move_button, _("Move the selected issues to a stage")),
            (self.status_button, _("Give the selected issues a status")),
            (self.owner_button, _("Change the owner of the selected issues")),
            (self.discuss_button, _("Bring the selected issues to a meeting of their forum")),
        ):
            forms.named(widget, name)
        self.board = self._make_board()
        self._lay_out()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE)
        self._restore()
        self._connect_signals()
        self.reload_choices()
        self.apply_filters()
        self._on_selection_changed()

    # -- building -------------------------------------------------------------------

    def _make_board(self) -> BoardView:
        """The policy-cycle board: the same filter, the window's undo."""
        board = BoardView(self._desk, self, stack=self._stack)
        board.issue_activated.connect(self._on_board_activated)
        board.issue_chosen.connect(self._on_board_activated)  # the pane follows the board
        return board

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(forms.buddy(_("&Search:"), self.search))
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        self.showing = QStackedWidget()  # the table, or the board
        if self.board is not None:
            self.table_button = QToolButton()
            self.table_button.setText(_("Table"))
            forms.named(self.table_button, _("Show the register as a table"))
            self.board_button = QToolButton()
            self.board_button.setText(_("Board"))
            forms.named(self.board_button, _("Show the register as the policy-cycle board"))
            for button, slot in (
                (self.table_button, self.show_table),
                (self.board_button, self.show_board),
            ):
                button.setCheckable(True)
                button.setAutoExclusive(True)
                button.clicked.connect(slot)
                top.addWidget(button)
            self.table_button.setChecked(True)
        filters = QGridLayout()
        cells = (
            (_("Fo&rum:"), self.forum),
            (_("&Ward:"), self.ward),
            (_("&Theme:"), self.theme),
            (_("St&age:"), self.stage),
            (_("Status:"), self.status),
            (_("Mechanism:"), self.mechanism),
            (_("Ow&ner:"), self.owner),
            (_("Unchanged for:"), self.idle),
            (_("Ra&ised from:"), self.raised_from),
            (_("Raised to:"), self.raised_to),
        )
        for n, (label, widget) in enumerate(cells):
            row, column = divmod(n, 5)
            filters.addWidget(forms.buddy(label, widget), row, 2 * column)
            filters.addWidget(widget, row, 2 * column + 1)
        checks = QHBoxLayout()
        checks.addWidget(self.overdue)
        checks.addWidget(self.response_overdue)
        checks.addWidget(forms.buddy(_("Engagement:"), self.engagement))
        checks.addWidget(self.engagement)
        checks.addStretch()
        checks.addWidget(self.clear_filters)
        bulk = QHBoxLayout()
        bulk.addWidget(self.selected_label)
        bulk.addWidget(self.move_button)
        bulk.addWidget(self.status_button)
        bulk.addWidget(self.owner_button)
        bulk.addWidget(self.discuss_button)
        bulk.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addLayout(bulk)
        self.showing.addWidget(left)
        if self.board is not None:
            self.showing.addWidget(self.board)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.showing)
        self.splitter.addWidget(forms.scrolling(self.panel))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(checks)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)

    def _size_columns(self) -> None:
        """Widths from the font: sizing to contents would read every row."""
        header = self.table.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance
        pad = 3 * self.fontMetrics().averageCharWidth()
        day = short_date(date(2026, 9, 28), INTERFACE)  # a wide month
        samples = {
            "reference": "BHFW-000000",
            "marks": _("Response overdue"),
            "title": "M" * 18,
            "forum": "M" * 10,
            "ward": "M" * 9,
            "stage": "3 " + max((s.short for s in PolicyStage), key=width),
            "status": max((s.label for s in IssueStatus), key=width),
            "owner": "M" * 7,
            "due": day,
            "response_due": _("Response due"),
            "days_in_stage": _("Days in stage"),
            "updated": day,
            "created": day,
            "engagement": "BHF-PET-7F3A",
        }
        for column, spec in enumerate(COLUMNS):
            header.resizeSection(column, width(samples[spec.key]) + pad)

    def _show_idle_unit(self, n: int) -> None:
        self.idle.setSuffix(ngettext(" day", " days", n))

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self.apply_filters)
        for combo in (
            self.forum,
            self.ward,
            self.theme,
            self.stage,
            self.status,
            self.mechanism,
            self.owner,
            self.engagement,
        ):
            combo.currentIndexChanged.connect(self.apply_filters)
        for box in (self.overdue, self.response_overdue):
            box.toggled.connect(self.apply_filters)
        self.idle.valueChanged.connect(self._show_idle_unit)
        self.idle.valueChanged.connect(self.apply_filters)
        for edit in (self.raised_from, self.raised_to):
            edit.dateChanged.connect(self.apply_filters)
        self.clear_filters.clicked.connect(lambda: self.clear())
        self.owner_button.clicked.connect(self.set_owner_selected)
        self.discuss_button.clicked.connect(self.discuss_selected)
        header = self.table.horizontalHeader()
        header.customContextMenuRequested.connect(self._on_header_menu)
        header.sectionMoved.connect(self._save_header)
        header.sectionResized.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_current_changed)
        selection.selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_activated)
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._put_selection_back)
        self.splitter.splitterMoved.connect(
            lambda *_a: self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        )
        self._desk.changed.connect(self._on_changed)

    # -- filters --------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Fills the forum filter; the ward, theme and owner filters read theirs when
        next opened."""
        found = self._desk.read(forums.list_forums)
        _replace_items(self.forum, [(f"{f.name} ({f.code})", f.code) for f in found])
        for combo in (self.ward, self.theme, self.owner, self.engagement):
            combo.stale = True
            if combo.hasFocus():
                combo.refill()

    def _values(self, kind: str) -> list[tuple[str, Any]]:
        found = self._desk.read(lambda s: issue_query.values_in_use(s, kind))
        return [(value, value) for value in found]

    def _engagements(self) -> list[tuple[str, Any]]:
        """Any engagement of each kind, then each engagement by reference."""
        found = self._desk.read(engagements.list_engagements)
        kinds = [
            (_("Any: {kind}").format(kind=kind.label), kind.value)
            for kind in EngagementKind
            if any(e.kind is kind for e in found)
        ]
        ones = [(f"{e.reference}  {e.title}", e.reference) for e in sorted(found, key=_by_ref)]
        return kinds + ones

    def show_engagement(self, reference: str) -> None:
        """Shows the issues linked to one engagement, other filters cleared."""
        self.clear(apply=False)
        self.engagement.refill()
        if self.engagement.findData(reference) < 0:
            self.engagement.addItem(reference, reference)
        forms.select_data(self.engagement, reference)
        self.apply_filters()

    def current_filter(self) -> IssueFilter:
        """What the search box and the filters ask for."""
        return IssueFilter(
            forum=self.forum.currentData(),
            ward=self.ward.currentData(),
            theme=self.theme.currentData(),
            stage=self.stage.currentData(),
            status=self.status.currentData(),
            mechanism=self.mechanism.currentData(),
            owner=self.owner.currentData(),
            overdue_on=date.today() if self.overdue.isChecked() else None,
            idle_days=self.idle.value() or None,
            raised_from=_day_of(self.raised_from),
            raised_to=_day_of(self.raised_to),
            response_overdue_on=date.today() if self.response_overdue.isChecked() else None,
            engagement=_engagement_wanted(self.engagement.currentData()),
            text=self.search.text().strip() or None,
        )

    def apply_filters(self) -> None:
        """Reads the list for the search and filters now (not after the pause)."""
        self._search_timer.stop()
        wanted = self.current_filter()
        try:
            self.model.set_filter(wanted)
        except ForumDeskError as exc:  # a date range backwards, a search too long
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
        shown = self.panel.issue  # an issue the new filters leave out is no longer shown
        if shown is not None and self.model.row_of(shown.id) is None:
            self.panel.show_issue(None)
        if self.board is not None:
            self.board.set_filter(wanted)
        self._show_count()

    def set_forum(self, code: str | None) -> None:
        """Shows one forum's issues (None: every forum), other filters cleared."""
        self.clear(apply=False)
        forms.select_data(self.forum, code)
        self.apply_filters()

    def clear(self, apply: bool = True) -> None:
        """Clears the search and every filter."""
        widgets = (
            self.search,
            self.forum,
            self.ward,
            self.theme,
            self.stage,
            self.status,
            self.mechanism,
            self.owner,
            self.engagement,
            self.overdue,
            self.response_overdue,
            self.idle,
            self.raised_from,
            self.raised_to,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in widgets[1:9]:
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.response_overdue.setChecked(False)
        self.idle.setValue(0)
        self.raised_from.setDate(NO_DAY)
        self.raised_to.setDate(NO_DAY)
        for widget in widgets:
            widget.blockSignals(False)
        if apply:
            self.apply_filters()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} issue", "{n} issues", n).format(n=n))

    # -- table and board ------------------------------------------------------------

    def show_table(self) -> None:
        """The Table side of the Table | Board switch."""
        self.showing.setCurrentIndex(0)

    def show_board(self) -> None:
        """The Board side of the switch (when the board is installed)."""
        if self.board is not None:
            self.board.set_filter(self.current_filter())
            self.showing.setCurrentIndex(1)

    def _on_board_activated(self, ident: int) -> None:
        self.panel.show_issue(ident)

    # -- columns --------------------------------------------------------------------

    def _on_header_menu(self, at: QPoint) -> None:
        self.columns_menu().popup(self.table.horizontalHeader().mapToGlobal(at))

    def columns_menu(self) -> QMenu:
        """A menu of the columns, ticked when shown; the reference always stays."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, spec in enumerate(COLUMNS):
            action = menu.addAction(_(spec.header))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(spec.key != "reference")
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
        return menu

    def show_column(self, column: int, shown: bool) -> None:
        """Shows or hides a column; remembered."""
        self.table.horizontalHeader().setSectionHidden(column, not shown)
        self._save_header()

    def _save_header(self, *_args: object) -> None:
        if not self._restoring:
            self._settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())

    def _restore(self) -> None:
        self._restoring = True
        header = self.table.horizontalHeader()
        state = self._settings.value(HEADER_KEY)
        if state is None or not header.restoreState(state):
            for column, spec in enumerate(COLUMNS):
                header.setSectionHidden(column, spec.key in ("updated", "created"))
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        splitter = self._settings.value(SPLITTER_KEY)
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([700, 400])
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._restoring = False

    # -- selection ------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The ids of the selected issues, in the list's order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [ident for row in rows if (ident := self.model.id_at(row)) is not None]

    def select_ids(self, ids: list[int], current: int | None = None) -> None:
        """Selects these issues (those in the list), the current one scrolled to."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for ident in ids:
            row = self.model.row_of(ident)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        model = self.table.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            model.setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.table.scrollTo(self.model.index(row, 0))

    def _keep_selection(self) -> None:
        index = self.table.selectionModel().currentIndex()
        self._kept = (self.selected_ids(), index.data(ID_ROLE) if index.isValid() else None)

    def _put_selection_back(self) -> None:
        ids, current = getattr(self, "_kept", ([], None))
        if ids or current is not None:
            self.select_ids(ids, current)
        # A reset drops the selection without saying so: what is selected now is only
        # what is still listed, and the buttons and the pane follow that.
        self._on_selection_changed()
        self._show_count()

    def _on_current_changed(self, current, _previous) -> None:
        ident = current.data(ID_ROLE) if current.isValid() else None
        if self.panel.issue is None or self.panel.issue.id != ident:
            self.panel.show_issue(ident)

    def _on_selection_changed(self, *_args: object) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.selected_label.setText(
            ngettext("{n} selected:", "{n} selected:", n).format(n=n) if n else ""
        )
        for widget in (
            self.move_button,
            self.status_button,
            self.owner_button,
            self.discuss_button,
        ):
            widget.setEnabled(n > 0)

    def _on_activated(self, index) -> None:
        if index.isValid():
            self.issue_activated.emit(index.data(ID_ROLE))

    # -- changes to many issues -----------------------------------------------------

    def _selected_records(self):
        ids = self.selected_ids()
        found = self._desk.read(lambda s: issue_query.issues_by_id(s, ids))
        return [found[i] for i in ids if i in found]

    def move_selected(self, stage: PolicyStage) -> None:
        """Moves every selected issue to ``stage``: one undo step puts each back."""
        todo = [(i.id, i.stage) for i in self._selected_records() if i.stage != stage]
        if not todo:
            ask.show_info(
                self,
                _("The selected issues are already at {stage}.").format(stage=stage.label.lower()),
            )
            return

        def do(session):
            for ident, _old in todo:
                issues.move_issue(session, ident, stage)
            return todo

        def back(session):
            for ident, old in todo:
                issues.move_issue(session, ident, old, note=_("Move undone."))

        n = len(todo)
        undo.perform(
            self._desk,
            self._stack,
            ngettext("move {n} issue to {stage}", "move {n} issues to {stage}", n).format(
                n=n, stage=stage.label.lower()
            ),
            do,
            undo=lambda _r: back,
            parent=self,
        )

    def set_status_selected(self, status: IssueStatus) -> None:
        """Gives every selected issue ``status``: one undo step puts each back."""
        todo = [(i.id, i.status) for i in self._selected_records() if i.status != status]
        if not todo:
            ask.show_info(
                self,
                _("The selected issues are already {status}.").format(status=status.label.lower()),
            )
            return

        def do(session):
            for ident, _old in todo:
                issues.change_status(session, ident, status)
            return todo

        def back(session):
            for ident, old in todo:
                issues.change_status(session, ident, old, note=_("Change undone."))

        n = len(todo)
        undo.perform(
            self._desk,
            self._stack,
            ngettext("mark {n} issue {status}", "mark {n} issues {status}", n).format(
                n=n, status=status.label.lower()
            ),
            do,
            undo=lambda _r: back,
            parent=self,
        )

    def discuss_selected(self) -> None:
        """Discuss at meeting…: brings the selected issues to a meeting of their forum,
        where they are followed up (and listed in its minutes)."""
        from forumdesk.gui.workspace.discuss_dialog import discuss_at_meeting

        discuss_at_meeting(self._desk, self._stack, self.selected_ids(), self)

    def set_owner_selected(self) -> None:
        """Asks for an owner and gives it to every selected issue (empty: no owner)."""
        records = self._selected_records()
        if not records:
            return
        n = len(records)
        answer = ask.ask_text(
            self,
            ngettext(
                "Owner of the {n} selected issue (leave empty for none):",
                "Owner of the {n} selected issues (leave empty for none):",
                n,
            ).format(n=n),
            records[0].owner or "",
        )
        if answer is None:
            return
        owner = " ".join(answer.split()) or None
        todo = [(i.id, i.owner) for i in records if i.owner != owner]
        if not todo:
            return

        def do(session):
            for ident, _old in todo:
                issues.edit_issue(session, ident, {"owner": owner})
            return todo

        def back(session):
            for ident, old in todo:
                issues.edit_issue(session, ident, {"owner": old})

        n = len(todo)
        undo.perform(
            self._desk,
            self._stack,
            ngettext("change the owner of {n} issue", "change the owner of {n} issues", n).format(
                n=n
            ),
            do,
            undo=lambda _r: back,
            parent=self,
        )

    # -- what changed ---------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not self.isVisible():  # read when shown again
            self._stale = changes if self._stale is None else self._stale | changes
            return
        self.refresh(changes)

    def refresh(self, changes: Changes) -> None:
        """Updates the list, the filters' choices and the open issue from a change."""
        # A new ward, owner, theme or engagement.
        if changes.touches(ISSUE, ISSUE_THEME, THEME, FORUM, ENGAGEMENT):
            self.reload_choices()
        changed = self.model.refresh(changes)
        self._show_count()
        shown = self.panel.issue
        if shown is not None and (changed is None or shown.id in changed):
            self.panel.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale is not None:
            stale, self._stale = self._stale, None
            self.refresh(stale)
