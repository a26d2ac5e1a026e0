"""Which desks' stamps a file may carry (forumdesk.domain.provenance): pure, no database."""

from __future__ import annotations

from forumdesk.domain import provenance

OWN, SENDER, RELAYED, STRANGER = "own-desk", "sender", "relayed", "stranger"


def issue(uuid: str, vv: dict[str, int], dots: dict[str, list[object]] | None = None) -> dict:
    return {"uuid": uuid, "vv": vv, "dots": dots or {}, "fields": {"reference": f"R-{uuid}"}}


def check(records, *, made_here=None, listed=None, known=None) -> list[str]:
    return provenance.check(
        {"issues": records},
        own_desk=OWN,
        made_here=made_here or {},
        sender=SENDER,
        listed=listed,
        known=known or {},
    )


def test_own_stamps_up_to_what_this_desk_made_pass() -> None:
    assert check([issue("a", {OWN: 3, SENDER: 2})], made_here={"a": 3}) == []


def test_an_own_counter_bumped_past_what_this_desk_made_is_refused() -> None:
    [problem] = check([issue("a", {OWN: 103, SENDER: 2})], made_here={"a": 3})
    assert "issues R-a" in problem and "counter 103" in problem and "is 3" in problem


def test_an_own_dot_on_a_record_this_desk_never_had_is_refused() -> None:
    [problem] = check([issue("b", {SENDER: 1}, {"title": [OWN.upper(), 1]})])
    assert "stamped as this desk" in problem


def test_other_desks_stamps_are_unchecked_without_a_trusted_list() -> None:
    assert check([issue("a", {STRANGER: 4})], listed=None) == []


def test_stamps_of_the_sender_and_listed_desks_pass_and_others_are_refused() -> None:
    listed = [{"uuid": RELAYED, "name": "Relay", "fingerprint": "f"}]
    assert check([issue("a", {SENDER: 2, RELAYED: 1})], listed=listed) == []
    [problem] = check(
        [issue("a", {SENDER: 2}, {"status": [STRANGER, 1]}), issue("c", {STRANGER: 1})],
        listed=listed,
    )
    assert "issues R-a, issues R-c" in problem and f"desk {STRANGER}" in problem


def test_a_listed_desk_with_another_key_than_the_one_known_here_is_refused() -> None:
    listed = [{"uuid": RELAYED, "name": "Relay", "fingerprint": "false"}]
    [problem] = check([issue("a", {SENDER: 1})], listed=listed, known={RELAYED: "true"})
    assert "Relay" in problem and "false" in problem and "true" in problem


def test_stamped_by_names_the_records_whose_own_counters_must_be_read() -> None:
    records = {"issues": [issue("a", {OWN: 1}), issue("b", {SENDER: 1}, {"x": [OWN, 2]})]}
    records["issues"].append(issue("c", {SENDER: 1}))
    assert provenance.stamped_by(records, OWN) == ["a", "b"]
