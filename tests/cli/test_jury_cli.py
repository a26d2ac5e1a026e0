"""`forumdesk engagement pool|draw|jury-session|jury-witness|jury-recommend`."""

from __future__ import annotations

import json
import re


def _jury(cli, forum: bool = True) -> str:
    if forum:
        assert cli("forum", "add", "bhf", "Brixton Hill Area Forum")[0] == 0
    code, out, _ = cli(
        "engagement", "add", "jury", "--forum", "BHF", "--title", "Traffic", "--json"
    )
    assert code == 0
    return json.loads(out)["reference"]


def test_a_jury_is_pooled_drawn_and_checked_from_the_command_line(cli) -> None:
    ref = _jury(cli)
    for n, ward in enumerate(["North"] * 4 + ["South"] * 2, start=1):
        code, out, _ = cli(
            "engagement", "pool", ref, "--name", f"Resident {n}", "--consent-named", "--ward", ward
        )
        assert code == 0 and f"({f'Resident {n}'}) to the pool." in out
    code, out, err = cli("engagement", "pool", ref, "--name", "Ann", "--ward", "North")
    assert code == 3 and "consent to be named" in err
    code, out, _ = cli(
        "engagement", "draw", ref, "--size", "3", "--by", "ward", "--seed", "4 May",
        "--witness", "Cllr Grace Adeyemi",
    )  # fmt: skip
    assert code == 0
    assert "Seed: 4 May" in out and "Witnessed by: Cllr Grace Adeyemi" in out
    assert "North: 2 of 4 volunteers" in out and "South: 1 of 2 volunteers" in out
    assert len(re.findall(r"No\. \d+: Resident \d", out)) == 3
    draw_id = re.search(r"--check (\d+)", out).group(1)
    code, again, _ = cli("engagement", "draw", ref, "--check", draw_id)
    assert code == 0 and "the same jurors came out" in again
    other = _jury(cli, forum=False)
    code, _out, err = cli("engagement", "draw", other, "--check", draw_id)
    assert code == 3 and f"Draw {draw_id} is not a draw of {other}." in err
    code, listing, _ = cli("engagement", "pool", ref, "--json")
    assert sum(v["juror"] for v in json.loads(listing)) == 3


def test_a_short_stratum_is_refused_with_its_name(cli) -> None:
    ref = _jury(cli)
    cli("engagement", "pool", ref, "--ward", "North")
    cli("engagement", "pool", ref, "--ward", "South")
    code, _out, err = cli(
        "engagement", "draw", ref, "--seed", "x", "--quota", "North=1", "--quota", "South=2"
    )
    assert code == 3 and "South has 1 volunteer, too few for 2 jurors" in err
    code, _out, err = cli("engagement", "draw", ref, "--size", "2")
    assert code == 3 and "needs a seed" in err
    assert "No draw yet" in cli("engagement", "draw", ref)[1]


def test_sessions_witnesses_and_recommendations_from_the_command_line(cli) -> None:
    ref = _jury(cli)
    code, out, _ = cli("engagement", "jury-session", ref, "--date", "2026-06-20")
    assert code == 0 and "Planned the jury's session on 2026-06-20" in out
    meeting = re.search(r"meeting id (\d+)", out).group(1)
    code, out, _ = cli(
        "engagement", "jury-witness", ref, "--name", "Sgt Helen Moss", "--session", meeting,
        "--evidence", "Collisions",
    )  # fmt: skip
    assert code == 0 and "Added witness Sgt Helen Moss." in out
    code, out, _ = cli(
        "engagement", "jury-recommend", ref, "--title", "School streets", "--meeting", meeting,
        "--response-due", "2026-09-01",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        "Recorded BHF-0001: School streets, the council's response due 2026-09-01.",
    )
    code, out, _ = cli("engagement", "show", ref)
    assert "Sessions: 1" in out and "Recommendations: 1" in out and "Witness: Sgt Helen Moss" in out


def test_a_ward_the_forum_does_not_have_is_refused_from_the_command_line(cli) -> None:
    assert cli("forum", "add", "bhf", "Brixton Hill Area Forum", "--wards", "Brixton Hill")[0] == 0
    ref = _jury(cli, forum=False)
    code, out, err = cli("engagement", "pool", ref, "--name", "Ann", "--ward", "Streatham")
    assert (code, out) == (3, "")
    assert (
        "'Streatham' is not a ward of Brixton Hill Area Forum; its wards are: Brixton Hill" in err
    )
    assert "Traceback" not in err
    assert cli("engagement", "pool", ref, "--ward", "brixton hill")[0] == 0
