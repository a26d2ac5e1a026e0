"""Keeps what is being typed in a drafts file, and offers it back after a crash.

Every second the window's unsaved text (a capture title before Enter, notes before
their pause, a comment before Add) is handed to :class:`forumdesk.core.drafts.DraftStore`,
which writes it only when it changed. A start after an unclean exit asks whether to
put the drafts back into their fields; they are then typed text as before, saved the
way that field saves, never written into the database behind the person's back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit

from forumdesk import paths
from forumdesk.core import agenda, meetings
from forumdesk.core.drafts import FILE_NAME, Draft, DraftStore
from forumdesk.db.engine import Database
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.gui import ask
from forumdesk.gui.autosave import AutosaveEdit
from forumdesk.gui.desk import Desk
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ISSUES, MeetingWorkspace
from forumdesk.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from forumdesk.gui.main_window import MainWindow

KEEP_MS = 1_000  # unsaved text reaches the disk within this (the issue asks for 2 s)

#: Drafts of an agenda item's fields, and the attribute of the agenda area for each.
AGENDA_ITEM_FIELDS = {
    "agenda notes": "notes",
    "outcome": "outcome_text",
    "agenda item title": "title",
    "agenda item presenter": "presenter",
}
#: Drafts of an issue's fields, and the attribute of the issue panel for each.
ISSUE_FIELDS = {
    "issue description": "description",
    "comment": "note",
    "issue title": "title",
    "issue ward": "ward",
    "issue place": "place",
    "issue themes": "themes",
    "issue owner": "owner",
    "issue due date": "due_date",
}
#: Fields that save when they are left: put back, they get the cursor again.
SAVED_ON_LEAVING = {
    "agenda item title",  # i18n: not text
    "agenda item presenter",  # i18n: not text
    *(field for field in ISSUE_FIELDS if field not in ("issue description", "comment")),
}
#: What a draft of an agenda item's title or presenter is called in the offer to put it back.
AGENDA_ITEM_LABELS = {"title": N_("Title of {item}"), "presenter": N_("Presenter of {item}")}
#: What a draft of an issue's field is called (by the issue panel's attribute).
ISSUE_LABELS = {
    "title": N_("Title of {reference}"),
    "ward": N_("Ward of {reference}"),
    "place": N_("Place of {reference}"),
    "themes": N_("Themes of {reference}"),
    "owner": N_("Owner of {reference}"),
    "due_date": N_("Due date of {reference}"),
}
#: Fields of a meeting that its approved minutes seal: their drafts are not put back.
SEALED_FIELDS = {"new agenda item", *AGENDA_ITEM_FIELDS}  # i18n: not text


def default_store(db: Database) -> DraftStore:
    """The drafts file in the user's data folder, for one database: its file's full path
    (or its URL without the password)."""
    name = db.display_name
    if Path(name).exists():
        name = str(Path(name).resolve())
    return DraftStore(paths.data_dir() / FILE_NAME, name)


class DraftKeeper(QObject):
    """Collects the window's unsaved text into the drafts file while the window is open."""

    def __init__(self, window: MainWindow, store: DraftStore) -> None:
        super().__init__(window)
        self._window = window
        self.store = store
        #: Shown in the status bar, for good, once the drafts file cannot be written.
        self.notice: QLabel | None = None
        self._timer = QTimer(self, interval=KEEP_MS)
        self._timer.timeout.connect(self.keep_now)

    def start(self) -> None:
        """Offers back what an unclean exit left, then keeps drafts from now on."""
        left = self.store.left_behind()
        if left and ask.ask_yes_no(self._window, _offer(left)):
            window = self._window
            lost = restore(window.desk, window.workspace, window.open_meeting, left)
            if lost:
                ask.show_info(self._window, _not_put_back(lost))
        self._write(self.store.begin)
        self._timer.start()

    @property
    def running(self) -> bool:
        """Whether drafts are being kept (after the offer at start-up was answered)."""
        return self._timer.isActive()

    def keep_now(self) -> None:
        """Writes the unsaved text of now (only if it changed since the last write)."""
        self._write(lambda: self.store.keep(collect(self._window.workspace)))

    def finish(self) -> None:
        """A clean exit: nothing to offer back next time."""
        self._timer.stop()
        self._write(self.store.finish)

    def _write(self, work: Callable[[], object]) -> None:
        try:
            work()
        except (OSError, ForumDeskError) as exc:
            if self.notice is None:  # said once, and where a passing message cannot hide it
                # A sentence either way: an OSError's words, or a store error's message.
                problem = f"{exc.strerror or exc}." if isinstance(exc, OSError) else str(exc)
                self.notice = QLabel(
                    _(
                        "Text being typed cannot be kept in {path}: {problem} "
                        "Saved work is not affected."
                    ).format(path=self.store.path, problem=problem)
                )
                self.notice.setWordWrap(True)
                self._window.statusBar().addPermanentWidget(self.notice)


