"""Opening a database: durable pragmas, a stable desk identity, strangers' files left untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from forumdesk.db.store import open_database
from forumdesk.domain.errors import NewerDatabase, NoDatabase, NotAForumDeskDatabase, StoreError
from tests.helpers import file_bytes


@pytest.mark.sqlite_only(reason="SQLite's pragmas")
def test_every_connection_is_durable(db) -> None:
    with db.engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragma == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 5000,
    }


def test_desk_identity_is_created_once_and_kept(db_url: str) -> None:
    first = open_database(db_url)
    second = open_database(db_url)
    assert first.desk_uuid == second.desk_uuid
    assert len(first.desk_uuid) == 36
    first.dispose()
    second.dispose()


def test_data_folder_default_is_created_on_first_use(tmp_path: Path, monkeypatch) -> None:
    from forumdesk.paths import default_database

    monkeypatch.setenv("FORUMDESK_DATA_DIR", str(tmp_path / "new" / "folder"))
    db = open_database(default_database())
    assert (tmp_path / "new" / "folder" / "forumdesk.sqlite").is_file()
    db.dispose()


def test_a_text_file_is_refused_and_not_modified(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Agenda for Tuesday\n")
    before = file_bytes(notes)
    with pytest.raises(NotAForumDeskDatabase, match="not a SQLite file"):
        open_database(str(notes))
    assert file_bytes(notes) == before


def test_another_programs_sqlite_file_is_refused_and_not_modified(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('bara brith')")
    connection.commit()
    connection.close()
    before = file_bytes(other)
    with pytest.raises(NotAForumDeskDatabase, match="another program"):
        open_database(str(other))
    assert file_bytes(other) == before


def test_a_newer_forumdesk_database_is_refused_and_not_modified(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = file_bytes(db_path)
    with pytest.raises(NewerDatabase, match="newer ForumDesk"):
        open_database(str(db_path))
    assert file_bytes(db_path) == before


def test_a_missing_file_is_refused_when_creation_is_not_wanted(tmp_path: Path) -> None:
    absent = tmp_path / "absent.sqlite"
    with pytest.raises(
        NoDatabase,
        match=f"^There is no ForumDesk database at {absent}; create one with forumdesk init.$",
    ):
        open_database(str(absent), create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAForumDeskDatabase, match="folder"):
        open_database(str(tmp_path))


@pytest.mark.sqlite_only(reason="another program holding a SQLite file's write lock")
def test_write_failure_becomes_a_clear_store_error(db, db_path: Path) -> None:
    from forumdesk.core import forums

    blocker = sqlite3.connect(db_path, timeout=0)  # another program holds the write lock
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked by another program"), db.session() as s:
            s.connection().exec_driver_sql("PRAGMA busy_timeout = 50")  # do not wait 5 s
            forums.create_forum(s, code="BHF", name="Brixton Hill")
    finally:
        blocker.rollback()
        blocker.close()
    with db.session() as session:
        assert forums.list_forums(session) == []


def test_personal_data_is_marked_in_the_model() -> None:
    from forumdesk.db.base import Base

    marked = sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.info.get("personal")
    )
    assert marked == [
        "attendance.contact",
        "attendance.name",
        "contribution.author",
        "offer.contact",
        "offer.name",
        "participant.contact",
        "participant.interests",
        "participant.name",
    ]
