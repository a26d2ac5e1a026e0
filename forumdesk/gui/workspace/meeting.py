"""The meeting workspace: a heading and four areas a facilitator switches between by keyboard."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import meetings, minutes
from forumdesk.domain.changes import Changes
from forumdesk.domain.language import INTERFACE, day_month_year, local_moment, long_date
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.workspace.actions_area import ActionsArea
from forumdesk.gui.workspace.agenda_area import AgendaArea
from forumdesk.gui.workspace.attendance_area import AttendanceArea
from forumdesk.gui.workspace.issues_area import IssuesArea
from forumdesk.gui.workspace.minutes_area import MinutesArea
from forumdesk.i18n import _

AGENDA, ATTENDANCE, ISSUES, ACTIONS, MINUTES = range(5)


class MeetingWorkspace(QWidget):
    """Agenda, attendance, issues raised and actions of one meeting."""

    actions: ActionsArea  # type: ignore[assignment]  # the tab; hides QWidget.actions()

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.meeting: MeetingInfo | None = None
        self.sealed: minutes.MinutesVersionInfo | None = None  # approved minutes in force
        self.heading = QLabel()
        self.heading.setTextFormat(self.heading.textFormat().PlainText)
        forms.named(self.heading, _("Meeting"))
        self.agenda = AgendaArea(desk, stack)
        self.attendance = AttendanceArea(desk, stack)
        self.issues = IssuesArea(desk, stack)
        self.actions = ActionsArea(desk, stack)
        self.minutes = MinutesArea(desk)
        self.tabs = QTabWidget()
        # Mnemonics A, T, I, C: the menus use F, E, V, M and H.
        self.tabs.addTab(self.agenda, _("&Agenda"))
        self.tabs.addTab(self.attendance, _("A&ttendance"))
        self.tabs.addTab(self.issues, _("&Issues raised"))
        self.tabs.addTab(self.actions, _("A&ctions"))
        self.tabs.addTab(self.minutes, _("Minutes"))  # every letter is taken: Ctrl+5
        forms.named(self.tabs, _("Meeting areas"))
        forms.named(self.tabs.tabBar(), _("Meeting areas"))
        # Approved minutes: one banner says so, with the one way to change them again.
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(self.banner_text.textFormat().PlainText)
        self.reopen = QPushButton(_("Reopen the minutes…"))
        forms.named(self.reopen, _("Reopen the approved minutes"))
        self.banner = QFrame()
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        forms.named(self.banner, _("Minutes approved"))
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.reopen)
        self.banner.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        desk.changed.connect(self._refresh_heading)
        self.tabs.currentChanged.connect(lambda _i: self._show_banner())
        self.reopen.clicked.connect(self.reopen_minutes)

    def show_meeting(self, meeting_id: int | None) -> None:
        """Shows a meeting in every area."""
        self.meeting = (
            None
            if meeting_id is None
            else self._desk.read(lambda s: meetings.get_meeting(s, meeting_id))
        )
        for area in (self.agenda, self.attendance, self.issues, self.actions, self.minutes):
            area.set_meeting(self.meeting)
        self._refresh_heading()

    def show_area(self, index: int) -> None:
        """Switches to an area (Ctrl+1 to Ctrl+5)."""
        self.tabs.setCurrentIndex(index)

    def _refresh_heading(self, changes: Changes | None = None) -> None:
        if changes is not None and changes.issues_only():
            return  # the heading shows nothing of an issue
        meeting = self.meeting
        if meeting is None:
            self.heading.setText("")
            self._seal(None)
            return
        ident = meeting.id
        meeting = self._desk.read(lambda s: meetings.get_meeting(s, ident))
        self.meeting = meeting
        self._seal(self._desk.read(lambda s: minutes.minutes_state(s, meeting.id).sealed))
        times = f", {meeting.start_time:%H:%M}" if meeting.start_time else ""
        venue = f", {meeting.venue}" if meeting.venue else ""
        kind = f" ({meeting.format.label})" if meeting.title else ""  # else it is the title
        self.heading.setText(
            f"{meeting.forum_code}: {meeting.display_title}{kind}, "
            f"{long_date(meeting.date, INTERFACE)}{times}{venue}. {meeting.status.label}."
        )

    def reopen_minutes(self) -> None:
        """Reopens the approved minutes, once the person confirms; the version stays on record."""
        meeting, sealed = self.meeting, self.sealed
        if meeting is None or sealed is None:
            return
        if not ask.ask_yes_no(
            self,
            _(
                "Reopen the approved minutes of the {forum} meeting of {date}? They can be "
                "changed again and approved as version {next}; version {version} stays on "
                "record."
            ).format(
                forum=meeting.forum_code,
                date=day_month_year(meeting.date, INTERFACE),
                next=sealed.version + 1,
                version=sealed.version,
            ),
        ):
            return
        self._desk.write(lambda s: minutes.reopen_minutes(s, meeting.id), self)

    def _seal(self, sealed: minutes.MinutesVersionInfo | None) -> None:
        """Makes what approved minutes record read-only, or editable again."""
        self.sealed = sealed
        for area in (self.agenda, self.attendance, self.actions, self.issues):
            area.set_locked(sealed is not None)
        if sealed is not None:
            on = day_month_year(local_moment(sealed.approved_at).date(), INTERFACE)
            said = (
                _(
                    "The minutes of this meeting were approved as version {version} on {date} "
                    "by {name}. Its agenda, attendance and details can be read, not changed, "
                    "unless the minutes are reopened."
                )
                if sealed.approved_by
                else _(
                    "The minutes of this meeting were approved as version {version} on {date}. "
                    "Its agenda, attendance and details can be read, not changed, unless the "
                    "minutes are reopened."
                )
            )
            self.banner_text.setText(
                said.format(version=sealed.version, date=on, name=sealed.approved_by)
            )
        self._show_banner()

    def _show_banner(self) -> None:
        # The Minutes area shows the approval and its own Reopen button.
        self.banner.setVisible(self.sealed is not None and self.tabs.currentIndex() != MINUTES)
