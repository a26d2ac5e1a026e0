"""One column of the board as an item model, and the delegate that draws its cards.

A column holds the cards read so far (a page at first) and the stage's count; Qt's
``fetchMore`` reads the next page when the view nears the end, so a stage of thousands of
issues costs one page of records and no widget per card. A card dragged onto a column
asks for a move (``move_requested``); the move is made by the board through the Desk and
the columns read again from the change it reports, never by editing the model here.

Signals:
    move_requested(int, object): an issue (id) was dropped on this column's stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from forumdesk.core.board import PAGE
from forumdesk.domain.board import BoardCard
from forumdesk.domain.enums import PolicyStage
from forumdesk.gui.models import ID_ROLE
from forumdesk.i18n import _, ngettext

Index = QModelIndex | QPersistentModelIndex
#: Reads ``limit`` cards of a stage from ``offset`` (the board's filter applied).
Loader = Callable[[PolicyStage, int, int], Sequence[BoardCard]]

#: Item data role holding the card itself (a ``BoardCard``).
CARD_ROLE = Qt.ItemDataRole.UserRole + 2
#: What a card carries when dragged: the issue's id, as decimal text.
ISSUE_MIME = "application/x-forumdesk-issue"  # i18n: not text

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ID = int(ID_ROLE)
_CARD = int(CARD_ROLE)
WARNING_COLOUR = QColor(0xA1, 0x1B, 0x1B)  # dark red: 7:1 on white, and never alone
MARK = "\u26a0"  # ⚠, always beside a word: the mark is never colour alone


def marks(card: BoardCard) -> list[str]:
    """The card's warnings as words (with the mark): overdue, response overdue."""
    found = []
    if card.overdue:
        found.append(_("{mark} Overdue").format(mark=MARK))
    if card.response_overdue:
        found.append(_("{mark} Response overdue").format(mark=MARK))
    return found


def days_text(card: BoardCard) -> str:
    """How long the issue has been at its stage, in words."""
    if card.days_in_stage is None:
        return _("In this stage since an unknown day")
    return ngettext("{n} day in this stage", "{n} days in this stage", card.days_in_stage).format(
        n=card.days_in_stage
    )


def where_text(card: BoardCard) -> str:
    """The card's first line: reference, forum and ward. The forum is left out where the
    reference already starts with its code (``BHF-0042``), to keep the line short."""
    forum = None if card.reference.startswith(f"{card.forum_code}-") else card.forum_code
    return " · ".join(p for p in (card.reference, forum, card.ward) if p)


def describe(card: BoardCard) -> str:
    """The whole card in one sentence, for a screen reader and the tooltip."""
    return ". ".join(
        [where_text(card), card.title, days_text(card), *marks(card), *card.engagements]
    )


class StageModel(QAbstractListModel):
    """The cards of one stage read so far, the oldest in the stage first."""

    move_requested = Signal(int, object)

    def __init__(self, stage: PolicyStage, load: Loader, parent: Any = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self._load = load
        self._cards: list[BoardCard] = []
        self._rows: dict[int, int] = {}
        self._total = 0

    @property
    def total(self) -> int:
        """How many issues are at this stage (loaded or not)."""
        return self._total

    def show(self, total: int, cards: Sequence[BoardCard]) -> None:
        """Replaces what the column shows: the stage's count and the cards read."""
        self.beginResetModel()
        self._total = total
        self._cards = list(cards)
        self._rows = {card.id: row for row, card in enumerate(self._cards)}
        self.endResetModel()

    def has(self, issue_id: int) -> bool:
        """Whether the issue's card is loaded in this column."""
        return issue_id in self._rows

    def card(self, row: int) -> BoardCard | None:
        """The card in a row."""
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def row_of(self, ident: int) -> int | None:
        """The row of an issue's card, when it is loaded."""
        return self._rows.get(ident)

    # Reading more as the view scrolls.

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._cards) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        page = [c for c in self._load(self.stage, len(self._cards), PAGE) if c.id not in self._rows]
        if not page:
            # Fewer issues than counted (changed since): stop asking until the next read.
            self._total = len(self._cards)
            return
        first = len(self._cards)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._cards.extend(page)
        self._rows.update({card.id: first + i for i, card in enumerate(page)})
        self.endInsertRows()

    # The list.

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == _ID:
            return card.id
        if role == _CARD:
            return card
        if role == _DISPLAY:
            return f"{card.reference}  {card.title}"
        if role in (_TIP, _ACCESSIBLE):
            return describe(card)
        return None

    # Dragging a card to another column.

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ISSUE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        card = self.card(rows[0]) if rows else None
        if card is not None:
            data.setData(ISSUE_MIME, str(card.id).encode("ascii"))
            data.setText(card.reference)
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ident = dropped_issue(data)
        return ident is not None and ident not in self._rows

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ident = dropped_issue(data)
        if ident is None or ident in self._rows or action == Qt.DropAction.IgnoreAction:
            return False
        self.move_requested.emit(ident, self.stage)
        # Not taken here: the board moves the issue (asking for a note first), and every
        # column reads again from what the move changed; the dragged card stays put.
        return False


