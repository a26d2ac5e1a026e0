"""File → People…: residents as people, found by name or contact; linking sign-ins as one
person (suggestions confirmed by a person, never linked silently), erasing a person's
personal data, and exporting what is held about them (subject access)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import erasure, people
from forumdesk.db.files import write_whole
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.language import INTERFACE, date_and_time, short_date
from forumdesk.domain.people import Entry, PersonDetail, Suggestion
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FILE_KINDS = N_("PDF documents (*.pdf);;JSON files (*.json)")
COLUMNS = (N_("Name"), N_("Contact"), N_("Sign-ins"), N_("Forums"), N_("Last attended"))


def ask_to_erase(parent: QWidget | None, question: str) -> bool:
    """Whether to erase, after saying what will happen; No is the default."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Erase personal data?"))
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def who(entry: Entry) -> str:
    """A person or sign-in named without their name: ``person 4``, ``sign-in s12``."""
    if entry.person_id is not None:
        return _("person {id}").format(id=entry.person_id)
    return _("sign-in s{id}").format(id=entry.attendance_id)


def shown_name(entry: Entry) -> str:
    """What the list shows for whom an entry is: their name, or the placeholder."""
    if entry.erased_at is not None:
        return _("A resident (erased on {date})").format(
            date=short_date(entry.erased_at.date(), INTERFACE)
        )
    return entry.name or _("(no name)")


def describe(held: PersonDetail) -> str:
    """A person's record as the page shows it."""

    def when(at: datetime | None) -> str:
        return _("date not recorded") if at is None else date_and_time(at, INTERFACE)

    entry = held.entry
    lines = [
        _("Person {id}").format(id=entry.person_id)
        if entry.person_id is not None
        else _("Sign-in s{id} (not linked to a person)").format(id=entry.attendance_id)
    ]
    if entry.erased_at is not None:
        lines.append(_("Personal data erased on {date}.").format(date=when(entry.erased_at)))
    lines += [_("Name: {name}").format(name=n) for n in held.names]
    lines += [_("Contact: {contact}").format(contact=c) for c in held.contacts]
    lines.append("")
    count = len(held.sign_ins)
    lines.append(ngettext("{n} sign-in:", "{n} sign-ins:", count).format(n=count))
    for s in held.sign_ins:
        lines.append(
            _("• {forum}, {date} ({role}, {presence})").format(
                forum=s.forum_name,
                date=short_date(s.meeting_date, INTERFACE),
                role=s.role.label,
                presence=s.presence.label.lower(),
            )
        )
        lines.append(
            "   "
            + (
                _("Named in a public role")
                if s.role.is_public
                else _("Consented to be named on {date}").format(date=when(s.consent_named_at))
                if s.consent_named
                else _("Not named")
            )
            + "; "
            + (
                _("consented to be contacted on {date}").format(date=when(s.consent_contact_at))
                if s.consent_contact
                else _("not to be contacted")
            )
        )
    if held.issues:
        lines += ["", _("Issues raised:")]
        lines += [f"• {i.reference} {i.title}" for i in held.issues]
    if held.engagements:
        lines += ["", _("Forums taken part in:")]
        for e in held.engagements:
            lines.append(
                ngettext(
                    "• {forum}: {n} meeting, {first} to {last}",
                    "• {forum}: {n} meetings, {first} to {last}",
                    e.meetings,
                ).format(
                    forum=e.forum_name,
                    n=e.meetings,
                    first=short_date(e.first, INTERFACE),
                    last=short_date(e.last, INTERFACE),
                )
            )
    if held.taking_part:
        lines += ["", _("Engagements taken part in:")]
        lines += [
            _("• {reference} {title} ({role})").format(
                reference=p.reference, title=p.title, role=p.role.label
            )
            for p in held.taking_part
        ]
    if held.offers:
        lines += ["", _("Offers:")]
        lines += [
            _("• {kind}: {description} ({status})").format(
                kind=o.kind.label, description=o.description, status=o.status.label.lower()
            )
            for o in held.offers
        ]
    return "\n".join(lines)


