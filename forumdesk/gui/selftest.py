"""``forumdesk --self-test``: proves an installation (above all a frozen build) works.

In a temporary folder, with nothing of the user's touched: makes and migrates a
database, records an issue at a meeting, shows the main window offscreen, writes the
meeting's minutes as a PDF in every language documents are written in, exports an
exchange file and imports it into a second database. Each step is printed; the exit
code is 0 only if every step worked.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forumdesk.i18n import _

# Data the self-test records (checked, not shown to anyone).
TITLE = "Self-test: broken paving on the high street"  # i18n: not text
FORUM = "Self-test Area Forum"  # i18n: not text
MEETING = "ST 2026-03-04"  # i18n: not text


#: Where ForumDesk would write in the user's folders, pointed at the temporary one.
_MOVED = ("FORUMDESK_DATA_DIR", "FORUMDESK_LOG_DIR")  # i18n: not text


def run() -> int:
    """Runs every step; returns the exit code."""
    before = {name: os.environ.get(name) for name in _MOVED}
    try:
        return _run()
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="forumdesk-self-test-") as folder:
        os.environ["FORUMDESK_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["FORUMDESK_LOG_DIR"] = str(Path(folder) / "logs")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        test = _SelfTest(Path(folder))
        steps: list[tuple[str, Callable[[], Any]]] = [
            (_("make and migrate a database"), test.database),
            (_("record an issue at a meeting"), test.record),
            (_("show the main window"), test.window),
            (_("write the minutes as a PDF"), test.minutes),
            (_("export an exchange file"), test.export),
            (_("import it into a second database"), test.import_file),
            (_("load the PostgreSQL driver"), test.postgres_driver),
        ]
        for name, step in steps:
            try:
                said = step()
            except Exception as exc:  # the point is to say which step failed, and why
                print(_("FAILED  {step}: {problem}").format(step=name, problem=exc), flush=True)
                if os.environ.get("FORUMDESK_DEBUG"):
                    traceback.print_exc()
                test.close()
                return 1
            print(_("ok      {step}").format(step=name) + (f" ({said})" if said else ""))
        test.close()
    print(
        _("The self-test passed in {seconds:.1f} s.").format(seconds=time.perf_counter() - started)
    )
    return 0


def _frozen() -> bool:
    """Whether this is the frozen build (PyInstaller), which must carry everything."""
    return bool(getattr(sys, "frozen", False))


def _quiet_offscreen(_kind: Any, _context: Any, message: str) -> None:
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


class _SelfTest:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db: Any = None
        self.file = folder / "self-test.forumdesk.json"
        self.reference = ""

    def database(self) -> str:
        from forumdesk.db.store import open_database

        self.db = open_database(str(self.folder / "first.sqlite"))
        return str(self.folder / "first.sqlite")

    def record(self) -> str:
        from forumdesk.core import forums, issues, meetings

        with self.db.session() as s:
            forums.create_forum(s, code="ST", name=FORUM)
            meetings.create_meeting(s, forum="ST", format="area-forum", date="2026-03-04")
            made = issues.record_issue(s, forum="ST", title=TITLE, meeting=MEETING)
        self.reference = made.reference
        return made.reference

    def window(self) -> str:
        from PySide6.QtCore import QSettings, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        from forumdesk.gui.main_window import MainWindow

        app = QApplication.instance() or QApplication(sys.argv[:1])
        # The offscreen platform's one remark about every window is not a problem found.
        previous = qInstallMessageHandler(_quiet_offscreen)
        placement = QSettings(str(self.folder / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(self.db, placement)
        window.show()
        app.processEvents()
        shown = window.isVisible() and bool(window.windowTitle())
        window.close()
        app.processEvents()
        qInstallMessageHandler(previous)
        if not shown:
            raise RuntimeError(_("the window did not show"))
        return ""

    def minutes(self) -> str:
        from forumdesk.domain.language import Language
        from forumdesk.reports import documents

        made = []
        for language in Language:
            with self.db.read_session() as s:
                data = documents.minutes_pdf(s, MEETING)
            text = documents.pdf_text(data)
            if not data.startswith(b"%PDF") or "broken paving" not in text:
                raise RuntimeError(
                    _("the {language} minutes do not hold the issue").format(language=language)
                )
            (self.folder / f"minutes-{language.value}.pdf").write_bytes(data)
            made.append(language.value)
        return ", ".join(made)

    def export(self) -> str:
        from forumdesk.exchange import export

        with self.db.session() as s:
            written = export.write(s, self.file, export.Selection())
        return _("{n} records").format(n=sum(written.counts.values()))

    def import_file(self) -> str:
        from forumdesk.core import issues
        from forumdesk.db.store import open_database
        from forumdesk.exchange import merge, read

        second = open_database(str(self.folder / "second.sqlite"))
        try:
            with second.session() as s:
                checked = read.check(s, self.file.read_bytes())
                merge.merge(s, checked)
            with second.read_session() as s:
                arrived = issues.get_issue(s, self.reference).title
        finally:
            second.dispose()
        if arrived != TITLE:
            raise RuntimeError(_("the issue did not arrive"))
        return self.reference

    def postgres_driver(self) -> str:
        """A shared register's driver loads (psycopg with its own libpq, and SQLAlchemy's
        dialect for it); nothing is connected to. Outside a frozen build it may be absent
        (it comes with the ``postgres`` extra)."""
        try:
            import psycopg
        except ImportError:
            if _frozen():
                raise
            return _("not installed: only a shared register on PostgreSQL needs it")
        from sqlalchemy import create_engine

        create_engine("postgresql+psycopg://self-test@127.0.0.1/self-test").dispose()
        libpq = psycopg.pq.version()
        return _("psycopg {version}, {implementation}, libpq {libpq}").format(
            version=psycopg.__version__,
            implementation=psycopg.pq.__impl__,
            libpq=f"{libpq // 10000}.{libpq % 10000}",
        )

    def close(self) -> None:
        if self.db is not None:
            self.db.dispose()
