"""`forumdesk person …`: list, find, show, merge, unlink, erase, export (subject access)."""

from __future__ import annotations

import json

import pytest

from forumdesk.core import attendance, forums, issues, meetings
from forumdesk.db.store import open_database
from tests.reports.helpers import flat


@pytest.fixture
def town(cli) -> dict[str, int]:
    """Aled Jones signed in at two forums; Mair Evans once; a councillor."""
    db = open_database(str(cli.db))
    try:
        with db.session() as s:
            forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
            forums.create_forum(s, code="LLF", name="Llanfair Community Forum")
            bhf = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-01-20")
            llf = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-02-05")
            ids = {
                "aled": attendance.add_attendance(
                    s,
                    bhf.id,
                    name="Aled Jones",
                    consent_named=True,
                    consent_contact=True,
                    contact="07700 900123",
                ).id,
                "aled_llf": attendance.add_attendance(
                    s, llf.id, name="Aled Jones", consent_named=True
                ).id,
                "mair": attendance.add_attendance(
                    s, bhf.id, name="Mair Evans", consent_named=True
                ).id,
            }
            made = issues.record_issue(s, forum="BHF", title="Potholes", meeting=bhf.id)
            issues.edit_issue(s, made.reference, {"raised_by_id": ids["aled"]})
    finally:
        db.dispose()
    return ids


def test_find_show_and_merge_two_sign_ins_into_one_person(cli, town) -> None:
    code, out, _ = cli("person", "find", "aled")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == [
        f"s{town['aled']}",
        f"s{town['aled_llf']}",
    ]
    code, out, _ = cli("person", "show", f"s{town['aled']}")
    assert code == 0
    assert "Sign-in s1 (not linked to a person)" in out
    assert "consented to be named (" in out and "consented to be contacted (" in out
    assert "These sign-ins look like the same person (not linked unless you say so):" in out
    assert f"s{town['aled_llf']}  LLF 2026-02-05  Aled Jones  (same name; not linked)" in out
    assert f"Link them with: forumdesk person merge s{town['aled']} s{town['aled_llf']}" in out

    code, out, _ = cli("person", "merge", f"s{town['aled']}", f"s{town['aled_llf']}")
    assert (code, out) == (0, "Person 1 made of 2 sign-ins.\n")
    code, out, _ = cli("person", "list")
    assert out.splitlines()[1].split() == [
        "1",
        "Aled",
        "Jones",
        "07700",
        "900123",
        "2",
        "BHF,",
        "LLF",
        "2026-02-05",
    ]
    code, out, _ = cli("person", "show", "1", "--json")
    shown = json.loads(out)
    assert [s["id"] for s in shown["person"]["sign_ins"]] == [town["aled"], town["aled_llf"]]
    assert [i["reference"] for i in shown["person"]["issues"]] == ["BHF-0001"]
    assert shown["suggestions"] == []


def test_merge_people_then_unlink_a_mistake(cli, town) -> None:
    assert cli("person", "merge", f"s{town['aled']}", f"s{town['aled_llf']}")[0] == 0
    assert cli("person", "merge", f"s{town['mair']}", f"s{town['mair']}")[0] == 3
    code, out, _ = cli("person", "merge", "1", f"s{town['mair']}")
    assert (code, out) == (0, "1 sign-in linked to person 1.\n")
    code, out, _ = cli("person", "unlink", f"s{town['mair']}")
    assert (code, out) == (0, "1 sign-in unlinked.\n")
    code, out, err = cli("person", "merge", "1", "x2")
    assert code == 3
    assert "'x2' names neither a person (their number, such as 4) nor a sign-in" in err


def test_erase_asks_first_then_says_what_it_did_without_the_name(cli, town) -> None:
    cli("person", "merge", f"s{town['aled']}", f"s{town['aled_llf']}")
    code, out, err = cli("person", "erase", "1")  # no terminal to ask on
    assert code == 3
    assert "Add --yes to erase without asking." in err
    assert "Aled" in cli("person", "show", "1")[1]  # nothing was erased
    code, out, err = cli("person", "erase", "1", "--yes", "--by", "Data protection officer")
    assert code == 0
    assert out.startswith("Erased the name and contact details of person 1 from 2 sign-ins")
    assert "Aled" not in out + err and "07700" not in out + err
    code, out, _ = cli("person", "list")
    assert "(erased on " in out and "Aled" not in out
    assert "Aled" not in cli("issue", "list", "--search", "Aled Jones")[1]


def test_issue_list_search_finds_what_a_resident_raised(cli, town) -> None:
    code, out, _ = cli("issue", "list", "--search", "mair evans")
    assert (code, "No issues match.") == (0, out.strip())
    code, out, _ = cli("issue", "list", "--search", "aled jones")
    assert code == 0 and "BHF-0001" in out


def test_export_writes_what_is_held_as_pdf_and_json(cli, town, tmp_path) -> None:
    cli("person", "merge", f"s{town['aled']}", f"s{town['aled_llf']}")
    pdf = tmp_path / "aled.pdf"
    code, out, _ = cli("person", "export", "1", "--out", str(pdf))
    assert (code, out) == (0, f"Everything held about person 1 written to {pdf}.\n")
    text = flat(pdf.read_bytes())
    for expected in (
        "Personal data held about a person",
        "Name: Aled Jones",
        "Contact: 07700 900123",
        "Brixton Hill Area Forum, 20 January 2026",
        "Llanfair Community Forum, 5 February 2026",
        "Yes, given on",
        "BHF-0001 Potholes",
        "No export from this desk carried their name or contact details.",
    ):
        assert expected in text, expected
    code, out, _ = cli("person", "export", "1", "--json")
    held = json.loads(out)
    assert held["names"] == ["Aled Jones"]
    assert [s["meeting"] for s in held["sign_ins"]] == ["BHF 2026-01-20", "LLF 2026-02-05"]
    code, _, err = cli("person", "export", "1", "--out", str(tmp_path / "aled.txt"))
    assert code == 3 and "neither a .pdf nor a .json file" in err
    assert not (tmp_path / "aled.txt").exists()


def test_export_of_one_sign_in_says_which_look_alikes_it_leaves_out(cli, town, tmp_path) -> None:
    code, _, err = cli("person", "export", f"s{town['aled']}", "--out", str(tmp_path / "a.json"))
    assert code == 0
    assert (
        f"1 other sign-in looks like the same person (s{town['aled_llf']}) and is not in this "
        "answer: link it with 'forumdesk person merge' first if it is theirs." in err
    )
    cli("person", "merge", f"s{town['aled']}", f"s{town['aled_llf']}")
    code, _, err = cli("person", "export", "1", "--out", str(tmp_path / "b.json"))
    assert code == 0 and "looks like" not in err
