"""Files ForumDesk makes are its user's alone (0600, folders 0700) even under umask 000:
the database with its WAL and SHM, backups, logs, the desk key, settings, drafts, exports."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from forumdesk import paths, user_settings
from forumdesk.cli import main
from forumdesk.core import forums, meetings
from forumdesk.core.drafts import DraftStore
from forumdesk.db import backup, restore
from forumdesk.db.store import open_database

pytestmark = [
    pytest.mark.sqlite_only(reason="the modes of the SQLite file, its WAL and SHM and backups"),
    pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX"),
]


@pytest.fixture
def umask_000() -> Iterator[None]:
    """A user whose umask lets everyone read and write what they create."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_a_new_database_its_wal_and_shm_and_its_folders(tmp_path: Path, umask_000) -> None:
    path = tmp_path / "council" / "laptop" / "forum.sqlite"
    db = open_database(str(path))
    try:
        with db.session() as s:
            forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        # Open and written: the write-ahead log and shared memory are there now.
        found = {p.name: mode(p) for p in path.parent.iterdir()}
        assert found == {
            "forum.sqlite": "0o600",
            "forum.sqlite-wal": "0o600",
            "forum.sqlite-shm": "0o600",
        }
    finally:
        db.dispose()
    assert mode(tmp_path / "council") == mode(path.parent) == "0o700"


def test_backups_and_their_folder_and_a_restored_database(db, db_path, tmp_path, umask_000):
    made = backup.rotating_backup(db_path, reason="manual")
    assert (mode(made.parent), mode(made)) == ("0o700", "0o600")
    copy = backup.copy_database(db_path, tmp_path / "elsewhere" / "copy.sqlite")
    assert (mode(copy.parent), mode(copy)) == ("0o700", "0o600")
    db.dispose()
    db_path.unlink()
    restore.restore_database(made, db_path)
    assert mode(db_path) == "0o600"


def test_the_log_and_its_rotated_files(umask_000) -> None:
    from forumdesk import logs

    path = logs.start_logging()
    assert path is not None
    try:
        logs.logger.info("a line")
        handler = next(h for h in logs.logger.handlers if isinstance(h, logging.FileHandler))
        handler.doRollover()
        logs.logger.info("another line")
        assert mode(path.parent) == "0o700"
        assert {p.name: mode(p) for p in path.parent.iterdir()} == {
            "forumdesk.log": "0o600",
            "forumdesk.log.1": "0o600",
        }
    finally:
        logs.logger.removeHandler(handler)
        handler.close()


def test_the_desk_key_and_the_data_folder_it_makes(umask_000) -> None:
    from forumdesk.exchange import trust

    trust.signing_key("2f0c4d8e-0000-4000-8000-000000000001")
    key = trust.key_path("2f0c4d8e-0000-4000-8000-000000000001")
    assert (mode(paths.data_dir()), mode(key.parent), mode(key)) == ("0o700", "0o700", "0o600")


def test_the_erasure_log_and_the_data_folder_it_makes(db, umask_000) -> None:
    from forumdesk.core import attendance, erasure, erasure_log

    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        signed = attendance.add_attendance(s, meeting.id, name="Ann Lee", consent_named=True)
        erasure.erase(s, [signed.id], reason="request")
    log = erasure_log.log_path()
    assert (mode(paths.data_dir()), mode(log)) == ("0o700", "0o600")


def test_settings_and_drafts(tmp_path: Path, umask_000) -> None:
    user_settings.put("interface_language", "cy")
    settings_file = next(Path(os.environ["XDG_CONFIG_HOME"]).rglob("settings.json"))
    assert (mode(settings_file.parent), mode(settings_file)) == ("0o700", "0o600")
    store = DraftStore(tmp_path / "drafts" / "drafts.json", "forum.sqlite")
    store.begin()
    store._write({"databases": {}})
    assert (mode(store.path.parent), mode(store.path)) == ("0o700", "0o600")


def test_exports_csv_and_pdfs_the_command_line_writes(tmp_path: Path, umask_000, capsys) -> None:
    db = tmp_path / "cli.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    database = open_database(str(db))
    with database.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    database.dispose()
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    for command in (
        ["export", str(out / "all.forumdesk.json")],
        ["export-csv", str(out / "issues.csv")],
        ["issue", "list", "--pdf", str(out / "issues.pdf")],
        ["minutes", "BHF 2026-03-04", "--out", str(out / "minutes.pdf")],
    ):
        assert main(["--db", str(db), *command]) == 0, capsys.readouterr().err
    assert {p.name: mode(p) for p in out.iterdir()} == {
        "all.forumdesk.json": "0o600",
        "issues.csv": "0o600",
        "issues.pdf": "0o600",
        "minutes.pdf": "0o600",
    }


def test_the_windows_own_settings_file(tmp_path: Path, umask_000) -> None:
    """Qt's settings file (recent databases, the last meeting open) is the user's alone."""
    import subprocess
    import sys

    db = tmp_path / "demo.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FORUMDESK_QUIT_WHEN_IDLE="1")
    result = subprocess.run(
        [sys.executable, "-m", "forumdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    (conf,) = (Path(os.environ["XDG_CONFIG_HOME"]) / "ForumDesk").glob("*.conf")
    assert (mode(conf.parent), mode(conf)) == ("0o700", "0o600")
