"""The window `forumdesk` opens shows the database in use and what it holds."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from forumdesk.core import demo
from forumdesk.gui.main_window import MainWindow


def test_the_window_summarises_the_open_database(qtbot, db) -> None:
    with db.session() as s:
        demo.fill_demo(s)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    summary = window.findChild(QLabel, "summary")
    assert "2 forums, 8 meetings, 64 issues" in summary.text()
    assert "5. Co-evaluation:" in summary.text()
    assert db.display_name in window.statusBar().currentMessage()


def test_quit_is_on_the_standard_shortcut(qtbot, db) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    quit_actions = [
        a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Quit"
    ]
    assert quit_actions and not quit_actions[0].shortcut().isEmpty()
