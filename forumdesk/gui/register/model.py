"""The register's table model: the ids of the current query, rows fetched in blocks.

The model holds only the ordered ids that the query returned (filtering, search and
sorting run in SQL); a row's columns are read, a block of rows at a time, the first time
the view asks for it, and kept in a bounded cache. So 100,000 issues open as fast as
their ids can be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from forumdesk.core import issue_query
from forumdesk.core.issue_query import RegisterRow
from forumdesk.domain.changes import (
    ENGAGEMENT,
    ENGAGEMENT_ISSUE,
    FORUM,
    ISSUE,
    ISSUE_KINDS,
    THEME,
    TIMELINE_EVENT,
    Changes,
)
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.domain.records import IssueFilter
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import ID_ROLE
from forumdesk.i18n import N_, _

Index = QModelIndex | QPersistentModelIndex

#: Rows read at a time, and how many rows the cache keeps at most.
BLOCK = 100
CACHE_LIMIT = 5_000

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ICON = int(Qt.ItemDataRole.DecorationRole)
_ID = int(ID_ROLE)
_ROLES = frozenset({_DISPLAY, _TIP, _ALIGN, _ICON, _ID})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class RegisterColumn:
    """A column: its settings key, header, the SQL sort key, and how it shows a row."""

    key: str
    header: str  # marked N_(); translated where shown
    sort: str  # a key of issue_query.SORT_KEYS
    text: Callable[[RegisterRow, date], str]
    inverted: bool = False  # ascending in the column is descending in SQL
    right: bool = False


def _day(value: date | None) -> str:
    return short_date(value, INTERFACE) if value is not None else ""


def _days_in_stage(row: RegisterRow, today: date) -> str:
    if row.stage_since is None:
        return ""
    return str(max(0, (today - row.stage_since.date()).days))


def marks(row: RegisterRow) -> str:
    """The overdue marks of a row, in words (never colour alone)."""
    said = []
    if row.overdue:
        said.append(_("Overdue"))
    if row.response_overdue:
        said.append(_("Response overdue"))
    return "; ".join(said)


COLUMNS: tuple[RegisterColumn, ...] = (
    RegisterColumn("reference", N_("Reference"), "reference", lambda r, _t: r.reference),
    RegisterColumn("marks", N_("Overdue"), "due", lambda r, _t: marks(r)),
    RegisterColumn("title", N_("Title"), "title", lambda r, _t: r.title),
    RegisterColumn("forum", N_("Forum"), "forum", lambda r, _t: r.forum_name),
    RegisterColumn("ward", N_("Ward"), "ward", lambda r, _t: r.ward or ""),
    RegisterColumn(
        "stage", N_("Stage"), "stage", lambda r, _t: f"{r.stage.number} {r.stage.short}"
    ),
    RegisterColumn("status", N_("Status"), "status", lambda r, _t: r.status.label),
    RegisterColumn("owner", N_("Owner"), "owner", lambda r, _t: r.owner or ""),
    RegisterColumn("due", N_("Due"), "due", lambda r, _t: _day(r.due_date)),
    RegisterColumn(
        "response_due", N_("Response due"), "response_due", lambda r, _t: _day(r.response_due)
    ),
    RegisterColumn(
        "days_in_stage",
        N_("Days in stage"),
        "stage_since",
        _days_in_stage,
        inverted=True,
        right=True,
    ),
    RegisterColumn(
        "updated", N_("Last change"), "updated", lambda r, _t: _day(r.updated_at.date())
    ),
    RegisterColumn("created", N_("Raised"), "created", lambda r, _t: _day(r.created_at.date())),
    RegisterColumn(
        "engagement", N_("Engagement"), "engagement", lambda r, _t: ", ".join(r.engagements)
    ),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)

#: Sorts whose order no edit can change (an issue never changes forum or reference), and
#: filters no edit can change an issue's answer to: with only these, an edited issue is
#: re-read where it is instead of asking the database for the ids again.
_STEADY_SORTS = frozenset({"reference", "forum", "created"})
_STEADY_FILTERS = ("forum", "meeting_id", "raised_from", "raised_to")


class RegisterModel(QAbstractTableModel):
    """The issues of one query, by id; rows read in blocks as they are shown."""

    def __init__(self, desk: Desk, today: Callable[[], date] = date.today, parent=None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._today = today
        self._filter = IssueFilter()
        self._started = False
        self._ids: list[int] = []
        self._rows: dict[int, int] | None = None  # id -> row, made when first needed
        self._cache: dict[int, RegisterRow] = {}
        self._texts: dict[int, tuple[str, ...]] = {}
        self._warning: QIcon | None = None  # the overdue icon, made on first use
        # Every issue in the current order (no search, no filter), while no change came.
        self._order: list[int] | None = None
        self._order_key: tuple[str, bool] | None = None

    # -- the query ----------------------------------------------------------------

    @property
    def filter(self) -> IssueFilter:
        """The query shown (sort included)."""
        return self._filter

    def set_filter(self, wanted: IssueFilter) -> None:
        """Shows the issues matching ``wanted`` (its sort is kept from the view's)."""
        self._filter = replace(wanted, sort=self._filter.sort, descending=self._filter.descending)
        self._started = True
        self.requery(stale=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new query, in SQL; nothing is sorted here."""
        if not 0 <= column < len(COLUMNS):
            return
        chosen = COLUMNS[column]
        descending = (order == Qt.SortOrder.DescendingOrder) != chosen.inverted
        if (chosen.sort, descending) == (self._filter.sort, self._filter.descending):
            return
        self._filter = replace(self._filter, sort=chosen.sort, descending=descending)
        if self._started:
            self.requery()

    def requery(self, forget: Iterable[int] = (), *, stale: bool = True) -> None:
        """Reads the ids again; rows already read are kept unless named in ``forget``.

        With ``stale=False`` (only the search or the filters changed, not the data) a
        search alone is put in the order of every issue, kept from the last query in
        that order: a keystroke then costs the full-text lookup, not a sort of the table.
        """
        wanted = self._filter
        order_key = (wanted.sort, wanted.descending)
        if stale or self._order_key != order_key:
            self._order, self._order_key = None, order_key
        if _has_filter(wanted):
            ids = self._desk.read(lambda s: issue_query.issue_ids(s, wanted))
        else:
            if self._order is None:
                every = replace(wanted, text=None)
                self._order = self._desk.read(lambda s: issue_query.issue_ids(s, every))
            found = self._desk.read(lambda s: issue_query.text_matches(s, wanted.text))
            ids = list(self._order) if found is None else [i for i in self._order if i in found]
        self.beginResetModel()
        self._ids = ids
        self._rows = None
        for ident in forget:
            self._cache.pop(ident, None)
            self._texts.pop(ident, None)
        self.endResetModel()

    def forget_all(self) -> None:
        """Drops every row read (a forum renamed, a day passed): they are read again."""
        self._cache.clear()
        self._texts.clear()

    # -- what changed -------------------------------------------------------------

    def refresh(self, changes: Changes) -> set[int] | None:
        """Updates from a change alone: rows of changed issues are read again; the ids
        only when issues were added or removed, or when a sorted or filtered field may
        have changed.

        Returns the issues changed (None: any may have).
        """
        if not self._started:
            return set()
        issue_ids = changes.ids(ISSUE)
        event_ids = changes.ids(TIMELINE_EVENT)
        # A link to an engagement made or removed, an engagement renamed or removed: the
        # Engagement column and filter may change for any issue (rare: read all again).
        if (
            changes.touches(FORUM, THEME, ENGAGEMENT, ENGAGEMENT_ISSUE)
            or issue_ids is None
            or event_ids is None
        ):
            self.forget_all()
            self.requery()
            return None
        if not changes.touches(*ISSUE_KINDS):
            return set()
        changed = set(issue_ids)
        if event_ids:
            changed |= self._desk.read(lambda s: issue_query.issues_of_events(s, event_ids))
        if changes.added(ISSUE) or self._may_move():
            self.requery(forget=changed)
            return changed
        shown = [i for i in changed if self.row_of(i) is not None]
        for ident in shown:
            self._cache.pop(ident, None)
            self._texts.pop(ident, None)
        fresh = self._read(shown)
        if len(fresh) < len(shown):  # some were deleted: they leave the list
            self.requery()
            return changed
        rows = sorted(r for i in shown if (r := self.row_of(i)) is not None)
        if rows:
            self.dataChanged.emit(
                self.index(rows[0], 0), self.index(rows[-1], len(COLUMNS) - 1), []
            )
        return changed

    def _may_move(self) -> bool:
        """Whether an edit could move an issue in, out of or within this list."""
        wanted = self._filter
        return wanted.sort not in _STEADY_SORTS or bool(wanted.text) or _narrows(wanted)

    # -- rows ---------------------------------------------------------------------

    def ids(self) -> list[int]:
        """The ids shown, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        """The id of the issue in a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, ident: int) -> int | None:
        """The row showing an issue, if it is in the list."""
        if self._rows is None:
            self._rows = {i: row for row, i in enumerate(self._ids)}
        return self._rows.get(ident)

    def record(self, row: int) -> RegisterRow | None:
        """The register row shown in ``row``, reading its block if needed."""
        ident = self.id_at(row)
        if ident is None:
            return None
        found = self._cache.get(ident)
        if found is None:
            start = max(0, row - BLOCK // 2)
            block = [i for i in self._ids[start : start + BLOCK] if i not in self._cache]
            self._read(block)
            found = self._cache.get(ident)
        return found

    def _read(self, ids: list[int]) -> dict[int, RegisterRow]:
        if not ids:
            return {}
        if len(self._cache) + len(ids) > CACHE_LIMIT:
            self.forget_all()
        today = self._today()
        fresh = self._desk.read(lambda s: issue_query.register_rows(s, ids, today))
        self._cache.update(fresh)
        return fresh

    # -- Qt -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].header)
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= column < len(COLUMNS):
            return None
        if role == _ID:
            return self._ids[row]
        if role == _ALIGN:
            return _RIGHT if COLUMNS[column].right else None
        record = self.record(row)
        if record is None:
            return None
        if role == _ICON:
            if column == 1 and (record.overdue or record.response_overdue):
                return self._warning_icon()
            return None
        texts = self._texts.get(record.id)
        if texts is None:
            today = self._today()
            texts = self._texts[record.id] = tuple(c.text(record, today) for c in COLUMNS)
        if role == _TIP:
            if COLUMNS[column].key == "stage":
                return record.stage.label
            return texts[column] or None
        return texts[column]

    def _warning_icon(self):
        if self._warning is None:
            style = QApplication.style()
            self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning


def _narrows(wanted: IssueFilter) -> bool:
    """Whether a filter other than the steady ones is set."""
    steady = set(_STEADY_FILTERS) | {"sort", "descending", "limit", "offset"}
    return any(
        getattr(wanted, name) not in (None, "")
        for name in IssueFilter.__dataclass_fields__
        if name not in steady
    )


def _has_filter(wanted: IssueFilter) -> bool:
    """Whether anything but the search text narrows the list."""
    plain = {"text", "sort", "descending", "limit", "offset"}
    return any(
        getattr(wanted, name) not in (None, "")
        for name in IssueFilter.__dataclass_fields__
        if name not in plain
    )
