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
    assert sum(line.startswith("ok ") for line in lines) == 6
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
