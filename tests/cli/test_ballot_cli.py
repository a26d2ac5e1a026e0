"""The ballot's verbs and a co-decision's evidence on the command line."""

from __future__ import annotations

import re


def _setup(cli) -> str:
    assert cli("forum", "add", "BHF", "Brixton Hill Area Forum")[0] == 0
    code, out, _err = cli("issue", "add", "BHF", "Play street on Elm Road")
    assert code == 0
    code, out, err = cli(
        "engagement",
        "add",
        "ballot",
        "--forum",
        "BHF",
        "--title",
        "Elm Road play street",
        "--wording",
        "Should Elm Road close to traffic on Sundays?",
        "--option",
        "Yes",
        "--option",
        "No",
        "--electorate",
        "400",
        "--rule",
        "threshold",
        "--rule-threshold",
        "60",
    )
    assert code == 0, err
    reference = re.search(r"BHF-BAL-\w+", out).group(0)
    assert cli("engagement", "link", reference, "BHF-0001", "--stage", "co-decision")[0] == 0
    return reference


def test_boxes_are_entered_and_the_result_declared(cli) -> None:
    ref = _setup(cli)
    code, out, _err = cli(
        "engagement", "ballot", ref, "--box", "Hall", "--option", "yes=90", "--option", "No=30",
        "--spoilt", "4",
    )  # fmt: skip
    assert (code, out.strip()) == (0, "Ballot box Hall now holds 124 ballots, 4 of them spoilt.")
    cli("engagement", "ballot", ref, "--box", "Library", "--option", "Yes=30", "--option", "No=50")
    code, out, _err = cli("engagement", "result", ref)
    assert code == 0
    assert "Hall: Yes 90, No 30; spoilt 4" in out
    assert "Yes: 120 ballots (60.0%)" in out  # 120 of 200 valid: exactly the threshold
    assert "204 ballots cast of an electorate of 400: a turnout of 51.0%." in out
    assert "Yes won with 120 ballots (60.0% of the valid ballots)." in out
    code, out, _err = cli("engagement", "result", ref, "--declare")
    assert code == 0 and f"The result of {ref} is declared." in out
    code, out, _err = cli("issue", "show", "BHF-0001")
    assert "Co-decision making (Decided by ballot): Ballot " in out


def test_bad_counts_are_refused_with_a_sentence_and_exit_3(cli) -> None:
    ref = _setup(cli)
    code, _out, err = cli("engagement", "ballot", ref, "--box", "Hall", "--option", "Maybe=3")
    assert code == 3 and "has no option 'Maybe'; its options are: Yes, No" in err
    code, _out, err = cli("engagement", "ballot", ref, "--box", "Hall", "--option", "Yes")
    assert code == 3 and "give the option and its count as TEXT=COUNT" in err
    code, _out, err = cli("engagement", "ballot", ref, "--box", "Hall", "--option", "Yes=-2")
    assert code == 3 and "must not be negative" in err
    code, _out, err = cli("engagement", "result", ref, "--declare")
    assert code == 3 and "no ballots counted" in err
    assert "Traceback" not in err


def test_a_move_to_co_decision_says_how_it_was_decided(cli) -> None:
    _setup(cli)
    code, out, err = cli(
        "issue", "move", "BHF-0001", "co-decision", "--decided-by", "show-of-hands",
        "--for", "12", "--against", "3", "--abstain", "1",
    )  # fmt: skip
    assert code == 0, err
    assert "Decided by show of hands: 12 for, 3 against, 1 abstention." in out
    code, out, _err = cli("issue", "show", "BHF-0001")
    assert "(Decided by show of hands: 12 for, 3 against, 1 abstention)" in out
    code, _out, err = cli(
        "issue", "move", "BHF-0001", "co-formulation", "--decided-by", "consensus", "--for", "3"
    )
    assert code == 3 and "only for a decision made by a show of hands" in err


def test_a_show_of_hands_of_none_for_and_none_against_is_refused(cli) -> None:
    _setup(cli)
    code, out, err = cli(
        "issue", "move", "BHF-0001", "co-decision", "--decided-by", "show-of-hands",
        "--for", "0", "--against", "0", "--abstain", "5",
    )  # fmt: skip
    assert (code, out) == (3, "")
    assert "Votes for: a show of hands needs at least one vote for or against; 0 for" in err
    assert "Traceback" not in err
    assert "co-definition" in cli("issue", "show", "BHF-0001")[1].casefold()
