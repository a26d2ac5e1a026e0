"""The main window: a frame that views plug into, with menus, navigator and status bar.

The meeting workspace is the first view; the register, board and dashboard of later
issues plug into the same stack.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QMimeData, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QResizeEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from forumdesk import __version__, paths
from forumdesk.core import forums, meetings
from forumdesk.core.drafts import DraftStore
from forumdesk.db.engine import Database
from forumdesk.db.files import private_folder
from forumdesk.domain.changes import ENGAGEMENT_KINDS, ISSUE_KINDS, OFFER, Changes
from forumdesk.domain.enums import MeetingStatus, PolicyStage
from forumdesk.domain.language import INTERFACE, day_month_year, short_date
from forumdesk.gui import ask, forms, menus, storage, work
from forumdesk.gui.desk import Desk
from forumdesk.gui.drafts import DraftKeeper, default_store
from forumdesk.gui.navigator import Navigator

if TYPE_CHECKING:
    from forumdesk.gui.engagements.view import EngagementsView
    from forumdesk.gui.register.view import RegisterView
from forumdesk.gui.welcome import WelcomeView
from forumdesk.gui.workspace.meeting import ISSUES, MeetingWorkspace
from forumdesk.i18n import _, ngettext

NAVIGATOR_MIN = 160  # pixels: dates and the start of titles stay readable


class MainWindow(QMainWindow):
    """ForumDesk's window: navigator on the left, the current view in the middle."""

    # The window's commands, made by menus.build_actions (called from __init__).
    new_forum_action: QAction
    edit_forum_action: QAction
    demo_action: QAction
    export_action: QAction
    import_action: QAction
    conflicts_action: QAction
    desks_action: QAction
    people_action: QAction
    feedback_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    area_actions: list[QAction]
    audit_action: QAction
    register_action: QAction
    engagements_action: QAction
    meeting_view_action: QAction
    navigator_action: QAction
    new_meeting_action: QAction
    edit_meeting_action: QAction
    capture_action: QAction
    bring_action: QAction
    start_action: QAction
    close_meeting_action: QAction
    carry_action: QAction
    stage_actions: list[QAction]
    shortcuts_action: QAction
    guide_action: QAction
    new_database_action: QAction
    open_database_action: QAction
    backup_action: QAction
    restore_action: QAction
    settings_action: QAction
    log_folder_action: QAction
    about_action: QAction
    meeting_actions: list[QAction]
    recent_menu: QMenu

    def __init__(
        self, db: Database, settings: QSettings | None = None, drafts: DraftStore | None = None
    ) -> None:
        super().__init__()
        self.setWindowTitle("ForumDesk")  # i18n: not text
        self.setAcceptDrops(True)  # an exchange file dropped on the window is imported
        # What to open when this window closes (File → Open database…, Restore…).
        self.next_database: str | None = None
        self.restore_from: Path | None = None
        self.desk = Desk(db, self)
        self.settings = settings if settings is not None else QSettings()
        if db.url.startswith("sqlite"):
            from forumdesk.gui.databases import remember

            remember(self.settings, db.display_name)
        self.undo_stack = QUndoStack(self)

        self.navigator = Navigator(self.desk)
        self.navigator_dock = QDockWidget(_("Forums and meetings"), self)
        self.navigator_dock.setObjectName("navigator")
        self.navigator_dock.setWidget(self.navigator)
        # Closable, or its toggle (View > Navigator, F9) is disabled.
        self.navigator_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator_dock)

        self._welcome: WelcomeView | None = None  # made when there is no forum to show
        self.audit: QWidget | None = None  # the co-production audit, made when first shown
        self._register: RegisterView | None = None  # made when first shown
        self._engagements: EngagementsView | None = None  # made when first shown
        self.workspace = MeetingWorkspace(self.desk, self.undo_stack)
        self.views = QStackedWidget()
        self._scroll_areas: dict[QWidget, QWidget] = {}
        self._add_view(self.workspace)
        self.setCentralWidget(self.views)

        self.database_label = QLabel(_("Database: {name}").format(name=db.display_name))
        self.saved_label = QLabel(_("Nothing changed yet"))
        forms.named(self.saved_label, _("Last saved"))
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        # A read-only folder or a full disk is said where it stays in sight.
        self.storage_notice = storage.notice_label(db)
        if self.storage_notice is not None:
            self.statusBar().addPermanentWidget(self.storage_notice)
        self.backups = storage.BackupKeeper(self.desk, self)

        menus.build_actions(self)
        menus.build_menus(self)
        self._connect_signals()
        self.navigator.reload()
        self._restore()
        # Text being typed survives a crash: offered back once the window is on screen.
        self.drafts = DraftKeeper(self, drafts or default_store(db))
        QTimer.singleShot(0, self.drafts.start)
        # Last: a window whose making failed (a damaged page read) hears nothing of it.
        self.check = storage.CheckWatch(db, self)  # the file's check, once the window shows
        self.check.damaged.connect(self._on_damaged)

    # -- wiring ---------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.navigator.meeting_chosen.connect(self.open_meeting)
        self.navigator.forum_chosen.connect(self.open_register)
        self.navigator.engagements_chosen.connect(self.show_engagements)
        self.desk.saved.connect(self._on_saved)
        self.desk.changed.connect(self._on_changed)
        self.backups.finished.connect(self._on_backup)
        self.workspace.tabs.currentChanged.connect(self._on_area_changed)

    @property
    def welcome(self) -> WelcomeView:
        """The first-run screen, made the first time it is needed."""
        if self._welcome is None:
            self._welcome = WelcomeView()
            self._welcome.new_forum.connect(self.new_forum)
            self._welcome.open_demo.connect(self.open_demo)
            self._add_view(self._welcome)
        return self._welcome

    def _add_view(self, view: QWidget) -> None:
        """Plugs a view in. A view smaller than its content scrolls (200% scale on a laptop
        screen) rather than making the window bigger than the screen."""
        area = forms.scrolling(view)
        self._scroll_areas[view] = area
        self.views.addWidget(area)

    @property
    def current_view(self) -> QWidget:
        """The view on screen: the meeting workspace, or the welcome screen."""
        area = cast(QScrollArea, self.views.currentWidget())  # each view scrolls (_add_view)
        return cast(QWidget, area.widget())  # and every area holds its view

    # -- views ----------------------------------------------------------------------

    @property
    def register(self) -> RegisterView:
        """The register of every issue (made the first time it is shown)."""
        if self._register is None:
            from forumdesk.gui.register.view import RegisterView

            self._register = RegisterView(self.desk, self.undo_stack, self.settings)
            self._add_view(self._register)
        return self._register

    def open_register(self, forum: str | None = None) -> None:
        """Shows the register of one forum (its code), or of every forum (None)."""
        self.register.set_forum(forum)
        self.show_register()

    def show_register(self) -> None:
        """View → Register (Ctrl+R): the register as it was left."""
        if self.desk.read(forums.list_forums):
            self.views.setCurrentWidget(self._scroll_areas[self.register])
            self._update_view()

    @property
    def engagements(self) -> EngagementsView:
        """The Engagements view (made the first time it is shown)."""
        if self._engagements is None:
            from forumdesk.gui.engagements.view import EngagementsView

            self._engagements = EngagementsView(self.desk, self.undo_stack)
            self._engagements.issue_activated.connect(self.open_issue)
            self._engagements.meeting_activated.connect(self.open_meeting)
            self._add_view(self._engagements)
        return self._engagements

    def show_engagements(self, forum_id: int | None = None) -> None:
        """The Engagements view of a forum (its id; None: every forum and council-wide)."""
        if not self.desk.read(forums.list_forums):
            return
        self.engagements.set_forum(forum_id)
        self.views.setCurrentWidget(self._scroll_areas[self.engagements])
        self.navigator.select_engagements(forum_id)
        self._update_view()

    def show_engagements_here(self) -> None:
        """View → Engagements: those of the forum in use (of the open meeting, or chosen
        in the navigator), or of every forum."""
        forum_id = (
            self.workspace.meeting.forum_id
            if self.workspace.meeting is not None and self.current_view is self.workspace
            else self.navigator.current_forum_id()
        )
        self.show_engagements(forum_id)

    def open_issue(self, issue_id: int) -> None:
        """Shows an issue in the register (filters cleared so that it is listed)."""
        self.register.clear()
        self.show_register()
        self.register.select_ids([issue_id], issue_id)

    def show_meeting_view(self) -> None:
        """View → Meeting (Ctrl+M): back from the register to the meeting workspace."""
        self.views.setCurrentWidget(self._scroll_areas[self.workspace])
        self._update_view()

    def open_meeting(self, meeting_id: int | None) -> None:
        """Shows a meeting in the workspace and remembers it for next time."""
        self.views.setCurrentWidget(self._scroll_areas[self.workspace])
        if meeting_id is None:
            self.workspace.show_meeting(None)
            self._update_view()
            return
        self.workspace.show_meeting(meeting_id)
        self.navigator.select_meeting(meeting_id)
        self.settings.setValue(self._last_meeting_key(), meeting_id)
        self._update_view()

    def show_area(self, index: int) -> None:
        """Ctrl+1..5: agenda, attendance, issues raised, actions, minutes."""
        if self.workspace.meeting is not None:
            self.show_meeting_view()
            self.workspace.show_area(index)

    def capture(self) -> None:
        """Ctrl+N: the cursor goes to the capture bar of the open meeting."""
        if self.workspace.meeting is None:
            return
        self.show_meeting_view()
        self.workspace.show_area(ISSUES)
        self.workspace.issues.capture.focus_title()

    def bring_earlier(self) -> None:
        """Ctrl+E: bring an earlier issue to the open meeting (the Issues area)."""
        if self.workspace.meeting is None:
            return
        self.workspace.show_area(ISSUES)
        self.workspace.issues.bring_earlier()

    def find(self) -> None:  # type: ignore[override]  # Edit > Find, not QWidget.find(id)
        """Ctrl+F: the cursor goes to the filter of this meeting's issues (or to the
        register's search box, on the register)."""
        if self._register is not None and self.current_view is self._register:
            self._register.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._register.search.selectAll()
            return
        if self.workspace.meeting is None:
            return
        self.workspace.show_area(ISSUES)
        self.workspace.issues.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.workspace.issues.filter.selectAll()

    def set_stage(self, stage: PolicyStage) -> None:
        """Alt+1..5: the selected issue (on the register: every selected) moves to that stage."""
        if self._register is not None and self.current_view is self._register:
            self._register.move_selected(stage)
        elif self.workspace.meeting is not None:
            self.workspace.issues.set_stage(stage)

    def show_audit(self) -> None:
        """View → Co-production audit: the dashboard of stages, gaps and charts."""
        from forumdesk.gui.audit import AuditView  # not needed for the first window

        if self.audit is None:
            self.audit = AuditView(self.desk)
            self._add_view(self.audit)
        if self.desk.read(forums.list_forums):
            self.views.setCurrentWidget(self._scroll_areas[self.audit])
            self._update_view()

    # -- forums and meetings --------------------------------------------------------

    def new_forum(self) -> None:
        """Creates a forum, then offers its first meeting."""
        from forumdesk.gui.dialogs import ForumDialog  # not needed for the first window

        dialog = ForumDialog(
            self, save=lambda v: self.desk.write(lambda s: forums.create_forum(s, **v), self)
        )
        if dialog.exec() and dialog.result_record is not None:
            self.navigator.reload()
            self.new_meeting(forum_id=dialog.result_record.id)

    def edit_forum(self) -> None:
        """Edits the forum of the open meeting (or the one selected in the navigator)."""
        from forumdesk.gui.dialogs import ForumDialog  # not needed for the first window

        forum_id = (
            self.workspace.meeting.forum_id
            if self.workspace.meeting
            else self.navigator.current_forum_id()
        )
        if forum_id is None:
            return
        forum = self.desk.read(lambda s: forums.get_forum(s, forum_id))
        dialog = ForumDialog(
            self,
            forum,
            save=lambda v: self.desk.write(lambda s: forums.edit_forum(s, forum_id, v), self),
        )
        dialog.exec()

    def new_meeting(self, forum_id: int | None = None) -> None:
        """Creates a meeting and opens it (on the default forum when none is chosen)."""
        from forumdesk.core import preferences
        from forumdesk.gui.dialogs import MeetingDialog  # not needed for the first window

        known = self.desk.read(forums.list_forums)
        if not known:
            ask.show_info(self, _("Start a forum first: File → New forum."))
            return
        chosen = (
            forum_id
            or (
                self.workspace.meeting.forum_id
                if self.workspace.meeting
                else self.navigator.current_forum_id()
            )
            or self.desk.read(preferences.default_forum_id)
        )
        dialog = MeetingDialog(
            known,
            self,
            forum_id=chosen,
            save=lambda v: self.desk.write(lambda s: meetings.create_meeting(s, **v), self),
        )
        if dialog.exec() and dialog.result_record is not None:
            self.open_meeting(dialog.result_record.id)

    def edit_meeting(self) -> None:
        """Edits the open meeting's details."""
        from forumdesk.gui.dialogs import MeetingDialog  # not needed for the first window

        meeting = self.workspace.meeting
        if meeting is None:
            return
        known = self.desk.read(forums.list_forums)

        def save(values: dict):
            values = {k: v for k, v in values.items() if k != "forum"}
            return self.desk.write(lambda s: meetings.edit_meeting(s, meeting.id, values), self)

        MeetingDialog(known, self, meeting=meeting, save=save).exec()

    def start_meeting(self) -> None:
        """Planned → in progress; offers to carry forward what is still open."""
        meeting = self.workspace.meeting
        if meeting is None or meeting.status is not MeetingStatus.PLANNED:
            return
        if (
            self.desk.write(
                lambda s: meetings.set_meeting_status(s, meeting.id, "in-progress"), self
            )
            is not None
        ):
            self.offer_carry_forward(quiet=True)

    def close_meeting(self) -> None:
        """In progress → closed."""
        meeting = self.workspace.meeting
        if meeting is None or meeting.status is MeetingStatus.CLOSED:
            return
        if ask.ask_yes_no(
            self,
            _("Close the meeting of {date}?").format(date=day_month_year(meeting.date, INTERFACE)),
        ):
            self.desk.write(lambda s: meetings.set_meeting_status(s, meeting.id, "closed"), self)

    def offer_carry_forward(self, quiet: bool = False) -> None:
        """Offers to bring open actions and undiscussed agenda items into this meeting."""
        from forumdesk.core import carry

        meeting = self.workspace.meeting
        if meeting is None:
            return
        pending = self.desk.read(lambda s: carry.pending_carry_forward(s, meeting.id))
        if not pending.actions and not pending.agenda_items:
            if not quiet:
                ask.show_info(self, _("Nothing is waiting to be carried forward."))
            return
        actions, items = len(pending.actions), len(pending.agenda_items)
        question = _("Carry forward {actions} and {items} not discussed last time?").format(
            actions=ngettext("{n} open action", "{n} open actions", actions).format(n=actions),
            items=ngettext("{n} agenda item", "{n} agenda items", items).format(n=items),
        )
        if ask.ask_yes_no(self, question):
            self.desk.write(lambda s: carry.carry_forward(s, meeting.id), self)

    def open_demo(self) -> None:
        """Fills an empty database with the demo, showing progress, and opens its meeting."""
        from forumdesk.core import demo

        if work.refuse_if_busy(self):
            return

        def made(_summary: object) -> None:
            self.navigator.reload()
            self.open_meeting(self._most_recent_meeting())

        work.run(
            self.desk,
            self,
            _("Preparing the demo forums…"),
            _("Preparing the demo"),
            demo.fill_demo,
            done=made,
            stopped=_("The demo was cancelled; the database is still empty."),
        )

    def export_file(self) -> None:
        """File → Export…: a file for another desk."""
        from forumdesk.gui.exchange_dialogs import export_now

        export_now(self.desk, self.workspace.meeting, self)

    def import_file(self) -> None:
        """File → Import…: preview, confirm, then the conflicts if any."""
        self.import_path(None)

    def import_path(self, path: str | None) -> None:
        """Imports ``path`` (a file dropped on the window, or opened from the file
        manager) with the same preview, or asks for a file when it is None."""
        from forumdesk.gui.exchange_dialogs import import_now

        def imported(_report: object) -> None:
            self.navigator.reload()
            if self.workspace.meeting is None:
                self.open_meeting(self._most_recent_meeting())

        import_now(self.desk, self, path=path, done=imported)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """An exchange file dragged over the window may be dropped to import it."""
        if _dropped_exchange_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped exchange file starts the import preview, as File → Import… does."""
        path = _dropped_exchange_file(event.mimeData())
        if path is None:
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.import_path(path))

    def show_conflicts(self) -> None:
        """File → Conflicts…: decide the fields two desks changed at once."""
        from forumdesk.gui.exchange_dialogs import ConflictsDialog

        ConflictsDialog(self.desk, self).exec()

    def show_desks(self) -> None:
        """File → Desks…: this desk's fingerprint, and the desks it trusts."""
        from forumdesk.gui.desks_page import DesksDialog

        DesksDialog(self.desk, self).exec()

    def show_people(self) -> None:
        """File → People…: residents as people; linking, erasure and subject access."""
        from forumdesk.gui.people_page import PeopleDialog

        PeopleDialog(self.desk, self).exec()

    def show_shortcuts(self) -> None:
        """Every key the window answers to, read from the window itself (F1)."""
        from forumdesk.gui.shortcuts import ShortcutsDialog  # not needed to start

        ShortcutsDialog(self).exec()

    def about(self) -> None:
        """Version, purpose, licence, and where this desk keeps its data and its log."""
        ask.show_info(
            self,
            _(
                "ForumDesk {version}\n\nArea forums and the co-productive policy cycle, "
                "offline.\n\nLicence: GNU General Public License, version 3 or later.\n"
                "Database: {database}\nData folder: {data}\nLog folder: {log}"
            ).format(
                version=__version__,
                database=self.desk.db.display_name,
                data=paths.data_dir(),
                log=paths.log_dir(),
            ),
        )

    def show_settings(self) -> None:
        """File → Settings…: every setting, checked as ``forumdesk config`` checks it."""
        from forumdesk.gui.settings_dialog import SettingsDialog

        SettingsDialog(self.desk, self).exec()

    def show_guide(self) -> None:
        """Help → User guide: the guides, readable without a network."""
        from forumdesk.gui.guide import GuideDialog

        GuideDialog(self).exec()

    def open_log_folder(self) -> None:
        """Help → Open log folder: what to send whoever supports ForumDesk."""
        folder = paths.log_dir()
        try:
            private_folder(folder)
        except OSError as exc:
            ask.show_error(
                self,
                _("The log folder {folder} cannot be made: {problem}.").format(
                    folder=folder, problem=exc.strerror
                ),
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            ask.show_info(self, _("The log is kept in {folder}.").format(folder=folder))

    # -- state ----------------------------------------------------------------------

    def _update_view(self) -> None:
        has_forum = bool(self.desk.read(forums.list_forums))
        has_meeting = self.workspace.meeting is not None
        # The register and the audit stay in view after a change; the workspace or the
        # welcome screen otherwise, as the data says.
        staying = has_forum and self.current_view in (
            v for v in (self._register, self.audit, self._engagements) if v is not None
        )
        if not staying:
            self.views.setCurrentWidget(
                self._scroll_areas[self.workspace if has_forum else self.welcome]
            )
        self.workspace.setEnabled(has_meeting)
        for action in self.meeting_actions:
            action.setEnabled(has_meeting)
        self.edit_forum_action.setEnabled(has_forum)
        self.demo_action.setEnabled(not has_forum)
        meeting = self.workspace.meeting
        open_minutes = self.workspace.sealed is None  # approved minutes seal the meeting
        self.start_action.setEnabled(
            meeting is not None and open_minutes and meeting.status is MeetingStatus.PLANNED
        )
        self.close_meeting_action.setEnabled(
            meeting is not None and open_minutes and meeting.status is not MeetingStatus.CLOSED
        )
        for action in (self.edit_meeting_action, self.carry_action):
            action.setEnabled(has_meeting and open_minutes)
        on_register = staying and self.current_view is self._register
        on_audit = staying and self.current_view is self.audit
        on_engagements = staying and self.current_view is self._engagements
        title = (
            _("Register – ForumDesk")
            if on_register
            else _("Engagements – ForumDesk")
            if on_engagements
            else _("Co-production audit – ForumDesk")
            if on_audit
            else _("{forum} {date} – ForumDesk").format(
                forum=meeting.forum_code, date=short_date(meeting.date, INTERFACE)
            )
            if meeting
            else "ForumDesk"  # i18n: not text
        )
        self.setWindowTitle(title)

    def _most_recent_meeting(self) -> int | None:
        found = self.desk.read(meetings.list_meetings)
        return found[0].id if found else None

    def _last_meeting_key(self) -> str:
        return f"last_meeting/{self.desk.db.display_name}"

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            forms.fit_to_screen(self, 1280, 720, fill=True)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:
            # A quarter of a small screen at most: the meeting needs the width more.
            width = min(250, self.screen().availableGeometry().width() // 4)
            self.resizeDocks([self.navigator_dock], [width], Qt.Orientation.Horizontal)
        area = self.settings.value("workspace/area")
        if area is not None and str(area).isdigit():
            self.workspace.show_area(int(area))
        splitter = self.settings.value("workspace/issues_splitter")
        if splitter is not None:
            self.workspace.issues.splitter.restoreState(splitter)
        last = self.settings.value(self._last_meeting_key())
        meeting_id = None
        known = {m.id for m in self.desk.read(meetings.list_meetings)}
        if last is not None and int(last) in known:
            meeting_id = int(last)
        else:
            meeting_id = self._most_recent_meeting()
        self.open_meeting(meeting_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrowed window (half a screen) keeps the meeting in view: the navigator
        gives up width beyond a quarter of the window."""
        super().resizeEvent(event)
        cap = max(NAVIGATOR_MIN, self.width() // 4)
        if self.navigator_dock.isVisible() and self.navigator_dock.width() > cap:
            self.resizeDocks([self.navigator_dock], [cap], Qt.Orientation.Horizontal)

    def _captures_settled(self) -> bool:
        """Issues still being saved are saved before the window goes; one that could not
        be saved is not lost without asking."""
        if self.workspace.issues.capture.waiting:
            self.desk.writer.finish()
            QCoreApplication.sendPostedEvents()  # their saved or not saved, shown now
        unsaved = self.workspace.issues.unsaved()
        if not unsaved:
            return True
        n = len(unsaved)
        return ask.ask_yes_no(
            self,
            ngettext(
                "{n} issue captured could not be saved; its text is only on screen. "
                "Close the window and lose it?",
                "{n} issues captured could not be saved; their text is only on screen. "
                "Close the window and lose them?",
                n,
            ).format(n=n),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if work.hold_close(self, event):
            return  # long work is under way: the window closes once it has stopped
        if not self._captures_settled():
            event.ignore()
            return
        # Notes being typed are saved before the window goes.
        focused = QApplication.focusWidget()
        if isinstance(focused, QWidget):
            focused.clearFocus()
        self.drafts.finish()  # a clean exit: no drafts to offer back
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("workspace/area", self.workspace.tabs.currentIndex())
        self.settings.setValue(
            "workspace/issues_splitter", self.workspace.issues.splitter.saveState()
        )
        self.settings.sync()
        self.backups.on_close()
        super().closeEvent(event)

    def _on_damaged(self, problem: str) -> None:
        from forumdesk.gui.databases import offer_sound_backup

        self.statusBar().addPermanentWidget(storage.damage_notice())
        offer_sound_backup(self, problem)

    def _on_area_changed(self, index: int) -> None:
        """Kept at once, so that after a crash the window opens on the area in use."""
        self.settings.setValue("workspace/area", index)
        self.settings.sync()

    def _on_saved(self, when: datetime) -> None:
        self.saved_label.setText(_("Saved {time}").format(time=f"{when:%H:%M:%S}"))
        if self.storage_notice is not None and not self.desk.db.read_only:
            self.storage_notice.hide()  # space was freed: the disk is no longer full

    def _on_backup(self, message: str, ok: bool) -> None:
        # A failed backup stays in sight until the next one is taken.
        self.statusBar().showMessage(message, 10_000 if ok else 0)

    def _on_changed(self, changes: Changes) -> None:
        if changes.issues_only() or changes.only(ENGAGEMENT_KINDS | ISSUE_KINDS | {OFFER}):
            return  # the navigator and the menus show nothing of an issue or an engagement
        self.navigator.reload(
            select_meeting=self.workspace.meeting.id if self.workspace.meeting else None
        )
        if self._engagements is not None and self.current_view is self._engagements:
            self.navigator.select_engagements(self._engagements.forum_id)
        self._update_view()


def _dropped_exchange_file(data: QMimeData) -> str | None:
    """The one local exchange file (``*.json``) in a drag, or None."""
    urls = data.urls() if data.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(".json") else None
