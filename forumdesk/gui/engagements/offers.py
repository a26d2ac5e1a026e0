"""Residents' offers of a forum: the list, and adding, matching, delivering and withdrawing
offers (the offers part of issue 14). The Engagements view shows it as a tab."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk.core import actions, meetings
from forumdesk.core.engagements import offers
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.enums import OfferKind, OfferStatus
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.domain.offers import OfferInfo
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _, ngettext

COLUMNS = (N_("Offered"), N_("Kind"), N_("Offer"), N_("By"), N_("Towards"), N_("Status"))


class OfferDialog(QDialog):
    """A new offer: what, which kind, at which meeting, and the resident's consents."""

    def __init__(self, meeting_choices: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Add an offer"))
        self.kind = forms.enum_combo(OfferKind)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.meeting = QComboBox()
        self.meeting.addItem(_("Not at a meeting"), None)
        for ident, label in meeting_choices:
            self.meeting.addItem(label, ident)
        self.name = QLineEdit()
        self.consent_named = QCheckBox(_("They agreed to be &named"))
        self.contact = QLineEdit()
        self.consent_contact = QCheckBox(_("They agreed to be &contacted"))
        form = QFormLayout()
        forms.add_row(form, _("&Kind:"), self.kind)
        forms.add_row(form, _("&Offer:"), self.description)
        forms.add_row(form, _("&Made at:"), self.meeting)
        forms.add_row(form, _("N&ame:"), self.name, _("Kept only with their consent"))
        form.addRow("", self.consent_named)
        forms.add_row(form, _("Con&tact:"), self.contact, _("Kept only with their consent"))
        form.addRow("", self.consent_contact)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        """What was entered, as :func:`forumdesk.core.engagements.offers.add_offer` takes it."""
        return {
            "kind": self.kind.current(),
            "description": self.description.toPlainText(),
            "meeting": self.meeting.currentData(),
            "name": self.name.text() or None,
            "consent_named": self.consent_named.isChecked(),
            "contact": self.contact.text() or None,
            "consent_contact": self.consent_contact.isChecked(),
        }


class MatchDialog(QDialog):
    """The action and/or the issue an offer helps with."""

    def __init__(self, action_choices: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Match an offer"))
        self.action = QComboBox()
        self.action.addItem(_("No action"), None)
        for ident, label in action_choices:
            self.action.addItem(label, ident)
        self.issue = QLineEdit()
        self.issue.setPlaceholderText(_("an issue's reference, such as BHF-0042"))
        form = QFormLayout()
        forms.add_row(form, _("&Action:"), self.action)
        forms.add_row(form, _("&Issue:"), self.issue)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {"action": self.action.currentData(), "issue": self.issue.text().strip() or None}


class DeliverDialog(QDialog):
    """The day an offer was delivered and what was done."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Record a delivery"))
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.what = QLineEdit()
        form = QFormLayout()
        forms.add_row(form, _("&Delivered on:"), self.day)
        forms.add_row(form, _("&What was done:"), self.what)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {"on": self.day.date().toPython(), "what": self.what.text()}


def ask_values(dialog: QDialog) -> dict[str, Any] | None:
    """The dialog's values once accepted, or None (tests answer in its place)."""
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None  # type: ignore[attr-defined]  # each has values()


class OffersPage(QWidget):
    """A forum's offers from residents, with Add, Match, Delivered and Withdraw."""

    def __init__(self, desk: Desk, forum_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.forum_id = forum_id
        self.listed: list[OfferInfo] = []
        self.status = forms.enum_combo(OfferStatus, optional=_("All offers"))
        status_label = forms.buddy(_("&Show:"), self.status)
        self.summary = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        forms.named(self.table, _("Offers from residents"))
        self.add_button = QPushButton(_("&Add offer…"))
        self.match_button = QPushButton(_("&Match…"))
        self.deliver_button = QPushButton(_("&Delivered…"))
        self.withdraw_button = QPushButton(_("&Withdraw"))
        for button in (
            self.add_button,
            self.match_button,
            self.deliver_button,
            self.withdraw_button,
        ):
            forms.named(button, forms.plain(button.text()).rstrip("…"))
        top = QHBoxLayout()
        top.addWidget(status_label)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.match_button,
            self.deliver_button,
            self.withdraw_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self.refresh(Changes.all())

    def _connect_signals(self) -> None:
        self.status.currentIndexChanged.connect(self._on_status)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.add_button.clicked.connect(self._on_add)
        self.match_button.clicked.connect(self._on_match)
        self.deliver_button.clicked.connect(self._on_deliver)
        self.withdraw_button.clicked.connect(self._on_withdraw)

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the page shows."""
        return changes.touches(kinds.OFFER, kinds.ACTION, kinds.ISSUE, kinds.MEETING)

    def refresh(self, changes: Changes) -> None:
        """Reads the forum's offers again, keeping the chosen one chosen."""
        chosen = self.selected()
        status = self.status.current()
        self.listed = self.desk.read(
            lambda s: offers.list_offers(s, forum=self.forum_id, status=status)
        )
        self.table.setRowCount(len(self.listed))
        for row, offer in enumerate(self.listed):
            towards = ", ".join(t for t in (offer.issue_reference, offer.action_description) if t)
            for column, value in enumerate(
                (
                    short_date(offer.offered_on, INTERFACE) if offer.offered_on else "",
                    offer.kind.label,
                    offer.description,
                    offer.name or "",
                    towards,
                    offer.status.label,
                )
            ):
                item = QTableWidgetItem(value)
                if column == 2 and offer.delivered:
                    item.setToolTip(offer.delivered)
                self.table.setItem(row, column, item)
        self.summary.setText(
            ngettext("{n} offer", "{n} offers", len(self.listed)).format(n=len(self.listed))
        )
        ids = [o.id for o in self.listed]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        self._on_selection()

    def selected(self) -> OfferInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.listed[rows[0].row()] if rows else None

    @Slot()
    def _on_status(self) -> None:
        self.refresh(Changes.all())

    @Slot()
    def _on_selection(self) -> None:
        chosen = self.selected()
        still_open = chosen is not None and chosen.status in (
            OfferStatus.OFFERED,
            OfferStatus.MATCHED,
        )
        for button in (self.match_button, self.deliver_button, self.withdraw_button):
            button.setEnabled(still_open)

    def _choices(self, session: Session) -> list[tuple[int, str]]:
        return [
            (m.id, short_date(m.date, INTERFACE) + (f" · {m.title}" if m.title else ""))
            for m in meetings.list_meetings(session, self.forum_id)
        ]

    @Slot()
    def _on_add(self) -> None:
        dialog = OfferDialog(self.desk.read(self._choices), self)
        values = ask_values(dialog)
        if values is None:
            return
        forum = self.forum_id
        made = self.desk.write(lambda s: offers.add_offer(s, forum=forum, **values), self)
        if made is not None:
            self.refresh(Changes.all())
            self.table.selectRow([o.id for o in self.listed].index(made.id))

    @Slot()
    def _on_match(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        choices = self.desk.read(
            lambda s: [
                (a.id, a.description)
                for a in actions.list_actions(s, forum=self.forum_id, open_only=True)
            ]
        )
        values = ask_values(MatchDialog(choices, self))
        if values is None:
            return
        if self.desk.write(lambda s: offers.match_offer(s, chosen.id, **values), self):
            self.refresh(Changes.all())

    @Slot()
    def _on_deliver(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        values = ask_values(DeliverDialog(date.today(), self))
        if values is None:
            return
        if self.desk.write(lambda s: offers.deliver(s, chosen.id, **values), self):
            self.refresh(Changes.all())

    @Slot()
    def _on_withdraw(self) -> None:
        chosen = self.selected()
        if chosen is None or not ask.ask_yes_no(
            self,
            _("Record that the resident withdrew the offer \u201c{offer}\u201d?").format(
                offer=chosen.description
            ),
        ):
            return
        if self.desk.write(lambda s: offers.withdraw(s, chosen.id), self):
            self.refresh(Changes.all())
