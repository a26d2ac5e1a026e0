"""Backups copied a few pages a step with SQLite's online backup API: writers go on between
steps, a copy abandoned or cut short leaves no file that counts as a backup."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from forumdesk.core import demo, forums
from forumdesk.db import backup

pytestmark = pytest.mark.sqlite_only(reason="SQLite's online backup API copying a file's pages")


@pytest.fixture
def filled(db, db_path):
    """The demo's database: over a hundred pages, so a one-page step leaves many to go."""
    with db.session() as s:
        demo.fill_demo(s)
        forums.create_forum(s, code="F00", name="Forum nought")
        forums.create_forum(s, code="F01", name="Forum one")
    return db_path


def _forum_names(path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM forum")}
    finally:
        connection.close()


def test_a_writer_goes_on_while_the_backup_is_between_steps(filled) -> None:
    steps: list[int] = []
    written: list[str] = []

    def between_steps(remaining: int, total: int) -> bool:
        steps.append(remaining)
        if len(steps) == 3:  # mid-copy: another program saves a change, without waiting
            other = sqlite3.connect(filled, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE forum SET name = 'Llanwern' WHERE code = 'F00'")
            other.execute("COMMIT")
            other.close()
            written.append("Llanwern")
        return True

    made = backup.rotating_backup(filled, pages=1, progress=between_steps)
    assert written == ["Llanwern"] and len(steps) > 3  # written while the copy went on
    assert steps == sorted(steps, reverse=True)  # and the copy did not start over
    assert backup.check_file(made).ok
    assert "Forum nought" in _forum_names(made)  # the database as it was when it began
    assert "Llanwern" in _forum_names(filled)
    assert backup.list_backups(filled) == [made]


def test_a_writer_at_every_step_does_not_keep_the_backup_from_finishing(filled) -> None:
    other = sqlite3.connect(filled, timeout=0, isolation_level=None)
    count = iter(range(1_000_000))

    def busy_desk(_remaining: int, _total: int) -> bool:
        other.execute("UPDATE forum SET name = ? WHERE code = 'F01'", (f"Cwm {next(count)}",))
        return True

    try:
        made = backup.rotating_backup(filled, pages=1, progress=busy_desk)
    finally:
        other.close()
    assert backup.check_file(made).ok and backup.list_backups(filled) == [made]


def test_an_abandoned_backup_leaves_no_file_that_counts(filled) -> None:
    seen: list[int] = []

    def stop_at_the_second_step(remaining: int, _total: int) -> bool:
        seen.append(remaining)
        partials = list(backup.backup_dir(filled).glob("*.partial"))
        assert len(partials) == 1  # the copy is made under a name that never counts
        return len(seen) < 2

    with pytest.raises(backup.BackupAbandoned):
        backup.rotating_backup(filled, pages=1, progress=stop_at_the_second_step)
    assert seen[-1] > 0  # pages were left when it stopped
    assert backup.list_backups(filled) == []
    assert list(backup.backup_dir(filled).iterdir()) == []


def test_a_partial_copy_left_by_a_killed_process_is_cleared_and_never_counted(filled) -> None:
    folder = backup.backup_dir(filled)
    folder.mkdir()
    left = folder / f"{filled.stem}-20260101T000000000000Z-auto.sqlite.partial"
    left.write_bytes(b"half a copy")
    fresh = folder / f"{filled.stem}-20260101T000000000001Z-auto.sqlite.partial"
    fresh.write_bytes(b"another process's copy under way")
    assert backup.list_backups(filled) == []
    hour_ago = time.time() - 2 * 3600
    os.utime(left, (hour_ago, hour_ago))
    made = backup.rotating_backup(filled)
    assert backup.list_backups(filled) == [made]
    assert not left.exists() and fresh.exists()  # one under way elsewhere is left alone
