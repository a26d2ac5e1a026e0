"""`forumdesk check`, `backup` and `restore` on a database on a PostgreSQL server."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import psycopg
import pytest

from forumdesk.cli import main
from tests import postgres

SECRET = "s3cret-Pa55"


@pytest.fixture
def register(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A ForumDesk database on the test server, made by `init`; its URL carries a
    password (the server trusts the tests, so it is never needed)."""
    url = postgres_url.replace("forumdesk@", f"forumdesk:{SECRET}@", 1)
    assert main(["--db", url, "init"]) == 0
    capsys.readouterr()
    return url


def _sql(url: str, *statements: str) -> None:
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.encode())


def test_check_on_a_sound_server_database(
    register: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", register, "check"]) == 0
    out, err = capsys.readouterr()
    assert "schema up to date, every constraint and index in place" in out
    assert SECRET not in out + err


def test_check_finds_a_constraint_not_enforced_and_an_index_gone(
    register: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(
        register,
        "ALTER TABLE issue DROP CONSTRAINT fk_issue_forum_id_forum",
        "ALTER TABLE issue ADD CONSTRAINT fk_issue_forum_id_forum FOREIGN KEY (forum_id) "
        "REFERENCES forum (id) NOT VALID",
        "DROP INDEX ix_issue_meeting_id",
        "ALTER TABLE action DROP CONSTRAINT uq_action_uuid",
    )
    assert main(["--db", register, "check"]) == 1
    out = capsys.readouterr().out
    assert "the database has problems" in out
    assert "the constraint fk_issue_forum_id_forum is not validated" in out
    assert "the index ix_issue_meeting_id of the table issue is missing" in out
    assert "the constraint uq_action_uuid of the table action is missing" in out


def test_check_finds_what_is_wrong_with_the_search_index(
    register: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", register, "forum", "add", "BHF", "Brixton Hill"]) == 0
    assert main(["--db", register, "issue", "add", "BHF", "Potholes"]) == 0
    _sql(
        register,
        "DROP INDEX ix_issue_search_document",
        "ALTER TABLE issue_search DISABLE TRIGGER USER",
        "DELETE FROM issue_search",
    )
    capsys.readouterr()
    assert main(["--db", register, "check"]) == 1
    out = capsys.readouterr().out
    assert "The search index has lost its GIN index: searches will be slow." in out
    assert "1 issue is missing from the search index: search cannot find it." in out


def test_backup_says_the_pg_dump_command_and_that_command_works(
    register: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "register.dump"
    assert main(["--db", register, "backup", str(dest)]) == 3
    err = capsys.readouterr().err
    assert "pg_dump" in err and SECRET not in err
    command = re.search(r"^\s+(pg_dump .*)$", err, flags=re.MULTILINE)
    assert command is not None, err
    arguments = shlex.split(command[1])
    bin_folder = postgres.binaries()
    if bin_folder is not None and (bin_folder / "pg_dump").exists():
        arguments[0] = str(bin_folder / "pg_dump")
    done = subprocess.run(arguments, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert dest.stat().st_size > 0
    assert not list(tmp_path.glob("*.sqlite"))  # nothing was copied as a file


def test_restore_says_the_pg_restore_command(
    register: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", register, "restore", "nightly.dump"]) == 3
    err = capsys.readouterr().err
    assert "pg_restore --no-owner" in err and '"nightly.dump"' in err
    assert SECRET not in err