def collect(workspace: MeetingWorkspace) -> list[Draft]:
    """The unsaved text of the meeting shown, field by field."""
    meeting = workspace.meeting
    if meeting is None:
        return []
    where = _("the {forum} meeting of {date}").format(
        forum=meeting.forum_code, date=day_month_year(meeting.date, INTERFACE)
    )
    found: list[Draft] = []

    def add(field: str, owner: str | None, text: str, label: str) -> None:
        if text.strip():
            found.append(Draft(field, meeting.uuid, owner, text, label))

    issues_area, agenda_area = workspace.issues, workspace.agenda
    label = _("Capture bar, {meeting}").format(meeting=where)
    add("capture title", None, issues_area.capture.title.text(), label)  # i18n: not text
    label = _("New agenda item, {meeting}").format(meeting=where)
    add("new agenda item", None, agenda_area.new_title.text(), label)  # i18n: not text
    label = _("New action, {meeting}").format(meeting=where)
    add("new action", None, workspace.actions.description.text(), label)  # i18n: not text
    item = agenda_area.model.record(agenda_area.table.currentIndex().row())
    if item is not None:
        named = _("agenda item {position} “{title}”, {meeting}").format(
            position=item.position, title=item.title, meeting=where
        )
        if agenda_area.notes.owner == item.id and agenda_area.notes.is_dirty():
            label = _("Notes of {item}").format(item=named)
            add("agenda notes", item.uuid, agenda_area.notes.toPlainText(), label)  # i18n: not text
        label = _("Outcome of {item}").format(item=named)
        add("outcome", item.uuid, agenda_area.outcome_text.text(), label)
        for field, stored in (("title", item.title), ("presenter", item.presenter)):
            edited = getattr(agenda_area, field).text()
            if edited.strip() != (stored or ""):
                label = _(AGENDA_ITEM_LABELS[field]).format(item=named)
                add(f"agenda item {field}", item.uuid, edited, label)  # i18n: not text
    issue = issues_area.panel.issue
    if issue is not None:
        panel = issues_area.panel
        if panel.description.owner == issue.id and panel.description.is_dirty():
            text = panel.description.toPlainText()
            label = _("Description of {reference}").format(reference=issue.reference)
            add("issue description", issue.uuid, text, label)  # i18n: not text
        label = _("Comment on {reference}").format(reference=issue.reference)
        add("comment", issue.uuid, panel.note.text(), label)
        for field, name in ISSUE_FIELDS.items():
            if field in SAVED_ON_LEAVING:
                value = getattr(issue, name)
                stored = ", ".join(value) if name == "themes" else str(value or "")
                edited = getattr(panel, name).text()
                if edited.strip() != stored:
                    label = _(ISSUE_LABELS[name]).format(reference=issue.reference)
                    add(field, issue.uuid, edited, label)
    return found


def restore(
    desk: Desk,
    workspace: MeetingWorkspace,
    open_meeting: Callable[[int], None],
    drafts: list[Draft],
) -> list[Draft]:
    """Puts drafts back into their fields. Returns those that have no field any more
    (the meeting, the item or the issue is gone, or approved minutes seal it)."""
    known = {m.uuid: m.id for m in desk.read(meetings.list_meetings)}
    lost: list[Draft] = []
    opened: str | None = None
    for draft in drafts:
        if draft.meeting not in known:
            lost.append(draft)
            continue
        if opened != draft.meeting:
            open_meeting(known[draft.meeting])
            opened = draft.meeting
        if workspace.sealed is not None and draft.field in SEALED_FIELDS:
            lost.append(draft)
            continue
        if not _put_back(desk, workspace, draft):
            lost.append(draft)
    return lost


def _put_back(desk: Desk, workspace: MeetingWorkspace, draft: Draft) -> bool:
    """Puts one draft back as typed text; False when its field is gone."""
    field = _field_of(desk, workspace, draft)
    if field is None:
        return False
    if isinstance(field, AutosaveEdit):
        field.setPlainText(draft.text)  # as if typed: saved after the usual pause
    else:
        field.setText(draft.text)
    if draft.field in SAVED_ON_LEAVING:
        field.setFocus()  # being edited again: saved when it is left, as before
    return True


def _field_of(
    desk: Desk, workspace: MeetingWorkspace, draft: Draft
) -> QLineEdit | AutosaveEdit | None:
    """Shows the field a draft was typed in (its area, its record) and returns it."""
    meeting_fields = {
        "capture title": (ISSUES, workspace.issues.capture.title),
        "new agenda item": (AGENDA, workspace.agenda.new_title),
        "new action": (ACTIONS, workspace.actions.description),
    }
    if draft.field in meeting_fields:
        area, line = meeting_fields[draft.field]
        workspace.show_area(area)
        return line
    if draft.field in AGENDA_ITEM_FIELDS:
        workspace.show_area(AGENDA)
        meeting = workspace.meeting
        items = [] if meeting is None else desk.read(lambda s: agenda.list_agenda(s, meeting.id))
        item = next((i.id for i in items if i.uuid == draft.owner), None)
        if item is None:
            return None
        workspace.agenda.reload(select=item)
        return getattr(workspace.agenda, AGENDA_ITEM_FIELDS[draft.field])
    if draft.field in ISSUE_FIELDS:
        workspace.show_area(ISSUES)
        listed = workspace.issues.model
        rows = (listed.issue_at(row) for row in range(listed.rowCount()))
        issue = next((i.id for i in rows if i is not None and i.uuid == draft.owner), None)
        if issue is None:
            return None
        workspace.issues.select(issue)
        return getattr(workspace.issues.panel, ISSUE_FIELDS[draft.field])
    return None


def _offer(drafts: list[Draft]) -> str:
    shown = "\n".join(f"• {d.label}: “{_short(d.text)}”" for d in drafts)
    return ngettext(
        "ForumDesk did not close properly last time. It kept this text, typed but not yet "
        "saved:\n\n{drafts}\n\nPut it back where it was typed? No discards it.",
        "ForumDesk did not close properly last time. It kept these {n} pieces of text, typed "
        "but not yet saved:\n\n{drafts}\n\nPut them back where they were typed? No discards "
        "them.",
        len(drafts),
    ).format(n=len(drafts), drafts=shown)


def _not_put_back(drafts: list[Draft]) -> str:
    shown = "\n\n".join(f"{d.label}:\n{d.text}" for d in drafts)
    return _(
        "This text could not go back into its field (what it belonged to was approved, "
        "moved or deleted meanwhile). Copy what you need from here:\n\n{drafts}"
    ).format(drafts=shown)


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
