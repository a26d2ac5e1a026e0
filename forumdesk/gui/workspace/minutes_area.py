"""Minutes: a preview of the pages, Export PDF…, Approve and Reopen."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import minutes, preferences
from forumdesk.db.engine import Database
from forumdesk.db.files import write_whole
from forumdesk.domain.document_text import CODES, language_label
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, Language, day_month_year
from forumdesk.gui import ask, forms, unexpected, work
from forumdesk.gui.desk import Desk
from forumdesk.gui.pdf_pages import PdfPages
from forumdesk.gui.workspace.area import MeetingArea
from forumdesk.i18n import _, ngettext


class MinutesArea(MeetingArea):
    """The clerk's view of a meeting's minutes, made from the same core as the command line.

    Signals:
        built(): the preview's PDF (or the reason there is none) for the newest choices.
    """

    built = Signal()

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
        for code in CODES:  # English, Welsh, Bilingual (laid out as the council's setting says)
            self.language.addItem(language_label(code), code)
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
        self.preview = PdfPages()
        forms.named(self.preview, _("Preview of the minutes"))
        # The PDF is made on a thread of its own (a long meeting's takes seconds); the
        # newest request wins and an older result is dropped (docs/internals.md,
        # "The minutes preview").
        self._post = _Built()
        self._post.done.connect(self._on_built)
        self._asked = 0  # the newest request's number
        self._building = False
        self._current = 0  # the request self.pdf was made for

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
            language=self._desk.read(
                lambda s: preferences.document_language(s, self.language.currentData())
            ),
        )

    def read(self) -> None:
        """Makes the PDF again (off the window's thread) and then shows it."""
        meeting = self._meeting
        if meeting is None:
            return
        self._asked += 1
        if not work.on_own_thread(self._desk.db):  # a full disk's database: here, at once
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                made: object = _make(self._desk.db, meeting.id, self.options())
            except BaseException as exc:  # said as the thread's would be
                made = exc
            finally:
                QApplication.restoreOverrideCursor()
            self._show_made(self._asked, made)
            return
        self.state.setText(_("Making the minutes…"))
        self._start()

    @property
    def building(self) -> bool:
        """Whether minutes are being made for the preview (or are asked for again)."""
        return self._building or self._current != self._asked

    def _start(self) -> None:
        """Makes the newest request's PDF, unless one is being made (it follows that)."""
        meeting = self._meeting
        if self._building or meeting is None:
            return
        self._building = True
        number, options, db, post = self._asked, self.options(), self._desk.db, self._post

        def make() -> None:
            try:
                made: object = _make(db, meeting.id, options)
            except BaseException as exc:  # told to the window, never lost on this thread
                made = exc
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                post.done.emit(number, made)

        threading.Thread(target=make, name="minutes-preview", daemon=True).start()

    def _on_built(self, number: int, made: object) -> None:
        self._building = False
        if number != self._asked:  # made obsolete by a newer toggle: make that one
            if self._current != self._asked:
                self._start()
            return
        self._show_made(number, made)

    def _show_made(self, number: int, made: object) -> None:
        if isinstance(made, BaseException):
            self._current = number
            self.pdf = b""
            self.preview.show_pdf(None)
            if isinstance(made, ForumDeskError):
                self.state.setText(str(made))
            else:
                unexpected.report(made, self, "the minutes preview")  # i18n: not text
            self.built.emit()
            return
        state, self.pdf = cast(tuple[minutes.MinutesState, bytes], made)
        self._current = number
        self._show_state(state)
        self.preview.show_pdf(self.pdf)
        self.built.emit()

    def _show_state(self, state: minutes.MinutesState) -> None:
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

    def export_pdf(self) -> None:
        """Writes the PDF where the clerk chooses."""
        if self._meeting is None:
            return
        if not self.pdf or self._dirty or self.building:
            # What the preview shows may be older than the choices: made now, as chosen.
            self._dirty = False
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                made = _make(self._desk.db, self._meeting.id, self.options())
            except ForumDeskError as exc:
                ask.show_error(self, str(exc))
                return
            finally:
                QApplication.restoreOverrideCursor()
            self._asked += 1
            self._show_made(self._asked, made)
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


class _Built(QObject):
    """Carries a made PDF (or the error) from the making thread to the window's."""

    done = Signal(int, object)  # the request's number, (state, pdf) or the exception


def _make(db: Database, meeting_id: int, options: minutes.MinutesOptions) -> tuple[Any, bytes]:
    """The minutes' state and PDF, read in a session of the calling thread."""
    from forumdesk.reports import documents  # ReportLab only once minutes are wanted

    with work.gc_paused(), db.read_session() as session:
        state = minutes.minutes_state(session, meeting_id)
        return state, documents.minutes_pdf(session, meeting_id, options)


def grouped(digest: str, group: int = 8, per_line: int = 2) -> str:
    """A long hash in groups of eight characters, two groups a line."""
    groups = [digest[i : i + group] for i in range(0, len(digest), group)]
    return "\n".join(" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))
