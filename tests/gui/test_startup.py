"""Start-up: the window opens on a database without importing what it does not need yet."""

from __future__ import annotations

import os
import subprocess
import sys

from forumdesk.cli import main


def test_a_window_is_painted_first_then_the_main_window_opens_without_reportlab(
    tmp_path, capsys
) -> None:
    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FORUMDESK_QUIT_WHEN_IDLE="1")
    result = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    painted, ready = result.stdout.splitlines()
    # The opening window is painted before the store and the core are loaded.
    assert painted.startswith("painted ")
    assert ready.startswith("ready ")
    assert " heavy=none " in ready
    # They are loaded past PySide6's import hook, which would read every one's source
    # (forumdesk/gui/start.py).
    assert ready.endswith(" scanned=none")


def test_a_database_that_cannot_be_opened_is_explained_not_a_traceback(tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FORUMDESK_QUIT_WHEN_IDLE="1")
    result = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(notes)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 3
    assert "is not a ForumDesk database" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_screen_the_window_says_so_and_points_to_the_command_line(tmp_path) -> None:
    """Qt aborted the process (exit 134) with a message about its plugins."""
    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("forumdesk: there is no screen to open the window on")
    assert "forumdesk --help" in result.stderr
