"""The quick-capture bar: type a title, press Enter, the issue is recorded in this meeting.

Optional fields follow by Tab (stage, ward or place, themes, mechanism, support, who
raised it, agenda item); Enter in any of them records the issue.

The issue is saved on the window's writer thread (``gui/writer.py``): Enter shows it at
once as *saving* (``saving``), the fields empty for the next, and when the commit is done
it is *saved* (``saved``, then ``captured``); a commit that fails shows it as *not saved*
with the reason (``not_saved``), its typed fields kept to try again (:meth:`refill`).
Fields a person can correct (an empty title) are checked before, here, as before.

Signals:
    saving(object): a Pending capture, shown until it is saved.
    saved(int): a Pending's token: it was saved (the issue follows in ``captured``).
    not_saved(int, str): a Pending's token and why it was not saved.
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
from forumdesk.domain.errors import DatabaseFileGone, ForumDeskError
from forumdesk.domain.records import IssueInfo, MeetingInfo
from forumdesk.gui import ask, forms, undo, unexpected, work
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import Pending
from forumdesk.i18n import _

#: The capture's fields that are the issue's own (checked before saving).
_OWN = ("title", "stage", "ward", "place", "mechanism", "support")


class CaptureBar(QGroupBox):
    """Records an issue in the current meeting from the keyboard."""

    saving = Signal(object)
    saved = Signal(int)
    not_saved = Signal(int, str)
    captured = Signal(int)
    title: QLineEdit  # type: ignore[assignment]  # the issue's title; hides QGroupBox.title()

    def __init__(self, desk: Desk, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(_("Capture an issue"), parent)
        self._desk = desk
        self._stack = stack
        self._meeting: MeetingInfo | None = None
        self._wards: tuple[str, ...] = ()
        self._loaded = True
        self._tokens = 0
        self._waiting: set[int] = set()  # captures sent to the writer, not yet told
        desk.writer.done.connect(self._on_saved)
        desk.writer.failed.connect(self._on_failed)

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
        """Records the issue: shown at once as saving, saved on the writer thread. A field
        refused before saving keeps the typed text for correction."""
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
        try:
            issues.check_new_issue(**{name: fields[name] for name in _OWN})
        except ForumDeskError as exc:
            ask.show_error(self, str(exc))
            return
        self._tokens += 1
        pending = Pending(self._tokens, title.strip(), where, fields)
        self.saving.emit(pending)
        for field in (self.title, self.where, self.themes):
            forms.empty(field)  # so that Ctrl+Z now undoes the capture, not the emptying
        self.support.setValue(0)
        self.stage.setCurrentIndex(0)
        self.mechanism.setCurrentIndex(0)
        self.raised_by.setCurrentIndex(0)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self._send(pending)

    def _send(self, pending: Pending) -> None:
        self._waiting.add(pending.token)
        fields = pending.fields
        self._desk.writer.submit(
            pending,
            lambda s: issues.record_issue(s, **fields),
            here=not work.on_own_thread(self._desk.db),
        )

    @property
    def waiting(self) -> int:
        """How many captures are being saved."""
        return len(self._waiting)

    def _on_saved(self, pending: object, made: object, changes: object) -> None:
        if not isinstance(pending, Pending) or pending.token not in self._waiting:
            return
        self._waiting.discard(pending.token)
        assert isinstance(made, IssueInfo)
        self.saved.emit(pending.token)
        self._desk.announce(changes)  # type: ignore[arg-type]
        self._stack.push(
            undo.ServiceCommand(
                self._desk,
                _("record “{title}”").format(title=pending.title[:40]),
                lambda s: issues.delete_issue(s, made.id),
                lambda s: issues.restore_issue(s, made.id),
            )
        )
        self.captured.emit(made.id)

    def _on_failed(self, pending: object, error: object) -> None:
        if not isinstance(pending, Pending) or pending.token not in self._waiting:
            return
        self._waiting.discard(pending.token)
        if isinstance(error, DatabaseFileGone):
            if self._desk.offer_write_back(error, self):
                self._send(pending)  # written back: saved now
                return
            reason = str(error)  # the person chose not to: asked already, not told again
        elif isinstance(error, ForumDeskError):
            reason = str(error)
            ask.show_error(self, reason)
        else:
            assert isinstance(error, BaseException)
            unexpected.report(error, self, "an issue captured")  # i18n: not text
            reason = _("Something went wrong ({kind}).").format(kind=type(error).__name__)
        self.not_saved.emit(pending.token, reason)

    def refill(self, pending: Pending) -> None:
        """Puts a capture that was not saved back in the fields, to correct or try again."""
        fields = pending.fields
        self.title.setText(fields.get("title") or "")
        self.where.setText(pending.where)
        self.themes.setText(fields.get("themes") or "")
        self.support.setValue(int(fields.get("support") or 0))
        self.stage.choose(fields.get("stage"))
        self.mechanism.choose(fields.get("mechanism"))
        forms.select_data(self.raised_by, fields.get("raised_by"))
        forms.select_data(self.agenda_item, fields.get("agenda_item"))
        self.focus_title()
