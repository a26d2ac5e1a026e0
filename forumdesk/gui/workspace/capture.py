"""The quick-capture bar: type a title, press Enter, the issue is recorded in this meeting.

Optional fields follow by Tab (stage, ward or place, themes, mechanism, support, who
raised it, agenda item); Enter in any of them records the issue.

Signals:
    captured(int): the id of the issue just recorded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from forumdesk.core import agenda, attendance, forums, issues
from forumdesk.domain import limits
from forumdesk.domain.enums import Mechanism, PolicyStage
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import forms, undo
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _


class CaptureBar(QGroupBox):
    """Records an issue in the current meeting from the keyboard."""

    captured = Signal(int)
    title: QLineEdit  # type: ignore[assignment]  # the issue's title; hides QGroupBox.title()

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(_("Capture an issue"), parent)
        self._desk = desk
        self._stack = stack
        self._meeting: MeetingInfo | None = None
        self._wards: tuple[str, ...] = ()
        self._loaded = True

        self.title = QLineEdit()
        self.title.setPlaceholderText(_("What residents raised, then Enter"))
        self.stage = forms.enum_combo(PolicyStage)
        self.where = QLineEdit()
        self.where.setPlaceholderText(_("Ward or place"))
        self.themes = QLineEdit()
        self.themes.setPlaceholderText(_("Themes, comma separated"))
        forms.undo_falls_through(self.title, self.where, self.themes)
        self.mechanism = forms.enum_combo(Mechanism, optional=_("(how it came)"))
        self.support = QSpinBox()
        self.support.setRange(0, limits.MAX_SUPPORT)
        self.support.setSuffix(_(" supporting"))
        self.raised_by = QComboBox()
        self.agenda_item = QComboBox()
        for combo in (self.raised_by, self.agenda_item):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.record = QPushButton(_("&Record"))

        grid = QGridLayout(self)
        # Mnemonics avoid the menus (F, E, V, M, H) and the area tabs (A, T, I, C).
        fields = (
            (_("Tit&le:"), self.title, _("The issue's title; Enter records it")),
            (_("&Stage:"), self.stage, _("Policy stage; co-definition unless changed")),
            (_("&Ward or place:"), self.where, _("A ward of the forum, or a street or place")),
            (_("Theme ta&gs:"), self.themes, _("Themes separated by commas")),
            (
                _("Mecha&nism:"),
                self.mechanism,
                _("The participation mechanism it came through"),
            ),
            (_("Su&pport:"), self.support, _("Show of hands or signatures")),
            (_("Raised &by:"), self.raised_by, _("Who raised it, from the attendance list")),
            (_("Agen&da item:"), self.agenda_item, _("The agenda item it was raised under")),
        )
        # The title and the stage across the top; the other optional fields in two rows
        # beneath them, so that the list below keeps its height on a laptop screen.
        for position, (label, field, description) in enumerate(fields):
            caption = QLabel(label)
            caption.setBuddy(field)
            forms.named(field, forms.plain(label).rstrip(":"), description)
            if position == 0:
                grid.addWidget(caption, 0, 0)
                grid.addWidget(field, 0, 1, 1, 3)
                continue
            if position == 1:
                grid.addWidget(caption, 0, 4)
                grid.addWidget(field, 0, 5)
                continue
            row, col = 1 + (position - 2) // 3, ((position - 2) % 3) * 2
            grid.addWidget(caption, row, col)
            grid.addWidget(field, row, col + 1)
        grid.addWidget(forms.named(self.record, _("Record the issue")), 0, 6)

        self.record.clicked.connect(self.submit)
        self.stage.setMinimumContentsLength(22)
        self.setEnabled(False)

    def set_meeting(self, meeting: MeetingInfo | None) -> None:
        """Captures into this meeting from now on; fills the who and agenda choices."""
        self._meeting = meeting
        self.setEnabled(meeting is not None)
        self._loaded = False  # the wards and choices are read when the bar is first shown
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        meeting = self._meeting
        self._wards = (
            self._desk.read(lambda s: forums.get_forum(s, meeting.forum_id)).wards
            if meeting is not None
            else ()
        )
        self._loaded = True
        self.refresh_choices()

    def showEvent(self, event) -> None:
        if not self._loaded:
            self._load()
        super().showEvent(event)

    def refresh_choices(self) -> None:
        """Reloads the attendance and agenda choices of the meeting, keeping the selections."""
        previous = (self.raised_by.currentData(), self.agenda_item.currentData())
        self.raised_by.clear()
        self.raised_by.addItem(_("(not recorded)"), None)
        self.agenda_item.clear()
        self.agenda_item.addItem(_("(none)"), None)
        if self._meeting is None:
            return
        meeting_id = self._meeting.id
        people = self._desk.read(lambda s: attendance.list_attendance(s, meeting_id))
        items = self._desk.read(lambda s: agenda.list_agenda(s, meeting_id))
        for person in people:
            label = _("{name} ({role})").format(
                name=person.name or _("not named"), role=person.role.label.lower()
            )
            self.raised_by.addItem(label, person.id)
        for item in items:
            self.agenda_item.addItem(f"{item.position}. {item.title}", item.id)
        forms.select_data(self.raised_by, previous[0])
        forms.select_data(self.agenda_item, previous[1])

    def focus_title(self) -> None:
        """Puts the cursor in the title (Ctrl+N)."""
        self.title.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.title.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a combo box or the spin box records too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Records the issue; on refusal the typed text stays for correction."""
        if self._meeting is None:
            return
        if not self._loaded:
            self._load()
        meeting = self._meeting
        title = self.title.text()
        where = self.where.text().strip()
        ward = next((w for w in self._wards if w.casefold() == where.casefold()), None)
        fields = {
            "forum": meeting.forum_id,
            "title": title,
            "stage": self.stage.current(),
            "ward": ward,
            "place": None if ward else (where or None),
            "themes": self.themes.text(),
            "mechanism": self.mechanism.current(),
            "support": self.support.value(),
            "meeting": meeting.id,
            "raised_by": self.raised_by.currentData(),
            "agenda_item": self.agenda_item.currentData(),
        }
        made = undo.perform(
            self._desk,
            self._stack,
            _("record “{title}”").format(title=title.strip()[:40]),
            lambda s: issues.record_issue(s, **fields),
            undo=lambda made: lambda s: issues.delete_issue(s, made.id),
            redo=lambda made: lambda s: issues.restore_issue(s, made.id),
            parent=self,
        )
        if made is None:
            return
        for field in (self.title, self.where, self.themes):
            forms.empty(field)  # so that Ctrl+Z now undoes the capture, not the emptying
        self.support.setValue(0)
        self.stage.setCurrentIndex(0)
        self.mechanism.setCurrentIndex(0)
        self.raised_by.setCurrentIndex(0)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.captured.emit(made.id)
