"""File → New database…, Open database…, Open recent, Back up now, Restore from a backup….

Opening another database, or putting a backup back, closes this window (its drafts
finished, a backup under way completed, the database closed) and the application opens
the next one (gui/app.py): one window per database, each with its own undo history.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMenu

from forumdesk.db import restore, store
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.language import INTERFACE, day_month_year, local_moment
from forumdesk.gui import ask
from forumdesk.gui.storage import sqlite_file
from forumdesk.i18n import _
from forumdesk.user_settings import shared_folder_warning

if TYPE_CHECKING:
    from forumdesk.gui.main_window import MainWindow

RECENT_KEY = "databases/recent"  # i18n: not text
RECENT_MAX = 8


def recent(settings: QSettings) -> list[str]:
    """The databases opened lately, newest first."""
    value: Any = settings.value(RECENT_KEY, [])  # a list, or one value as text
    if isinstance(value, str):  # QSettings gives one value back as a string
        value = [value]
    return [str(v) for v in value or []]


def remember(settings: QSettings, path: str) -> None:
    """Puts ``path`` first in the recent list."""
    listed = [p for p in recent(settings) if p != path]
    settings.setValue(RECENT_KEY, [path, *listed][:RECENT_MAX])


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    """The recent databases other than the open one, each opening it."""
    menu.clear()
    here = window.desk.db.display_name
    shown = [p for p in recent(window.settings) if p != here]
    for number, path in enumerate(shown, start=1):
        action = menu.addAction(f"&{number} {path}" if number < 10 else path)
        action.triggered.connect(lambda _c=False, p=path: open_path(window, p))
    if not shown:
        menu.addAction(_("No other database opened yet")).setEnabled(False)


def new_database(window: MainWindow) -> None:
    """Asks where to make a new, empty database, then opens it."""
    path = ask.ask_save_path(
        window, _("New database"), "forumdesk.sqlite", _("ForumDesk databases (*.sqlite)")
    )
    if path is None:
        return
    if Path(path).exists():
        ask.show_error(
            window,
            _("{path} already exists. Choose another name, or use Open database….").format(
                path=path
            ),
        )
        return
    _switch(window, path)


def open_database(window: MainWindow) -> None:
    """Asks for a database file, then opens it in place of this one."""
    path = ask.ask_open_path(
        window, _("Open database"), _("ForumDesk databases (*.sqlite);;All files (*)")
    )
    if path is not None:
        open_path(window, path)


def open_path(window: MainWindow, path: str) -> None:
    """Opens ``path`` in place of this database (nothing happens for the open one).

    The file is checked first, while this window stays: something that is not a
    ForumDesk database (an exchange file, an empty file) is refused with the reason and
    is never turned into a database.
    """
    if path == window.desk.db.display_name:
        return
    if not Path(path).is_file():
        ask.show_error(window, _("There is no database at {path} any more.").format(path=path))
        return
    try:
        store.open_database(path, create=False).dispose()
    except ForumDeskError as exc:
        ask.show_error(window, str(exc))
        return
    _switch(window, path)


def _switch(window: MainWindow, path: str) -> None:
    warning = shared_folder_warning(Path(path))
    if warning and not ask.ask_yes_no(window, warning + "\n\n" + _("Open it all the same?")):
        return
    window.next_database = path
    window.close()


def back_up_now(window: MainWindow) -> None:
    """Takes a backup at once, beside the database (the status bar says when it is done)."""
    keeper = window.backups
    if window.desk.db.engine.dialect.name != "sqlite":  # i18n: not text
        from forumdesk.db.server import backup_advice

        ask.show_error(window, backup_advice(window.desk.db.url))
        return
    if not keeper.possible:
        ask.show_error(
            window,
            _(
                "This database cannot be backed up from here: it is read-only, on a full "
                "disk, or on a server (which has its own backups)."
            ),
        )
        return
    if keeper.running():
        window.statusBar().showMessage(_("A backup is being taken now."), 5000)
        return
    window.statusBar().showMessage(_("Taking a backup…"))
    keeper.start("manual")


def _label(found: restore.BackupInfo) -> str:
    """A backup as a person picks it: when it was taken, and why."""
    local = local_moment(found.taken)
    return _("{date} at {time} ({kind})").format(
        date=day_month_year(local.date(), INTERFACE), time=f"{local:%H:%M}", kind=found.kind
    )


def restore_backup(window: MainWindow) -> None:
    """Lists this database's backups; the one chosen is put back once the window closes."""
    database = sqlite_file(window.desk.db)
    if database is None:
        ask.show_error(window, _("Only a database file has backups to put back."))
        return
    found = [b for b in restore.survey(database) if b.ok]
    if not found:
        ask.show_error(
            window, _("There is no backup of {path} that passes its check.").format(path=database)
        )
        return
    labels = [_label(b) for b in found]
    chosen, ok = QInputDialog.getItem(
        window,
        _("Restore from a backup"),
        _("Put back the database as it was when this backup was taken:"),
        labels,
        0,
        False,
    )
    if not ok:
        return
    picked = found[labels.index(chosen)]
    question = _(
        "Put back the backup of {when}? Changes made since then will be missing from the "
        "database; the file it replaces is kept beside it. The window closes and opens "
        "again."
    ).format(when=chosen)
    if not ask.ask_yes_no(window, question):
        return
    window.restore_from = picked.path
    window.next_database = str(database)
    window.close()


def offer_sound_backup(window: MainWindow, problem: str) -> None:
    """The integrity check of the file opened found this database damaged (``problem``:
    what SQLite's check says). Nothing more is saved to it (``Database.session``
    refuses); the newest backup that passes its check is offered, put back once the
    window closes, the damaged file kept beside it (as on opening: gui/app.py)."""
    database = sqlite_file(window.desk.db)
    if database is None:
        return
    newest = restore.newest_sound(database)
    if newest is None:
        ask.show_error(
            window,
            _(
                "The database {path} is damaged ({problem}), and no backup of it passes "
                "its check. ForumDesk saves nothing more to it; what it shows can still "
                "be read."
            ).format(path=database, problem=problem),
        )
        return
    taken = local_moment(newest.taken)
    question = _(
        "The database {path} is damaged ({problem}); nothing more is saved to it.\n\n"
        "Put back the newest backup that passes its check, taken {date} at {time}? "
        "Changes made since then will be missing. The damaged file is kept beside it. "
        "The window closes and opens again."
    ).format(
        path=database,
        problem=problem,
        date=day_month_year(taken.date(), INTERFACE),
        time=f"{taken:%H:%M}",
    )
    if not ask.ask_yes_no(window, question):
        return
    window.restore_from = newest.path
    window.next_database = str(database)
    window.close()
