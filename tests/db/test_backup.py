"""Backups: made with the backup API, verified, rotated, and holding the latest commit."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from forumdesk.core import forums
from forumdesk.db import backup
from forumdesk.domain.errors import StoreError

pytestmark = pytest.mark.sqlite_only(reason="backups of a SQLite file and its integrity check")


def test_a_backup_holds_the_latest_commit_and_is_self_contained(db, db_path, tmp_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")  # still in the -wal file
    dest = backup.copy_database(db_path, tmp_path / "copy.sqlite")
    assert not Path(f"{dest}-wal").exists()
    connection = sqlite3.connect(dest)
    assert connection.execute("SELECT code FROM forum").fetchall() == [("BHF",)]
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    assert backup.check_file(dest).ok


def test_rotation_keeps_the_newest_backups(db, db_path) -> None:
    made = [backup.rotating_backup(db_path, keep=3) for _ in range(5)]
    kept = backup.list_backups(db_path)
    assert kept == sorted(made[-3:], reverse=True)
    assert all(backup.check_file(path).ok for path in kept)


def test_a_corrupt_source_fails_the_backup_and_leaves_nothing(tmp_path) -> None:
    broken = tmp_path / "broken.sqlite"
    connection = sqlite3.connect(broken)
    connection.execute("CREATE TABLE t (x)")
    connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    connection.commit()
    connection.close()
    data = bytearray(broken.read_bytes())
    data[4096 : 4096 + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"  # a broken b-tree page header
    broken.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        backup.copy_database(broken, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()
    assert not (tmp_path / "out.sqlite.partial").exists()


def test_check_reports_a_foreign_key_violation(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    connection = sqlite3.connect(db_path)  # foreign keys off: a stray row can be written
    connection.execute(
        "INSERT INTO meeting (forum_id, format, date, status, headcount, uuid, vv, dots,"
        " created_at, updated_at) VALUES (99, 'other', '2026-01-01', 'planned', 0, 'u', '{}',"
        " '{}', '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    connection.close()
    health = backup.check_file(db_path)
    assert health.integrity == ("ok",)
    assert not health.ok
    assert health.foreign_key_violations[0][0] == "meeting"


def _backup_taken(db_path: Path, stamp: str) -> Path:
    """An automatic backup as if taken at ``stamp`` (its name says when)."""
    folder = db_path.parent / f"{db_path.stem}-backups"
    return backup.copy_database(db_path, folder / f"{db_path.stem}-{stamp}-auto.sqlite")


def test_backups_older_than_the_backup_days_are_deleted(db, db_path) -> None:
    from forumdesk.core import preferences

    with db.session() as s:
        preferences.set_setting(s, "backup_days", "30")
    old = _backup_taken(db_path, "20260101T090000000000Z")  # 35 days before "now"
    edge = _backup_taken(db_path, "20260106T120000000000Z")  # 30 days less 3 hours
    recent = _backup_taken(db_path, "20260201T090000000000Z")
    gone = backup.expire(db_path, now=datetime(2026, 2, 5, 9, 0, tzinfo=UTC))
    assert gone == [old]
    assert backup.list_backups(db_path) == [recent, edge]


def test_taking_a_backup_deletes_those_past_the_backup_days_whatever_their_number(
    db, db_path
) -> None:
    """Ten backups may be kept, but one older than the default 30 days goes all the same."""
    old = _backup_taken(db_path, (datetime.now(UTC) - timedelta(days=31)).strftime(STAMP))
    month = _backup_taken(db_path, (datetime.now(UTC) - timedelta(days=29)).strftime(STAMP))
    made = backup.rotating_backup(db_path)
    assert backup.list_backups(db_path) == [made, month]
    assert not old.exists()


STAMP = "%Y%m%dT%H%M%S%fZ"
