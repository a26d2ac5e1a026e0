"""Command-line lists show their first 200 rows unless asked, and say what they left out."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, event

from forumdesk.core import forums, issues, meetings
from forumdesk.db.store import open_database

MORE = "more are not shown: add --limit N to show N, or --all to show every one."


@pytest.fixture
def many(cli):
    """A database with 201 issues and 3 meetings of one forum."""
    db = open_database(str(cli.db))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        for n in range(201):
            issues.record_issue(s, forum="BHF", title=f"Pothole number {n + 1}")
        for day in ("2026-01-13", "2026-02-10", "2026-03-10"):
            meetings.create_meeting(s, forum="BHF", format="area-forum", date=day)
    db.dispose()
    return cli


def _rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("BHF-")]


def test_a_list_of_201_issues_prints_200_and_says_one_more(many) -> None:
    code, out, err = many("issue", "list")
    assert code == 0 and err == ""
    assert len(_rows(out)) == 200
    assert out.endswith(
        "Issues 1-200 of 201.\n"
        "1 more is not shown: add --limit N to show N, or --all to show every one.\n"
    )


def test_limit_and_all_choose_how_many(many) -> None:
    code, out, _ = many("issue", "list", "--limit", "5")
    assert code == 0 and len(_rows(out)) == 5
    assert out.endswith(f"196 {MORE}\n")
    code, out, _ = many("issue", "list", "--all")
    assert code == 0 and len(_rows(out)) == 201
    assert out.endswith("201 issues.\n") and MORE not in out
    with pytest.raises(SystemExit) as refused:
        many("issue", "list", "--all", "--limit", "5")
    assert refused.value.code == 2


def test_json_keeps_the_default_and_says_the_rest_on_stderr(many) -> None:
    code, out, err = many("issue", "list", "--json")
    listed = json.loads(out)  # the output stays one JSON array
    assert code == 0 and len(listed) == 200
    assert listed[0]["reference"] == "BHF-0001" and listed[-1]["reference"] == "BHF-0200"
    assert err == f"forumdesk: 1 more is not shown: {MORE.split(': ', 1)[1]}\n"
    code, out, err = many("issue", "list", "--json", "--all")
    assert len(json.loads(out)) == 201 and err == ""
    code, out, err = many("issue", "list", "--json", "--limit", "5", "--offset", "195")
    assert [i["reference"] for i in json.loads(out)] == [f"BHF-0{n}" for n in range(196, 201)]
    assert err == f"forumdesk: 1 more is not shown: {MORE.split(': ', 1)[1]}\n"


def test_a_search_matching_many_issues_is_cut_and_counted_in_sql(many) -> None:
    said: list[str] = []

    def heard(_conn, _cursor, statement, *_args) -> None:
        said.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", heard)
    try:
        code, out, _ = many("issue", "list", "--search", "pothole", "--limit", "3")
    finally:
        event.remove(Engine, "before_cursor_execute", heard)
    assert code == 0 and len(_rows(out)) == 3 and out.endswith(f"198 {MORE}\n")
    fetched = [s for s in said if s.startswith("SELECT issue.id")]
    assert fetched and all("LIMIT" in s for s in fetched)


@pytest.mark.parametrize(
    ("command", "first"),
    [
        (("meeting", "list"), "2026-03-10"),
        (("forum", "list"), "Brixton Hill"),
    ],
)
def test_every_list_takes_the_same_options(many, command, first) -> None:
    with open_database(str(many.db)).session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
    code, out, _ = many(*command, "--limit", "1")
    body = out.splitlines()
    assert code == 0 and len(body) == 3 and first in body[1]
    assert body[2].endswith("not shown: add --limit N to show N, or --all to show every one.")
    code, out, err = many(*command, "--json", "--limit", "1")
    assert len(json.loads(out)) == 1 and err.startswith("forumdesk: ")
    code, out, _ = many(*command, "--all")
    assert MORE not in out


def test_the_lists_of_the_demo_are_cut_and_counted(cli) -> None:
    cli("demo")
    for command in (
        ("action", "list"),
        ("meeting", "list"),
        ("engagement", "list"),
        ("offer", "list"),
        ("forum", "list"),
        ("conflicts", "list", "--resolved"),
    ):
        code, everything, _ = cli(*command, "--json", "--all")
        total = len(json.loads(everything))
        code, out, err = cli(*command, "--json", "--limit", "1")
        assert code == 0 and len(json.loads(out)) == min(total, 1), command
        if total > 1:
            n = total - 1
            assert err == f"forumdesk: {n} {'more is' if n == 1 else 'more are'} not shown: " + (
                "add --limit N to show N, or --all to show every one.\n"
            ), command
        else:
            assert err == "", command


def test_person_list_is_chosen_by_name_in_sql(cli) -> None:
    cli("demo")
    for pair in (("s35", "s43"), ("s1", "s9"), ("s2", "s10")):
        assert cli("person", "merge", *pair)[0] == 0
    _code, out, _ = cli("person", "list", "--json", "--all")
    everyone = [p["name"] for p in json.loads(out)]
    assert everyone == [
        "Catrin Hughes (Cymdeithas Tai)",
        "Cllr Grace Adeyemi",
        "Daniel Reed",
        "Maureen O'Brien",
    ]
    _code, out, err = cli("person", "list", "--json", "--limit", "2")
    assert [p["name"] for p in json.loads(out)] == everyone[:2]
    assert err == f"forumdesk: 2 {MORE}\n"
    _code, out, _ = cli("person", "list", "--limit", "3")
    assert (
        "Daniel Reed" in out
        and "Maureen" not in out
        and out.endswith(f"1 more is not shown: {MORE.split(': ', 1)[1]}\n")
    )
