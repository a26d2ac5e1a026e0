"""The policy-cycle board: five columns, one per stage, a card per issue.

Each column is a list view over a :class:`StageModel` (cards drawn by a delegate, no
widget per card), the oldest in the stage first, reading more as it scrolls. A card
moves by drag and drop onto another column, by Ctrl+Right / Ctrl+Left, or from its
context menu; a move asks for an optional note and meeting and is one undo step. The
board reads again only from ``Desk.changed``: the counts and the pages already loaded.

Signals:
    issue_activated(int): an issue's card was opened (Enter or double-click).
    issue_chosen(int): a card became the current one (clicked, or reached by the keys).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk.core import board, issues, meetings
from forumdesk.core.board import PAGE
from forumdesk.domain.board import BoardCard
from forumdesk.domain.changes import (
    ATTENDANCE,
    ENGAGEMENT,
    ENGAGEMENT_ISSUE,
    FORUM,
    ISSUE_KINDS,
    MEETING,
    Changes,
)
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.records import IssueFilter
from forumdesk.gui import ask, forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.gui.register import board_move
from forumdesk.gui.register.board_model import CARD_ROLE, CardDelegate, StageModel
from forumdesk.i18n import _, ngettext

STAGES = tuple(PolicyStage)
#: A column reads its next page when fewer than this many cards are left below the view.
NEAR_END = 10


class CardList(QListView):
    """A column's cards. Left/Right go to the next column, Ctrl+Left/Right move the card.

    Signals:
        step_focus(int): go to the column on the left (-1) or right (+1).
        step_card(int): move the current card one stage left (-1) or right (+1).
        opened(int): Enter on a card (the issue's id).
    """

    step_focus = Signal(int)
    step_card = Signal(int)
    opened = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        control = mods & Qt.KeyboardModifier.ControlModifier
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(key))
        if step is not None and control:
            self.step_card.emit(step)
        elif step is not None and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.step_focus.emit(step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(int(self.currentIndex().data(CARD_ROLE).id))
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class StageColumn(QWidget):
    """A stage's header (its name and count) above its cards."""

    def __init__(self, stage: PolicyStage, model: StageModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage = stage
        self.model = model
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.list = CardList()
        self.list.setModel(model)
        self.list.setItemDelegate(CardDelegate(self.list))
        self.list.setUniformItemSizes(True)  # thousands of cards, never measured one by one
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        self.list.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        model.modelReset.connect(self._on_counted)
        self._on_counted()

    @Slot()
    def _on_counted(self) -> None:
        total = self.model.total
        count = ngettext("{n} issue", "{n} issues", total).format(n=f"{total:,}")
        name = f"{self.stage.number}. {self.stage.label}"
        self.header.setText(f"<b>{escape(name)}</b><br>{escape(count)}")
        forms.named(
            self.list,
            _("{stage} column, {count}").format(stage=self.stage.label, count=count),
            _(
                "Left and Right go to the next column; Ctrl+Left and Ctrl+Right move the "
                "chosen issue one stage; Enter opens it"
            ),
        )

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        bar = self.list.verticalScrollBar()
        rows_left = (bar.maximum() - value) / max(1, self.list.sizeHintForRow(0))
        if rows_left < NEAR_END and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def current_card(self) -> BoardCard | None:
        """The chosen card."""
        index = self.list.currentIndex()
        return self.model.card(index.row()) if index.isValid() else None

    def choose(self, row: int) -> None:
        """Makes a row (kept within the list) the current card."""
        if self.model.rowCount() == 0:
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        self.list.setCurrentIndex(self.model.index(row, 0))


class BoardView(QWidget):
    """Five stage columns over the issues matching a filter (see the module's text)."""

    issue_activated = Signal(int)
    issue_chosen = Signal(int)

    def __init__(
        self,
        desk: Desk,
        parent: QWidget | None = None,
        *,
        stack: QUndoStack | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        """
        Args:
            stack: the window's undo stack (moves are pushed on it); the board keeps its
                own when it is shown alone.
            today: the day "days in this stage" and "overdue" count to.
        """
        super().__init__(parent)
        self._desk = desk
        self.undo_stack = stack if stack is not None else QUndoStack(self)
        self._today = today
        self._filter = IssueFilter()
        self._dirty = True  # to be read when next shown
        self._fresh = True  # the filter is new: each column from its top
        self.columns: list[StageColumn] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for stage in STAGES:
            column = StageColumn(stage, StageModel(stage, self._load, self), self)
            self.columns.append(column)
            layout.addWidget(column, 1)
        forms.named(self, _("Policy-cycle board"))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._desk.changed.connect(self._on_changed)
        for column in self.columns:
            lst = column.list
            # A drop asks its question after the drag has ended, not inside it.
            column.model.move_requested.connect(
                self._on_dropped, Qt.ConnectionType.QueuedConnection
            )
            lst.step_focus.connect(self._on_step_focus)
            lst.step_card.connect(self._on_step_card)
            lst.opened.connect(self.issue_activated)
            lst.doubleClicked.connect(self._on_double_clicked)
            lst.selectionModel().currentChanged.connect(self._on_current_card)
            lst.customContextMenuRequested.connect(self._on_context_menu)

    # What the board shows.

    def set_filter(self, wanted: IssueFilter) -> None:
        """Shows the issues matching ``wanted`` (its sort and paging are the board's own),
        each column from its top."""
        self._filter = wanted
        self._fresh = self._dirty = True
        if self.isVisible():
            self.reload()

    def filter(self) -> IssueFilter:
        """The filter the board shows."""
        return self._filter

    def column(self, stage: PolicyStage) -> StageColumn:
        """A stage's column."""
        return self.columns[STAGES.index(stage)]

    def reload(self) -> None:
        """Reads the counts again and, for each column, as many cards as it had loaded
        (a page, after the filter changed)."""
        fresh, self._fresh, self._dirty = self._fresh, False, False
        wanted, today = self._filter, self._today()
        sizes = [PAGE if fresh else max(PAGE, c.model.rowCount()) for c in self.columns]

        def read(session: Session) -> tuple[dict[PolicyStage, int], list[list[BoardCard]]]:
            totals = board.counts(session, wanted)
            pages = [
                _cards(session, wanted, stage, today, size) if totals[stage] else []
                for stage, size in zip(STAGES, sizes, strict=True)
            ]
            return totals, pages

        try:
            totals, pages = self._desk.read(read)
        except ForumDeskError as exc:  # the filter names a forum or meeting deleted since
            for column in self.columns:
                column.model.show(0, [])
            if fresh:  # said once, when the filter is set; not again at every change
                ask.show_error(self, str(exc))
            return
        for column, cards in zip(self.columns, pages, strict=True):
            self._show(column, totals[column.stage], cards, keep_place=not fresh)

    def _show(
        self, column: StageColumn, total: int, cards: list[BoardCard], *, keep_place: bool
    ) -> None:
        """Shows a column's cards again; after a change (``keep_place``) the chosen card
        and the scroll position stay, after a new filter the column starts at its top."""
        chosen = column.current_card()
        row = column.list.currentIndex().row()
        scrolled = column.list.verticalScrollBar().value()
        had_focus = column.list.hasFocus()
        column.model.show(total, cards)
        if chosen is not None and keep_place:
            kept = column.model.row_of(chosen.id)
            column.choose(kept if kept is not None else row)
        elif chosen is not None:
            kept = column.model.row_of(chosen.id)
            if kept is not None:
                column.choose(kept)
        column.list.verticalScrollBar().setValue(scrolled if keep_place else 0)
        if had_focus:
            column.list.setFocus()

    def _load(self, stage: PolicyStage, offset: int, limit: int) -> list[BoardCard]:
        wanted, today = self._filter, self._today()
        return self._desk.read(
            lambda s: list(board.cards(s, wanted, stage, today=today, offset=offset, limit=limit))
        )

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.reload()
        super().showEvent(event)

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        kinds = {*ISSUE_KINDS, FORUM, ENGAGEMENT, ENGAGEMENT_ISSUE}  # cards mark engagements
        if self._filter.meeting_id is not None:
            kinds.add(MEETING)
        if self._filter.text:
            kinds.add(ATTENDANCE)  # an issue is found by the name of who raised it
        if not changes.touches(*kinds):
            return
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    # Moving cards.

    def move(self, issue_id: int, stage: PolicyStage) -> bool:  # type: ignore[override]  # a card
        """Moves an issue to ``stage`` after asking for a note and meeting (one undo step).

        Returns whether it moved: not when the person cancels, the issue is already
        there, or the move is refused (the person is told why).
        """
        shown = self._shown_stage(issue_id)
        try:
            issue = self._desk.read(lambda s: issues.get_issue(s, issue_id))
            if issue.stage == stage:
                return False
            if shown is not None and issue.stage != shown:
                # Moved meanwhile by another program or desk: a move chosen from where
                # the card was could take that move back. Show where it is instead.
                ask.show_error(
                    self,
                    _(
                        "{reference} was moved to {stage} meanwhile, elsewhere; nothing was "
                        "changed. The board now shows where it is."
                    ).format(reference=issue.reference, stage=issue.stage.label.lower()),
                )
                self.reload()
                return False
            held = self._desk.read(lambda s: meetings.list_meetings(s, issue.forum_id))
        except ForumDeskError as exc:  # deleted meanwhile, on another window or desk
            ask.show_error(self, str(exc))
            return False
        answer = board_move.ask_move(self, issue.reference, stage, held)
        if answer is None:
            return False
        old, note, meeting, decided = issue.stage, answer.note, answer.meeting_id, answer.decision
        moved = undo.perform(
            self._desk,
            self.undo_stack,
            _("move {reference} to {stage}").format(
                reference=issue.reference, stage=stage.label.lower()
            ),
            lambda s: issues.move_issue(s, issue_id, stage, note=note, meeting=meeting, **decided),
            undo=lambda _r: lambda s: issues.move_issue(s, issue_id, old, note=_("Move undone.")),
            parent=self,
        )
        return moved is not None

    def _shown_stage(self, issue_id: int) -> PolicyStage | None:
        """The stage whose column shows the issue's card now (None: not loaded)."""
        for column in self.columns:
            if column.model.has(issue_id):
                return column.stage
        return None

    def move_menu(self, card: BoardCard) -> QMenu:
        """A card's context menu: open it, or move it to any other stage."""
        menu = QMenu(self)
        menu.addAction(_("&Open"), lambda: self.issue_activated.emit(card.id))
        choices = menu.addMenu(_("&Move to…"))
        for stage in STAGES:
            if stage != card.stage:
                choices.addAction(
                    f"{stage.number}. {stage.label}",
                    lambda stage=stage: self.move(card.id, stage),  # type: ignore[misc]  # stage bound per item
                )
        return menu

    @Slot(int, object)
    def _on_dropped(self, issue_id: int, stage: PolicyStage) -> None:
        self.move(issue_id, stage)

    @Slot(int)
    def _on_step_card(self, step: int) -> None:
        column = self._column_of(self.sender())
        card = column.current_card() if column is not None else None
        if card is None:
            return
        place = STAGES.index(card.stage) + step
        if 0 <= place < len(STAGES):
            self.move(card.id, STAGES[place])

    @Slot(int)
    def _on_step_focus(self, step: int) -> None:
        column = self._column_of(self.sender())
        if column is None:
            return
        place = self.columns.index(column) + step
        if not 0 <= place < len(self.columns):
            return
        target = self.columns[place]
        if not target.list.currentIndex().isValid():
            target.choose(0)
        target.list.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_card(self, current: QModelIndex, _previous: QModelIndex) -> None:
        card = current.data(CARD_ROLE) if current.isValid() else None
        if isinstance(card, BoardCard):
            self.issue_chosen.emit(card.id)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if isinstance(card, BoardCard):
            self.issue_activated.emit(card.id)

    @Slot(QPoint)
    def _on_context_menu(self, point: QPoint) -> None:
        column = self._column_of(self.sender())
        if column is None:
            return
        index = column.list.indexAt(point)
        if not index.isValid():
            return
        column.list.setCurrentIndex(index)
        card = column.model.card(index.row())
        if card is not None:
            menu = self.move_menu(card)
            menu.exec(column.list.viewport().mapToGlobal(point))
            menu.deleteLater()

    def _column_of(self, widget: object) -> StageColumn | None:
        return next((c for c in self.columns if c.list is widget), None)


def _cards(
    session: Session, wanted: IssueFilter, stage: PolicyStage, today: date, size: int
) -> list[BoardCard]:
    """``size`` cards of a stage from the top, read a page at most ``board.MAX_PAGE`` long."""
    found: list[BoardCard] = []
    while len(found) < size:
        limit = min(board.MAX_PAGE, size - len(found))
        page = board.cards(session, wanted, stage, today=today, offset=len(found), limit=limit)
        found.extend(page)
        if len(page) < limit:
            break
    return found
