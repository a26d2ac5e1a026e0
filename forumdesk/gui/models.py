"""Item models: a lazy issue table over ids, and a small table model for short lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from forumdesk.domain.records import IssueInfo

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: Item data role holding the record's database id.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

FETCH_BLOCK = 100


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a record table: its header and how to show a record in it."""

    header: str
    text: Callable[[R], str]
    align_right: bool = False


class IssueTableModel(QAbstractTableModel):
    """Issues by id, fetched in blocks only when a row is first shown (Anki's browser table).

    Holding ids keeps a 100,000-issue register instant; sorting and filtering happen in
    SQL before the ids arrive.
    """

    COLUMNS = ("Ref", "Title", "Stage", "Ward or place", "Support")

    def __init__(self, fetch: Callable[[list[int]], dict[int, IssueInfo]], parent=None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._cache: dict[int, IssueInfo] = {}

    def set_ids(self, ids: list[int]) -> None:
        """Replaces the list; records are fetched again as rows are shown."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {ident: row for row, ident in enumerate(self._ids)}
        self._cache.clear()
        self.endResetModel()

    def row_of(self, ident: int) -> int | None:
        """The row showing an issue, if it is in the list."""
        return self._rows.get(ident)

    def issue_at(self, row: int) -> IssueInfo | None:
        """The record shown in a row, fetching its block if needed."""
        if not 0 <= row < len(self._ids):
            return None
        ident = self._ids[row]
        if ident not in self._cache:
            start = max(0, row - FETCH_BLOCK // 2)
            block = [i for i in self._ids[start : start + FETCH_BLOCK] if i not in self._cache]
            self._cache.update(self._fetch(block))
        return self._cache.get(ident)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 4:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        issue = self.issue_at(index.row())
        if issue is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return {1: issue.title, 2: issue.stage.label}.get(column)
        return (
            issue.reference,
            issue.title,
            f"{issue.stage.number} {issue.stage.short}",
            issue.ward or issue.place or "",
            str(issue.support),
        )[column]


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A short list of records (an agenda, an attendance list) shown in columns."""

    #: Emitted when a row is dropped elsewhere: (record id, new 1-based position).
    move_requested = Signal(int, int)

    def __init__(
        self,
        columns: Sequence[Column[R]],
        ident: Callable[[R], int],
        *,
        movable: bool = False,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._ident = ident
        self._records: list[R] = []
        self._movable = movable

    def set_records(self, records: Sequence[R]) -> None:
        """Replaces the records shown."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> R | None:
        """The record in a row."""
        return self._records[row] if 0 <= row < len(self._records) else None

    def records(self) -> list[R]:
        """Every record shown, in order."""
        return list(self._records)

    def row_of(self, ident: int) -> int | None:
        """The row of the record with this id."""
        for row, record in enumerate(self._records):
            if self._ident(record) == ident:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header if 0 <= section < len(self._columns) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role == ID_ROLE:
            return self._ident(record)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self._movable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return ["application/x-forumdesk-row"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData("application/x-forumdesk-row", str(rows[0]).encode())
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self._movable or not data.hasFormat("application/x-forumdesk-row"):
            return False
        source = int(bytes(data.data("application/x-forumdesk-row").data()).decode())
        target = parent.row() if row == -1 and parent.isValid() else row
        if target == -1:
            target = len(self._records)
        record = self.record(source)
        if record is not None:
            position = target if target <= source else target - 1
            self.move_requested.emit(self._ident(record), position + 1)
        return False  # the service moves it; the view reloads from the database
