"""The automatic backup due when a command opens the database is taken after the command's
work, once its answer is printed, never before it."""

from __future__ import annotations

import os
import sys

from forumdesk.cli import main
from forumdesk.db import backup


def _make_due(cli) -> None:
    cli("demo")
    for old in backup.list_backups(cli.db):
        os.utime(old, (0, 0))  # more than an hour old: the next command's backup is due


def test_a_command_answers_before_its_backup_starts(cli, monkeypatch) -> None:
    _make_due(cli)
    before = len(backup.list_backups(cli.db))
    printed_when_it_started: list[str] = []
    real = backup.rotating_backup

    def watched(database, **options):
        printed_when_it_started.append(sys.stdout.getvalue())  # capsys's stream, so far
        return real(database, **options)

    monkeypatch.setattr(backup, "rotating_backup", watched)
    code, out, err = cli("stats")
    assert code == 0 and err == ""
    assert len(printed_when_it_started) == 1
    assert "Issues" in printed_when_it_started[0]  # the answer was out first
    assert printed_when_it_started[0] == out
    assert len(backup.list_backups(cli.db)) == before + 1  # and the backup was taken


def test_a_failed_backup_after_the_answer_is_a_warning(cli, monkeypatch) -> None:
    _make_due(cli)

    def no_space(*_args, **_options):
        raise backup.StoreError("The backup of the database failed: the disk is full.")

    monkeypatch.setattr(backup, "rotating_backup", no_space)
    code, out, err = cli("forum", "list")
    assert code == 0 and "Brixton Hill" in out
    assert err == (
        "forumdesk: warning: The backup of the database failed: the disk is full. "
        "Run 'forumdesk check' to see what is wrong.\n"
    )


def test_no_backup_is_taken_for_a_command_that_failed(cli, capsys, tmp_path) -> None:
    _make_due(cli)
    before = backup.list_backups(cli.db)
    assert main(["--db", str(cli.db), "issue", "show", "NOPE-0001"]) == 3
    other = tmp_path / "other.sqlite"
    assert main(["--db", str(other), "init"]) == 0
    assert main(["--db", str(other), "forum", "list"]) == 0  # a later command elsewhere
    capsys.readouterr()
    assert backup.list_backups(cli.db) == before  # the next command on it takes it
    assert len(backup.list_backups(other)) == 1
