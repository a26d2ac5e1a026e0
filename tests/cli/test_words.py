"""Every message is a sentence a clerk would write: plurals, meetings by name, nothing bare."""

from __future__ import annotations

import json

import pytest

from forumdesk import i18n
from forumdesk.cli import main
from tests.test_i18n import _mo


def test_counts_are_singular_for_one(cli, tmp_path) -> None:
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    cli("issue", "add", "BHF", "Potholes on Brixton Hill")
    code, out, _ = cli("export-csv", str(tmp_path / "log.csv"))
    assert code == 0
    assert out == f"Wrote 1 issue to {tmp_path / 'log.csv'}.\n"
    assert cli("issue", "list")[1].endswith("\n1 issue.\n")


def test_an_empty_list_says_so(cli) -> None:
    cli("init")
    assert cli("forum", "list")[1] == (
        "No forums yet; add one with: forumdesk forum add CODE NAME\n"
    )
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    assert cli("meeting", "list")[1] == "No meetings.\n"
    assert cli("action", "list")[1] == "No actions.\n"
    assert cli("issue", "list")[1] == "No issues match.\n"  # not "0-0 of 0 issues."
    assert cli("conflicts", "list") == (0, "No open conflicts.\n", "")
    assert cli("conflicts", "list", "--all") == (0, "No conflicts.\n", "")


def test_paging_past_the_end_says_how_many_there_are(cli) -> None:
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    for title in ("Potholes", "Bins"):
        cli("issue", "add", "BHF", title)
    out = cli("issue", "list", "--offset", "5")[1]
    assert out.strip().endswith("No issues on this page: 2 issues match, from 1 to 2.")


def test_paging_past_one_issue_says_it_matches(cli) -> None:
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    cli("issue", "add", "BHF", "Potholes")
    out = cli("issue", "list", "--offset", "5")[1]
    assert out == "No issues on this page: 1 issue matches, from 1 to 1.\n"


def test_the_command_line_speaks_the_interface_language(cli, tmp_path, monkeypatch, capsys) -> None:
    """Messages, --help and counts come from the interface language's catalogue."""
    folder = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = {
        "": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n",
        "add a forum": "ychwanegu fforwm",
        "Comment added.": "Sylw wedi'i ychwanegu.",
        ("Wrote {n} issue to {path}.", 0): "Ysgrifennwyd {n} mater i {path}.",
        ("Wrote {n} issue to {path}.", 1): "Ysgrifennwyd {n} o faterion i {path}.",
    }
    (folder / "forumdesk.mo").write_bytes(_mo(catalogue))
    monkeypatch.setattr("forumdesk.paths.resources_dir", lambda: tmp_path)
    i18n.for_language.cache_clear()
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    for title in ("Potholes", "Bins"):
        cli("issue", "add", "BHF", title)
    try:
        i18n.use_language("xx")
        assert cli("issue", "comment", "BHF-0001", "Seen on Friday")[1] == (
            "Sylw wedi'i ychwanegu.\n"
        )
        log = tmp_path / "log.csv"
        assert cli("export-csv", str(log))[1] == f"Ysgrifennwyd 2 o faterion i {log}.\n"
        with pytest.raises(SystemExit):
            main(["forum", "--help"])
        assert "ychwanegu fforwm" in capsys.readouterr().out
    finally:
        i18n.use_language(i18n.SOURCE_LANGUAGE)
        i18n.for_language.cache_clear()


