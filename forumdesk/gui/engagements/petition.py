"""The petition's panel in the Engagements view (the petition part of issue 14).

Signals: none of its own; every write goes through ``Desk.write``, which announces the
change to the other views, and the panel reads itself again after its own writes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk.core.discussion import meeting_name
from forumdesk.core.engagements import base, petition
from forumdesk.core.engagements.petition import MAX_SHEET
from forumdesk.db.models import Meeting
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.domain.petitions import RESPONSE, SignatureChange
from forumdesk.gui import ask
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _, ngettext

#: What the panel shows comes from these records.
_READS = (kinds.ENGAGEMENT, kinds.ENGAGEMENT_COUNT, kinds.MEETING, kinds.FORUM, kinds.SETTING)


class Panel(QWidget):
    """The petition's figures, the entry of sheets and online totals, the threshold line,
    signature sheets to print, and the council's response."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        self._next_sheet = 1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.figures = QFormLayout()
        layout.addLayout(self.figures)
        #: The thresholds reached and where the petition was put on an agenda.
        self.reached = QLabel()
        self.reached.setWordWrap(True)
        layout.addWidget(self.reached)

        entry = QGroupBox(_("Signatures"))
        form = QFormLayout(entry)
        self.sheet = QLineEdit("1")
        self.sheet.setValidator(QIntValidator(1, 100_000, self))
        self.count = QLineEdit()
        self.count.setValidator(QIntValidator(0, MAX_SHEET, self))
        self.count.setPlaceholderText(_("signatures on the sheet; Enter adds it"))
        self.correction = QCheckBox(_("Correct a sheet entered before"))
        self.add_sheet = QPushButton(_("&Add sheet"))
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.add_sheet)
        form.addRow(_("Sheet number:"), self.sheet)
        form.addRow(_("Signatures:"), row)
        form.addRow("", self.correction)
        self.online = QLineEdit()
        self.online.setValidator(QIntValidator(0, 10_000_000, self))
        self.online.setPlaceholderText(_("the e-petition site's total so far"))
        self.set_online = QPushButton(_("Set online total"))
        self.import_csv = QPushButton(_("From a CSV export…"))
        row = QHBoxLayout()
        row.addWidget(self.online, 1)
        row.addWidget(self.set_online)
        row.addWidget(self.import_csv)
        form.addRow(_("Online total:"), row)
        #: What the last entry did, in sentences.
        self.news = QLabel()
        self.news.setWordWrap(True)
        form.addRow(self.news)
        layout.addWidget(entry)

        sheets = QHBoxLayout()
        self.pages = QSpinBox()
        self.pages.setRange(1, 500)
        self.pages.setValue(10)
        self.print_sheets = QPushButton(_("Signature sheets to print…"))
        sheets.addWidget(QLabel(_("Sheets:")))
        sheets.addWidget(self.pages)
        sheets.addWidget(self.print_sheets)
        sheets.addStretch(1)
        layout.addLayout(sheets)

        response = QGroupBox(_("The council's response"))
        form = QFormLayout(response)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(self.outcome.fontMetrics().lineSpacing() * 5)
        self.responded = QDateEdit(QDate.currentDate())
        self.responded.setCalendarPopup(True)
        self.responded.setDisplayFormat("yyyy-MM-dd")  # i18n: not text
        self.record_response = QPushButton(_("Record the response"))
        row = QHBoxLayout()
        row.addWidget(self.responded)
        row.addWidget(self.record_response)
        row.addStretch(1)
        form.addRow(_("Response:"), self.outcome)
        form.addRow(_("Given on:"), row)
        layout.addWidget(response)
        layout.addStretch(1)
        self._connect_signals()
        self.refresh(Changes.all())
        self.sheet.setText(str(self._next_sheet))

    def _connect_signals(self) -> None:
        self.count.returnPressed.connect(self._on_add_sheet)
        self.sheet.returnPressed.connect(self.count.setFocus)
        self.add_sheet.clicked.connect(self._on_add_sheet)
        self.online.returnPressed.connect(self._on_set_online)
        self.set_online.clicked.connect(self._on_set_online)
        self.import_csv.clicked.connect(self._on_import_csv)
        self.print_sheets.clicked.connect(self._on_print_sheets)
        self.record_response.clicked.connect(self._on_record_response)

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(*_READS)

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        figures, reached, outcome, responded, self._next_sheet = self.desk.read(self._read)
        while self.figures.rowCount():
            self.figures.removeRow(0)
        for label, value in figures:
            shown = QLabel(value)
            shown.setObjectName(label)
            self.figures.addRow(_("{label}:").format(label=label), shown)
        self.reached.setText(reached)
        self.reached.setVisible(bool(reached))
        if outcome and not self.outcome.toPlainText():
            self.outcome.setPlainText(outcome)
        if responded is not None:
            self.responded.setDate(QDate(responded.year, responded.month, responded.day))

    def figure(self, label: str) -> str:
        """The value shown beside a figure's label ("" when not shown)."""
        shown = self.findChild(QLabel, label)
        return shown.text() if shown is not None else ""

    def _read(self, session: Session) -> tuple[list[tuple[str, str]], str, str, date | None, int]:
        row = petition.petition(session, self.engagement_id)
        counted = petition.signatures(session, row)
        lines = []
        for crossing in counted.crossings:
            said = (
                _("Threshold for a response reached on {date}.")
                if crossing.threshold == RESPONSE
                else _("Threshold for a debate reached on {date}.")
            ).format(date=day_month_year(crossing.reached_on, INTERFACE))
            meeting = session.get(Meeting, crossing.meeting_id) if crossing.meeting_id else None
            if meeting is not None and meeting.deleted_at is None:
                said += " " + _("It is on the agenda of {meeting}.").format(
                    meeting=meeting_name(session, meeting)
                )
            lines.append(said)
        return (
            petition.figures(session, row),
            "\n".join(lines),
            row.outcome or "",
            row.responded_at,
            max((sheet.number for sheet in counted.sheets), default=0) + 1,
        )

    # -- entries ------------------------------------------------------------------------

    @Slot()
    def _on_add_sheet(self) -> None:
        if not self.sheet.text() or not self.count.text():
            self.news.setText(_("Give the sheet's number and its count of signatures."))
            return
        number, count = int(self.sheet.text()), int(self.count.text())
        replace = self.correction.isChecked()
        done = self.desk.write(
            lambda s: petition.enter_sheet(s, self.engagement_id, number, count, replace), self
        )
        if done is None:
            return
        self.correction.setChecked(False)
        self.count.clear()
        self._said(done)
        # Ready for the next sheet not yet entered (after a correction too).
        self.sheet.setText(str(self._next_sheet))
        self.count.setFocus()

    @Slot()
    def _on_set_online(self) -> None:
        if not self.online.text():
            self.news.setText(_("Give the online total from the e-petition site."))
            return
        total = int(self.online.text())
        done = self.desk.write(lambda s: petition.set_online(s, self.engagement_id, total), self)
        if done is not None:
            self.online.clear()
            self._said(done)

    @Slot()
    def _on_import_csv(self) -> None:
        path = ask.ask_open_path(
            self, _("The e-petition site's CSV export"), _("CSV files (*.csv);;All files (*)")
        )
        if path is None:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            ask.show_error(
                self, _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
            )
            return
        done = self.desk.write(
            lambda s: petition.import_online_csv(s, self.engagement_id, data), self
        )
        if done is not None:
            self._said(done)

    @Slot()
    def _on_record_response(self) -> None:
        text = self.outcome.toPlainText().strip()
        if not text:
            self.news.setText(_("Write the council's response first."))
            return
        chosen = self.responded.date()
        day = date(chosen.year(), chosen.month(), chosen.day())
        done = self.desk.write(
            lambda s: petition.record_response(s, self.engagement_id, text, day), self
        )
        if done is not None:
            self._said(done)

    @Slot()
    def _on_print_sheets(self) -> None:
        from forumdesk.db.files import write_whole
        from forumdesk.reports.engagements import petition_sheets

        reference = self.desk.read(lambda s: base.engagement(s, self.engagement_id).reference)
        path = ask.ask_save_path(
            self,
            _("Save the signature sheets"),
            f"{reference}-sheets.pdf",  # i18n: not text
            _("PDF files (*.pdf)"),
        )
        if path is None:
            return
        pages = self.pages.value()
        try:
            data = self.desk.read(
                lambda s: petition_sheets.sheets_pdf(
                    s, self.engagement_id, pages=pages, today=date.today()
                )
            )
            write_whole(Path(path), data)
        except ForumDeskError as exc:
            ask.show_error(self, str(exc))
            return
        self.news.setText(
            ngettext(
                "{n} signature sheet was saved to {path}.",
                "{n} signature sheets were saved to {path}.",
                pages,
            ).format(n=pages, path=path)
        )

    def _said(self, done: SignatureChange) -> None:
        self.news.setText(done.text())
        self.refresh(Changes.all())
