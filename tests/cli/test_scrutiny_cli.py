"""`forumdesk engagement coopt|member|session|recommend` on a scrutiny review."""

from __future__ import annotations

import json


def _review(cli, forum: str | None = "BHF") -> str:
    assert cli("forum", "add", "BHF", "Brixton Hill Area Forum")[0] in (0, 3)
    where = ["--forum", forum] if forum else []
    code, out, _err = cli(
        "engagement", "add", "scrutiny", *where, "--title", "Repairs review",
        "--committee", "Housing Scrutiny Sub-Committee", "--json",
    )  # fmt: skip
    assert code == 0
    return str(json.loads(out)["reference"])


def test_coopt_session_and_recommend_show_in_the_review(cli) -> None:
    ref = _review(cli)
    code, out, _err = cli(
        "engagement", "coopt", ref, "--name", "Marcia Clarke", "--consent-named", "--voting",
        "--from", "2026-05-01", "--to", "2027-04-30", "--interests", "Council tenant",
    )  # fmt: skip
    assert code == 0
    assert out == "Co-opted Marcia Clarke as a voting member, member id 1.\n"
    assert cli("engagement", "coopt", ref)[1] == (
        "Co-opted a resident (not named) as a non-voting member, member id 2.\n"
    )
    code, out, _err = cli("engagement", "member", "2", "--to", "2026-10-31", "--voting")
    assert out == "Member 2 is now (not named) (voting): … to 2026-10-31.\n"
    code, out, _err = cli("engagement", "session", ref, "--date", "2026-06-09", "--venue", "Hall")
    assert code == 0 and "evidence session of BHF on 2026-06-09" in out
    code, out, _err = cli(
        "engagement", "recommend", ref, "--title", "Text tenants before repairs",
        "--stage", "co-formulation", "--made-on", "2026-07-28",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "Recorded recommendation BHF-0001; the executive's response is due by 2026-09-28.\n"
    )
    shown = cli("engagement", "show", ref)[1]
    assert "Co-opted residents: 2 co-opted residents (2 voting, 0 non-voting)" in shown
    assert "Evidence sessions: 1 session: 2026-06-09" in shown
    assert "BHF-0001  Text tenants before repairs  (Co-formulation, recommendation)" in shown
    listed = json.loads(cli("meeting", "list", "--forum", "BHF", "--json")[1])
    assert [m["format"] for m in listed] == ["scrutiny-session"]


def test_the_executive_response_is_recorded_on_the_issue(cli) -> None:
    ref = _review(cli)
    cli("engagement", "recommend", ref, "--title", "A", "--stage", "co-evaluation")
    assert cli("issue", "respond", "BHF-0001", "Agreed.")[0] == 0
    shown = cli("engagement", "show", ref)[1]
    assert "1 recommendation: 1 answered, 0 awaiting a response (0 overdue)" in shown


def test_bad_input_is_refused_with_a_sentence_and_changes_nothing(cli) -> None:
    ref = _review(cli)
    wide = _review(cli, forum=None)
    code, _out, err = cli("engagement", "coopt", ref, "--name", "Bob")
    assert code == 3 and "consent to be named" in err
    code, _out, err = cli("engagement", "coopt", ref, "--from", "2026-05-01", "--to", "2026-04-30")
    assert code == 3
    assert "Term ends: the term cannot end on 2026-04-30, before it starts on 2026-05-01" in err
    code, _out, err = cli("engagement", "recommend", ref, "--title", "X", "--stage", "3")
    assert code == 3 and "not co-decision" in err
    code, _out, err = cli("engagement", "recommend", wide, "--title", "X", "--stage", "2")
    assert code == 3 and "council-wide review" in err and "--forum CODE" in err
    code, _out, err = cli("engagement", "session", wide, "--date", "2026-06-09")
    assert code == 3 and "council-wide review" in err
    code, _out, err = cli("engagement", "member", "9", "--to", "2026-01-01")
    assert code == 3 and "no co-opted member with id 9" in err
    assert "Traceback" not in err
    shown = cli("engagement", "show", ref)[1]
    assert "0 co-opted residents" in shown and "0 recommendations" in shown
    assert json.loads(cli("issue", "list", "--json")[1]) == []
