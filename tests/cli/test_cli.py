"""The command line: every command end to end, JSON for scripts, clear refusals with exit codes."""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from forumdesk.cli import main
from tests.helpers import file_bytes, snapshot


def test_a_facilitators_evening_from_the_command_line(cli) -> None:
    assert cli("init")[0] == 0
    assert cli("forum", "add", "bhf", "Brixton Hill Area Forum", "--wards", "Brixton Hill")[0] == 0
    code, out, _ = cli(
        "meeting",
        "add",
        "BHF",
        "--format",
        "area-forum",
        "--date",
        "2026-03-04",
        "--venue",
        "St Saviour's Hall",
        "--json",
    )
    meeting = json.loads(out)
    assert code == 0 and meeting["format"] == "area-forum" and meeting["uuid"]
    code, out, _ = cli(
        "issue",
        "add",
        "BHF",
        "Street lights out on Ffordd yr Ŵyl",
        "--meeting",
        str(meeting["id"]),
        "--theme",
        "Safety",
        "--support",
        "12",
    )
    assert (code, out.strip()) == (
        0,
        "Recorded BHF-0001: Street lights out on Ffordd yr Ŵyl (Co-definition of problems).",
    )
    assert (
        cli(
            "issue",
            "move",
            "bhf-0001",
            "3",
            "--meeting",
            str(meeting["id"]),
            "--note",
            "to the jury",
        )[0]
        == 0
    )
    assert cli("issue", "status", "BHF-0001", "in-progress")[0] == 0
    assert cli("issue", "comment", "BHF-0001", "Lamp heads ordered")[0] == 0
    assert cli("issue", "respond", "BHF-0001", "You said dark; we fixed it")[0] == 0
    assert (
        cli(
            "action",
            "add",
            "Chase the lamp heads",
            "--owner",
            "Dan",
            "--due",
            "2026-04-01",
            "--meeting",
            str(meeting["id"]),
            "--issue",
            "BHF-0001",
        )[0]
        == 0
    )

    assert cli("issue", "respond", "BHF-0001", "Survey booked", "--due", "2030-05-01")[0] == 0
    code, out, _ = cli("issue", "show", "BHF-0001")
    assert code == 0
    assert "Stage:     3. Co-decision making" in out
    assert "Response due: 2030-05-01" in out
    assert (
        "Co-definition of problems → Co-decision making, at BHF 2026-03-04, Area forum meeting: "
        "to the jury"
    ) in out
    assert "Response to residents" in out

    code, out, _ = cli("issue", "list", "--search", "wyl", "--json")
    listed = json.loads(out)
    assert [(i["reference"], i["stage"], i["status"]) for i in listed] == [
        ("BHF-0001", "co-decision", "in-progress")
    ]
    assert listed[0]["id"] == 1 and len(listed[0]["uuid"]) == 36

    code, out, _ = cli("stats", "--json")
    counts = json.loads(out)
    assert counts["issues_by_stage"]["co-decision"] == 1 and counts["meetings"] == 1

    code, out, _ = cli("action", "list", "--open", "--json")
    assert [a["description"] for a in json.loads(out)] == ["Chase the lamp heads"]
    assert cli("check") == (0, f"{cli.db}: integrity ok, no foreign key violations.\n", "")


@pytest.mark.parametrize(
    "command",
    [["forum", "list"], ["meeting", "list"], ["issue", "list"], ["action", "list"]],
)
def test_every_listing_prints_a_json_array_with_id_and_uuid(cli, demo_in_cli, command) -> None:
    code, out, _ = cli(*command, "--json")
    records = json.loads(out)
    assert code == 0 and isinstance(records, list) and records
    assert all(isinstance(r["id"], int) and len(r["uuid"]) == 36 for r in records)


