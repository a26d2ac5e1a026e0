"""The integrity check of a database opened for the window runs later, on a thread: the
window does not wait for it, every write does, and none reaches a damaged file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forumdesk.core import demo, forums
from forumdesk.db import integrity
from forumdesk.db.models import Forum
from forumdesk.db.store import open_database
from forumdesk.domain.errors import DamagedDatabase, DamagedNotWritten
from tests.helpers import corrupt_pages

pytestmark = pytest.mark.sqlite_only(reason="SQLite's integrity check of a damaged file on opening")


def _demo(path: Path) -> None:
    db = open_database(str(path))
    with db.session() as s:
        demo.fill_demo(s)
    db.dispose()


class HeldCheck:
    """Holds every quick check begun on a thread until ``release``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.released = threading.Event()
        real = integrity.quick_check

        def held(connection):
            self.started.set()
            assert self.released.wait(30)
            return real(connection)

        monkeypatch.setattr(integrity, "quick_check", held)

    def release(self) -> None:
        self.released.set()


def _forum_count(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Forum))


def test_a_damaged_file_opens_for_the_window_but_nothing_is_written_to_it(tmp_path) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    corrupt_pages(path, 48, 52)  # the search index: the first window does not read it
    damaged = path.read_bytes()
    with pytest.raises(DamagedDatabase):  # the command line's way: checked before anything
        open_database(str(path))

    db = open_database(str(path), check_later=True)
    try:
        with pytest.raises(DamagedNotWritten) as refused, db.session() as s:
            forums.create_forum(s, code="NEW", name="New Area Forum", wards=["Tulse Hill"])
        assert str(refused.value).startswith(
            f"Nothing was saved: the database {path} is damaged (SQLite's check says: "
        )
        assert db.check is not None and db.check.result() is not None
    finally:
        db.dispose()
    assert path.read_bytes() == damaged


def test_writes_wait_for_the_check_begun_on_opening(tmp_path, monkeypatch) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    held = HeldCheck(monkeypatch)
    db = open_database(str(path), check_later=True)
    try:
        assert db.check is not None and not held.started.is_set()  # the window starts it
        before = _forum_count(db)  # reading does not wait

        def write() -> None:
            with db.session() as s:
                forums.create_forum(s, code="NEW", name="New Area Forum", wards=["Tulse Hill"])

        writer = threading.Thread(target=write)
        writer.start()
        assert held.started.wait(10)  # the write began the check, and waits for it
        writer.join(0.5)
        assert writer.is_alive() and _forum_count(db) == before
        held.release()
        writer.join(10)
        assert not writer.is_alive() and _forum_count(db) == before + 1
    finally:
        held.release()
        db.dispose()


def test_closing_the_database_during_its_check_leaves_the_next_write_checked(
    tmp_path, monkeypatch
) -> None:
    path = tmp_path / "hall.sqlite"
    _demo(path)
    corrupt_pages(path, 48, 52)
    damaged = path.read_bytes()
    held = HeldCheck(monkeypatch)
    db = open_database(str(path), check_later=True)
    assert db.check is not None
    db.check.start()
    assert held.started.wait(10)
    threading.Timer(0.2, held.release).start()
    db.dispose()  # the check stopped finds nothing either way...
    with pytest.raises(DamagedNotWritten), db.session() as s:  # ...so it runs again here
        forums.create_forum(s, code="NEW", name="New Area Forum", wards=["Tulse Hill"])
    db.dispose()
    assert path.read_bytes() == damaged
