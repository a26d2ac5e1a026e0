"""The window's commands: each action with its keys, and the menus and toolbar showing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from forumdesk.domain.enums import PolicyStage
from forumdesk.gui import databases
from forumdesk.gui.workspace.issues_area import BRING_KEYS
from forumdesk.i18n import _

if TYPE_CHECKING:
    from forumdesk.gui.main_window import MainWindow


def keys_for(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's keys for a standard action, or ours where the platform has none."""
    return QKeySequence.keyBindings(standard) or [QKeySequence(fallback)]


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[..., object],
    keys: list[QKeySequence] | str | None = None,
    tip: str | None = None,
) -> QAction:
    """An action of the window with its keys and status-bar tip, connected to ``slot``."""
    action = QAction(text, window)
    if isinstance(keys, str):
        action.setShortcut(QKeySequence(keys))
    elif keys:
        action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def build_actions(window: MainWindow) -> None:
    """Every command of the window, as ``window.<name>_action`` (menus, keys, tests)."""
    window.new_forum_action = make_action(
        window,
        _("New &forum…"),
        window.new_forum,
        "Ctrl+Shift+N",  # i18n: not text
    )
    window.edit_forum_action = make_action(window, _("&Edit forum…"), window.edit_forum)
    window.demo_action = make_action(window, _("Open the de&mo forum"), window.open_demo)
    window.export_action = make_action(
        window,
        _("E&xport for another desk…"),
        window.export_file,
        "Ctrl+Shift+E",  # i18n: not text
    )
    window.import_action = make_action(
        window,
        _("&Import from another desk…"),
        window.import_file,
        "Ctrl+Shift+I",  # i18n: not text
    )
    window.conflicts_action = make_action(window, _("&Conflicts…"), window.show_conflicts)
    window.desks_action = make_action(
        window,
        _("&Desks…"),
        window.show_desks,
        "Ctrl+Shift+D",  # i18n: not text
        _("This desk's key fingerprint, and the desks whose files it trusts"),
    )
    window.people_action = make_action(
        window,
        _("&People…"),
        window.show_people,
        "Ctrl+Shift+P",  # i18n: not text
        _("Residents as people: find, link, erase, and export what is held about them"),
    )
    window.feedback_action = make_action(
        window,
        _("&You said, we did…"),
        lambda: _feedback_report(window),
        tip=_(
            "What residents raised at a forum, what the council did, and what still awaits "
            "a response"
        ),
    )
    window.quit_action = make_action(
        window,
        _("&Quit"),
        window.close,
        keys_for(QKeySequence.StandardKey.Quit, "Ctrl+Q"),  # i18n: not text
    )
    window.undo_action = window.undo_stack.createUndoAction(window, _("&Undo"))
    window.undo_action.setShortcuts(
        keys_for(QKeySequence.StandardKey.Undo, "Ctrl+Z")  # i18n: not text
    )
    window.redo_action = window.undo_stack.createRedoAction(window, _("&Redo"))
    window.redo_action.setShortcuts(
        keys_for(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z")  # i18n: not text
    )
    # The toolbar says just "Undo"/"Redo" (what would be undone is in the menu and the
    # tooltip): a button whose width changed with each capture re-laid the window out.
    window.undo_action.setIconText(_("Undo"))
    window.redo_action.setIconText(_("Redo"))
    window.find_action = make_action(
        window,
        _("&Find issue"),
        window.find,
        keys_for(QKeySequence.StandardKey.Find, "Ctrl+F"),  # i18n: not text
    )
    window.area_actions = [
        make_action(
            window,
            text,
            lambda _c=False, i=index: window.show_area(i),
            f"Ctrl+{index + 1}",  # i18n: not text
        )
        for index, text in enumerate(
            (_("&Agenda"), _("A&ttendance"), _("&Issues raised"), _("A&ctions"), _("&Minutes"))
        )
    ]
    window.audit_action = make_action(
        window, _("Co-&production audit"), window.show_audit, tip=_("Stages, gaps and charts")
    )
    window.register_action = make_action(
        window,
        _("&Register of issues"),
        window.show_register,
        "Ctrl+R",  # i18n: not text
        _("Every issue of every forum: search, filter, and follow them"),
    )
    window.engagements_action = make_action(
        window,
        _("&Engagements"),
        window.show_engagements_here,
        "Ctrl+Shift+G",  # i18n: not text
        _("Petitions, consultations, co-option, juries, ballots, online deliberation, offers"),
    )
    window.meeting_view_action = make_action(
        window,
        _("Meeting &workspace"),
        window.show_meeting_view,
        "Ctrl+M",  # i18n: not text
    )
    window.navigator_action = window.navigator_dock.toggleViewAction()
    window.navigator_action.setText(_("&Navigator"))
    window.navigator_action.setShortcut(QKeySequence("F9"))
    window.new_meeting_action = make_action(
        window,
        _("&New meeting…"),
        window.new_meeting,
        "Ctrl+Shift+M",  # i18n: not text
    )
    window.edit_meeting_action = make_action(window, _("&Edit meeting…"), window.edit_meeting)
    window.capture_action = make_action(
        window,
        _("&Capture an issue"),
        window.capture,
        keys_for(QKeySequence.StandardKey.New, "Ctrl+N"),  # i18n: not text
        _("Put the cursor in the capture bar of this meeting"),
    )
    window.bring_action = make_action(
        window,
        _("&Bring an earlier issue…"),
        window.bring_earlier,
        BRING_KEYS,
        _("Find an issue raised before this meeting and record that it was discussed here"),
    )
    window.start_action = make_action(
        window,
        _("&Start meeting"),
        window.start_meeting,
        "Ctrl+Shift+S",  # i18n: not text
    )
    window.close_meeting_action = make_action(window, _("Cl&ose meeting"), window.close_meeting)
    window.carry_action = make_action(window, _("Carry &forward…"), window.offer_carry_forward)
    window.stage_actions = [
        make_action(
            window,
            f"&{stage.number}. {stage.label}",
            lambda _c=False, s=stage: window.set_stage(s),
            f"Alt+{stage.number}",  # i18n: not text
        )
        for stage in PolicyStage
    ]
    window.shortcuts_action = make_action(
        window,
        _("&Keyboard shortcuts"),
        window.show_shortcuts,
        keys_for(QKeySequence.StandardKey.HelpContents, "F1"),
    )
    window.guide_action = make_action(
        window,
        _("&User guide"),
        window.show_guide,
        "Shift+F1",  # i18n: not text
    )
    window.new_database_action = make_action(
        window, _("New d&atabase…"), lambda: databases.new_database(window)
    )
    window.open_database_action = make_action(
        window,
        _("&Open database…"),
        lambda: databases.open_database(window),
        keys_for(QKeySequence.StandardKey.Open, "Ctrl+O"),  # i18n: not text
    )
    window.backup_action = make_action(
        window, _("&Back up now"), lambda: databases.back_up_now(window)
    )
    window.restore_action = make_action(
        window, _("&Restore from a backup…"), lambda: databases.restore_backup(window)
    )
    window.settings_action = make_action(
        window,
        _("Se&ttings…"),
        window.show_settings,
        keys_for(QKeySequence.StandardKey.Preferences, "Ctrl+,"),  # i18n: not text
    )
    window.log_folder_action = make_action(
        window, _("Open the &log folder"), window.open_log_folder
    )
    window.about_action = make_action(window, _("&About ForumDesk"), window.about)
    window.meeting_actions = [
        window.edit_meeting_action,
        window.capture_action,
        window.bring_action,
        window.start_action,
        window.close_meeting_action,
        window.carry_action,
        window.find_action,
        *window.stage_actions,
        *window.area_actions,
    ]


def build_menus(window: MainWindow) -> None:
    """The menu bar and the toolbar, from the actions."""
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    for action in (window.new_forum_action, window.edit_forum_action, window.demo_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    for action in (
        window.export_action,
        window.import_action,
        window.conflicts_action,
        window.desks_action,
        window.people_action,
    ):
        file_menu.addAction(action)
    reports_menu = file_menu.addMenu(_("Report&s"))
    reports_menu.addAction(window.feedback_action)
    file_menu.addSeparator()
    file_menu.addAction(window.new_database_action)
    file_menu.addAction(window.open_database_action)
    recent = file_menu.addMenu(_("Open rece&nt"))
    recent.aboutToShow.connect(lambda: databases.fill_recent_menu(window, recent))
    window.recent_menu = recent
    file_menu.addAction(window.backup_action)
    file_menu.addAction(window.restore_action)
    file_menu.addSeparator()
    file_menu.addAction(window.settings_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu(_("&Edit"))
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.find_action)
    view_menu = bar.addMenu(_("&View"))
    view_menu.addAction(window.register_action)
    view_menu.addAction(window.engagements_action)
    view_menu.addAction(window.meeting_view_action)
    view_menu.addSeparator()
    for action in window.area_actions:
        view_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(window.audit_action)
    view_menu.addAction(window.navigator_action)
    meeting_menu = bar.addMenu(_("&Meeting"))
    for action in (
        window.new_meeting_action,
        window.edit_meeting_action,
        window.start_action,
        window.close_meeting_action,
        window.carry_action,
    ):
        meeting_menu.addAction(action)
    meeting_menu.addSeparator()
    meeting_menu.addAction(window.capture_action)
    meeting_menu.addAction(window.bring_action)
    stage_menu = meeting_menu.addMenu(_("Set s&tage of the selected issue"))
    for action in window.stage_actions:
        stage_menu.addAction(action)
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(window.guide_action)
    help_menu.addAction(window.shortcuts_action)
    help_menu.addAction(window.log_folder_action)
    help_menu.addAction(window.about_action)

    toolbar = window.addToolBar(_("Main"))
    toolbar.setObjectName("main-toolbar")
    for action in (
        window.new_meeting_action,
        window.capture_action,
        window.undo_action,
        window.redo_action,
    ):
        toolbar.addAction(action)


def _feedback_report(window: MainWindow) -> None:
    """File → Reports → You said, we did…, on the open meeting's forum."""
    from forumdesk.gui.feedback_dialog import make_feedback_report

    meeting = window.workspace.meeting
    make_feedback_report(window.desk, window, meeting.forum_id if meeting else None)
