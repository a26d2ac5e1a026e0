"""Discuss at meeting…: bring issues chosen elsewhere (the register) to a meeting.

:func:`discuss_at_meeting` asks which meeting (the open or upcoming meetings of the
issues' forums) and what was said, then records it as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import discussion
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.workspace.discussed import bring
from forumdesk.i18n import _, ngettext


def meeting_choice(meeting: MeetingInfo) -> str:
    """ "BHF, 8 April 2026: April area forum (in progress)"."""
    return _("{forum}, {date}: {title} ({status})").format(
        forum=meeting.forum_code,
        date=day_month_year(meeting.date, INTERFACE),
        title=meeting.display_title,
        status=meeting.status.label.lower(),
    )


class DiscussAtMeetingDialog(QDialog):
    """Which meeting discussed the issues, and what was said."""

    def __init__(
        self, meetings: Sequence[MeetingInfo], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Discuss at meeting"))
        intro = QLabel(
            ngettext(
                "Record that {n} issue was discussed at a meeting.",
                "Record that {n} issues were discussed at a meeting.",
                count,
            ).format(n=count)
        )
        intro.setWordWrap(True)
        self.meeting = QComboBox()
        for meeting in meetings:
            self.meeting.addItem(meeting_choice(meeting), meeting.id)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What was said (optional)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Record"))
        form = QFormLayout()
        forms.add_row(form, _("&Meeting:"), self.meeting)
        forms.add_row(form, _("&What was said:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def chosen(self) -> tuple[int, str | None]:
        """The meeting's id and the note (None when empty)."""
        return self.meeting.currentData(), self.note.text().strip() or None


def ask_meeting(
    parent: QWidget | None, meetings: Sequence[MeetingInfo], count: int
) -> tuple[int, str | None] | None:
    """The meeting and note chosen, or None when the person cancels (tests replace it)."""
    dialog = DiscussAtMeetingDialog(meetings, count, parent)
    try:
        return dialog.chosen() if dialog.exec() else None
    finally:
        dialog.deleteLater()


def discuss_at_meeting(
    desk: Desk, stack: QUndoStack, issue_ids: Sequence[int], parent: QWidget | None
) -> int:
    """Asks which meeting discussed the issues and records it; returns how many were
    brought (0 when cancelled or refused; the person was told why)."""
    ids = list(issue_ids)
    if not ids:
        return 0
    found = desk.read(lambda s: discussion.meetings_to_discuss(s, ids))
    if not found:
        ask.show_info(
            parent,
            ngettext(
                "The issue's forum has no meeting that is planned or in progress with its "
                "minutes still a draft: add a meeting first.",
                "These issues' forums have no meeting that is planned or in progress with "
                "its minutes still a draft: add a meeting first.",
                len(ids),
            ),
        )
        return 0
    answer = ask_meeting(parent, found, len(ids))
    if answer is None:
        return 0
    meeting_id, note = answer
    meeting = next(m for m in found if m.id == meeting_id)
    return bring(desk, stack, ids, meeting, note, parent)
