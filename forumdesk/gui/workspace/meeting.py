"""The meeting workspace: a heading and four areas a facilitator switches between by keyboard."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from forumdesk.core import meetings
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import forms
from forumdesk.gui.desk import Desk, issues_only
from forumdesk.gui.workspace.actions_area import ActionsArea
from forumdesk.gui.workspace.agenda_area import AgendaArea
from forumdesk.gui.workspace.attendance_area import AttendanceArea
from forumdesk.gui.workspace.issues_area import IssuesArea
from forumdesk.gui.workspace.minutes_area import MinutesArea

AGENDA, ATTENDANCE, ISSUES, ACTIONS, MINUTES = range(5)


class MeetingWorkspace(QWidget):
    """Agenda, attendance, issues raised and actions of one meeting."""

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.meeting: MeetingInfo | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(self.heading.textFormat().PlainText)
        forms.named(self.heading, "Meeting")
        self.agenda = AgendaArea(desk, stack)
        self.attendance = AttendanceArea(desk, stack)
        self.issues = IssuesArea(desk, stack)
        self.actions = ActionsArea(desk, stack)
        self.minutes = MinutesArea(desk)
        self.tabs = QTabWidget()
        # Mnemonics A, T, I, C: the menus use F, E, V, M and H.
        self.tabs.addTab(self.agenda, "&Agenda")
        self.tabs.addTab(self.attendance, "A&ttendance")
        self.tabs.addTab(self.issues, "&Issues raised")
        self.tabs.addTab(self.actions, "A&ctions")
        self.tabs.addTab(self.minutes, "Minutes")  # every letter is taken: Ctrl+5
        forms.named(self.tabs, "Meeting areas")
        forms.named(self.tabs.tabBar(), "Meeting areas")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        desk.changed.connect(self._refresh_heading)

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

    def _refresh_heading(self) -> None:
        if issues_only(self._desk.scope):
            return  # the heading shows nothing of an issue
        meeting = self.meeting
        if meeting is None:
            self.heading.setText("")
            return
        meeting = self._desk.read(lambda s: meetings.get_meeting(s, meeting.id))
        self.meeting = meeting
        times = f", {meeting.start_time:%H:%M}" if meeting.start_time else ""
        venue = f", {meeting.venue}" if meeting.venue else ""
        kind = f" ({meeting.format.label})" if meeting.title else ""  # else it is the title
        self.heading.setText(
            f"{meeting.forum_code}: {meeting.display_title}{kind}, "
            f"{meeting.date:%A %d %B %Y}{times}{venue}. {meeting.status.label}."
        )
