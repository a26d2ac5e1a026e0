"""The first moments of the window: the application, and a window painted before the rest.

The store, the core and the main window's code take some 400 ms to load (SQLAlchemy and
its ORM alone about 200 ms). Waiting for them with nothing on screen is what made
ForumDesk slow to start; so the application paints an opening window first, at the
place and size the main window had, saying which database it opens, and loads the rest
on a thread while that window stays responsive. The main window then shows in its place.

PySide6 replaces ``__import__`` with a hook that, for every module imported after it,
reads the module's source looking for ``from __feature__ import`` (a PySide option
ForumDesk never uses): for the store and the core, some 270 modules, that cost 110–170
ms, and as much again for the PDF makers when the Minutes tab first opens. So the window
puts back the import Python had before PySide6 (``_PLAIN_IMPORT``) for the rest of the
process. A module loaded that way is one PySide6 has no entry for, which it treats as a
module without ``__feature__`` options: as it treats every module of ForumDesk.
"""

from __future__ import annotations

import builtins
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

# Before PySide6 is imported (here, unless a host such as pytest-qt or a frozen build's
# runtime hook imported it first: then Python's own importlib, which reads no source).
_PLAIN_IMPORT: Callable[..., Any] = (
    builtins.__import__ if "PySide6.QtCore" not in sys.modules else importlib.__import__
)

from PySide6.QtCore import QEventLoop, QLocale, QSettings, Qt, QTimer, QTranslator  # noqa: E402
from PySide6.QtGui import QIcon, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from forumdesk.db import files  # noqa: E402
from forumdesk.i18n import SOURCE_LANGUAGE, _, interface_language, pgettext  # noqa: E402
from forumdesk.paths import resources_dir  # noqa: E402

#: How long the opening window waits for its first paint before going on regardless (a
#: window manager that never exposes it must not stop ForumDesk from starting).
_PAINT_WAIT_MS = 2000


def start(target: str, *, ask_before_creating: bool = False, import_file: str | None = None) -> int:
    """Shows the opening window, loads the rest, then runs the main window
    (:func:`forumdesk.gui.app.run`) until it is closed. Arguments as that function's."""
    builtins.__import__ = _PLAIN_IMPORT  # for good: see the module's docstring
    prepare_application()
    opening = OpeningWindow(target)
    opening.show()
    opening.wait_for_paint()
    if os.environ.get("FORUMDESK_QUIT_WHEN_IDLE"):
        # Start-up check (benchmarks): the first paint, the figure set beside a bare window.
        print(f"painted {time.process_time():.3f}", flush=True)  # i18n: not text
    run = load_the_rest()
    return run(
        target, ask_before_creating=ask_before_creating, import_file=import_file, opening=opening
    )


def prepare_application() -> QApplication:
    """The running QApplication (made if there is none: never a bare QCoreApplication),
    with ForumDesk's name, icon, language and private settings file."""
    app = cast(QApplication | None, QApplication.instance()) or QApplication(sys.argv[:1])
    use_interface_locale()
    app.setApplicationName("ForumDesk")  # i18n: not text
    app.setOrganizationName("ForumDesk")  # i18n: not text
    app.setDesktopFileName("forumdesk")  # i18n: not text  (resources/forumdesk.desktop)
    _private_window_settings()
    app.setWindowIcon(QIcon(str(resources_dir() / "images" / "forumdesk.svg")))
    return app


def load_the_rest() -> Callable[..., int]:  # the type of forumdesk.gui.app.run
    """Loads the store and the core on a thread, the window's code here, with events
    answered meanwhile; returns :func:`forumdesk.gui.app.run`.

    An import that fails (a broken installation) is raised here, on the window's thread.
    """
    failed: list[BaseException] = []

    def load() -> None:
        try:
            _load_core()
        except BaseException as exc:  # raised again on the window's thread
            failed.append(exc)

    loader = threading.Thread(target=load, name="forumdesk-load", daemon=True)
    loader.start()
    waiting = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: None if loader.is_alive() else waiting.quit())
    poll.start()
    waiting.exec()
    poll.stop()
    loader.join()
    if failed:
        raise failed[0]
    from forumdesk.gui.app import run  # the window's own modules: they define Qt classes

    return run


