"""``forumdesk --self-test``: what the frozen build runs in CI to prove it works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_the_self_test_passes_and_touches_nothing_of_the_user(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("FORUMDESK_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("ok ") for line in lines) == 7
    assert "ok      load the PostgreSQL driver (psycopg 3." in done.stdout
    assert "The self-test passed" in lines[-1]
    assert "(en, cy)" in done.stdout  # the minutes in each language documents are written in
    assert "propagateSizeHints" not in done.stderr
    # The user's folders stay as they were: the self-test worked in a temporary one.
    assert not home.exists() or not any(home.rglob("*.sqlite"))


def test_a_step_that_fails_is_named_and_the_exit_code_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    from forumdesk.gui import selftest

    def broken(self: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(selftest._SelfTest, "export", broken)
    assert selftest.run() == 1
    said = capsys.readouterr().out
    assert "ok      write the minutes as a PDF" in said
    assert "FAILED  export an exchange file: [Errno 28] No space left on device" in said


def test_a_frozen_build_without_the_postgresql_driver_fails_the_self_test(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    from forumdesk.gui import selftest

    monkeypatch.setattr(selftest, "_frozen", lambda: True)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    assert selftest.run() == 1
    said = capsys.readouterr().out
    assert "ok      import it into a second database" in said
    assert "FAILED  load the PostgreSQL driver: import of psycopg halted" in said


def test_outside_a_frozen_build_the_driver_may_be_left_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    from forumdesk.gui import selftest

    monkeypatch.setitem(sys.modules, "psycopg", None)
    assert selftest.run() == 0
    assert "ok      load the PostgreSQL driver (not installed" in capsys.readouterr().out
