"""The window applies retention when it opens a database, before it shows a name."""

from __future__ import annotations

from pathlib import Path

from forumdesk.db.models import Attendance
from forumdesk.gui import app as gui_app
from forumdesk.gui.main_window import MainWindow
from tests.cli.test_retention_cli import _desk
from tests.gui.test_databases import _then


def test_opening_the_window_erases_details_past_the_period_and_says_so(
    qtbot, tmp_path: Path, dialogs
) -> None:
    path = tmp_path / "laptop.sqlite"
    ids = _desk(path)
    seen: dict[str, object] = {}

    def look(window: MainWindow) -> None:
        seen["status"] = window.statusBar().currentMessage()
        with window.desk.db.read_session() as s:
            seen["aled"] = s.get(Attendance, ids["aled"]).name
            seen["bethan"] = s.get(Attendance, ids["bethan_old"]).name
        window.close()

    _then([look])
    assert gui_app.run(str(path)) == 0
    assert seen["aled"] is None and seen["bethan"] == "Bethan Price"
    assert str(seen["status"]).startswith(
        "Retention: erased the personal data of 1 sign-in (1 person)"
    )
    assert dialogs.errors == []
    assert any(
        i.startswith("Retention: erased the personal data of 1 sign-in") for i in dialogs.infos
    )
