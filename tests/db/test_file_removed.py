"""The database file is removed (or replaced) under a running desk.

SQLite goes on writing to a removed file through the handle it holds, without an error;
everything "saved" after that would vanish when the program closed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from forumdesk.core import forums
from forumdesk.db.store import open_database
from forumdesk.domain.errors import DatabaseFileGone, StoreError

pytestmark = pytest.mark.sqlite_only(reason="a SQLite file removed or replaced under a desk")


def remove(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def codes(db) -> list[str]:
    with db.session() as s:
        return [forum.code for forum in forums.list_forums(s)]


def test_a_change_to_a_removed_file_is_refused_and_reading_goes_on(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    remove(db_path)
    assert db.file_gone()
    assert codes(db) == ["BHF"]  # what is open can still be read
    with pytest.raises(DatabaseFileGone, match="was removed or replaced"), db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
    assert codes(db) == ["BHF"]  # nothing was stored
    assert not db_path.exists()  # and no empty file was made in its place


def test_a_new_connection_does_not_make_an_empty_file_where_the_database_was(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    remove(db_path)
    db.dispose()  # the open handle is gone: nothing holds the data any more
    with pytest.raises(StoreError, match="moved, removed"), db.session() as s:
        forums.list_forums(s)
    assert not db_path.exists()
    with pytest.raises(StoreError, match="cannot be written back"):
        db.write_back()
    assert not db_path.exists()


def test_a_replaced_file_is_noticed_too(db, db_path, tmp_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    other = open_database(str(tmp_path / "other.sqlite"))
    other.dispose()
    os.replace(tmp_path / "other.sqlite", db_path)  # another program put a file there
    with pytest.raises(DatabaseFileGone), db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="will not overwrite it"):
        db.write_back()
    assert db_path.read_bytes() == before
    db_path.rename(tmp_path / "theirs.sqlite")  # the person moves it away
    db.write_back()
    assert codes(db) == ["BHF"]


def test_write_back_restores_everything_and_saving_goes_on(db, db_path) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    remove(db_path)
    db.write_back()
    assert db_path.exists() and not db.file_gone()
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
    db.dispose()
    reopened = open_database(str(db_path))
    assert codes(reopened) == ["BHF", "LLF"]
    reopened.dispose()


def test_write_back_refuses_when_the_folder_is_gone_and_keeps_the_data(tmp_path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    db_path = folder / "forum.sqlite"
    db = open_database(str(db_path))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    remove(db_path)
    folder.rmdir()
    with pytest.raises(StoreError, match="cannot be written back"):
        db.write_back()
    assert codes(db) == ["BHF"]  # still held, for another try
    folder.mkdir()
    db.write_back()
    db.dispose()
    reopened = open_database(str(db_path))
    assert codes(reopened) == ["BHF"]
    reopened.dispose()
