"""The default forum: set with `config set default_forum`, used when a command names no
forum, refused when it names none, and forgotten when its forum is deleted."""

from __future__ import annotations

import pytest

from forumdesk.core import forums
from forumdesk.db.store import open_database


@pytest.fixture
def two_forums(cli):
    assert cli("forum", "add", "BHF", "Brixton Hill", "--wards", "Brixton Hill")[0] == 0
    assert cli("forum", "add", "SHF", "Streatham Hill")[0] == 0
    return cli


def test_a_meeting_added_without_a_forum_goes_to_the_default_forum(two_forums) -> None:
    cli = two_forums
    assert cli("config", "set", "default_forum", "shf") == (0, "default_forum is now 'SHF'.\n", "")
    code, out, err = cli("meeting", "add", "--format", "area-forum", "--date", "2026-03-04")
    assert code == 0 and "SHF 2026-03-04" in out and err == ""
    code, out, _err = cli("meeting", "list", "--forum", "SHF")
    assert "2026-03-04" in out


def test_without_a_default_a_command_naming_no_forum_says_how_to_name_one(two_forums) -> None:
    code, out, err = two_forums("meeting", "add", "--format", "area-forum", "--date", "2026-03-04")
    assert code == 3 and out == ""
    assert "Name a forum (one of: BHF, SHF)" in err
    assert "forumdesk config set default_forum CODE" in err and "Traceback" not in err


def test_the_feedback_report_uses_the_default_forum(two_forums, tmp_path) -> None:
    cli = two_forums
    cli("config", "set", "default_forum", "BHF")
    out = tmp_path / "feedback.pdf"
    code, said, err = cli("report", "feedback", "--out", str(out))
    assert "Report written" in said
    assert code == 0 and err == "" and out.exists()


def test_a_code_that_names_no_forum_is_refused_with_the_forums_codes(two_forums) -> None:
    cli = two_forums
    code, out, err = cli("config", "set", "default_forum", "XYZ")
    assert code == 3 and out == ""
    assert "Default forum: 'XYZ' names no forum; the forums' codes are: BHF, SHF" in err
    assert cli("config", "list", "--json")[1].count('"default_forum"') == 1
    assert '"value": ""' in _row(cli, "default_forum")


def test_a_deleted_default_forum_falls_back_to_none(two_forums) -> None:
    cli = two_forums
    cli("config", "set", "default_forum", "SHF")
    database = open_database(str(cli.db))
    with database.session() as s:
        forums.delete_forum(s, "SHF")
    database.dispose()
    assert '"value": ""' in _row(cli, "default_forum")
    code, _out, err = cli("meeting", "add", "--format", "area-forum", "--date", "2026-03-04")
    assert code == 3 and "Name a forum (one of: BHF)" in err and "Traceback" not in err


def _row(cli, key: str) -> str:
    import json

    rows = json.loads(cli("config", "list", "--json")[1])
    return json.dumps(next(row for row in rows if row["key"] == key))
