"""File → Reports → "You said, we did…": the report-back PDF of a forum over a period."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import forums, preferences
from forumdesk.db.files import write_whole
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import ask, forms, work
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

#: The period offered first when one is chosen: the last three months.
DEFAULT_DAYS = 91


class FeedbackDialog(QDialog):
    """Forum, period (or all dates) and file; OK makes the PDF and writes it.

    A refusal (a period that starts after it ends, a file that cannot be written) is said
    and the dialog stays open with what was chosen.
    """

    def __init__(self, desk: Desk, parent: QWidget | None = None, forum_id: int | None = None):
        super().__init__(parent)
        self._desk = desk
        self.written: Path | None = None
        self.setWindowTitle(_("You said, we did"))
        self.forum = QComboBox()
        for forum in desk.read(forums.list_forums):
            self.forum.addItem(f"{forum.name} ({forum.code})", forum.id)
        forms.select_data(self.forum, forum_id or desk.read(preferences.default_forum_id))
        self.limited = QCheckBox(_("Only issues raised in a &period"))
        today = date.today()
        self.start = self._date_edit(today - timedelta(days=DEFAULT_DAYS))
        self.end = self._date_edit(today)
        self.limited.toggled.connect(self._on_limited)
        self._on_limited(False)
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("Where to save the PDF"))
        choose = QPushButton(_("C&hoose…"))
        choose.clicked.connect(self._on_choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        form = QFormLayout()
        forms.add_row(form, _("F&orum:"), self.forum)
        form.addRow(self.limited)
        forms.add_row(form, _("&From:"), self.start)
        forms.add_row(form, _("&To:"), self.end)
        form.addRow(forms.buddy(_("Fi&le:"), self.path), where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Make the report"))
        for button in buttons.buttons():
            forms.named(button, forms.plain(button.text()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.ok.setEnabled(self.forum.count() > 0)

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")  # i18n: not text
        return edit

    def _on_limited(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def _suggested(self) -> str:
        code = self.forum.currentText().rsplit("(", 1)[-1].rstrip(")") or "forum"
        return _("{forum}-you-said-we-did.pdf").format(forum=code)

    def _on_choose(self) -> None:
        chosen = ask.ask_save_path(
            self, _("Save the report"), self._suggested(), _("PDF files (*.pdf)")
        )
        if chosen:
            self.path.setText(chosen)

    def period(self) -> tuple[date | None, date | None]:
        """The period chosen, or (None, None) for all dates."""
        if not self.limited.isChecked():
            return None, None
        start, end = self.start.date().toPython(), self.end.date().toPython()
        return cast(date, start), cast(date, end)  # a QDate's Python value is a date

    def accept(self) -> None:
        from forumdesk.reports.feedback import feedback_pdf  # ReportLab only when asked

        if self.forum.currentData() is None:
            return
        if not self.path.text().strip():
            self._on_choose()
            if not self.path.text().strip():
                return
        forum_id = int(self.forum.currentData())
        start, end = self.period()
        target = Path(self.path.text().strip()).expanduser()
        today = date.today()

        def made(data: bytes) -> None:
            try:
                write_whole(target, data)
            except ForumDeskError as exc:
                ask.show_error(self, str(exc))
                return  # the dialog stays open with what was chosen
            self.written = target
            ask.show_info(self, _("The report was saved to {path}.").format(path=target))
            QDialog.accept(self)

        # A forum's whole history can take a while: off the window's thread.
        work.run(
            self._desk,
            self,
            _("Making the report…"),
            _("You said, we did"),
            lambda s, _progress: feedback_pdf(s, forum_id, start=start, end=end, today=today),
            mode=work.READ,
            done=made,
        )


def make_feedback_report(desk: Desk, parent: QWidget, forum_id: int | None = None) -> None:
    """Opens the dialog, on ``forum_id``'s forum when given."""
    FeedbackDialog(desk, parent, forum_id).exec()
