"""Item models: a lazy issue table over ids, and a small table model for short lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from forumdesk.domain.records import IssueInfo
from forumdesk.i18n import N_, _

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: Item data role holding the record's database id.
ID_ROLE = Qt.ItemDataRole.UserRole + 1

FETCH_BLOCK = 100

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ID = int(ID_ROLE)
_FORE = int(Qt.ItemDataRole.ForegroundRole)
_ISSUE_ROLES = frozenset({_DISPLAY, _TIP, _ALIGN, _ID, _FORE})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a record table: its header and how to show a record in it."""

    header: str  # marked N_() where the column is defined; translated where shown
    text: Callable[[R], str]
    align_right: bool = False


@dataclass
class Pending:
    """An issue captured and not yet saved, shown after the saved ones: *saving*, or
    *not saved* with the reason (its typed fields kept to try again)."""

    token: int
    title: str
    where: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


class IssueTableModel(QAbstractTableModel):
    """Issues by id, fetched in blocks only when a row is first shown (Anki's browser table).

    Holding ids keeps a 100,000-issue register instant; sorting and filtering happen in
    SQL before the ids arrive.
    """

    COLUMNS = (N_("Ref"), N_("Title"), N_("Stage"), N_("Ward or place"), N_("Support"))

    def __init__(self, fetch: Callable[[list[int]], dict[int, IssueInfo]], parent=None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._cache: dict[int, IssueInfo] = {}
        self._texts: dict[int, tuple[str, ...]] = {}  # each cached issue's cells
        self._versions: dict[int, str | None] = {}  # None: not known
        self._pending: list[Pending] = []  # after the saved rows

    def set_ids(self, ids: list[int]) -> None:
        """Replaces the list; records are fetched again as rows are shown."""
        self._reset(ids, {})

    def set_versions(self, versions: list[tuple[int, str]]) -> None:
        """Replaces the list of ``(id, version)``; an issue shown before at the same version
        is not fetched again. Issues added after unchanged ones (a capture) are inserted
        without resetting the view.

        (No ``dataChanged`` from here: with PySide6 6.12, emitting it from Python made
        the test interpreter abort at exit, a reference-count error. A changed row
        resets the view instead.)
        """
        fresh: dict[int, str | None] = dict(versions)
        ids = [ident for ident, _ in versions]
        old, kept = self._ids, self._versions
        appended = len(ids) > len(old) and ids[: len(old)] == old
        if appended and kept and all(kept.get(ident) == fresh[ident] for ident in old):
            self.beginInsertRows(QModelIndex(), len(old), len(ids) - 1)
            self._ids = ids
            self._rows.update({ident: row for row, ident in enumerate(ids) if row >= len(old)})
            self._versions = fresh
            self.endInsertRows()
            return
        self._reset(ids, fresh)

    def _reset(self, ids: list[int], fresh: dict[int, str | None]) -> None:
        """Shows ``ids``, keeping what was read of issues whose known version is unchanged."""
        kept = self._versions
        self.beginResetModel()
        self._ids = ids
        self._rows = {ident: row for row, ident in enumerate(ids)}
        self._cache = {
            ident: info
            for ident, info in self._cache.items()
            if kept.get(ident) is not None and fresh.get(ident) == kept[ident]
        }
        self._texts = {ident: t for ident, t in self._texts.items() if ident in self._cache}
        self._versions = fresh
        self.endResetModel()

    def append(self, issue: IssueInfo) -> None:
        """Adds an issue at the end of the list, already read (a capture)."""
        row = len(self._ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.append(issue.id)
        self._rows[issue.id] = row
        self._cache[issue.id] = issue
        self._versions[issue.id] = None  # unknown: read again after any other change
        self.endInsertRows()

    def row_of(self, ident: int) -> int | None:
        """The row showing an issue, if it is in the list."""
        return self._rows.get(ident)

    def issue_count(self) -> int:
        """How many saved issues the list holds (captures being saved not counted)."""
        return len(self._ids)

    # Captures being saved ---------------------------------------------------------------

    def add_pending(self, pending: Pending) -> int:
        """Shows a capture being saved at the end of the list; returns its row."""
        row = len(self._ids) + len(self._pending)
        self.beginInsertRows(QModelIndex(), row, row)
        self._pending.append(pending)
        self.endInsertRows()
        return row

    def pending_at(self, row: int) -> Pending | None:
        """The capture shown in a row, when the row is one not (yet) saved."""
        at = row - len(self._ids)
        return self._pending[at] if 0 <= at < len(self._pending) else None

    def pending(self) -> list[Pending]:
        """The captures shown as saving or not saved, oldest first."""
        return list(self._pending)

    def drop_pending(self, token: int) -> Pending | None:
        """Takes a capture's row away (it was saved, or is being tried again)."""
        for at, pending in enumerate(self._pending):
            if pending.token == token:
                row = len(self._ids) + at
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._pending[at]
                self.endRemoveRows()
                return pending
        return None

    def fail_pending(self, token: int, error: str) -> int | None:
        """Shows a capture as not saved, with the reason; returns its row."""
        for at, pending in enumerate(self._pending):
            if pending.token == token:
                # Taken out and put back rather than dataChanged (see set_versions).
                row = len(self._ids) + at
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._pending[at]
                self.endRemoveRows()
                pending.error = error
                self.beginInsertRows(QModelIndex(), row, row)
                self._pending.insert(at, pending)
                self.endInsertRows()
                return row
        return None

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
        return 0 if parent.isValid() else len(self._ids) + len(self._pending)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.COLUMNS[section]) if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell at each repaint: plain ints, and
        # each row's texts made once.
        if role not in _ISSUE_ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._ids):
            return self._pending_data(row, index.column(), role)
        if role == _ID:
            return self._ids[row]
        if role == _FORE:
            return None
        column = index.column()
        if role == _ALIGN:
            return _RIGHT if column == 4 else None
        texts = self._texts.get(self._ids[row])
        if texts is None:
            issue = self.issue_at(row)
            if issue is None:
                return None
            texts = self._texts[issue.id] = (
                issue.reference,
                issue.title,
                f"{issue.stage.number} {issue.stage.short}",
                issue.ward or issue.place or "",
                str(issue.support),
                issue.stage.label,
            )
        if role == _TIP:
            return texts[1] if column == 1 else texts[5] if column == 2 else None
        return texts[column]

    def _pending_data(self, row: int, column: int, role: int) -> Any:
        pending = self.pending_at(row)
        if pending is None or role in (_ID, _ALIGN):
            return None
        if role == _FORE:
            return QColor("#b00020") if pending.error else QColor("#707070")
        said = pending.error or _("Being saved")
        if role == _TIP:
            return said
        state = _("Not saved") if pending.error else _("Saving…")
        return (state, pending.title, "", pending.where, "")[column]


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
            return _(self._columns[section].header) if 0 <= section < len(self._columns) else None
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
