"""The opening window: painted first, named after the database, replaced by the main window."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRect, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from forumdesk.cli import main
from forumdesk.gui import start as start_module
from forumdesk.gui.main_window import MainWindow


@pytest.fixture
def keep_import():
    """start() takes PySide6's import hook out for good; a test puts it back after."""
    hooked = builtins.__import__
    yield
    builtins.__import__ = hooked


@pytest.fixture
def keep_settings():
    """start() keeps the window's settings (its place, the recent databases) as a person's
    would: the tests' process puts back what was there before, for the tests after."""
    stored = QSettings("ForumDesk", "ForumDesk")
    before = {key: stored.value(key) for key in stored.allKeys()}
    yield
    stored.clear()
    for key, value in before.items():
        stored.setValue(key, value)
    stored.sync()


def test_it_names_the_file_or_the_server_database_never_a_password(qtbot) -> None:
    for target, said in [
        ("/home/ann/Forums/laptop.sqlite", "Opening laptop.sqlite…"),
        ("postgresql+psycopg://ann:s3cret@db.council.local/register", "Opening register…"),
        (
            "postgresql+psycopg://ann:s3cret@db.council.local/register?sslmode=require",
            "Opening register…",
        ),
    ]:
        window = start_module.OpeningWindow(target)
        qtbot.addWidget(window)
        assert window.said.text() == said
        assert "s3cret" not in window.said.text() + window.windowTitle()


def test_it_stands_where_the_main_window_stood(qtbot) -> None:
    earlier = QMainWindow()
    qtbot.addWidget(earlier)
    earlier.setGeometry(QRect(40, 30, 560, 410))  # within the offscreen screen
    settings = QSettings()
    settings.setValue("window/geometry", earlier.saveGeometry())
    try:
        window = start_module.OpeningWindow("laptop.sqlite")
        qtbot.addWidget(window)
        assert (window.width(), window.height()) == (560, 410)
    finally:
        settings.remove("window/geometry")


def test_the_main_window_opens_in_its_place_and_the_opening_window_goes(
    qtbot, tmp_path: Path, monkeypatch, capsys, keep_import, keep_settings
) -> None:
    db = tmp_path / "laptop.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("FORUMDESK_QUIT_WHEN_IDLE", "1")
    start_module.prepare_application()  # the settings are ForumDesk's own
    earlier = QMainWindow()  # where the main window was last left
    qtbot.addWidget(earlier)
    earlier.setGeometry(QRect(40, 30, 560, 410))
    QSettings().setValue("window/geometry", earlier.saveGeometry())
    openings: list[start_module.OpeningWindow] = []
    seen: list[tuple[bool, bool]] = []  # (opening shown, main window shown), as it went

    closed: list[tuple[int, int]] = []  # the opening window's size as it closed
    in_its_place: list[tuple[int, int]] = []  # the main window's then

    class Watched(start_module.OpeningWindow):
        def __init__(self, target: str) -> None:
            super().__init__(target)
            openings.append(self)

        def closeEvent(self, event) -> None:
            closed.append((self.width(), self.height()))
            in_its_place.extend(
                (w.width(), w.height())
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            )
            super().closeEvent(event)

    quitting: list[bool] = []

    def watch() -> None:
        if quitting:  # the window closes as the scripted start-up leaves
            return
        mains = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown = any(w.isVisible() for w in mains)
        seen.append((bool(openings) and not closed, shown))
        QTimer.singleShot(5, watch)

    monkeypatch.setattr(start_module, "OpeningWindow", Watched)
    QTimer.singleShot(0, watch)
    app = QApplication.instance()

    def leaving() -> None:
        quitting.append(True)

    app.aboutToQuit.connect(leaving)
    try:
        assert start_module.start(str(db)) == 0
    finally:
        app.aboutToQuit.disconnect(leaving)
        # The process would end here; in the tests' process the window must go, or it
        # stays the active window and the next test's key shortcuts go to it.
        for left in QApplication.topLevelWidgets():
            if isinstance(left, MainWindow) and left.isVisible():
                left.close()
                left.deleteLater()
        qtbot.wait(10)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("painted ") and printed[1].startswith("ready ")
    # The opening window showed alone, then the main window took its place, at its size.
    assert seen[0] == (True, False)
    assert (False, False) not in seen  # never a moment with no window
    assert in_its_place == closed == [(560, 410)]


def test_a_database_that_cannot_open_closes_the_opening_window_and_says_why(
    qtbot, tmp_path: Path, monkeypatch, capsys, keep_import, keep_settings
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    monkeypatch.setenv("FORUMDESK_QUIT_WHEN_IDLE", "1")
    openings: list[start_module.OpeningWindow] = []

    class Watched(start_module.OpeningWindow):
        def __init__(self, target: str) -> None:
            super().__init__(target)
            openings.append(self)

    monkeypatch.setattr(start_module, "OpeningWindow", Watched)
    assert start_module.start(str(notes)) == 3
    assert "is not a ForumDesk database" in capsys.readouterr().err
    assert openings
    assert not shiboken6.isValid(openings[0]) or not openings[0].isVisible()


def test_a_broken_installation_is_raised_on_the_window_thread(qtbot, monkeypatch) -> None:
    """An import that fails on the loading thread is not lost there: the window's thread
    raises it, and the command line turns it into its one-sentence message and log."""

    def broken() -> None:
        import forumdesk.core.no_such_module  # noqa: F401  # type: ignore[import-not-found]

    monkeypatch.setattr(start_module, "_load_core", broken)
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        start_module.load_the_rest()
