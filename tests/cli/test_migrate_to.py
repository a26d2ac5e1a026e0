"""`forumdesk migrate-to URL`: a whole desk copied into an empty database, SQLite to
PostgreSQL and back, checked by the canonical export; nothing left behind on failure."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import psycopg
import pytest

from forumdesk.cli import cmd_admin, main
from forumdesk.db.store import open_database
from forumdesk.domain.errors import StoreError
from forumdesk.exchange import export
from tests.helpers import copy_database

SECRET = "s3cret-Pa55"


def _content(target: str) -> tuple[str, dict[str, list[dict[str, object]]]]:
    """The canonical export's content hash of a database, and its records by kind."""
    db = open_database(target, create=False)
    try:
        with db.read_session() as session:
            digest = export.content_sha256(session)
        with db.session() as session:
            records = export.build(session, export.Selection(personal_data=True))["records"]
    finally:
        db.dispose()
    return digest, records


def _versions(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT id, uuid, vv, dots, reference, created_at FROM issue ORDER BY id"
        ).fetchall()


def _tables(url: str) -> set[str]:
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        return {row[0] for row in rows}


@pytest.fixture
def demo_file(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "laptop.sqlite"
    copy_database(demo_template, path)
    return path


@pytest.mark.slow
def test_a_round_trip_sqlite_postgresql_sqlite_gives_an_identical_canonical_export(
    demo_file: Path, postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_password = postgres_url.replace("forumdesk@", f"forumdesk:{SECRET}@", 1)
    before, records = _content(str(demo_file))
    assert main(["--db", str(demo_file), "migrate-to", with_password]) == 0
    out, err = capsys.readouterr()
    assert "70 issues" in out and "2 forums" in out
    assert f"content hash {before}" in out
    assert SECRET not in out + err

    back = tmp_path / "back" / "register.sqlite"
    assert main(["--db", with_password, "migrate-to", str(back)]) == 0
    out, err = capsys.readouterr()
    assert f"content hash {before}" in out and SECRET not in out + err

    after, records_after = _content(str(back))
    assert after == before
    assert records_after == records
    assert _versions(back) == _versions(demo_file)  # ids, UUIDs and version vectors kept
    with sqlite3.connect(back) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0x4644534B


def test_the_copy_on_postgresql_takes_new_records(
    demo_file: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 0
    capsys.readouterr()
    # The rows came with their ids: the server's id sequences must be past them.
    assert main(["--db", postgres_url, "issue", "add", "BHF", "Potholes on Acre Lane"]) == 0
    out = capsys.readouterr().out
    assert "Recorded BHF-" in out
    assert main(["--db", postgres_url, "forum", "add", "NEW", "A new forum"]) == 0


def test_a_target_that_is_not_empty_is_refused_and_left_as_it_was(
    demo_file: Path, postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain) as connection:
        connection.execute("CREATE TABLE payroll (id integer PRIMARY KEY)")
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 3
    assert "is not empty (it holds 1 table)" in capsys.readouterr().err
    assert _tables(postgres_url) == {"payroll"}

    other = tmp_path / "other.sqlite"
    copy_database(demo_file, other)
    size = other.stat().st_size
    assert main(["--db", str(demo_file), "migrate-to", str(other)]) == 3
    assert "is not empty" in capsys.readouterr().err
    assert other.stat().st_size == size

    assert main(["--db", str(demo_file), "migrate-to", str(demo_file)]) == 3
    assert "onto itself" in capsys.readouterr().err


def test_a_copy_that_fails_leaves_nothing_in_the_target(
    demo_file: Path, postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A title holding a NUL character: SQLite keeps it, PostgreSQL refuses it, half-way
    # through the copy (after the schema and the forums and meetings were made).
    with sqlite3.connect(demo_file) as connection:
        connection.execute("UPDATE issue SET title = 'Bins' || char(0) || 'x' WHERE id = 40")
    assert main(["--db", str(demo_file), "migrate-to", postgres_url]) == 1
    err = capsys.readouterr().err
    assert "nothing was left in it" in err and "Traceback" not in err
    assert _tables(postgres_url) == set()


def test_a_failed_copy_into_a_new_file_removes_the_file(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from forumdesk.db import transfer

    def broken(*args: object) -> None:
        raise StoreError("the disk went away")

    monkeypatch.setattr(transfer, "_check", broken)
    target = tmp_path / "new" / "register.sqlite"
    assert main(["--db", str(demo_file), "migrate-to", str(target)]) == 1
    assert "the disk went away" in capsys.readouterr().err
    assert not target.exists()
    assert not list(target.parent.glob("register.sqlite*"))


def test_a_big_desk_tells_its_progress_on_stderr(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(cmd_admin, "_TELL_PROGRESS_ABOVE", 500)  # the demo: about 1,200 rows
    assert main(["--db", str(demo_file), "migrate-to", str(tmp_path / "copy.sqlite")]) == 0
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.startswith("forumdesk: copied ")]
    assert lines, err
    rows = re.search(r"([\d,]+) rows in all", out)
    assert rows is not None, out
    assert lines[-1] == f"forumdesk: copied {rows[1]} of {rows[1]} rows"
