"""Storage that fails: a full disk, a read-only folder, a damaged file, a failed backup.

The full disk and the read-only folder are real (the ``small_disk`` fixture mounts a
tmpfs; a read-only remount holds even for root, which ignores ``chmod``). The
injected failures below always run, also where mounting is impossible.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from forumdesk.core import forums
from forumdesk.core.stats import stats
from forumdesk.db import access, backup, restore, store
from forumdesk.db.store import open_database
from forumdesk.domain.errors import DamagedDatabase, StoreError
from tests.helpers import corrupt_pages, file_bytes, fill_disk

pytestmark = pytest.mark.sqlite_only(reason="a SQLite file on a full, read-only or damaged disk")


def _make_demo(path: Path) -> None:
    from forumdesk.core import demo

    db = open_database(str(path))
    with db.session() as s:
        demo.fill_demo(s)
    db.dispose()


def test_a_database_on_a_full_disk_opens_reads_and_saves_once_space_returns(small_disk):
    path = small_disk.folder / "hall.sqlite"
    _make_demo(path)
    filler = fill_disk(small_disk.folder)
    db = open_database(str(path), auto_backup=True)  # the backup is due: there is none
    try:
        assert db.opened_on_full_disk
        assert len(db.warnings) == 1 and "disk holding" in db.warnings[0]
        assert "is full" in db.warnings[0]
        with db.session() as s:
            assert stats(s).issues == 70  # reading goes on
        full = pytest.raises(StoreError, match=r"not saved: the disk holding .* is full")
        with full, db.session() as s:
            forums.create_forum(s, code="LLW", name="Llanwern")
        filler.unlink()  # space returns: the same open database saves
        with db.session() as s:
            forums.create_forum(s, code="LLW", name="Llanwern")
    finally:
        db.dispose()
    assert backup.check_file(path).ok
    reopened = open_database(str(path))
    with reopened.session() as s:
        assert stats(s).forums == 3
    reopened.dispose()


def test_a_failed_automatic_backup_names_the_full_disk_and_keeps_the_older_ones(
    db, db_path, monkeypatch
) -> None:
    """Injected: the copy's last step fails with ENOSPC, as a full disk would make it."""
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    older = backup.rotating_backup(db_path)
    os.utime(older, (0, 0))  # more than an hour old: the next opening takes a backup
    real_replace = os.replace

    def no_space(src, dst):
        if str(src).endswith(".partial"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(backup.os, "replace", no_space)
    reopened = open_database(str(db_path), auto_backup=True)
    reopened.dispose()
    assert reopened.warnings == [] and reopened.backup_due == db_path  # not while opening
    assert store.backup_if_due(reopened) == (
        f"The backup of {db_path} failed: the disk holding {older.parent} is full. "
        "Run 'forumdesk check' to see what is wrong."
    )
    assert backup.list_backups(db_path) == [older]
    assert not list(older.parent.glob("*.partial"))


def test_a_database_in_a_read_only_folder_opens_for_viewing(small_disk) -> None:
    path = small_disk.folder / "hall.sqlite"
    _make_demo(path)
    small_disk.read_only()
    before = file_bytes(path)
    db = open_database(str(path), auto_backup=True)
    try:
        assert db.read_only
        assert db.warnings == [
            f"The folder {small_disk.folder} cannot be written, so ForumDesk opened "
            "hall.sqlite read-only, for viewing: nothing can be changed and no backup "
            "can be taken."
        ]
        with db.session() as s:
            assert stats(s).issues == 70
        with pytest.raises(StoreError) as refused, db.session() as s:
            forums.create_forum(s, code="LLW", name="Llanwern")
        assert str(refused.value) == (
            f"Nothing was changed: the folder {small_disk.folder} cannot be written, so "
            "ForumDesk opened the database read-only, for viewing."
        )
    finally:
        db.dispose()
    assert file_bytes(path) == before
    assert backup.check_file(path).ok


def test_a_damaged_database_is_refused_on_opening_and_left_as_it_is(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    db.dispose()
    corrupt_pages(db_path, 3)
    before = file_bytes(db_path)
    with pytest.raises(
        DamagedDatabase,
        match=r"is damaged \(SQLite's check says: Page 3: .*\)\. 'forumdesk restore' puts back",
    ):
        open_database(str(db_path), auto_backup=True)
    assert file_bytes(db_path) == before


def test_a_backup_of_a_damaged_database_never_enters_the_rotation(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    good = [backup.rotating_backup(db_path, keep=2) for _ in range(2)]
    db.dispose()
    corrupt_pages(db_path, 3)
    with pytest.raises(StoreError):
        backup.rotating_backup(db_path, keep=2)
    assert backup.list_backups(db_path) == sorted(good, reverse=True)
    assert all(backup.check_file(path).ok for path in good)


def test_restoring_moves_the_damaged_file_aside_with_its_wal(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    good = backup.rotating_backup(db_path)
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")  # in the -wal, after the backup
    db.dispose()
    corrupt_pages(db_path, 3)
    Path(f"{db_path}-wal").write_bytes(b"the damaged file's own wal")
    damaged = file_bytes(db_path)
    aside = restore.restore_database(good, db_path)
    assert aside is not None and aside.parent == db_path.parent
    assert "damaged" in aside.name
    kept = file_bytes(aside)
    assert (kept[""], kept["-wal"]) == (damaged[""], damaged["-wal"])  # whole, -wal beside
    assert backup.check_file(db_path).ok
    reopened = open_database(str(db_path))
    with reopened.session() as s:
        assert [f.code for f in forums.list_forums(s)] == ["BHF"]
    reopened.dispose()


def test_an_io_error_on_a_full_disk_opens_the_database_all_the_same(
    db, db_path, monkeypatch
) -> None:
    """Injected, so that it runs where no tmpfs can be mounted: a normal connection fails
    as SQLite's does when the -shm file cannot grow, and the disk reports no free space."""
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
    db.dispose()
    monkeypatch.setattr(access, "disk_is_full", lambda _path: True)
    normal_engine = store.make_engine

    def shm_cannot_grow(url: str, **options):
        engine = normal_engine(url, **options)
        if not options.get("exclusive"):

            @event.listens_for(engine, "connect")
            def _fail(*_args) -> None:
                raise sqlite3.OperationalError("disk I/O error")

        return engine

    monkeypatch.setattr(store, "make_engine", shm_cannot_grow)
    opened = open_database(str(db_path), auto_backup=True)
    try:
        assert opened.opened_on_full_disk
        assert opened.warnings[0].startswith(f"The disk holding {db_path.parent} is full.")
        with opened.session() as s:
            assert [f.code for f in forums.list_forums(s)] == ["BHF"]
    finally:
        opened.dispose()
