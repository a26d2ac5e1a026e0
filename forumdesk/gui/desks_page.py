"""File → Desks…: this desk's identity and key, the desks it trusts; and the question an
import from an unknown desk asks (as SSH does on a first connection)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.domain.errors import InputRefused
from forumdesk.exchange import trust
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _, ngettext

FILE_KINDS = N_("ForumDesk exchange files (*.forumdesk.json *.json)")


def ask_to_trust(parent: QWidget | None, signer: trust.DeskKey) -> bool:
    """Whether to trust a desk, after showing its fingerprint; No is the default."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Trust this desk?"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(trust_question(signer))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def trust_question(signer: trust.DeskKey) -> str:
    """What a person is asked before this desk trusts another."""
    return _(
        "The file was signed by desk {name}, which this desk does not trust yet.\n\n"
        "Its key's fingerprint:\n{fingerprint}\n(desk UUID {uuid})\n\n"
        "Check it with that desk (by phone) before you trust it: once trusted, this desk "
        "takes every file that desk signs. Trust desk {name}?"
    ).format(name=signer.name, uuid=signer.uuid, fingerprint=signer.fingerprint)


def trust_signer(desk: Desk, signer: trust.DeskKey, parent: QWidget | None) -> bool:
    """Asks, then trusts; whether the desk is trusted now."""
    if not ask_to_trust(parent, signer):
        return False
    return desk.write(lambda s: trust.trust(s, signer), parent) is not None


class DesksDialog(QDialog):
    """This desk's name, UUID, mark and fingerprint, and the desks it trusts."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Desks"))
        self._desk = desk
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        me = desk.read(trust.this_desk)
        identity = QGroupBox(_("This desk"))
        form = QFormLayout(identity)
        self.fingerprint = QLabel(me.fingerprint)
        self.fingerprint.setFont(mono)
        for label, value in (
            (_("Name:"), QLabel(trust.clean_name(me.name))),
            (_("UUID:"), QLabel(me.uuid)),
            (_("Mark:"), QLabel(me.mark or "")),
            (_("Fingerprint:"), self.fingerprint),
            (_("Key file:"), QLabel(str(me.key_path))),
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            forms.named(value, label.rstrip(":"))
            form.addRow(label, value)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Desk"), _("Fingerprint"), _("Trusted since"), _("Revoked")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        forms.named(self.table, _("Trusted desks"))
        self.trust_button = QPushButton(_("&Trust a desk from a file…"))
        self.revoke_button = QPushButton(_("&Revoke"))
        # A fingerprint is read out over the phone or pasted into an e-mail: copy it whole,
        # in the groups the trust question and `forumdesk desk list` print.
        self.copy_button = QPushButton(_("Cop&y fingerprint"))
        copy = QAction(_("Copy fingerprint"), self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(copy)
        close = QPushButton(_("&Close"))
        for button in (self.trust_button, self.revoke_button, self.copy_button, close):
            forms.named(button, forms.plain(button.text()).rstrip("…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        trusted = QGroupBox(_("Desks this desk trusts"))
        inside = QVBoxLayout(trusted)
        inside.addWidget(self.rule)
        inside.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(identity)
        layout.addWidget(trusted, 1)
        layout.addLayout(buttons)
        self.trust_button.clicked.connect(self._on_trust)
        self.revoke_button.clicked.connect(self._on_revoke)
        self.copy_button.clicked.connect(self._on_copy)
        copy.triggered.connect(self._on_copy)
        self.table.itemSelectionChanged.connect(self._on_selection)
        close.clicked.connect(self.accept)
        self.resize(720, 460)
        self.reload()

    def reload(self) -> None:
        """Shows the trusted desks as stored now."""
        self._desks = self._desk.read(trust.trusted_desks)
        self.table.setRowCount(len(self._desks))
        for row, found in enumerate(self._desks):
            revoked = "" if found.revoked_at is None else f"{found.revoked_at:%Y-%m-%d}"
            for column, text in enumerate(
                (found.name, found.fingerprint, f"{found.trusted_at:%Y-%m-%d}", revoked)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{found.name} ({found.uuid})")
                if column == 1:  # read out digit by digit: the same width for each
                    item.setFont(self.fingerprint.font())
                self.table.setItem(row, column, item)
        active = len([d for d in self._desks if d.revoked_at is None])
        if active:
            said = ngettext(
                "This desk trusts {n} desk: it refuses files that no trusted desk signed.",
                "This desk trusts {n} desks: it refuses files that no trusted desk signed.",
                active,
            ).format(n=active)
        elif self._desks:
            said = _("Every desk this desk trusted was revoked: it refuses other desks' files.")
        else:
            said = _(
                "This desk trusts no desks yet, so it takes files from any desk. Trust the "
                "desks you exchange files with, and it will take only theirs."
            )
        self.rule.setText(said)
        self._on_selection()

    def selected(self) -> trust.TrustedInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._desks[rows[0].row()] if rows else None

    def _on_selection(self) -> None:
        chosen = self.selected()
        self.revoke_button.setEnabled(chosen is not None and chosen.revoked_at is None)
        self.copy_button.setEnabled(chosen is not None)

    def _on_copy(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            QApplication.clipboard().setText(chosen.fingerprint)

    def _on_trust(self) -> None:
        path = ask.ask_open_path(self, _("Trust the desk that signed a file"), _(FILE_KINDS))
        if path is None:
            return
        try:
            signer = trust.signer_of_file(Path(path))
        except InputRefused as exc:  # unreadable, not an exchange file, not signed
            ask.show_error(self, str(exc))
            return
        if trust_signer(self._desk, signer, self):
            self.reload()

    def _on_revoke(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not ask.ask_yes_no(
            self,
            _(
                "Stop trusting desk {name} (key {fingerprint})? Files it signs will be "
                "refused from now on."
            ).format(name=chosen.name, fingerprint=chosen.fingerprint),
        ):
            return
        if self._desk.write(lambda s: trust.revoke(s, chosen.uuid), self) is not None:
            self.reload()
