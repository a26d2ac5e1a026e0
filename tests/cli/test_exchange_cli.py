"""`forumdesk export`, `import --dry-run`, `import`, `conflicts` from the command line."""

from __future__ import annotations

import json

from forumdesk.cli import main
from tests.helpers import snapshot


def test_export_dry_run_import_and_conflicts(tmp_path, capsys) -> None:
    laptop, office = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"

    def run(db, *args):
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    run(laptop, "demo")
    run(office, "init")
    file = tmp_path / "bhf.forumdesk.json"
    code, out, _ = run(laptop, "export", str(file), "--forum", "BHF")
    assert code == 0 and out.startswith("Exported ")

    before = snapshot(office)
    code, out, _ = run(office, "import", str(file), "--dry-run")
    assert code == 0 and "new" in out and "Dry run: nothing was changed." in out
    assert snapshot(office) == before

    code, out, _ = run(office, "import", str(file), "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"]["new"] > 100 and report["counts"]["conflict"] == 0

    run(laptop, "issue", "status", "BHF-0001", "withdrawn")
    run(office, "issue", "status", "BHF-0001", "referred")
    run(laptop, "export", str(file))
    code, out, _ = run(office, "import", str(file))
    assert "1 in conflict." in out and "forumdesk conflicts list" in out
    code, out, _ = run(office, "conflicts", "list", "--json")
    [conflict] = json.loads(out)
    assert (conflict["field"], conflict["base"], conflict["mine"], conflict["theirs"]) == (
        "status",
        "open",
        "referred",
        "withdrawn",
    )
    code, out, _ = run(office, "conflicts", "show", str(conflict["id"]))
    assert "base:   Open" in out and "mine:   Referred" in out and "theirs: Withdrawn" in out
    code, out, _ = run(office, "conflicts", "resolve", str(conflict["id"]), "theirs")
    assert code == 0
    code, out, _ = run(office, "issue", "show", "BHF-0001")
    assert "Status:    Withdrawn" in out


def test_a_refused_file_exits_3_with_the_reasons(tmp_path, capsys) -> None:
    office = tmp_path / "office.sqlite"
    main(["--db", str(office), "init"])
    bad = tmp_path / "bad.forumdesk.json"
    bad.write_text('{"format": "forumdesk-exchange", "format_version": "7.2"}')
    capsys.readouterr()
    before = snapshot(office)
    assert main(["--db", str(office), "import", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "format version 7.2, written by a newer ForumDesk" in err
    assert "Traceback" not in err
    assert snapshot(office) == before


def test_a_meeting_carried_forward_into_exports_by_forum_and_date(tmp_path, capsys) -> None:
    laptop, office = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"
    file = tmp_path / "december.forumdesk.json"
    for db, args in (
        (laptop, ["demo"]),
        (laptop, ["meeting", "add", "BHF", "--format", "area-forum", "--date", "2026-12-01"]),
        (laptop, ["meeting", "carry-forward", "BHF 2026-12-01"]),
        (laptop, ["export", str(file), "--meeting", "BHF 2026-12-01"]),
        (office, ["init"]),
        (office, ["import", str(file)]),
    ):
        code = main(["--db", str(db), *args])
        _, err = capsys.readouterr()
        assert (code, err) == (0, ""), args
    # The office had no meeting: the four earlier BHF meetings came by reference, then this.
    main(["--db", str(office), "action", "list", "--meeting", "5"])
    listed = capsys.readouterr().out
    assert "Officers to report back on the issues raised tonight." in listed


def test_import_csv_reads_semicolons_and_refuses_a_huge_cell_by_line(tmp_path, capsys) -> None:
    db = tmp_path / "desk.sqlite"
    main(["--db", str(db), "demo"])
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text(
        "Title;Forum;Ward\r\nBiniau ar Heol y Dŵr, eto;BHF;Tŷ Gwyn\r\n", encoding="utf-8-sig"
    )
    huge = tmp_path / "huge.csv"
    huge.write_text(
        f"Title;Forum;Description\r\nOk;BHF;\r\nLong;BHF;{'x' * 140_000}\r\n",
        encoding="utf-8-sig",
    )
    capsys.readouterr()
    before = snapshot(db)
    assert main(["--db", str(db), "import-csv", str(huge)]) == 3
    _, err = capsys.readouterr()
    assert "Line 3: the Description cell is more than 131,072 characters long" in err
    assert "unexpected" not in err
    assert snapshot(db) == before
    assert main(["--db", str(db), "import-csv", str(semicolons)]) == 0
    assert "1 issue was created" in capsys.readouterr().out
    main(["--db", str(db), "issue", "show", "BHF-0040"])  # after the demo's 39
    shown = capsys.readouterr().out
    assert "Biniau ar Heol y Dŵr, eto" in shown and "Tŷ Gwyn" in shown
