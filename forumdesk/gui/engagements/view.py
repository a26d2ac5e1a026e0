"""The Engagements view: a forum's (or every forum's) engagements in a list, searched and
filtered by kind, the detail of the chosen one, and the residents' offers in a tab.

Signals:
    issue_activated(int): a linked issue was opened: the window shows it in the register.
    meeting_activated(int): a meeting held for an engagement was opened.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import forums
from forumdesk.core.engagements import base
from forumdesk.domain.changes import ENGAGEMENT_KINDS, FORUM, ISSUE, MEETING, Changes
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import EngagementKind
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.gui import forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.detail import EngagementDetail
from forumdesk.gui.engagements.new_dialog import NewEngagementDialog
from forumdesk.gui.models import Column, RecordTableModel
from forumdesk.i18n import N_, _, ngettext


def _day(value) -> str:
    return short_date(value, INTERFACE) if value is not None else ""


COLUMNS: list[Column[EngagementInfo]] = [
    Column(N_("Reference"), lambda e: e.reference),
    Column(N_("Kind"), lambda e: e.kind.label),
    Column(N_("Title"), lambda e: e.title),
    Column(N_("Opens"), lambda e: _day(e.opens)),
    Column(N_("Closes"), lambda e: _day(e.closes)),
    Column(N_("Status"), lambda e: e.status.label),
    Column(N_("Response due"), lambda e: _day(e.response_due)),
]
TITLE_COLUMN = 2
#: The tabs.
LIST, OFFERS = 0, 1


def matches(found: EngagementInfo, kind: EngagementKind | None, text: str) -> bool:
    """Whether an engagement is of the kind chosen and holds every word searched for."""
    if kind is not None and found.kind is not kind:
        return False
    haystack = " ".join(
        part or "" for part in (found.reference, found.title, found.wording, found.committee)
    ).casefold()
    return all(word in haystack for word in text.casefold().split())


class EngagementsView(QWidget):
    """Engagements of one forum (or of all, council-wide ones too), and residents' offers."""

    issue_activated = Signal(int)
    meeting_activated = Signal(int)

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stack = stack
        self.forum_id: int | None = None  # None: every forum, and council-wide
        self.offers: QWidget | None = None  # the offers page, made when its tab is shown
        self._stale: Changes | None = None  # changes made while the view was hidden

        self.heading = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Words of a title or wording, or a reference"))
        self.search.setClearButtonEnabled(True)
        self.kind = forms.enum_combo(EngagementKind, optional=_("Every kind"))
        self.count = QLabel()
        self.new_button = QPushButton(_("&New engagement…"))
        forms.named(self.new_button, _("New engagement"), _("Add a petition, consultation…"))
        self.model: RecordTableModel[EngagementInfo] = RecordTableModel(
            COLUMNS, lambda e: e.id, parent=self
        )
        self.table: QTableView = forms.record_table(self.model, stretch=TITLE_COLUMN)
        forms.named(self.table, _("Engagements"), _("Choose an engagement to see it in full"))
        self.detail = EngagementDetail(desk, stack)
        self.tabs = QTabWidget()
        forms.named(self.tabs, _("Engagements and residents' offers"))
        forms.named(self.tabs.tabBar(), _("Engagements, or residents' offers"))
        self._lay_out()
        self._connect_signals()
        self.set_forum(None)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(forms.buddy(_("Fin&d:"), self.search))
        top.addWidget(self.search, 1)
        top.addWidget(forms.buddy(_("Kind:"), self.kind))
        top.addWidget(self.kind)
        top.addWidget(self.count)
        top.addWidget(self.new_button)
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(forms.scrolling(self.detail))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        rows = self.table.verticalHeader().defaultSectionSize()
        splitter.setSizes([rows * 8, rows * 20])  # about seven engagements in sight
        self.splitter = splitter
        listing_layout.addWidget(splitter, 1)
        self.tabs.addTab(listing, _("Engagements"))
        self.tabs.addTab(QWidget(), _("Residents' offers"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _t: self.reload())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.new_engagement)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.detail.issue_activated.connect(self.issue_activated)
        self.detail.meeting_activated.connect(self.meeting_activated)
        self._desk.changed.connect(self._on_changed)

    # -- what is listed -------------------------------------------------------------

    def set_forum(self, forum_id: int | None) -> None:
        """Shows one forum's engagements (None: every forum's, and council-wide ones)."""
        self.forum_id = forum_id
        name = _("All forums, and council-wide")
        if forum_id is not None:
            forum = self._desk.read(lambda s: forums.get_forum(s, forum_id))
            name = f"{forum.name} ({forum.code})"
        self.heading.setText(_("Engagements: {forum}").format(forum=name))
        if self.offers is not None:  # offers belong to the forum shown: made anew
            self.tabs.removeTab(OFFERS)
            self.offers.deleteLater()
            self.offers = None
            self.tabs.insertTab(OFFERS, QWidget(), _("Residents' offers"))
        self.reload()

    def reload(self) -> None:
        """Reads the list again, keeping the chosen engagement when it is still listed."""
        forum_id, kind, text = self.forum_id, self.kind.current(), self.search.text()
        found = self._desk.read(lambda s: base.list_engagements(s, forum=forum_id))
        shown = [e for e in found if matches(e, kind, text)]
        chosen = self.detail.engagement.id if self.detail.engagement is not None else None
        self.model.set_records(shown)
        n = len(shown)
        self.count.setText(ngettext("{n} engagement", "{n} engagements", n).format(n=n))
        row = self.model.row_of(chosen) if chosen is not None else None
        if row is not None:
            self._select_row(row)
        else:
            self.detail.show_engagement(None)

    def select(self, ident: int) -> None:
        """Shows an engagement (the search and kind filter cleared if they hid it)."""
        if self.model.row_of(ident) is None:
            self.search.blockSignals(True)
            self.kind.blockSignals(True)
            self.search.clear()
            self.kind.choose(None)
            self.search.blockSignals(False)
            self.kind.blockSignals(False)
            self.reload()
        row = self.model.row_of(ident)
        if row is not None:
            self._select_row(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        record = self.model.record(row)
        if record is not None and (
            self.detail.engagement is None or self.detail.engagement.id != record.id
        ):
            self.detail.show_engagement(record.id)

    def _on_current_changed(self, current, _previous) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        if record is None:
            return
        if self.detail.engagement is None or self.detail.engagement.id != record.id:
            self.detail.show_engagement(record.id)

    # -- adding ---------------------------------------------------------------------

    def new_dialog(self) -> NewEngagementDialog:
        """The New engagement dialog, for the forum shown; the new one is chosen once added."""
        known = self._desk.read(forums.list_forums)
        dialog = NewEngagementDialog(self._desk, known, self.forum_id, self)
        dialog.created.connect(self.select)
        return dialog

    def new_engagement(self) -> None:
        """New engagement…: asks for its fields and adds it."""
        self.new_dialog().exec()

    # -- offers ---------------------------------------------------------------------

    def _on_tab_changed(self, index: int) -> None:
        if index == OFFERS and self.offers is None:
            from forumdesk.gui.engagements.offers import OffersPage  # made when first shown

            self.offers = OffersPage(self._desk, self.forum_id, self)
            self.tabs.blockSignals(True)
            old = self.tabs.widget(OFFERS)
            self.tabs.removeTab(OFFERS)
            if old is not None:
                old.deleteLater()
            self.tabs.insertTab(OFFERS, self.offers, _("Residents' offers"))
            self.tabs.setCurrentIndex(OFFERS)
            self.tabs.blockSignals(False)

    # -- what changed ---------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*ENGAGEMENT_KINDS, MEETING, FORUM, ISSUE):
            return
        if not self.isVisible():  # read when shown again
            self._stale = changes if self._stale is None else self._stale | changes
            return
        self.refresh(changes)

    def refresh(self, changes: Changes) -> None:
        """Reads the list again when engagements changed; the detail decides for itself."""
        if changes.touches(*ENGAGEMENT_KINDS, FORUM):
            self.reload()
        self.detail.refresh(changes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale is not None:
            stale, self._stale = self._stale, None
            self.refresh(stale)
