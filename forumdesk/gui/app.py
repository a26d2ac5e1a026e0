"""Starting the window: the one place a QApplication is created."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.engine import make_url

from forumdesk.core.erasure import reapply_logged
from forumdesk.core.retention import apply_on_opening
from forumdesk.db import restore
from forumdesk.db.engine import Database, is_sqlite
from forumdesk.db.store import open_database, to_url
from forumdesk.domain.errors import DamagedDatabase, ForumDeskError, NoDatabase, StoreError
from forumdesk.domain.language import INTERFACE, day_month_year, local_moment
from forumdesk.gui import ask, unexpected
from forumdesk.gui.main_window import MainWindow
from forumdesk.gui.start import prepare_application
from forumdesk.i18n import _


def run(
    target: str,
    *,
    ask_before_creating: bool = False,
    import_file: str | None = None,
    opening: QWidget | None = None,
) -> int:
    """Opens the database and shows the main window until it is closed.

    Args:
        target: the database file or URL.
        ask_before_creating: the path was given on the command line, so a missing file
            is created only when the person says so (the default file in the data
            folder is made without asking on the first run).
        import_file: an exchange file to preview for import once the window is up (a
            file manager opened it with ForumDesk).
        opening: the window shown while ForumDesk loaded (gui/start.py), closed once the
            main window shows in its place, or before a message that nothing opened.
    """
    # start() prepared the application before its opening window; a caller without one
    # (File → Open database… reruns this, tests call it) has it prepared here.
    app = prepare_application() if opening is None else cast(QApplication, QApplication.instance())
    scripted = bool(os.environ.get("FORUMDESK_QUIT_WHEN_IDLE"))
    # A scripted start-up check must not wait on a question: it answers no.
    confirm = (lambda _parent, _question: False) if scripted else None
    previous: str | None = None  # the database open before File → Open database…
    while True:
        try:
            opened = _open_window(target, ask_before_creating=ask_before_creating, confirm=confirm)
        except ForumDeskError as exc:
            sys.stderr.write(f"forumdesk: {exc}\n")
            _close(opening)
            opening = None
            if not scripted:  # a scripted start-up check must not wait on a dialog
                QMessageBox.critical(None, _("ForumDesk cannot open the database"), str(exc))
            if previous is None:
                return exc.exit_code
            target, previous = previous, None  # back to the one that was open
            continue
        if opened is None:
            _close(opening)
            sys.stderr.write(
                "forumdesk: "
                + _("{target}: nothing was created or restored.").format(target=target)
                + "\n"
            )
            return NoDatabase.exit_code
        db, window, erased = opened
        window.desk.watch_other_programs()  # the command line, a second window
        if erased:
            window.statusBar().showMessage(erased)
        code = _show(app, window, db, scripted, import_file, notice=erased, opening=opening)
        opening = None
        # File → Open database…, New database… and Restore… close the window and name
        # what comes next: the database is closed first, so a backup can be put back.
        if window.next_database is None:
            return code
        if window.restore_from is not None:
            _restore(window.restore_from, Path(window.next_database))
        previous = db.display_name if is_sqlite(db.url) else None
        target, ask_before_creating, import_file = window.next_database, False, None


def _open_window(
    target: str,
    *,
    ask_before_creating: bool,
    confirm: Callable[[QWidget | None, str], bool] | None,
) -> tuple[Database, MainWindow, str | None] | None:
    """Opens the database and makes its window, not shown yet (None: the person said no).

    The file's integrity check waits until the window shows (docs/internals.md,
    "Start-up"). A damaged page the window reads before then is an error; the check,
    run there and then, decides: a damaged file is offered its newest sound backup as
    when the damage is found on opening.

    Returns:
        The database, its window, and what retention erased on opening (or None).
    """
    db = open_for_window(
        target, ask_before_creating=ask_before_creating, confirm=confirm, check_later=True
    )
    if db is None:
        return None
    try:
        erased = apply_on_opening(db)  # before the window shows any name
        return db, MainWindow(db), erased
    except Exception:
        problem = db.check.result() if db.check is not None else None
        db.dispose()
        if problem is None:
            raise
    db = _put_back_newest(target, Path(db.display_name), problem, confirm or ask.ask_yes_no)
    if db is None:
        return None
    reapply_logged(db)
    erased = apply_on_opening(db)
    return db, MainWindow(db), erased


def _show(
    app: QApplication,
    window: MainWindow,
    db: Database,
    scripted: bool,
    import_file: str | None,
    *,
    notice: str | None = None,
    opening: QWidget | None = None,
) -> int:
    """Shows the window until it is closed; then its database is closed too.

    ``notice`` (what retention erased on opening) is said in a message too: the status
    bar's next message would hide it before anyone read it.
    """
    previous_hook = unexpected.install(lambda: QApplication.activeWindow() or window)
    window.show()
    _close(opening)  # the main window stands where it stood
    QTimer.singleShot(0, _collect_again)
    if scripted:
        # Start-up check (benchmarks, the frozen build): report once the window is
        # shown and the event loop idle, then leave.
        QTimer.singleShot(0, lambda: _report_ready(app))
    for warning in db.warnings:
        if not scripted:
            ask.show_error(window, warning)
    if notice and not scripted:
        QTimer.singleShot(0, lambda: ask.show_info(window, notice))
    if import_file and not scripted:
        QTimer.singleShot(0, lambda: window.import_path(import_file))
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        gc.enable()
        window.backups.on_close()  # a backup under way is finished, not left half-written
        window.desk.stop_watching()
        db.dispose()


def _restore(backup_file: Path, database: Path) -> None:
    """Puts a backup chosen in the window back, once the window has closed the database."""
    try:
        aside = restore.restore_database(backup_file, database)
    except ForumDeskError as exc:
        QMessageBox.critical(None, _("The backup was not put back"), str(exc))
        return
    said = _("The backup {backup} was put back.").format(backup=backup_file.name)
    if aside is not None:
        said += " " + _("The database it replaced is kept as {aside}.").format(aside=aside)
    QMessageBox.information(None, _("Backup put back"), said)


def open_for_window(
    target: str,
    *,
    ask_before_creating: bool = False,
    confirm: Callable[[QWidget | None, str], bool] | None = None,
    check_later: bool = False,
) -> Database | None:
    """Opens the window's database (see :func:`_open_for_window`); the erasures logged in
    the data folder are applied again to it, so that a backup put back is erased again.

    ``check_later``: the file's integrity check is left for the window to start on a
    thread once it shows (``open_database``; gui/storage.py, CheckWatch).
    """
    db = _open_for_window(
        target, ask_before_creating=ask_before_creating, confirm=confirm, check_later=check_later
    )
    if db is not None:
        reapply_logged(db)
    return db


def _open_for_window(
    target: str,
    *,
    ask_before_creating: bool = False,
    confirm: Callable[[QWidget | None, str], bool] | None = None,
    check_later: bool = False,
) -> Database | None:
    """Opens the window's database, asking the person where a choice is theirs.

    A missing file named on the command line is created only if they say yes; a damaged
    file is replaced by the newest backup that passes its check only if they say yes
    (the damaged file is kept beside it).

    ``confirm`` asks the yes/no questions (default: :func:`ask.ask_yes_no`).

    Returns:
        The open database, or None when the person said no.

    Raises:
        ForumDeskError: the database cannot be opened (the message says why).
    """
    confirm = confirm or ask.ask_yes_no
    url = to_url(target)
    path = Path(make_url(url).database or "") if is_sqlite(url) else None
    if ask_before_creating and path is not None and not path.exists():
        question = _(
            "There is no ForumDesk database at {path}. Create a new, empty one there?"
        ).format(path=path)
        if not confirm(None, question):
            return None
    # The backup due on opening is taken by the window, on a thread (gui/storage.py).
    try:
        return open_database(target, check_later=check_later)
    except DamagedDatabase as exc:
        assert path is not None
        return _put_back_newest(target, path, exc.problem, confirm)


def _put_back_newest(
    target: str, path: Path, problem: str, confirm: Callable[[QWidget | None, str], bool]
) -> Database | None:
    """Offers a damaged database file its newest sound backup; opens it once put back.

    Returns:
        The database put back and opened, or None when the person said no.

    Raises:
        StoreError: no backup passes its check (the file is left as it is).
    """
    newest = restore.newest_sound(path)
    if newest is None:
        raise StoreError(
            _(
                "The database {path} is damaged ({problem}), and no backup of it "
                "passes its check. It was left as it is."
            ).format(path=path, problem=problem)
        )
    taken = local_moment(newest.taken)
    question = _(
        "The database {path} is damaged ({problem}).\n\nPut back the newest "
        "backup that passes its check, taken {date} at {time}? "
        "Changes made since then will be missing. The damaged file is kept beside it."
    ).format(
        path=path,
        problem=problem,
        date=day_month_year(taken.date(), INTERFACE),
        time=f"{taken:%H:%M}",
    )
    if not confirm(None, question):
        return None
    aside = restore.restore_database(newest.path, path)
    db = open_database(target)
    taken = local_moment(newest.taken)
    db.warnings.insert(
        0,
        _(
            "The backup taken {date} at {time} was put back. The damaged file is kept as {aside}."
        ).format(date=day_month_year(taken.date(), INTERFACE), time=f"{taken:%H:%M}", aside=aside),
    )
    return db


def _close(opening: QWidget | None) -> None:
    """Closes the opening window, if one is still shown."""
    if opening is not None:
        opening.close()
        opening.deleteLater()


def _collect_again() -> None:
    """Garbage collection back on once the window is shown; what start-up made stays out
    of its way (``gc.freeze``), so later collections do not walk it."""
    gc.freeze()
    gc.enable()


#: Libraries the first window does not need, imported when first used (the PDF makers
#: and drawers, migrations, the exchange file's schema and signatures); a scripted
#: start-up names any of them found loaded once the window is shown.
NOT_BEFORE_THE_WINDOW = (  # i18n: not text
    "reportlab",
    "pypdfium2",
    "alembic",
    "jsonschema",
    "jsonschema_rs",
    "cryptography",
)


def _report_ready(app: QApplication) -> None:
    heavy = [name for name in NOT_BEFORE_THE_WINDOW if name in sys.modules]
    print(
        f"ready {time.process_time():.3f} heavy={','.join(heavy) or 'none'}"  # i18n: not text
        f" scanned={','.join(_scanned_by_pyside()) or 'none'}",
        flush=True,
    )
    app.quit()


def _scanned_by_pyside() -> list[str]:
    """Modules of SQLAlchemy, the store and the core whose source PySide6's import hook
    read (there should be none: gui/start.py loads them past it)."""
    feature = sys.modules.get("shibokensupport.feature")
    seen = getattr(feature, "pyside_feature_dict", {})
    loaded_later = ("sqlalchemy", "forumdesk.core", "forumdesk.db.", "forumdesk.exchange")
    return [name for name in seen if isinstance(name, str) and name.startswith(loaded_later)]
