"""The command line, run in-process on a temporary database."""

from __future__ import annotations

import pytest

from forumdesk.cli import main
from tests.helpers import copy_database


@pytest.fixture
def cli(tmp_path, capsys):
    """Runs `forumdesk --db <tmp> ...` in-process on a database made by `init` (no other
    command creates one); returns (exit code, stdout, stderr)."""
    db = tmp_path / "cli.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    capsys.readouterr()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    run.db = db  # type: ignore[attr-defined]
    return run


@pytest.fixture
def demo_in_cli(cli, demo_template) -> None:
    """The ``cli`` fixture's database holding the demo, as ``forumdesk demo`` leaves it
    (copied from the one made once per test process)."""
    copy_database(demo_template, cli.db)
