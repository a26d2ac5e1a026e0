"""Takes the screenshots in docs/images/ from the real window on the demo database.

Usage: QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUT_DIR]
(or run it under Xvfb with the xcb platform to see the native style).
       python tools/screenshots.py --welsh [OUT_DIR]   writes welsh-window.png: the
       window in Welsh, on the issues of the demo's latest meeting.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from forumdesk.core import demo
from forumdesk.core.drafts import DraftStore
from forumdesk.db.store import open_database
from forumdesk.gui.main_window import MainWindow
from forumdesk.gui.workspace.meeting import ACTIONS, AGENDA, ATTENDANCE, ISSUES, MINUTES

SIZE = (1280, 720)  # what a 1366×768 laptop shows of a maximised window


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def welsh(out: Path) -> int:
    """The main window in Welsh, as a Welsh-speaking facilitator sees it."""
    from forumdesk import i18n
    from forumdesk.gui.start import use_interface_locale

    i18n.use_language("cy")
    app = QApplication(sys.argv[:1])
    use_interface_locale()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "demo.sqlite"))
        with db.session() as s:
            demo.fill_demo(s)
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(db, settings, DraftStore(Path(tmp) / "drafts.json", "demo"))
        window.showNormal()
        window.resize(*SIZE)
        window.open_meeting(window._most_recent_meeting())
        window.workspace.show_area(ISSUES)
        window.workspace.issues.table.selectRow(0)
        settle(app)
        window.grab().save(str(out / "welsh-window.png"))
        window.close()
        db.dispose()
    print(f"screenshot written to {out / 'welsh-window.png'}")
    return 0


def people_page(app: QApplication, window: MainWindow, out: Path) -> None:
    """File → People… with the demo's regular found by name: people.png."""
    from forumdesk.gui.people_page import PeopleDialog

    dialog = PeopleDialog(window.desk, window)
    dialog.show()
    dialog.search.setText("maureen")
    settle(app)
    dialog.grab().save(str(out / "people.png"))
    dialog.close()


def register_view(app: QApplication, window: MainWindow, out: Path) -> None:
    """View → Register on every forum, two issues selected: register.png."""
    window.open_register(None)
    view = window.register
    view.search.setText("bus")
    view.apply_filters()
    view.table.selectRow(0)
    settle(app)
    window.grab().save(str(out / "register.png"))
    window.show_meeting_view()


def main() -> int:
    arguments = [argument for argument in sys.argv[1:] if argument != "--welsh"]
    out = Path(arguments[0] if arguments else "docs/images")
    out.mkdir(parents=True, exist_ok=True)
    if "--welsh" in sys.argv[1:]:
        return welsh(out)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "demo.sqlite"))
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        drafts = DraftStore(Path(tmp) / "drafts.json", "demo")  # not the user's own file
        window = MainWindow(db, settings, drafts)
        window.showNormal()  # not maximised, as it would be on a small screen
        window.resize(*SIZE)
        settle(app)
        window.grab().save(str(out / "welcome.png"))
        with db.session() as s:
            demo.fill_demo(s)
        window.navigator.reload()
        window.open_meeting(window._most_recent_meeting())
        settle(app)

        window.capture()
        capture = window.workspace.issues.capture
        capture.title.setText("Zebra crossing needed on Ffordd yr Ŵyl")
        capture.where.setText("Ffordd yr Ŵyl")
        capture.themes.setText("Roads, Safety")
        capture.support.setValue(23)
        settle(app)
        window.grab().save(str(out / "capture.png"))
        capture.submit()
        settle(app)
        window.grab().save(str(out / "issues.png"))

        for index, name in (
            (AGENDA, "agenda"),
            (ATTENDANCE, "attendance"),
            (ACTIONS, "actions"),
            (MINUTES, "minutes"),
        ):
            window.workspace.show_area(index)
            if index == ATTENDANCE:  # someone selected, to show what can change later
                people = window.workspace.attendance
                people.table.selectRow(people.model.rowCount() - 1)
            settle(app)
            window.grab().save(str(out / f"{name}.png"))
        window.workspace.show_area(ISSUES)
        people_page(app, window, out)
        register_view(app, window, out)
        window.close()
        db.dispose()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