def _load_core() -> None:
    """What the main window is made of that has no Qt: loaded on a thread while the
    opening window shows. (Written as imports, not names, so that PyInstaller sees them.)"""
    import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401  (the engine loads it on connect)

    from forumdesk.core import (  # noqa: F401
        actions,
        agenda,
        attendance,
        drafts,
        erasure,
        forums,
        issue_query,
        issues,
        meetings,
        minutes,
        preferences,
        retention,
    )
    from forumdesk.db import changes, restore, store  # noqa: F401
    from forumdesk.domain import progress  # noqa: F401


class OpeningWindow(QMainWindow):
    """What shows while the rest loads: the main window's place and size, ForumDesk's
    name and the database being opened."""

    def __init__(self, target: str) -> None:
        super().__init__()
        self.setWindowTitle("ForumDesk")  # i18n: not text
        self.painted = False
        self._paint_waiter: QEventLoop | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        logo = QLabel()
        logo.setPixmap(QIcon(str(resources_dir() / "images" / "forumdesk.svg")).pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(logo)
        self.said = QLabel(_("Opening {database}…").format(database=database_name(target)))
        self.said.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.said.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is not markup
        layout.addWidget(self.said)
        layout.addStretch(2)
        self.setCentralWidget(body)
        geometry = QSettings().value("window/geometry")  # the main window's (main_window.py)
        if geometry is None or not self.restoreGeometry(geometry):
            from forumdesk.gui.forms import fit_to_screen

            fit_to_screen(self, 1280, 720, fill=True)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True
        if self._paint_waiter is not None:
            QTimer.singleShot(0, self._paint_waiter.quit)

    def wait_for_paint(self) -> None:
        """Returns once the window has been painted (or after two seconds regardless)."""
        if self.painted:
            return
        self._paint_waiter = QEventLoop()
        QTimer.singleShot(_PAINT_WAIT_MS, self._paint_waiter.quit)
        self._paint_waiter.exec()
        self._paint_waiter = None


def database_name(target: str) -> str:
    """How the opening window names the database: a file by its name, a server's
    database by its own name (never the user name or password of a URL)."""
    if "://" in target:
        return target.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or target.split("://", 1)[0]
    return Path(target).name or target


def _private_window_settings() -> None:
    """Makes the window's settings file (recent databases, the last meeting) owner-only
    before Qt first writes it: Qt creates it by the umask, and keeps the mode of a file
    that exists when it saves."""
    path = Path(QSettings().fileName())
    if path.exists():
        return
    try:
        files.private_folder(path.parent)
        os.close(files.private_file(path))
    except OSError:
        pass  # Qt makes it as it can; nothing of the database depends on it


#: The translator of Qt's own texts in use (none in English).
_translator: QTranslator | None = None
#: The Qt locale of each interface language.
_QT_LANGUAGES = {"en": QLocale.Language.English, "cy": QLocale.Language.Welsh}


class CatalogueTranslator(QTranslator):
    """Qt's own texts (OK and Cancel of a button box, a file dialog, a text field's
    context menu) from ForumDesk's catalogue: PySide6 ships no Welsh ``.qm``. Qt asks with
    its class as the context; the catalogue holds those texts under that context
    (tools/catalogue.py lists them)."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if not context or not source_text:
            return None
        said = pgettext(context, source_text)
        # None (a null QString) lets Qt keep its own text; "" would blank it.
        return None if said == source_text else said


def use_interface_locale() -> None:
    """Qt's own words and formats (a calendar's months and days, a date field's order)
    follow the interface language, not the computer's: on a Welsh-language system the
    calendar said "Tachwedd" beside English labels. In Welsh, Qt's own texts are
    translated from the catalogue (:class:`CatalogueTranslator`)."""
    language = interface_language()
    qt_language = _QT_LANGUAGES.get(language, QLocale.Language.English)
    QLocale.setDefault(QLocale(qt_language, QLocale.Country.UnitedKingdom))
    global _translator
    app = QApplication.instance()
    if app is None:
        return
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    if language != SOURCE_LANGUAGE:
        _translator = CatalogueTranslator(app)
        app.installTranslator(_translator)