def test_a_meeting_is_named_by_forum_and_date_everywhere(cli, tmp_path) -> None:
    assert cli("demo")[0] == 0
    code, out, err = cli(
        "issue", "add", "BHF", "Broken bench", "--meeting", "BHF 2026-09-22", "--json"
    )
    assert code == 0, err
    made = json.loads(out)
    code, out, err = cli("issue", "list", "--meeting", "bhf 2026-09-22", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert made["reference"] in {i["reference"] for i in listed}
    assert {i["meeting_id"] for i in listed} == {made["meeting_id"]}
    code, out, err = cli("action", "list", "--meeting", "BHF 2026-09-22")
    assert code == 0 and "Report back to residents" in out, err
    code, out, err = cli("export-csv", str(tmp_path / "s.csv"), "--meeting", "BHF:2026-09-22")
    assert code == 0, err
    assert out.startswith(f"Wrote {len(listed)} issues")
    code, _, err = cli("issue", "list", "--meeting", "BHF 2031-01-01")
    assert code == 3 and err == "forumdesk: BHF has no meeting on 2031-01-01.\n"


def test_issue_show_names_the_meeting_it_was_raised_at(cli) -> None:
    cli("demo")
    out = cli("issue", "show", "BHF-0001")[1]
    assert "  Raised at: BHF 2026-01-20, January area forum\n" in out
    assert "Meeting:" not in out


def test_a_meeting_is_named_in_what_its_commands_say(cli) -> None:
    cli("demo")
    out = cli("meeting", "add", "BHF", "--format", "area-forum", "--date", "2026-12-01")[1]
    assert out.startswith("Added the meeting BHF 2026-12-01, Area forum meeting (id ")
    out = cli("meeting", "carry-forward", "BHF 2026-12-01")[1]
    assert out.endswith("into the meeting BHF 2026-12-01, Area forum meeting.\n")
    again = cli("meeting", "carry-forward", "BHF 2026-12-01")[1]  # nothing is left to bring
    assert again.startswith("Nothing to carry forward into the meeting BHF 2026-12-01, ")
    assert "0 open actions" not in again
    out = cli("meeting", "status", "BHF 2026-12-01", "in-progress")[1]
    assert out == "The meeting BHF 2026-12-01, Area forum meeting is now in progress.\n"


def test_a_file_without_a_format_is_refused_in_words(cli, tmp_path, capsys) -> None:
    cli("init")
    stray = tmp_path / "stray.json"
    stray.write_text(json.dumps({"records": []}), encoding="utf-8")
    code, _, err = cli("import", str(stray))
    assert code == 3
    assert "The file is not a ForumDesk exchange file: it has no 'format' field." in err
    assert "None" not in err


def test_the_demo_counts_in_words(tmp_path, capsys) -> None:
    assert main(["--db", str(tmp_path / "d.sqlite"), "demo"]) == 0
    out = capsys.readouterr().out
    assert ": 2 forums, 12 meetings, 70 issues, 22 actions, 6 engagements." in out


def test_an_import_says_what_it_did_in_a_sentence(cli, tmp_path) -> None:
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    cli("issue", "add", "BHF", "Potholes on Brixton Hill")
    cli("export", str(tmp_path / "bhf.json"))
    other = str(tmp_path / "other.sqlite")
    assert main(["--db", other, "init"]) == 0
    code, out, err = cli("--db", other, "import", str(tmp_path / "bhf.json"))
    assert code == 0, err
    assert "  The file holds 3 records: 3 new.\n" in out  # forum, issue, its timeline entry
    code, out, _ = cli("import", str(tmp_path / "bhf.json"), "--dry-run")
    assert "  The file holds 3 records: 3 unchanged.\n" in out
    assert "(were so)" not in out and "0 conflict" not in out


def test_issue_show_says_where_and_why_a_stage_moved(cli) -> None:
    cli("demo")
    cli(
        "issue",
        "move",
        "BHF-0001",
        "co-formulation",
        "--meeting",
        "BHF 2026-09-22",
        "--note",
        "Options to be worked out with residents",
    )
    out = cli("issue", "show", "BHF-0001")[1]
    moved = [line for line in out.splitlines() if "Stage moved" in line][-1]
    assert moved.endswith(
        "Co-definition of problems → Co-formulation of options, at BHF 2026-09-22, "
        "September area forum: Options to be worked out with residents"
    )
