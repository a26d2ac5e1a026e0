"""`forumdesk engagement responses|questions|summary`: a consultation from the command line."""

from __future__ import annotations

import json

import pytest


def _consultation(cli) -> str:
    assert cli("forum", "add", "BHF", "Brixton Hill Area Forum")[0] == 0
    code, out, _err = cli("issue", "add", "BHF", "Potholes")
    assert code == 0, _err
    code, out, err = cli(
        "engagement", "add", "consultation", "--forum", "BHF", "--title", "Parks",
        "--question", "What should the park have?", "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["reference"]


def test_responses_are_entered_corrected_and_raise_issues(cli) -> None:
    ref = _consultation(cli)
    code, out, err = cli(
        "engagement", "responses", ref, "--channel", "paper", "--count", "7", "--issue", "BHF-0001"
    )
    assert code == 0, err
    assert out.strip() == "Recorded 7 responses on paper supporting BHF-0001; its support is now 7."
    code, out, _ = cli(
        "engagement", "responses", ref, "--channel", "paper", "--count", "4", "--issue", "bhf-0001"
    )
    assert out.strip() == (
        "Corrected to 4 responses on paper for BHF-0001 (was 7); its support is now 4."
    )
    code, out, _ = cli(
        "engagement", "responses", ref, "--channel", "online", "--count", "1", "--raise", "Benches"
    )
    assert out.strip() == "Recorded 1 response online, raising the new issue BHF-0002 (Benches)."
    code, out, _ = cli("engagement", "responses", ref, "--channel", "meeting", "--count", "12")
    assert out.strip() == "Recorded 12 responses at a meeting not coded to an issue."
    code, out, _ = cli("engagement", "show", ref)
    assert code == 0
    for line in (
        "Question 1: What should the park have?",
        "Responses at a meeting: 12",
        "Responses on paper: 4",
        "Responses online: 1",
        "Responses in all: 17",
        "Coded to BHF-0001: 4 responses",
        "Coded to BHF-0002: 1 response",
        "Not coded to an issue: 12 responses",
        "BHF-0002  Benches  (Co-formulation, raised by it)",
    ):
        assert line in out
    code, out, _ = cli("issue", "show", "BHF-0001", "--json")
    assert json.loads(out)["issue"]["support"] == 4


def test_wrong_responses_are_refused_with_a_sentence(cli, capsys) -> None:
    ref = _consultation(cli)
    code, out, err = cli(
        "engagement", "responses", ref, "--channel", "paper", "--count", "3", "--raise", "Potholes"
    )
    assert code == 0
    code, out, err = cli(
        "engagement", "responses", ref, "--channel", "online", "--count", "3", "--raise", "potholes"
    )
    assert code == 3 and out == ""
    assert err.strip() == (
        "forumdesk: BHF-0002 (Potholes) was already raised by this consultation; code these "
        "responses to it instead."
    )
    for wrong, words in (
        (["--channel", "pigeon", "--count", "3"], "'pigeon' is not one of: meeting, paper, online"),
        (["--channel", "paper", "--count", "-1"], "'-1' must not be negative"),
    ):
        with pytest.raises(SystemExit) as usage:
            cli("engagement", "responses", ref, *wrong)
        assert usage.value.code == 2
        assert words in capsys.readouterr().err
    code, _out, err = cli(
        "engagement", "add", "petition", "--forum", "BHF", "--title", "Save it", "--json"
    )
    code, out, _err = cli("engagement", "list", "--kind", "petition", "--json")
    petition = json.loads(out)[0]["reference"]
    code, _out, err = cli("engagement", "responses", petition, "--channel", "paper", "--count", "3")
    assert code == 3 and f"{petition} is a petition, not a consultation" in err


def test_questions_summary_and_you_said_we_did(cli) -> None:
    ref = _consultation(cli)
    code, out, _ = cli(
        "engagement", "questions", ref, "--question", "Open later?", "--question", "Anything else?"
    )
    assert out.strip() == f"{ref} now asks 2 questions."
    code, out, err = cli("engagement", "summary", ref)
    assert code == 3 and "Give --text, --you-said-we-did or both." in err
    code, out, _ = cli("engagement", "summary", ref, "--text", "Most want later opening.")
    assert out.strip() == f"Saved the summary of {ref}."
    code, out, _ = cli("engagement", "summary", ref, "--you-said-we-did", "We open till 9.")
    assert out.strip() == f"Saved the 'you said, we did' response of {ref}."
    code, out, _ = cli("engagement", "show", ref, "--json")
    shown = json.loads(out)
    assert shown["engagement"]["questions"] == ["Open later?", "Anything else?"]
    assert shown["engagement"]["outcome"] == "Most want later opening."
    assert shown["engagement"]["you_said_we_did"] == "We open till 9."
