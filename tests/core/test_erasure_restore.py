"""A backup taken before an erasure, put back, is erased again when it opens (the erasure log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from forumdesk.cli import main
from forumdesk.core import erasure, erasure_log
from forumdesk.db import backup, restore
from forumdesk.db.models import Attendance, Erasure
from forumdesk.db.store import open_database
from forumdesk.exchange import export, merge, read
from tests.core.test_erasure import NAME, PHONE, on_disk, scene

pytestmark = pytest.mark.sqlite_only(reason="a backup file of SQLite put back in place")


def erased_then_put_back(db, db_path: Path) -> tuple[str, int]:
    """Erases the resident after a backup, then puts that backup back (the file only)."""
    there = scene(db)
    taken = backup.rotating_backup(db_path, reason="manual")
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="request")
    db.dispose()
    restore.restore_database(taken, db_path)
    assert NAME.encode() in on_disk(db_path)  # the backup holds the name again
    return done.uuid, there.resident_id


def test_forumdesk_restore_erases_the_resident_again(db, db_path, capsys) -> None:
    there = scene(db)
    taken = backup.rotating_backup(db_path, reason="manual")
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="request")
    db.dispose()
    assert main(["--db", str(db_path), "restore", str(taken)]) == 0
    said = capsys.readouterr()
    assert "Restored" in said.out
    assert (
        "Personal data of 1 sign-in was erased after this copy of the database was made; "
        "it was erased again." in said.err
    )
    left = on_disk(db_path)
    assert NAME.encode() not in left and PHONE.encode() not in left
    reopened = open_database(str(db_path))
    try:
        with reopened.read_session() as s:
            assert s.get(Attendance, there.resident_id).name is None
            # The erasure record is back, so it travels again in the next export.
            assert s.scalars(select(Erasure.uuid)).all() == [done.uuid]
    finally:
        reopened.dispose()


def test_any_command_opening_a_restored_copy_erases_again(db, db_path, capsys) -> None:
    erased_then_put_back(db, db_path)
    assert main(["--db", str(db_path), "issue", "list"]) == 0
    assert "erased again" in capsys.readouterr().err
    assert NAME.encode() not in on_disk(db_path)
    assert main(["--db", str(db_path), "issue", "list"]) == 0
    assert "erased again" not in capsys.readouterr().err  # once is enough


def test_another_desks_database_on_this_computer_is_left_alone_by_the_log(
    db, db_path, tmp_path
) -> None:
    """The log puts back this desk's erasures; another desk gets them in exchange files."""
    there = scene(db)
    other = open_database(str(tmp_path / "other.sqlite"))
    try:
        with db.session() as s:
            export.write(s, tmp_path / "all.json", export.Selection(personal_data=True))
        data = (tmp_path / "all.json").read_bytes()
        with other.session() as s:
            merge.merge(s, read.check(s, data, None))
        with db.session() as s:
            erasure.erase(s, [there.resident_id], reason="request")
        assert len(erasure_log.read(db.desk_uuid)) == 1
        assert erasure_log.read(other.desk_uuid) == []
        assert erasure.reapply_logged(other) == 0
        with other.read_session() as s:
            assert s.scalars(select(Erasure)).all() == []
            assert NAME in s.scalars(select(Attendance.name)).all()
    finally:
        other.dispose()


def test_a_restored_copy_erases_the_persons_participants_and_offers_again(
    db, db_path, capsys
) -> None:
    from forumdesk.db.models import Offer, Participant
    from tests.exchange.test_engagement_erasure import NAME as LEAD
    from tests.exchange.test_engagement_erasure import _scene

    with db.session() as s:
        made = _scene(s)
    taken = backup.rotating_backup(db_path, reason="manual")
    with db.session() as s:
        done = erasure.erase_person(s, made["person"])
    db.dispose()
    assert main(["--db", str(db_path), "restore", str(taken)]) == 0
    assert "erased again" in capsys.readouterr().err
    assert LEAD.encode() not in on_disk(db_path)
    reopened = open_database(str(db_path))
    try:
        with reopened.read_session() as s:
            rows = [*s.scalars(select(Participant)), *s.scalars(select(Offer))]
            assert [(r.name, r.contact) for r in rows] == [(None, None), (None, None)]
            again = s.scalars(select(Erasure)).one()
            assert (again.uuid, sorted(again.records)) == (
                done.uuid,
                sorted(r.uuid for r in rows),
            )
    finally:
        reopened.dispose()
