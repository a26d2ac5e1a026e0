"""File → Export…, File → Import… (preview, then confirm) and the Conflicts screen."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.domain.errors import InputRefused
from forumdesk.domain.fields import field_label
from forumdesk.domain.records import MeetingInfo
from forumdesk.exchange.document import read_key
from forumdesk.exchange.kinds import BY_NAME
from forumdesk.exchange.labels import import_summary
from forumdesk.gui import ask, forms, work
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _, ngettext

FILE_KINDS = N_("ForumDesk exchange files (*.forumdesk.json *.json)")


class ExportDialog(QDialog):
    """What to export: everything, this forum, this meeting, or what changed since a date."""

    def __init__(self, meeting: MeetingInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export for another desk"))
        self.everything = QRadioButton(_("&Everything on this desk"))
        self.forum = QRadioButton(
            _("This &forum ({forum})").format(forum=meeting.forum_code)
            if meeting
            else _("This forum")
        )
        self.meeting = QRadioButton(_("This &meeting") if meeting else _("This meeting"))
        self.since = QRadioButton(_("Everything changed &since:"))
        self.since_date = QLineEdit(date.today().replace(day=1).isoformat())
        self.personal = QCheckBox(
            _("Include residents' names and contacts (only where they &consented)")
        )
        self.key_file = QLineEdit()
        self.key_file.setPlaceholderText(
            _("Optional: a council key file, for desks not yet updated")
        )
        for widget, name in (
            (self.everything, _("Export everything")),
            (self.forum, _("Export this forum")),
            (self.meeting, _("Export this meeting")),
            (self.since, _("Export what changed since a date")),
            (self.personal, _("Include personal data")),
        ):
            forms.named(widget, name)
        self.forum.setEnabled(meeting is not None)
        self.meeting.setEnabled(meeting is not None)
        (self.meeting if meeting else self.everything).setChecked(True)
        form = QFormLayout()
        for button in (self.everything, self.forum, self.meeting):
            form.addRow(button)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since)
        since_row.addWidget(forms.named(self.since_date, _("Changed since (date)")))
        form.addRow(since_row)
        form.addRow(self.personal)
        forms.add_row(form, _("Council &key file:"), self.key_file)
        _buttons(self, form)
        self._meeting = meeting

    def selection(self) -> dict[str, Any]:
        """The export.Selection fields chosen."""
        meeting = self._meeting
        chosen: dict[str, Any] = {"personal_data": self.personal.isChecked()}
        if self.forum.isChecked() and meeting:
            chosen["forum"] = meeting.forum_code
        elif self.meeting.isChecked() and meeting:
            chosen["meeting"] = meeting.id
        elif self.since.isChecked():
            chosen["since"] = self.since_date.text().strip()
        return chosen


def suggested_name(meeting: MeetingInfo | None, chosen: dict[str, Any]) -> str:
    """The file name offered for an export: what it holds, as the minutes' PDF is named
    (one meeting by its date; a forum or everything by the day it was written)."""
    if "meeting" in chosen and meeting is not None:
        return f"{meeting.forum_code}-{meeting.date.isoformat()}.forumdesk.json"
    owner = chosen.get("forum") or "forumdesk"
    return f"{owner}-{date.today().isoformat()}.forumdesk.json"


def export_now(desk: Desk, meeting: MeetingInfo | None, parent: QWidget) -> None:
    """Asks what and where, then writes the file."""
    from forumdesk.exchange import export

    if work.refuse_if_busy(parent):
        return
    dialog = ExportDialog(meeting, parent)
    if not dialog.exec():
        return
    usable, key = _key(dialog.key_file.text(), parent)
    if not usable:
        return
    suggested = suggested_name(meeting, dialog.selection())
    path = ask.ask_save_path(parent, _("Export for another desk"), suggested, _(FILE_KINDS))
    if path is None:
        return
    selection = export.Selection(**dialog.selection())
    # A database that cannot be written can still be copied off: the file is written,
    # only the record of the export in this database is left out.
    record = not (desk.db.read_only or desk.db.opened_on_full_disk)

    def write(session: Any, progress: Any) -> export.Exported:
        return export.write(session, Path(path), selection, key, progress, record=record)

    def written(done: export.Exported) -> None:
        records = sum(done.counts.values())
        message = (
            ngettext(
                "Exported {n} record to {path}, signed.",
                "Exported {n} records to {path}, signed.",
                records,
            )
            if key
            else ngettext(
                "Exported {n} record to {path}.", "Exported {n} records to {path}.", records
            )
        )
        said = message.format(n=records, path=path)
        if not done.recorded:
            said += " " + _(
                "This export was not recorded in the database, which cannot be written now, "
                "so it cannot be named by --since later, and a subject access answer will "
                "not list it: note where it went."
            )
        ask.show_info(parent, said)

    work.run(
        desk,
        parent,
        _("Writing {file}…").format(file=Path(path).name),
        _("Exporting"),
        write,
        mode=work.WRITE if record else work.READ,
        done=written,
        stopped=_("The export to {file} was cancelled; no file was written.").format(
            file=Path(path).name
        ),
    )


def import_now(
    desk: Desk,
    parent: QWidget,
    key_path: str = "",
    path: str | None = None,
    done: Callable[[Any], None] | None = None,
) -> None:
    """Asks for a file (unless given one), shows what it would change, and imports it
    once confirmed; ``done(report)`` follows an import made.

    Reading the file, the preview and the import run off the window's thread
    (:mod:`forumdesk.gui.work`) and can be cancelled; each question waits for the work
    before it.
    """
    from forumdesk.exchange import merge, read

    if work.refuse_if_busy(parent):
        return
    if path is None:
        path = ask.ask_open_path(parent, _("Import from another desk"), _(FILE_KINDS))
    if path is None:
        return
    if desk.db.is_own_file(Path(path)):  # reading it here would drop the database's locks
        ask.show_error(
            parent,
            _(
                "{path} is this desk's own database, not a file from another desk. Choose "
                "an exchange file (.forumdesk.json) that a desk exported."
            ).format(path=path),
        )
        return
    data = Path(path)  # read a piece at a time while it is checked, never whole
    try:
        data.open("rb").close()
    except OSError as exc:
        ask.show_error(
            parent, _("{path} cannot be read: {problem}.").format(path=path, problem=exc.strerror)
        )
        return
    usable, key = _key(key_path, parent)
    if not usable:
        return
    name = Path(path).name
    checking = _("Checking {file}…").format(file=name)
    stopped = _("The import of {file} was cancelled; nothing was changed.").format(file=name)
    allow_unsigned = False

    def apply(session: Any, progress: Any) -> Any:
        checked = read.check(session, data, key, allow_unsigned=allow_unsigned)
        progress.say(_("Merging {file}…").format(file=name))
        return merge.merge(session, checked, progress)

    def first_look(session: Any, progress: Any) -> Any:
        try:
            return apply(session, progress)
        except (read.UntrustedSigner, read.Unauthenticated) as unknown:  # asked below
            return unknown

    def preview(how: work.Work) -> None:
        work.run(
            desk,
            parent,
            checking,
            _("Importing"),
            how,
            mode=work.PREVIEW,
            done=previewed,
            stopped=stopped,
        )

    def previewed(report: Any) -> None:
        nonlocal allow_unsigned
        if isinstance(report, read.UntrustedSigner):
            from forumdesk.gui.desks_page import trust_signer

            if trust_signer(desk, report.signer, parent):
                preview(apply)
        elif isinstance(report, read.Unauthenticated):
            question = _(
                "{problems}\n\nImport it anyway, this once? Only do so if you know where "
                "the file came from."
            ).format(problems="\n".join(report.problems))
            if ask.ask_yes_no(parent, question):
                allow_unsigned = True
                preview(apply)
        elif PreviewDialog(report, parent).exec():
            work.run(desk, parent, checking, _("Importing"), apply, done=imported, stopped=stopped)

    def imported(report: Any) -> None:
        counts = report.counts
        message = (
            _("Imported. {summary}")
            if not counts["conflict"]
            else _("Imported. {summary} Open Conflicts… (File menu) to decide them.")
        )
        ask.show_info(parent, message.format(summary=import_summary(counts)))
        if done is not None:
            done(report)

    preview(first_look)


def _key(path: str, parent: QWidget) -> tuple[bool, bytes | None]:
    """Whether the key file (if any) can be used, and the key."""
    try:
        return True, read_key(path)
    except InputRefused as exc:
        ask.show_error(parent, str(exc))
        return False, None


class PreviewDialog(QDialog):
    """What an import would do, record by record; nothing is written until Import."""

    def __init__(self, report: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import: what would change"))
        counts = report.counts
        summary = QLabel(
            _("From {source}:\n{summary}").format(
                source=report.source, summary=import_summary(counts)
            )
            + "".join(f"\n{note}" for note in report.notes)
        )
        summary.setWordWrap(True)
        forms.named(summary, _("Summary of the import"))
        shown = [c for c in report.changes if c.action != "unchanged"]
        self.table = QTableWidget(len(shown), 4)
        self.table.setHorizontalHeaderLabels([_("Kind"), _("Record"), _("Change"), _("Detail")])
        for row, change in enumerate(shown):
            for column, text in enumerate(
                (
                    BY_NAME[change.kind].noun,
                    change.label,
                    _(ACTIONS.get(change.action, change.action)),
                    readable_detail(change.detail),
                )
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long title is cut on screen
                self.table.setItem(row, column, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
            )
        ):
            header.setSectionResizeMode(column, mode)
        forms.named(self.table, _("Records the import would change"))
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        forms.named(self.confirm, _("Import"))
        forms.named(cancel, _("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        forms.fit_to_screen(self, 720, 420)


class ConflictsDialog(QDialog):
    """Fields two desks changed at once, side by side: keep mine, take theirs, or merge."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Conflicts"))
        self._desk = desk
        self.table = QTableWidget(0, 6)
        headers = [_("Record"), _("Field"), _("Base"), _("Mine (in force)"), _("Theirs"), _("From")]
        tips = [
            "",
            "",
            _("What both desks had before either changed it"),
            _("This desk's value, in force until you decide"),
            _("The other desk's value"),
            _("The desk whose file brought it"),
        ]
        for column, (header, tip) in enumerate(zip(headers, tips, strict=True)):
            item = QTableWidgetItem(header)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(column, item)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns = self.table.horizontalHeader()
        for column, mode in enumerate(
            [QHeaderView.ResizeMode.ResizeToContents] * 2
            + [QHeaderView.ResizeMode.Stretch] * 3
            + [QHeaderView.ResizeMode.ResizeToContents]
        ):
            columns.setSectionResizeMode(column, mode)
        forms.named(self.table, _("Open conflicts"))
        self.keep_mine = QPushButton(_("Keep &mine"))
        self.take_theirs = QPushButton(_("Take &theirs"))
        self.merged = QPushButton(_("&Write a merged value…"))
        close = QPushButton(_("&Close"))
        for button in (self.keep_mine, self.take_theirs, self.merged, close):
            forms.named(button, forms.plain(button.text()).rstrip("…"))
        row = QHBoxLayout()
        for button in (self.keep_mine, self.take_theirs, self.merged):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(close)
        self.none_open = QLabel(
            _("No conflicts are open: every field two desks changed at once is decided.")
        )
        self.none_open.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_open)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.merged.clicked.connect(lambda: self.resolve("merged"))
        close.clicked.connect(self.accept)
        forms.fit_to_screen(self, 960, 380)
        self.reload()

    def reload(self) -> None:
        """Shows the open conflicts."""
        from forumdesk.exchange import conflicts

        self.found = self._desk.read(conflicts.list_conflicts)
        self.table.setRowCount(len(self.found))
        for row, c in enumerate(self.found):
            for column, value in enumerate(
                (
                    c.label,
                    field_label(c.field),
                    c.shown["base"],
                    c.shown["mine"],
                    c.shown["theirs"],
                    c.source_desk.split(" (")[0],  # the desk's name; its UUID in the tip
                )
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(c.source_desk if column == 5 else value)
                self.table.setItem(row, column, item)
        if self.found:
            self.table.selectRow(0)
        # With nothing to decide, say so instead of an empty table with live buttons.
        self.none_open.setVisible(not self.found)
        self.table.setVisible(bool(self.found))
        for button in (self.keep_mine, self.take_theirs, self.merged):
            button.setEnabled(bool(self.found))

    def resolve(self, choice: str) -> None:
        """Settles the selected conflict."""
        from forumdesk.exchange import conflicts

        row = self.table.currentRow()
        if not 0 <= row < len(self.found):
            return
        chosen = self.found[row]
        value: Any = None
        if choice == "merged":
            text = ask.ask_text(
                self,
                _("Merged value of {field}:").format(field=field_label(chosen.field)),
                _show(chosen.mine),
            )
            if text is None:
                return
            value = text
        done = self._desk.write(lambda s: conflicts.resolve(s, chosen.id, choice, value), self)
        if done is not None:
            self.reload()


def _show(value: Any) -> str:
    if value is None:
        return _("(empty)")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _buttons(dialog: QDialog, form: QFormLayout) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    for button in box.buttons():
        forms.named(button, forms.plain(button.text()))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(box)


#: What an import does to a record, as the preview says it.
ACTIONS = dict(
    new=N_("New"),
    updated=N_("Updated"),
    merged=N_("Merged"),
    unchanged=N_("Unchanged"),
    conflict=N_("Conflict"),
)


def readable_detail(detail: str) -> str:
    """A change's detail for people: a list of field keys ("stage, response_due") becomes
    their names ("Stage, Response due"); a sentence is left as it is."""
    parts = detail.split(", ")
    if not detail or not all(re.fullmatch(r"[a-z][a-z_]*", part) for part in parts):
        return detail
    return ", ".join(field_label(part) for part in parts)
