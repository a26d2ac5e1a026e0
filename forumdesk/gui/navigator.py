"""The navigator: forums and their meetings, newest first, with date, format and status.

Signals:
    meeting_chosen(int): a meeting was activated.
    forum_chosen(object): a forum (its code) or "All forums" (None) was activated: the
        register opens on it.
    engagements_chosen(object): the "Engagements" node of a forum (its id) or of "All
        forums" (None) was activated: the Engagements view opens on it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from forumdesk.core import forums, meetings
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.gui import forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import ID_ROLE
from forumdesk.i18n import _

KIND_ROLE = ID_ROLE + 1
CODE_ROLE = ID_ROLE + 2
ENGAGEMENTS = "engagements"  # i18n: not text


class Navigator(QTreeView):
    """A tree of forums and meetings; selecting a meeting opens it."""

    meeting_chosen = Signal(int)
    forum_chosen = Signal(object)  # a forum's code, or None for every forum
    engagements_chosen = Signal(object)  # a forum's id, or None for every forum

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.setHeaderHidden(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.named(self, _("Forums and meetings"), _("Choose a meeting to open it"))
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.activated.connect(self._on_current_changed)
        self.activated.connect(self._on_forum_clicked)
        self.clicked.connect(self._on_forum_clicked)

    def reload(self, select_meeting: int | None = None) -> None:
        """Re-reads forums and meetings, keeping the open meeting selected."""
        found_forums = self._desk.read(forums.list_forums)
        found_meetings = self._desk.read(meetings.list_meetings)
        self.blockSignals(True)
        self.model_.clear()
        if found_forums:  # the register of every forum
            every = QStandardItem(_("All forums"))
            every.setData("all", KIND_ROLE)  # i18n: not text
            every.setToolTip(_("Every issue of every forum, in the register"))
            every.appendRow(_engagements_node(None))
            self.model_.appendRow(every)
        for forum in found_forums:
            node = QStandardItem(f"{forum.name} ({forum.code})")
            node.setData(forum.id, ID_ROLE)
            node.setData("forum", KIND_ROLE)
            node.setData(forum.code, CODE_ROLE)
            node.setToolTip(_("Every issue of this forum, in the register"))
            node.appendRow(_engagements_node(forum.id))
            for meeting in (m for m in found_meetings if m.forum_id == forum.id):
                day = short_date(meeting.date, INTERFACE)
                child = QStandardItem(f"{day} · {meeting.display_title} · {meeting.status.label}")
                venue = meeting.venue or _("no venue set")
                child.setToolTip(
                    _("{format}, {venue}").format(format=meeting.format.label, venue=venue)
                )
                child.setData(meeting.id, ID_ROLE)
                child.setData("meeting", KIND_ROLE)
                node.appendRow(child)
            self.model_.appendRow(node)
        self.expandAll()
        self.blockSignals(False)
        if select_meeting is not None:
            self.select_meeting(select_meeting)

    def select_meeting(self, meeting_id: int) -> None:
        """Highlights a meeting without re-opening it."""
        for row in range(self.model_.rowCount()):
            forum = self.model_.item(row)
            for child_row in range(forum.rowCount()):
                child = forum.child(child_row)
                if child.data(ID_ROLE) == meeting_id and child.data(KIND_ROLE) == "meeting":
                    self.selectionModel().blockSignals(True)
                    self.setCurrentIndex(child.index())
                    self.selectionModel().blockSignals(False)
                    return

    def current_forum_id(self) -> int | None:
        """The forum of the selected row (a forum or one of its meetings)."""
        index = self.currentIndex()
        if not index.isValid():
            return None
        if index.data(KIND_ROLE) in ("meeting", ENGAGEMENTS):
            index = index.parent()
        return index.data(ID_ROLE)

    def _on_current_changed(self, current: QModelIndex, *_args: object) -> None:
        if current.isValid() and current.data(KIND_ROLE) == "meeting":
            self.meeting_chosen.emit(current.data(ID_ROLE))

    def _on_forum_clicked(self, index: QModelIndex) -> None:
        # A click (not arrowing past it) opens a forum's register, even when it was
        # already the current row.
        if index.isValid() and index.data(KIND_ROLE) in ("forum", "all"):  # i18n: not text
            self.forum_chosen.emit(index.data(CODE_ROLE))
        elif index.isValid() and index.data(KIND_ROLE) == ENGAGEMENTS:
            self.engagements_chosen.emit(index.data(ID_ROLE))

    def select_engagements(self, forum_id: int | None) -> None:
        """Highlights the Engagements node of a forum (None: of All forums)."""
        for row in range(self.model_.rowCount()):
            top = self.model_.item(row)
            child = top.child(0) if top.rowCount() else None
            if (
                child is not None
                and child.data(KIND_ROLE) == ENGAGEMENTS
                and child.data(ID_ROLE) == forum_id
            ):
                self.selectionModel().blockSignals(True)
                self.setCurrentIndex(child.index())
                self.selectionModel().blockSignals(False)
                self.viewport().update()  # the view learns of the selection by signal
                return


def _engagements_node(forum_id: int | None) -> QStandardItem:
    """A forum's (None: every forum's) "Engagements" node, its first child."""
    node = QStandardItem(_("Engagements"))
    node.setData(forum_id, ID_ROLE)
    node.setData(ENGAGEMENTS, KIND_ROLE)
    node.setToolTip(
        _("Petitions, consultations, co-option, juries, ballots, online deliberation, offers")
    )
    return node