class LinkDialog(QDialog):
    """The sign-ins that look like the same person, each to be ticked by a person."""

    def __init__(
        self, entry: Entry, offered: list[Suggestion], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Link as same person"))
        said = QLabel(
            _(
                "These sign-ins have the same name or contact details as {who}. Tick those "
                "that are the same person: nothing is linked that you do not tick."
            ).format(who=who(entry))
            if offered
            else _("No other sign-in has the same name or contact details as {who}.").format(
                who=who(entry)
            )
        )
        said.setWordWrap(True)
        self.list = QListWidget()
        forms.named(self.list, _("Sign-ins that may be the same person"))
        for s in offered:
            item = QListWidgetItem(
                _("s{id} · {meeting} · {name} ({reason}; {owner})").format(
                    id=s.attendance_id,
                    meeting=s.meeting,
                    name=s.name or s.contact or "",
                    reason=s.why,
                    owner=s.owner,
                )
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, s.attendance_id)
            self.list.addItem(item)
        self.list.setVisible(bool(offered))
        self.others = QLineEdit()
        self.others.setPlaceholderText(_("e.g. s12 s15"))
        others_label = forms.buddy(
            _("&Other sign-ins of this person:"),
            self.others,
            _("Sign-ins not suggested, by their number (s12), separated by spaces"),
        )
        buttons = QDialogButtonBox()
        self.link_button = buttons.addButton(_("&Link"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        forms.named(self.link_button, _("Link"))
        forms.named(cancel, _("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(self.list, 1)
        layout.addWidget(others_label)
        layout.addWidget(self.others)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> list[str]:
        """The ticked sign-ins and those typed, as ``s12``."""
        ticked = [
            f"s{self.list.item(i).data(Qt.ItemDataRole.UserRole)}"
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return ticked + self.others.text().replace(",", " ").split()


def ask_to_link(
    parent: QWidget | None, entry: Entry, offered: list[Suggestion]
) -> list[str] | None:
    """The sign-ins a person confirmed are the same as ``entry`` (None: cancelled)."""
    dialog = LinkDialog(entry, offered, parent)
    try:
        return dialog.chosen() if dialog.exec() else None
    finally:
        dialog.deleteLater()


class PeopleDialog(QDialog):
    """A searchable list of people and unlinked sign-ins, and the chosen one's record."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("People"))
        self._desk = desk
        self._entries: list[Entry] = []
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("part of a name, e-mail address or phone number"))
        find_label = forms.buddy(
            _("&Find:"), self.search, _("Lists the people whose name or contact details hold it")
        )
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        for column in (0, 1):  # names and contacts share what the counts leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in range(2, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        forms.named(self.table, _("People and sign-ins"))
        self.summary = QLabel()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        forms.named(self.detail, _("What is held about them"))
        self.link_button = QPushButton(_("&Link as same person…"))
        self.erase_button = QPushButton(_("&Erase personal data…"))
        self.export_button = QPushButton(_("E&xport what is held…"))
        close = QPushButton(_("&Close"))
        for button in (self.link_button, self.erase_button, self.export_button, close):
            forms.named(button, forms.plain(button.text()).rstrip("…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(find_label)
        row.addWidget(self.search, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        for button in (self.link_button, self.erase_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.detail)
        self._connect_signals(close)
        forms.fit_to_screen(self, 980, 560)
        self.reload()

    def _connect_signals(self, close: QPushButton) -> None:
        self.search.textChanged.connect(self._on_search)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.link_button.clicked.connect(self._on_link)
        self.erase_button.clicked.connect(self._on_erase)
        self.export_button.clicked.connect(self._on_export)
        close.clicked.connect(self.accept)

    def reload(self, keep: str | None = None) -> None:
        """Lists the people and sign-ins matching the search, keeping ``keep`` selected."""
        text = self.search.text()
        self._entries = self._desk.read(lambda s: people.find(s, text))
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            last = "" if entry.last_attended is None else short_date(entry.last_attended, INTERFACE)
            for column, value in enumerate(
                (
                    shown_name(entry),
                    "" if entry.erased_at else entry.contact or "",
                    str(entry.sign_ins),
                    ", ".join(entry.forums),
                    last,
                )
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(who(entry))
                self.table.setItem(row, column, item)
        linked = len([e for e in self._entries if e.person_id is not None])
        loose = len(self._entries) - linked
        self.summary.setText(
            ngettext("{n} person", "{n} people", linked).format(n=linked)
            + " · "
            + ngettext(
                "{n} sign-in not linked to anyone", "{n} sign-ins not linked to anyone", loose
            ).format(n=loose)
        )
        keys = [e.key for e in self._entries]
        if keep in keys:
            self.table.selectRow(keys.index(keep))
        elif self._entries:
            self.table.selectRow(0)
        self._on_selection()

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self._entries[rows[0].row()] if rows else None

    def _on_search(self, _text: str) -> None:
        chosen = self.selected()
        self.reload(chosen.key if chosen else None)

    def _on_selection(self) -> None:
        chosen = self.selected()
        for button in (self.link_button, self.erase_button, self.export_button):
            button.setEnabled(chosen is not None)
        self.erase_button.setEnabled(chosen is not None and chosen.erased_at is None)
        self.link_button.setEnabled(chosen is not None and chosen.erased_at is None)
        if chosen is None:
            self.detail.setPlainText(
                _("No one matches.") if self.search.text().strip() else _("No one is held yet.")
            )
            return
        held = self._desk.read(lambda s: people.detail(s, chosen.key))
        self.detail.setPlainText(describe(held))

    def _on_link(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        offered = self._desk.read(lambda s: people.suggestions(s, chosen.key))
        picked = ask_to_link(self, chosen, offered)
        if picked is None or (not picked and chosen.attendance_id is None):
            return
        if picked:
            done = self._desk.write(lambda s: people.merge(s, [chosen.key, *picked]), self)
        else:  # a sign-in confirmed as a person of its own (to export or erase as one)
            ident = chosen.attendance_id
            assert ident is not None  # a person with nothing ticked returned above
            done = self._desk.write(lambda s: people.link(s, [ident]), self)
        if done is not None:
            self.reload(str(done.person_id))

    def _on_erase(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        count = chosen.sign_ins
        question = ngettext(
            "Erase the name and contact details of {who} from {n} sign-in?\n\nThey are "
            "blanked on this desk at once, and other desks erase them too when they import "
            "this desk's next export. This cannot be undone.",
            "Erase the name and contact details of {who} from {n} sign-ins?\n\nThey are "
            "blanked on this desk at once, and other desks erase them too when they import "
            "this desk's next export. This cannot be undone.",
            count,
        ).format(who=who(chosen), n=count)
        if not ask_to_erase(self, question):
            return

        def erase(session: Session) -> erasure.ErasureInfo:
            if chosen.person_id is not None:
                return erasure.erase_person(session, chosen.person_id)
            assert chosen.attendance_id is not None
            return erasure.erase(session, [chosen.attendance_id], reason="request")

        if self._desk.write(erase, self) is not None:
            self.reload(chosen.key)

    def _on_export(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        suggested = _("person-{key}.pdf").format(key=chosen.key)
        path = ask.ask_save_path(self, _("Export what is held"), suggested, _(FILE_KINDS))
        if path is None:
            return
        try:
            data = self._desk.read(lambda s: subject_access_file(s, chosen.key, path))
            write_whole(Path(path), data)
            left_out = self._desk.read(lambda s: people.look_alikes_left_out(s, chosen.key))
        except InputRefused as exc:
            ask.show_error(self, str(exc))
            return
        said = _("Everything held about {who} written to {path}.").format(
            who=who(chosen), path=path
        )
        ask.show_info(self, f"{said} {left_out}" if left_out else said)


def subject_access_file(session: Session, key: str, path: str) -> bytes:
    """The subject access answer for ``key``: JSON for a .json path, else a PDF."""
    from forumdesk import settings
    from forumdesk.core import preferences
    from forumdesk.reports import subject_access

    access = people.subject_access(session, key)
    if path.lower().endswith(".json"):
        return subject_access.subject_access_json(access)
    return subject_access.render_subject_access(
        access,
        council=preferences.get_setting(session, settings.COUNCIL_NAME.key),
        language=preferences.document_language(session),
    )