def test_issue_list_filters_sorts_and_pages(cli, demo_in_cli) -> None:
    code, out, _ = cli(
        "issue",
        "list",
        "--forum",
        "LLF",
        "--stage",
        "5",
        "--sort",
        "support",
        "--desc",
        "--limit",
        "2",
        "--json",
    )
    found = json.loads(out)
    assert code == 0 and len(found) == 2
    assert all(i["forum_code"] == "LLF" and i["stage"] == "co-evaluation" for i in found)
    assert found[0]["support"] >= found[1]["support"]
    code, out, _ = cli("issue", "list", "--limit", "5", "--offset", "5")
    assert out.strip().endswith(
        "Issues 6-10 of 70.\n60 more are not shown: add --limit N to show N, or --all to "
        "show every one."
    )


def test_backup_writes_a_verified_copy(cli, demo_in_cli, tmp_path) -> None:
    code, out, _ = cli("backup", str(tmp_path / "copy.sqlite"))
    assert code == 0 and "verified" in out
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("SELECT count(*) FROM issue").fetchone()[0] == 70
    copy.close()
    code, out, _ = cli("backup")
    assert code == 0 and "cli-backups" in out


BAD_INPUT = [
    # (arguments, exit code, what stderr must say)
    (["issue", "add", "BHF", "t", "--support", "many"], 2, "'many' is not a whole number"),
    (["issue", "add", "BHF", "t", "--stage", "7"], 2, "'7' is not one of"),
    (["meeting", "add", "BHF", "--format", "rave", "--date", "2026-01-01"], 2, "'rave'"),
    (
        ["meeting", "add", "BHF", "--format", "other", "--date", "31/01/2026"],
        2,
        "'31/01/2026' is not a date like 2026-03-04",
    ),
    (["issue", "list", "--sort", "colour"], 2, "invalid choice"),
    (["issue", "move", "BHF-9999", "2"], 3, "no issue with reference 'BHF-9999'"),
    (["issue", "add", "NOPE", "t"], 3, "no forum with code 'NOPE'"),
    (["issue", "add", "BHF", "t", "--meeting", "999"], 3, "no meeting with id 999"),
    (["issue", "add", "BHF", "x" * 301], 3, "Title: is 301 characters long; the limit is 300"),
    (["forum", "add", "BHF", "Twice"], 3, "already uses the code BHF"),
    (["issue", "status", "BHF-0001", "open"], 3, "already open"),
    (["action", "status", "999", "done"], 3, "no action with id 999"),
    (["issue", "comment", "BHF-0001", "   "], 3, "Comment: must not be empty"),
    (["demo"], 3, "not empty"),
    (["frobnicate"], 2, "invalid choice"),
    (
        ["issue", "list", "--offset", "99999999999999999999"],
        2,
        "'99999999999999999999' is too large: the largest number taken is 1,000,000,000",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT)
def test_bad_input_is_refused_clearly_and_changes_nothing(cli, args, code, message) -> None:
    cli("forum", "add", "BHF", "Brixton Hill")
    cli("issue", "add", "BHF", "Potholes")
    before = snapshot(cli.db)
    if code == 2:
        with pytest.raises(SystemExit) as exit_info:
            cli(*args)
        got = exit_info.value.code
    else:
        got, _, _ = cli(*args)
    assert got == code
    assert snapshot(cli.db) == before


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUT)
def test_refusals_are_one_sentence_without_a_traceback(cli, args, code, message) -> None:
    cli("forum", "add", "BHF", "Brixton Hill")
    cli("issue", "add", "BHF", "Potholes")
    db = cli.db
    result = _forumdesk("--db", str(db), *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _forumdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "forumdesk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
    )


def test_a_text_file_as_database_is_refused_untouched(tmp_path) -> None:
    notes = tmp_path / "minutes.txt"
    notes.write_text("Minutes of the meeting\n", encoding="utf-8")
    before = file_bytes(notes)
    result = _forumdesk("--db", str(notes), "issue", "list")
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"forumdesk: {notes} is not a ForumDesk database (it is not a SQLite file)."
    )
    assert file_bytes(notes) == before


