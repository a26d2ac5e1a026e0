"""Minutes: a preview of the pages, Export PDF…, Approve and Reopen."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import minutes, preferences
from forumdesk.db.files import write_whole
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, Language, day_month_year
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.i18n import _, ngettext

PREVIEW_SCALE = 1.1  # 72 dpi × 1.1: an A4 page about 650 pixels wide


class MinutesArea(MeetingArea):
    """The clerk's view of a meeting's minutes, made from the same core as the command line."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.pdf: bytes = b""

        self.include_issues = QCheckBox(_("Include the issues raised"))
        self.include_actions = QCheckBox(_("Include the actions summary"))
        self.resident_names = QCheckBox(_("Name residents who consented"))
        for box in (self.include_issues, self.include_actions, self.resident_names):
            box.setChecked(True)
            forms.named(box, box.text())
        # Written in: the desk's document language until the clerk chooses another.
        self.language = QComboBox()
        for language in Language:
            self.language.addItem(language.label, language.value)
        forms.named(self.language, _("Language of the minutes"))
        self._language_chosen = False
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The content hash whole, in groups that fit the side column (as one word it was
        # cut off); a clerk compares it with the footer of a printed copy.
        self.hash = QLabel()
        self.hash.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        forms.named(self.hash, _("Content hash of the approved minutes"))
        self.export = QPushButton(_("E&xport PDF…"))
        self.approve = QPushButton(_("Approve…"))
        self.reopen = QPushButton(_("Reopen…"))
        for button, name in (
            (self.export, _("Export the minutes as PDF")),
            (self.approve, _("Approve the minutes")),
            (self.reopen, _("Reopen the approved minutes")),
        ):
            forms.named(button, name)
        self.pages = QVBoxLayout()
        self.drawn: list[QPixmap] = []  # the pages as drawn, for this screen's density
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self.pages)
        self.preview = QScrollArea()
        self.preview.setWidget(holder)
        self.preview.setWidgetResizable(True)
        forms.named(self.preview, _("Preview of the minutes"))

        controls = QVBoxLayout()
        for widget in (
            self.language,
            self.include_issues,
            self.include_actions,
            self.resident_names,
            self.state,
            self.hash,
            self.export,
            self.approve,
            self.reopen,
        ):
            controls.addWidget(widget)
        controls.addStretch()
        side = QWidget()
        side.setLayout(controls)
        side.setMaximumWidth(320)
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addWidget(self.preview, 1)

        for box in (self.include_issues, self.include_actions, self.resident_names):
            box.toggled.connect(lambda _on: self.reload())
        self.language.activated.connect(self._on_language)
        self.export.clicked.connect(self.export_pdf)
        self.approve.clicked.connect(self.approve_now)
        self.reopen.clicked.connect(self.reopen_now)

    def _on_language(self, _index: int) -> None:
        self._language_chosen = True
        self.reload()

    def options(self) -> minutes.MinutesOptions:
        """The sections and the language chosen."""
        if not self._language_chosen:
            setting = self._desk.read(preferences.document_language)
            self.language.setCurrentIndex(max(0, self.language.findData(setting.value)))
        return minutes.MinutesOptions(
            issues=self.include_issues.isChecked(),
            actions=self.include_actions.isChecked(),
            resident_names=self.resident_names.isChecked(),
            language=Language(self.language.currentData()),
        )

    def read(self) -> None:
        """Makes the PDF again and redraws the preview."""
        from forumdesk.reports import documents  # ReportLab only once minutes are wanted

        meeting = self._meeting
        if meeting is None:
            return
        options = self.options()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = self._desk.read(lambda s: minutes.minutes_state(s, meeting.id))
            self.pdf = self._desk.read(lambda s: documents.minutes_pdf(s, meeting.id, options))
        finally:
            QApplication.restoreOverrideCursor()
        sealed = state.sealed
        if sealed is not None:
            on = day_month_year(sealed.approved_at.date(), INTERFACE)
            said = (
                _("Approved as version {version} on {date} by {name}. Content hash:")
                if sealed.approved_by
                else _("Approved as version {version} on {date}. Content hash:")
            )
            self.state.setText(
                said.format(version=sealed.version, date=on, name=sealed.approved_by)
            )
            self.hash.setText(grouped(sealed.content_hash))
            self.hash.setToolTip(sealed.content_hash)
            self.hash.show()
        else:
            self.hash.hide()
            done = len(state.versions)
            said = (
                ngettext(
                    "Draft of version {version}: not yet approved. {n} earlier version on record.",
                    "Draft of version {version}: not yet approved. {n} earlier versions on record.",
                    done,
                )
                if done
                else _("Draft of version {version}: not yet approved.")
            )
            self.state.setText(said.format(version=state.next_version, n=done))
        for box in (self.include_issues, self.include_actions, self.resident_names):
            box.setEnabled(sealed is None)
        self.language.setEnabled(sealed is None)  # approved: as it was sealed
        if sealed is not None:
            written = sealed.content.get("language", Language.ENGLISH.value)
            self.language.setCurrentIndex(max(0, self.language.findData(written)))
        self.approve.setEnabled(sealed is None)
        self.reopen.setEnabled(sealed is not None)
        self._show_pages()

    def event(self, event: QEvent) -> bool:
        """Draws the pages again for a screen of another density (moved to a 4K screen)."""
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.pdf:
            self._show_pages()
        return super().event(event)

    def _show_pages(self) -> None:
        import pypdfium2

        while self.pages.count():
            item = self.pages.takeAt(0)
            page = item.widget() if item is not None else None
            if page is not None:
                page.deleteLater()
        # Drawn with as many pixels as the screen has (two per point at 200%), shown at
        # the same size: sharp on a high-density screen instead of enlarged and blurred.
        ratio = max(1.0, self.devicePixelRatioF())
        self.drawn = []
        document = pypdfium2.PdfDocument(self.pdf)
        try:
            for number, page in enumerate(document, start=1):
                image = page.render(scale=PREVIEW_SCALE * ratio).to_pil()
                pixmap = QPixmap()
                buffer = BytesIO()
                image.save(buffer, format="PNG")
                pixmap.loadFromData(buffer.getvalue(), "PNG")
                pixmap.setDevicePixelRatio(ratio)
                self.drawn.append(pixmap)
                label = QLabel()
                label.setPixmap(pixmap)
                forms.named(
                    label, _("Page {number} of {total}").format(number=number, total=len(document))
                )
                self.pages.addWidget(label)
        finally:
            document.close()

    def export_pdf(self) -> None:
        """Writes the PDF where the clerk chooses."""
        if self._meeting is None:
            return
        if not self.pdf or self._dirty:
            self.reload()
        meeting = self._meeting
        suggested = f"{meeting.forum_code}-{meeting.date.isoformat()}-minutes.pdf"
        path = ask.ask_save_path(self, _("Export the minutes"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            write_whole(Path(path), self.pdf)
        except ForumDeskError as exc:
            ask.show_error(self, str(exc))
            return
        ask.show_info(self, _("The minutes were saved to {path}.").format(path=path))

    def approve_now(self) -> None:
        """Seals the minutes as the next version, recording who approved them."""
        meeting = self._meeting
        if meeting is None:
            return
        from forumdesk.reports import documents

        who = ask.ask_text(self, _("Approved by (name):"), meeting.clerk or "")
        if who is None:
            return
        options = self.options()
        self._desk.write(
            lambda s: documents.approve(s, meeting.id, approved_by=who, options=options), self
        )

    def reopen_now(self) -> None:
        """Starts the next draft; the approved version stays on record."""
        meeting = self._meeting
        if meeting is None:
            return
        reason = ask.ask_text(self, _("Why are the minutes reopened?"))
        if reason is None:
            return
        self._desk.write(lambda s: minutes.reopen_minutes(s, meeting.id, reason=reason), self)


def grouped(digest: str, group: int = 8, per_line: int = 2) -> str:
    """A long hash in groups of eight characters, two groups a line."""
    groups = [digest[i : i + group] for i in range(0, len(digest), group)]
    return "\n".join(" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))
