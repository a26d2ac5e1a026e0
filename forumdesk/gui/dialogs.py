"""Dialogs to create and edit forums and meetings. They collect values; the window saves them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forumdesk.domain.enums import MeetingFormat
from forumdesk.domain.records import ForumInfo, MeetingInfo
from forumdesk.gui import forms
from forumdesk.i18n import _

Save = Callable[[dict[str, Any]], Any]


class _SavingDialog(QDialog):
    """A dialog whose OK saves through ``save``; a refused save keeps it open for correction."""

    def __init__(self, parent: QWidget | None, save: Save | None) -> None:
        super().__init__(parent)
        self._save = save
        self.result_record: Any = None

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def accept(self) -> None:
        if self._save is not None:
            self.result_record = self._save(self.values())
            if self.result_record is None:
                return  # the person was told why; what they typed stays
        super().accept()


class ForumDialog(_SavingDialog):
    """The details of a forum: code, name, area, wards, description."""

    def __init__(
        self,
        parent: QWidget | None = None,
        forum: ForumInfo | None = None,
        save: Save | None = None,
    ) -> None:
        super().__init__(parent, save)
        self.setWindowTitle(_("Edit forum") if forum else _("New forum"))
        self.code = QLineEdit(forum.code if forum else "")
        self.code.setMaxLength(8)
        self.code.setPlaceholderText(_("e.g. BHF"))
        self.name = QLineEdit(forum.name if forum else "")
        self.area = QLineEdit((forum.area or "") if forum else "")
        self.wards = QLineEdit(", ".join(forum.wards) if forum else "")
        self.wards.setPlaceholderText(_("Comma separated"))
        self.description = QPlainTextEdit((forum.description or "") if forum else "")
        self.description.setTabChangesFocus(True)
        form = QFormLayout()
        forms.add_row(
            form, _("&Code:"), self.code, _("2 to 8 letters or digits; starts issue references")
        )
        forms.add_row(form, _("&Name:"), self.name)
        forms.add_row(form, _("&Area:"), self.area)
        forms.add_row(form, _("&Wards:"), self.wards)
        forms.add_row(form, _("&Description:"), self.description)
        _finish(self, form)

    def values(self) -> dict[str, Any]:
        """What was entered, for create_forum or edit_forum."""
        return {
            "code": self.code.text(),
            "name": self.name.text(),
            "area": self.area.text(),
            "wards": self.wards.text(),
            "description": self.description.toPlainText(),
        }


class MeetingDialog(_SavingDialog):
    """The details of a meeting: forum, format, date, times, venue and who runs it."""

    def __init__(
        self,
        forums: list[ForumInfo],
        parent: QWidget | None = None,
        meeting: MeetingInfo | None = None,
        forum_id: int | None = None,
        save: Save | None = None,
    ) -> None:
        super().__init__(parent, save)
        self.setWindowTitle(_("Edit meeting") if meeting else _("New meeting"))
        self.forum = QComboBox()
        for forum in forums:
            self.forum.addItem(f"{forum.name} ({forum.code})", forum.id)
        forms.select_data(self.forum, meeting.forum_id if meeting else forum_id)
        self.forum.setEnabled(meeting is None)
        self.format = forms.enum_combo(MeetingFormat)
        if meeting:
            self.format.choose(meeting.format)
        self.title = QLineEdit((meeting.title or "") if meeting else "")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = meeting.date if meeting else date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.start = QLineEdit(_time(meeting.start_time) if meeting else "18:30")
        self.start.setPlaceholderText("HH:MM")
        self.end = QLineEdit(_time(meeting.end_time) if meeting else "")
        self.end.setPlaceholderText("HH:MM")
        self.venue = QLineEdit((meeting.venue or "") if meeting else "")
        self.chair = QLineEdit((meeting.chair or "") if meeting else "")
        self.facilitator = QLineEdit((meeting.facilitator or "") if meeting else "")
        self.clerk = QLineEdit((meeting.clerk or "") if meeting else "")
        form = QFormLayout()
        forms.add_row(form, _("F&orum:"), self.forum)
        forms.add_row(form, _("&Format:"), self.format)
        forms.add_row(
            form, _("&Title:"), self.title, _("Optional; the format's name is used without")
        )
        forms.add_row(form, _("&Date:"), self.date)
        forms.add_row(form, _("&Starts at:"), self.start)
        forms.add_row(form, _("&Ends at:"), self.end)
        forms.add_row(form, _("&Venue:"), self.venue)
        forms.add_row(form, _("C&hair:"), self.chair)
        forms.add_row(form, _("Fac&ilitator:"), self.facilitator)
        forms.add_row(form, _("C&lerk:"), self.clerk)
        _finish(self, form)

    def values(self) -> dict[str, Any]:
        """What was entered, for create_meeting or edit_meeting (with the forum's id)."""
        return {
            "forum": self.forum_id(),
            "format": self.format.current(),
            "title": self.title.text(),
            "date": self.date.date().toPython(),
            "start_time": self.start.text(),
            "end_time": self.end.text(),
            "venue": self.venue.text(),
            "chair": self.chair.text(),
            "facilitator": self.facilitator.text(),
            "clerk": self.clerk.text(),
        }

    def forum_id(self) -> int:
        """The forum chosen."""
        return int(self.forum.currentData())


def _time(value: Any) -> str:
    return value.strftime("%H:%M") if value else ""


def _finish(dialog: QDialog, form: QFormLayout) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    for button in buttons.buttons():
        forms.named(button, forms.plain(button.text()))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