def test_a_database_from_a_newer_forumdesk_is_refused_untouched(tmp_path) -> None:
    db = tmp_path / "newer.sqlite"
    assert _forumdesk("--db", str(db), "init").returncode == 0
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = 'f00d_next_year'")
    connection.commit()
    connection.close()
    before = file_bytes(db)
    result = _forumdesk("--db", str(db), "stats")
    assert result.returncode == 3
    assert "written by a newer ForumDesk (schema f00d_next_year)" in result.stderr
    assert file_bytes(db) == before


def test_check_fails_on_a_damaged_database(tmp_path) -> None:
    db = tmp_path / "damaged.sqlite"
    _forumdesk("--db", str(db), "demo")
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM forum WHERE code = 'LLF'")  # orphans its meetings
    connection.commit()
    connection.close()
    result = _forumdesk("--db", str(db), "check")
    assert result.returncode == 1
    assert "foreign key: table meeting" in result.stdout
    opened = _forumdesk("--db", str(db), "stats")  # work goes on, with a warning
    assert opened.returncode == 0
    assert "warning: The backup of" in opened.stderr
    assert "rows refer to records that do not exist" in opened.stderr


def test_the_command_line_never_imports_qt(tmp_path) -> None:
    script = (
        "import sys\nfrom forumdesk.cli import main\n"
        f"main(['--db', {str(tmp_path / 'q.sqlite')!r}, 'demo'])\n"
        f"main(['--db', {str(tmp_path / 'q.sqlite')!r}, 'issue', 'list'])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_every_command_has_help() -> None:
    from forumdesk.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert sub.format_help().startswith("usage: forumdesk " + name)


def _every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _every_parser(sub)


def test_every_whole_number_option_refuses_a_number_too_large_for_the_database() -> None:
    """A number past SQLite's 64-bit INTEGER was an unexpected error (OverflowError)."""
    from forumdesk.cli import build_parser

    huge = str(2**64)
    checked = []
    for parser in _every_parser(build_parser()):
        for action in parser._actions:
            if action.type is None:
                continue
            try:
                value = action.type(huge)
            except argparse.ArgumentTypeError as refused:
                message = str(refused)
                if "too large" in message:
                    checked.append(f"{parser.prog} {action.dest}")
                continue
            assert not isinstance(value, int), f"{parser.prog} {action.dest} took {huge}"
    assert "forumdesk issue list offset" in checked and len(checked) >= 8, checked


def test_the_database_can_be_chosen_by_environment(tmp_path, monkeypatch, capsys) -> None:
    chosen = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("FORUMDESK_DB", str(chosen))
    assert main(["init"]) == 0
    assert main(["forum", "add", "LLF", "Llanfair"]) == 0
    assert chosen.is_file()
    assert main(["--db", str(tmp_path / "other.sqlite"), "init"]) == 0
    assert main(["--db", str(tmp_path / "other.sqlite"), "forum", "list", "--json"]) == 0
    assert "[]" in capsys.readouterr().out  # --db wins over the environment


def test_an_unexpected_error_says_where_the_log_is(cli, monkeypatch) -> None:
    from forumdesk.cli import cmd_admin
    from forumdesk.paths import log_dir

    assert cli("init")[0] == 0

    def broken(*_args, **_kwargs):
        raise KeyError(("themes", 1))

    monkeypatch.setattr(cmd_admin, "stats", broken)
    code, _out, err = cli("stats")
    log = log_dir() / "forumdesk.log"
    assert code == 1
    assert err == (
        "forumdesk: unexpected error (KeyError: ('themes', 1)); nothing was changed. "
        f"The details are in the log: {log}.\n"
    )
    logged = log.read_text(encoding="utf-8")
    assert "Unexpected error in the command 'forumdesk stats'" in logged
    assert "Traceback (most recent call last)" in logged
