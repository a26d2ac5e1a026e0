"""File → Export… and File → Import… on a database in a read-only folder (a real
read-only mount, ``small_disk``): work can still be copied off and an import previewed."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QEvent

from forumdesk.core import demo, forums
from forumdesk.db.store import open_database
from forumdesk.exchange import export
from forumdesk.gui.app import open_for_window
from forumdesk.gui.main_window import MainWindow
from tests.gui.conftest import finish_work
from tests.gui.test_exchange_gui import answer
from tests.helpers import file_bytes


def test_in_a_read_only_folder_the_window_exports_and_previews_an_import(
    qtbot, small_disk, settings, dialogs, tmp_path
) -> None:
    path = small_disk.folder / "hall.sqlite"
    made = open_database(str(path))
    with made.session() as s:
        demo.fill_demo(s)
    made.dispose()
    other = open_database(str(tmp_path / "office.sqlite"))
    exchange = tmp_path / "office.forumdesk.json"
    with other.session() as s:
        forums.create_forum(s, code="LLW", name="Llanwern")
        export.write(s, exchange, export.Selection())
    other.dispose()
    small_disk.read_only()
    before = file_bytes(path)
    db = open_for_window(str(path))
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        out = tmp_path / "copy.forumdesk.json"
        dialogs.paths.append(str(out))
        answer(lambda dialog: dialog.accept())
        window.export_action.trigger()
        finish_work(qtbot, window)
        assert dialogs.errors == []
        written = json.loads(out.read_bytes())
        assert dialogs.infos[-1].endswith(
            ". This export was not recorded in the database, which cannot be written now, "
            "so it cannot be named by --since later, and a subject access answer will "
            "not list it: note where it went."
        )
        assert dialogs.infos[-1].startswith("Exported ") and written["records"]["issues"]

        seen: list[str] = []

        def confirm(dialog) -> None:
            seen.append(dialog.table.item(0, 2).text())
            dialog.confirm.click()

        dialogs.paths.append(str(exchange))
        answer(confirm)
        window.import_action.trigger()
        finish_work(qtbot, window)
        assert seen == ["New"]  # the preview was shown; the import itself is refused
        assert dialogs.errors == [
            f"Nothing was changed: the folder {small_disk.folder} cannot be written, so "
            "ForumDesk opened the database read-only, for viewing."
        ]
        assert file_bytes(path) == before
    finally:
        window.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        window.desk.db.dispose()
