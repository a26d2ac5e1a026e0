"""GUI fixtures: the real main window on a temporary database, modal questions answered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from forumdesk.gui import ask
from forumdesk.gui.main_window import MainWindow


@dataclass
class Dialogs:
    """What the window said to the person, and how the person answers questions."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: bool = True
    texts: list[str | None] = field(default_factory=list)  # answers to ask_text, in turn
    paths: list[str | None] = field(default_factory=list)  # answers to ask_save_path


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    said = Dialogs()
    monkeypatch.setattr(ask, "show_error", lambda _p, m: said.errors.append(m))
    monkeypatch.setattr(ask, "show_info", lambda _p, m: said.infos.append(m))

    def yes_no(_parent: QWidget | None, question: str) -> bool:
        said.questions.append(question)
        return said.answer

    monkeypatch.setattr(ask, "ask_yes_no", yes_no)
    monkeypatch.setattr(ask, "ask_text", lambda _p, q, default="": said.texts.pop(0))
    monkeypatch.setattr(ask, "ask_save_path", lambda _p, *_a: said.paths.pop(0))
    monkeypatch.setattr(ask, "ask_open_path", lambda _p, *_a: said.paths.pop(0))
    return said


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, db, settings, dialogs):
    """Builds (and cleans up) main windows on the test database."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(db, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window, sample) -> Iterator[MainWindow]:
    """The main window on the sample forum, its meeting open."""
    yield make_window()


def type_text(widget: QWidget, text: str) -> None:
    """Types any text, Welsh included, as key events (keyClicks aborts on non-ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def focus(qtbot, widget: QWidget) -> None:
    """Gives a widget the keyboard focus and waits until it has it."""
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def finish_work(qtbot, window: QWidget, timeout: int = 30_000) -> None:
    """Waits until the window's long work (import, export, demo: on a worker thread)
    and what follows it have ended."""
    from forumdesk.gui import work

    qtbot.waitUntil(lambda: not work.busy(window), timeout=timeout)


def saved(qtbot, capture, timeout: int = 10_000) -> None:
    """Waits until the issues captured are saved, or told as not saved: the capture bar
    saves on the window's writer thread."""
    qtbot.waitUntil(lambda: capture.waiting == 0, timeout=timeout)


def retry_unsaved(qtbot, area) -> None:
    """Enter on the first capture that was not saved: its text goes back in the fields."""
    row = next(
        r for r in range(area.model.rowCount()) if (p := area.model.pending_at(r)) and p.error
    )
    area.table.setCurrentIndex(area.model.index(row, 1))
    focus(qtbot, area.table)
    qtbot.keyClick(area.table, Qt.Key.Key_Return)