def dropped_issue(data: QMimeData) -> int | None:
    """The issue a drag carries, or None when it carries no card of the board."""
    if not data.hasFormat(ISSUE_MIME):
        return None
    text = bytes(data.data(ISSUE_MIME).data()).decode("ascii", "replace")
    return int(text) if text.isdigit() else None


class CardDelegate(QStyledItemDelegate):
    """Draws a card: reference, forum and ward; the title; days in the stage and marks;
    the engagements it is linked to ("Petition BHF-PET-7F3A"), when it is.

    Every card has the same height (four lines, the last empty on a card no engagement
    is linked to), so the view lays out thousands of rows without measuring them.
    """

    PAD = 6
    GAP = 4

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(160, 4 * line + 2 * self.PAD + self.GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, BoardCard):
            return
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        box = option.rect.adjusted(2, self.GAP // 2, -2, -self.GAP // 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        painter.setBrush(fill)
        border = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 2 if focused else 1))
        painter.drawRoundedRect(box, 4, 4)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        inner = box.adjusted(self.PAD, self.PAD // 2, -self.PAD, -self.PAD // 2)
        metrics = QFontMetrics(option.font)
        line = metrics.lineSpacing()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setPen(text)
        painter.setFont(bold)
        first = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.drawText(
            first,
            _LEFT,
            QFontMetrics(bold).elidedText(
                where_text(card), Qt.TextElideMode.ElideRight, inner.width()
            ),
        )
        painter.setFont(option.font)
        second = first.translated(0, line)
        painter.drawText(
            second,
            _LEFT,
            metrics.elidedText(card.title, Qt.TextElideMode.ElideRight, inner.width()),
        )
        third = second.translated(0, line)
        if card.engagements:
            painter.drawText(
                third.translated(0, line),
                _LEFT,
                metrics.elidedText(
                    " · ".join(card.engagements), Qt.TextElideMode.ElideRight, inner.width()
                ),
            )
        warning = "  ".join(marks(card))
        days = days_text(card) if not warning else _days_short(card)
        if warning:
            # The warnings come first; the days share the line only when both fit (the
            # tooltip and the screen reader always have the whole card).
            strong = QFontMetrics(bold)
            width = strong.horizontalAdvance(warning)
            room = third.width() - width - self.PAD
            painter.setFont(bold)
            if not selected:
                painter.setPen(WARNING_COLOUR)
            painter.drawText(
                third,
                _RIGHT,
                strong.elidedText(warning, Qt.TextElideMode.ElideRight, third.width()),
            )
            painter.setFont(option.font)
            painter.setPen(text)
            if metrics.horizontalAdvance(days) > room:
                days = ""
            third = third.adjusted(0, 0, -width - self.PAD, 0)
        if days:
            painter.drawText(
                third, _LEFT, metrics.elidedText(days, Qt.TextElideMode.ElideRight, third.width())
            )
        painter.restore()


def _days_short(card: BoardCard) -> str:
    """Days in the stage, short, beside a warning: "12 days"."""
    if card.days_in_stage is None:
        return "?"
    return ngettext("{n} day", "{n} days", card.days_in_stage).format(n=card.days_in_stage)


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
