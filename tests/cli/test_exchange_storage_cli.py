"""Exchange commands on a database that cannot be written: copying work off still works.

A read-only folder and a full disk are real file systems (``small_disk``: a tmpfs,
remounted read-only or filled to the last byte), as in test_storage_cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from forumdesk.cli import main
from forumdesk.core import forums, issues
from forumdesk.db.store import open_database
from forumdesk.exchange import export
from tests.helpers import file_bytes, fill_disk

NOT_RECORDED = (
    "This export was not recorded in the database, which cannot be written now, so it "
    "cannot be named by --since later, and a subject access answer will not list it: "
    "note where it went."
)


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _refusal(folder: Path) -> str:
    return (
        f"forumdesk: Nothing was changed: the folder {folder} cannot be written, "
        "so ForumDesk opened the database read-only, for viewing.\n"
    )


def _other_desk_file(tmp_path: Path, capsys) -> Path:
    """An exchange file from another desk with one forum this desk does not have."""
    other = tmp_path / "other.sqlite"
    assert run(capsys, other, "init")[0] == 0
    assert run(capsys, other, "forum", "add", "LLW", "Llanwern")[0] == 0
    path = tmp_path / "other.forumdesk.json"
    assert run(capsys, other, "export", str(path))[0] == 0
    return path


def test_export_from_a_read_only_folder_writes_the_file_and_says_it_is_not_recorded(
    small_disk, tmp_path, capsys
) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    small_disk.read_only()
    before = file_bytes(db)
    out_file = tmp_path / "elsewhere.forumdesk.json"

    code, out, err = run(capsys, db, "export", str(out_file))

    assert code == 0, err
    assert "read-only, for viewing" in err and "Nothing was changed" not in err
    written = json.loads(out_file.read_bytes())
    total = sum(written["counts"].values())
    assert total > 60
    assert out == (
        f"Exported {total} records to {out_file} (export id {written['export_id']}).\n"
        f"{NOT_RECORDED}\n"
    )
    assert file_bytes(db) == before
    # Nothing recorded it, so a later export cannot start from it.
    since = ("--since", written["export_id"])
    code, _, err = run(capsys, db, "export", str(tmp_path / "b.json"), *since)
    assert code == 3 and "neither an export id this desk knows" in err


def test_export_from_a_full_disk_to_another_disk_works(small_disk, tmp_path, capsys) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    filler = fill_disk(small_disk.folder)
    out_file = tmp_path / "elsewhere.forumdesk.json"

    code, out, err = run(capsys, db, "export", str(out_file), "--forum", "BHF")

    assert code == 0, err
    assert f"warning: The disk holding {small_disk.folder} is full." in err
    written = json.loads(out_file.read_bytes())
    assert written["records"]["forums"][0]["fields"]["code"] == "BHF"
    assert out.endswith(f"(export id {written['export_id']}).\n{NOT_RECORDED}\n")
    filler.unlink()
    # Once there is room, an export is recorded again and can be named by --since.
    code, out, err = run(capsys, db, "export", str(tmp_path / "a.json"))
    assert (code, err) == (0, "") and NOT_RECORDED not in out
    since = out.rsplit("(export id ", 1)[1].split(")")[0]
    assert run(capsys, db, "export", str(tmp_path / "b.json"), "--since", since)[0] == 0


def test_dry_runs_work_in_a_read_only_folder_and_real_imports_are_refused(
    small_disk, tmp_path, capsys
) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    exchange = _other_desk_file(tmp_path, capsys)
    log = tmp_path / "log.csv"
    log.write_text("Title,Forum\r\nBench by the library,BHF\r\n", encoding="utf-8-sig")
    small_disk.read_only()
    before = file_bytes(db)

    code, out, err = run(capsys, db, "import", str(exchange), "--dry-run")
    assert code == 0, err
    assert "1 new" in out and out.endswith("Dry run: nothing was changed.\n")
    code, out, err = run(capsys, db, "import-csv", str(log), "--dry-run")
    assert code == 0, err
    assert out.startswith("1 issue would be created, 0 updated, 0 unchanged.\n")
    assert out.endswith("Dry run: nothing was changed.\n")

    for args in (("import", str(exchange)), ("import-csv", str(log))):
        code, out, err = run(capsys, db, *args)
        assert (code, out) == (1, ""), args
        assert err.endswith(_refusal(small_disk.folder)), args
    assert file_bytes(db) == before


def _large_exchange_file(tmp_path: Path) -> Path:
    """An exchange file whose import changes more pages than SQLite's page cache holds
    (2 MB), so that a preview spills into the database's write-ahead log."""
    other = open_database(str(tmp_path / "large.sqlite"))
    path = tmp_path / "large.forumdesk.json"
    try:
        with other.session() as s:
            forums.create_forum(s, code="LLW", name="Llanwern")
            for n in range(300):
                issues.record_issue(s, forum="LLW", title=f"Issue {n}", description="x" * 8000)
        with other.session() as s:
            export.write(s, path, export.Selection())
    finally:
        other.dispose()
    return path


def test_on_a_full_disk_a_large_dry_run_works_and_the_import_names_the_full_disk(
    small_disk, tmp_path, capsys
) -> None:
    db = small_disk.folder / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    exchange = _large_exchange_file(tmp_path)
    filler = fill_disk(small_disk.folder)

    code, out, err = run(capsys, db, "import", str(exchange), "--dry-run")
    assert code == 0, err
    assert "The file holds 601 records: 601 new." in out
    assert out.endswith("Dry run: nothing was changed.\n")
    code, out, err = run(capsys, db, "import", str(exchange))
    assert (code, out) == (1, "")
    assert err.endswith(
        f"forumdesk: The change was not saved: the disk holding {small_disk.folder} is full. "
        "Free some space and try again.\n"
    )
    filler.unlink()
    code, out, err = run(capsys, db, "issue", "list", "--json", "--forum", "LLW")
    assert code == 3 and "LLW" in err  # the import left nothing behind


def test_a_real_import_says_it_was_imported(tmp_path, capsys) -> None:
    db = tmp_path / "hall.sqlite"
    assert run(capsys, db, "demo")[0] == 0
    exchange = _other_desk_file(tmp_path, capsys)
    code, dry, _ = run(capsys, db, "import", str(exchange), "--dry-run")
    assert code == 0
    code, out, err = run(capsys, db, "import", str(exchange))
    assert (code, err) == (0, "")
    assert out == dry.replace(
        "Dry run: nothing was changed.\n", f"Imported {exchange} into {db}.\n"
    )
    code, out, _ = run(capsys, db, "forum", "list", "--json")
    assert "LLW" in [f["code"] for f in json.loads(out)]
