"""Two copies of one sealed version, redacted differently: compared and combined alike on
every desk, whichever arrives first."""

from __future__ import annotations

from typing import Any

from forumdesk.core.minutes import content_hash
from forumdesk.domain.redaction import redact
from forumdesk.exchange import redacted

SEALED: dict[str, Any] = {
    "language": "en",
    "attendance": {"residents": ["Ann Lee", "Bo Diaz"], "councillors": ["Cllr Rae"]},
    "items": [{"notes": "Ann Lee and Bo Diaz asked about the bins."}],
}
HASH = content_hash(SEALED)
E1, E2 = "e1000000-0000-4000-8000-000000000000", "e2000000-0000-4000-8000-000000000000"


def _both_ways(one: tuple[Any, Any], other: tuple[Any, Any]) -> tuple[Any, Any]:
    first = redacted.combine(*one, *other, HASH)
    assert redacted.combine(*other, *one, HASH) == first  # the same whichever came first
    return first


def test_an_erasure_beats_a_withheld_name_and_a_withheld_name_beats_the_name() -> None:
    erased = redact(SEALED, ["Ann Lee"], "a resident", erasure=E1)
    withheld = redact(SEALED, ["Ann Lee", "Bo Diaz"], "a resident")
    content, marks = _both_ways(erased, withheld)
    # The erased text wins where both took something out: Bo Diaz was only withheld from
    # one file, and the other desk holds her name with consent.
    assert content["items"][0]["notes"] == "a resident and Bo Diaz asked about the bins."
    assert content["attendance"]["residents"] == ["a resident", "a resident"]
    assert {(tuple(m["path"]), m["erasure"]) for m in marks} == {
        (("attendance", "residents", 0), E1),
        (("attendance", "residents", 1), None),
        (("items", 0, "notes"), E1),
    }


def test_withheld_names_come_back_from_the_whole_copy_but_erased_ones_never() -> None:
    withheld = redact(SEALED, ["Ann Lee", "Bo Diaz"], "a resident")
    assert _both_ways((SEALED, None), withheld) == (SEALED, [])
    erased = redact(SEALED, ["Ann Lee"], "a resident", erasure=E1)
    content, marks = _both_ways((SEALED, None), erased)
    assert content == erased[0] and marks == erased[1]


def test_two_erasures_of_one_sentence_leave_neither_name() -> None:
    one = redact(SEALED, ["Ann Lee"], "a resident", erasure=E1)
    other = redact(SEALED, ["Bo Diaz"], "a resident", erasure=E2)
    content, _marks = _both_ways(one, other)
    assert "Ann" not in str(content) and "Bo Diaz" not in str(content)
    assert content["attendance"]["councillors"] == ["Cllr Rae"]


def test_only_a_redaction_is_the_same_version() -> None:
    withheld = redact(SEALED, ["Ann Lee"], "a resident")
    assert redacted.same_version(SEALED, None, *withheld)
    assert redacted.same_version(*withheld, SEALED, None)
    changed = redact(SEALED, ["Ann Lee"], "Someone Else")
    assert not redacted.same_version(SEALED, None, *changed)  # claims a redaction, is none
    elsewhere = dict(SEALED, language="cy")
    assert not redacted.same_version(SEALED, None, elsewhere, withheld[1])
    # A text changed at a place neither copy redacted, beside a real redaction.
    content, marks = withheld
    content = dict(content, items=[{"notes": "Nothing was asked."}])
    assert not redacted.same_version(SEALED, None, content, marks)
