"""The command line on storage that fails, and commands that must not create a database.

A full disk and a read-only folder are real file systems (``small_disk``: a tmpfs,
filled up or remounted read-only; root ignores ``chmod`` but not a read-only mount).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from forumdesk.cli import main
from forumdesk.db import backup
from forumdesk.paths import backup_dir
from tests.helpers import corrupt_pages, file_bytes, fill_disk

MISSING = "There is no ForumDesk database at {}; create one with forumdesk init."


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--dry-run", "{exchange}"),
        ("import", "{exchange}"),
        ("stats",),
        ("check",),
        ("backup",),
        ("forum", "list"),
        ("forum", "add", "BHF", "Brixton Hill"),
        ("issue", "list"),
        ("config", "list"),
        ("minutes", "1", "--out", "{out}"),
        ("export", "{out}"),
    ],
)
def test_no_command_but_init_and_demo_creates_a_database(tmp_path, capsys, args) -> None:
    source = tmp_path / "office.sqlite"
    assert main(["--db", str(source), "demo"]) == 0
    exchange = tmp_path / "office.forumdesk.json"
    assert main(["--db", str(source), "export", str(exchange)]) == 0
    capsys.readouterr()
    mistyped = tmp_path / "ofice.sqlite"
    filled = [a.format(exchange=exchange, out=tmp_path / "out.json") for a in args]
    code, out, err = run(capsys, mistyped, *filled)
    assert (code, out, err) == (3, "", f"forumdesk: {MISSING.format(mistyped)}\n")
    assert not mistyped.exists()
    assert not backup_dir(mistyped).exists()
    assert run(capsys, mistyped, "init")[0] == 0  # as the sentence says
    assert "There is no ForumDesk database" not in run(capsys, mistyped, *filled)[2]


def _demo_with_backup(capsys, db: Path) -> Path:
    assert run(capsys, db, "demo")[0] == 0
    code, out, _ = run(capsys, db, "backup")
    assert code == 0
    return Path(out.split(": ", 1)[1].strip())


def test_a_damaged_database_is_named_and_restored_from_the_newest_sound_backup(
    tmp_path, capsys
) -> None:
    db = tmp_path / "hall.sqlite"
    good = _demo_with_backup(capsys, db)
    bad = backup_dir(db) / "hall-20991231T000000000000Z-auto.sqlite"  # newer, but broken
    shutil.copy(good, bad)
    corrupt_pages(bad, 3)
    corrupt_pages(db, 48, 52)  # the full-text index's pages: captures would fail
    damaged = file_bytes(db)

    code, out, err = run(capsys, db, "issue", "list")
    assert code == 1 and out == ""
    assert err.startswith(f"forumdesk: The database {db} is damaged (SQLite's check says: ")
    assert "'forumdesk restore' puts back the newest backup" in err

    code, out, _ = run(capsys, db, "backup", "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"2 backups of {db}, newest first, in {backup_dir(db)}:"
    assert lines[1].split() == ["Taken", "Kind", "Size", "Verifies", "File"]
    assert "31 Dec 2099" in lines[2] or "01 Jan 2100" in lines[2]  # local time of the stamp
    assert " no: " in lines[2] and lines[2].endswith(bad.name)
    assert " manual " in lines[3] and " yes " in lines[3] and lines[3].endswith(good.name)

    code, out, err = run(capsys, db, "restore")
    assert code == 0, err
    assert out.startswith(f"Restored {db} from the backup taken ")
    aside = Path(out.splitlines()[1].removeprefix("The file it replaced is kept as ")[:-1])
    assert aside.parent == db.parent and aside.name.startswith("hall-damaged-")
    assert file_bytes(aside)[""] == damaged[""]  # kept, not overwritten
    assert run(capsys, db, "check")[0] == 0
    code, out, _ = run(capsys, db, "issue", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 70


def test_restore_leaves_a_sound_database_alone_unless_a_backup_is_named(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    good = _demo_with_backup(capsys, db)
    assert run(capsys, db, "forum", "add", "LLW", "Llanwern")[0] == 0
    before = file_bytes(db)
    code, _, err = run(capsys, db, "restore")
    assert code == 3 and "passes its check, so it is left as it is" in err
    assert file_bytes(db) == before
    code, out, _ = run(capsys, db, "restore", str(good))
    assert code == 0 and "hall-replaced-" in out
    code, out, _ = run(capsys, db, "forum", "list", "--json")
    assert [f["code"] for f in json.loads(out)] == ["BHF", "LLF"]  # Llanwern came after


def test_restore_refuses_a_backup_that_does_not_verify(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    good = _demo_with_backup(capsys, db)
    corrupt_pages(good, 3)
    corrupt_pages(db, 3)
    before = file_bytes(db)
    code, _, err = run(capsys, db, "restore", str(good))
    assert code == 3 and "does not pass its check" in err and "nothing was changed" in err
    code, _, err = run(capsys, db, "restore")
    assert code == 1 and "No backup of" in err and "passes its check" in err
    assert file_bytes(db) == before


def test_on_a_full_disk_commands_read_and_say_the_disk_is_full(small_disk, capsys) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    filler = fill_disk(small_disk.folder)
    for args in (("check",), ("stats",), ("issue", "list", "--json")):
        code, out, err = run(capsys, db, *args)
        assert code == 0 and out, err  # read and printed
        assert "cannot be read" not in err
        assert f"warning: The disk holding {small_disk.folder} is full." in err
    code, _out, err = run(capsys, db, "forum", "add", "LLW", "Llanwern")
    assert code == 1
    assert err.endswith(
        f"forumdesk: The change was not saved: the disk holding {small_disk.folder} is full. "
        "Free some space and try again.\n"
    )
    filler.unlink()
    code, _, err = run(capsys, db, "forum", "add", "LLW", "Llanwern")
    assert (code, err) == (0, "")
    assert run(capsys, db, "check")[0] == 0


def test_in_a_read_only_folder_reading_works_and_writing_is_refused_in_one_sentence(
    small_disk, tmp_path, capsys
) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    code, out, _ = run(capsys, db, "meeting", "list", "--json")
    meeting = json.loads(out)[0]["id"]
    small_disk.read_only()
    before, backups = file_bytes(db), backup.list_backups(db)
    notice = (
        f"forumdesk: warning: The folder {small_disk.folder} cannot be written, so "
        "ForumDesk opened hall.sqlite read-only, for viewing: nothing can be changed and "
        "no backup can be taken.\n"
    )
    pdf = tmp_path / "minutes.pdf"
    for args in (
        ("check",),
        ("forum", "list"),
        ("issue", "list"),
        ("issue", "show", "BHF-0001"),
        ("minutes", str(meeting), "--out", str(pdf)),
    ):
        code, out, err = run(capsys, db, *args)
        assert (code, err) == (0, notice), args
        assert out
    assert pdf.read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, db, "forum", "add", "LLW", "Llanwern")
    assert code == 1 and out == ""
    assert err == notice + (
        f"forumdesk: Nothing was changed: the folder {small_disk.folder} cannot be written, "
        "so ForumDesk opened the database read-only, for viewing.\n"
    )
    code, _, err = run(capsys, db, "restore", str(backups[0]))
    assert code == 1 and err.endswith(
        f"forumdesk: The backup cannot be put back: the folder {small_disk.folder} cannot "
        f"be written. The database is still at {db}, as it was.\n"
    )
    assert file_bytes(db) == before
    assert backup.list_backups(db) == backups


def _output_commands(capsys, db: Path, folder: Path) -> dict[str, tuple[str, ...]]:
    """The commands that write a file, each writing into ``folder``."""
    assert run(capsys, db, "demo")[0] == 0
    meeting = json.loads(run(capsys, db, "meeting", "list", "--json")[1])[0]["id"]
    return {
        "all.json": ("export", str(folder / "all.json")),
        "all.csv": ("export-csv", str(folder / "all.csv")),
        "m.pdf": ("minutes", str(meeting), "--out", str(folder / "m.pdf")),
        "log.pdf": ("issue", "list", "--pdf", str(folder / "log.pdf")),
    }


def test_a_file_that_does_not_fit_on_the_disk_is_not_left_behind(
    small_disk, tmp_path, capsys
) -> None:
    """A memory stick with a little room left: each output is bigger than the room."""
    db = tmp_path / "hall.sqlite"
    commands = _output_commands(capsys, db, small_disk.folder)
    filler = fill_disk(small_disk.folder)
    os.truncate(filler, filler.stat().st_size - 16 * 1024)  # 16 KB free
    for name, args in commands.items():
        code, out, err = run(capsys, db, *args)
        assert (code, out) == (1, ""), (args, out)
        assert sorted(p.name for p in small_disk.folder.iterdir()) == ["filler"], args
        assert err == (
            f"forumdesk: {small_disk.folder / name} cannot be written: "
            f"the disk holding {small_disk.folder} is full.\n"
        )
    filler.unlink()
    for name, args in commands.items():
        assert run(capsys, db, *args)[0] == 0
        assert (small_disk.folder / name).stat().st_size > 16 * 1024, name


def test_a_device_is_refused_as_an_output_file_and_left_as_it_is(tmp_path, capsys) -> None:
    """/dev/full: renaming over it replaced the device with the export (and 'Exported')."""
    devices = tmp_path / "dev"
    devices.mkdir()
    full = devices / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # the device /dev/full is
    except PermissionError as exc:
        pytest.skip(f"making a device file needs root (CAP_MKNOD): {exc}")
    db = tmp_path / "hall.sqlite"
    for args in _output_commands(capsys, db, devices).values():
        args = tuple(str(full) if a.startswith(str(devices)) else a for a in args)
        code, out, err = run(capsys, db, *args)
        assert (code, out) == (3, ""), (args, out)
        assert err == (
            f"forumdesk: {full} is a device or a pipe, not a file; ForumDesk writes only "
            "to files, so that each is written whole or not at all.\n"
        )
        assert stat.S_ISCHR(full.stat().st_mode)
        assert [p.name for p in devices.iterdir()] == ["full"]


def test_a_database_whose_first_pages_were_overwritten_is_called_damaged(tmp_path, capsys) -> None:
    """dd if=/dev/urandom of=hall.sqlite bs=4096 count=3 conv=notrunc: the header is gone."""
    db = tmp_path / "hall.sqlite"
    _demo_with_backup(capsys, db)
    with db.open("r+b") as handle:
        handle.write(os.urandom(3 * 4096))
    damaged = file_bytes(db)
    for args in (("issue", "list"), ("stats",), ("forum", "add", "LLW", "Llanwern")):
        code, out, err = run(capsys, db, *args)
        assert (code, out) == (1, ""), args
        assert err == (
            f"forumdesk: {db} is not a SQLite file, but ForumDesk backups of it are in "
            f"{backup_dir(db)}: it may be a damaged ForumDesk database. 'forumdesk restore' "
            "puts back the newest backup that passes its check and keeps this file beside it.\n"
        )
    assert file_bytes(db) == damaged
    code, out, err = run(capsys, db, "restore")
    assert code == 0, err
    assert run(capsys, db, "check")[0] == 0
    code, out, _ = run(capsys, db, "issue", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 70


def test_a_file_that_is_not_sqlite_without_backups_is_still_not_ours(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    db.write_bytes(os.urandom(3 * 4096))
    code, _, err = run(capsys, db, "issue", "list")
    assert (code, err) == (
        3,
        f"forumdesk: {db} is not a ForumDesk database (it is not a SQLite file).\n",
    )


def test_restore_refuses_a_file_that_is_not_a_forumdesk_database(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    _demo_with_backup(capsys, db)
    december = tmp_path / "december.json"
    assert run(capsys, db, "export", str(december))[0] == 0
    stranger = tmp_path / "photos.sqlite"
    other = sqlite3.connect(stranger)
    other.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY)")
    other.close()
    before = file_bytes(db)
    for named in (december, stranger):
        code, out, err = run(capsys, db, "restore", str(named))
        assert (code, out) == (3, ""), err
        assert err == (
            f"forumdesk: {named} is not a ForumDesk database, so it cannot be put back as "
            "one; nothing was changed.\n"
        )
    assert file_bytes(db) == before


def test_restore_refuses_another_desks_database_unless_told(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    _demo_with_backup(capsys, db)
    elsewhere = tmp_path / "t10" / "z.sqlite"
    assert run(capsys, elsewhere, "demo")[0] == 0
    desk = _desk(elsewhere)
    before = file_bytes(db)
    refused = (
        f"forumdesk: {elsewhere} is the database of another desk, {desk[1]} ({desk[0]}), "
        f"not a backup of {db}; nothing was changed. To put it in place all the same, "
        "add --other-desk.\n"
    )
    code, out, err = run(capsys, db, "restore", str(elsewhere))
    assert (code, out, err) == (3, "", refused)
    assert file_bytes(db) == before
    # Damaged beyond reading: the desk is known from the database's own backups.
    with db.open("r+b") as handle:
        handle.write(os.urandom(3 * 4096))
    code, out, err = run(capsys, db, "restore", str(elsewhere))
    assert (code, out, err) == (3, "", refused)
    code, out, err = run(capsys, db, "restore", str(elsewhere), "--other-desk")
    assert code == 0 and out.startswith(f"Restored {db} from the backup taken "), err
    assert _desk(db) == desk


def _desk(db: Path) -> tuple[str, str]:
    connection = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT uuid, name FROM desk").fetchone()
    finally:
        connection.close()
