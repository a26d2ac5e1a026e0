"""What the command line prints never carries a raw control character to the terminal,
and a file with a value the desk refuses when typed exits 3 with a sentence."""

from __future__ import annotations

import json
import sqlite3

from forumdesk.cli import main
from tests.helpers import snapshot

RAW = ("\x1b", "\x07", "\x9b", "\r")


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def store_behind_the_checks(db, sql: str, *values) -> None:
    """What an older version (or an import before files were checked) could store."""
    with sqlite3.connect(db) as conn:
        conn.execute(sql, values)


def test_issue_list_and_show_escape_control_characters_already_stored(tmp_path, capsys) -> None:
    db = tmp_path / "desk.sqlite"
    run(capsys, db, "init")
    run(capsys, db, "forum", "add", "BHF", "Brixton Hill")
    run(capsys, db, "issue", "add", "BHF", "Potholes")
    store_behind_the_checks(
        db,
        "UPDATE issue SET title = ?, description = ?",
        "Pot\x1b[2J\x1b]0;owned\x07holes\x9b1m",
        "First line\r\nsecond\rline",
    )
    for args in (("issue", "list"), ("issue", "show", "BHF-0001")):
        code, out, _ = run(capsys, db, *args)
        assert code == 0
        assert not any(raw in out for raw in RAW), repr(out)
        assert "Pot\\u001b[2J\\u001b]0;owned\\u0007holes\\u009b1m" in out
    assert "First line\nsecond\\u000dline" in out
    code, out, _ = run(capsys, db, "issue", "list", "--json")
    assert json.loads(out)[0]["title"] == "Pot\x1b[2J\x1b]0;owned\x07holes\x9b1m"  # same text


def test_a_desk_name_from_an_earlier_import_is_echoed_escaped(tmp_path, capsys) -> None:
    laptop, office = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"
    run(capsys, laptop, "init")
    run(capsys, laptop, "forum", "add", "BHF", "Brixton Hill")
    run(capsys, office, "init")
    file = tmp_path / "bhf.forumdesk.json"
    run(capsys, laptop, "export", str(file))
    assert run(capsys, office, "import", str(file))[0] == 0
    store_behind_the_checks(office, "UPDATE exchange_log SET desk_name = ?", "Lap\x1b[31mtop\r")
    code, out, err = run(capsys, office, "import", str(file))
    assert code == 0
    assert "Lap\\u001b[31mtop\\u000d" in out + err
    assert not any(raw in out + err for raw in RAW)


def test_an_impossible_start_time_exits_3_with_a_sentence(tmp_path, capsys) -> None:
    laptop, office = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"
    run(capsys, laptop, "init")
    run(capsys, laptop, "forum", "add", "BHF", "Brixton Hill")
    run(capsys, laptop, "meeting", "add", "BHF", "--date", "2026-03-04", "--format", "area-forum")
    run(capsys, office, "init")
    file = tmp_path / "bhf.forumdesk.json"
    run(capsys, laptop, "export", str(file))
    doc = json.loads(file.read_bytes())
    from forumdesk.exchange.document import content_sha256

    for start in ("99:99", "\u0661\u0668:\u0663\u0660"):
        doc["records"]["meetings"][0]["fields"]["start_time"] = start
        doc["content_sha256"] = content_sha256(doc["records"])
        file.write_text(json.dumps(doc), encoding="utf-8")
        before = snapshot(office)
        code, _, err = run(capsys, office, "import", str(file))
        assert code == 3, err
        assert "unexpected error" not in err and "meetings[0]" in err, err
        assert snapshot(office) == before


def test_text_that_would_show_in_another_order_is_refused_and_never_printed_raw(
    tmp_path, capsys
) -> None:
    db = tmp_path / "desk.sqlite"
    run(capsys, db, "init")
    run(capsys, db, "forum", "add", "BHF", "Brixton Hill")
    before = snapshot(db)
    code, _, err = run(capsys, db, "issue", "add", "BHF", "Refund \u202edetaliated\u202c now")
    assert code == 3 and "Title: contains control characters" in err
    assert snapshot(db) == before
    # Right-to-left writing keeps its marks (an Urdu speaker's note, say).
    assert run(capsys, db, "issue", "add", "BHF", "Bins \u200fکوڑا")[0] == 0
    store_behind_the_checks(db, "UPDATE issue SET title = ?", "Pay \u202eevil\u202c here")
    code, out, _ = run(capsys, db, "issue", "list")
    assert "\u202e" not in out and "Pay \\u202eevil\\u202c here" in out
