"""The merge decisions on plain data: what an import does with one record, no database."""

from datetime import UTC, datetime

from forumdesk.domain import merging, references
from forumdesk.domain.merging import Copy
from forumdesk.domain.versions import Order

A, B, C = "a", "b", "c"


def test_the_same_or_an_older_version_changes_nothing() -> None:
    mine = Copy({A: 2}, {"title": [A, 2]}, {"title": "New"})
    for theirs in (mine, Copy({A: 1}, {}, {"title": "Old"})):
        decided = merging.decide(mine, theirs)
        assert not decided.changes and decided.take == () and decided.vv == {A: 2}


def test_a_descendant_is_taken_whole() -> None:
    mine = Copy({A: 1}, {}, {"title": "Old", "ward": "Pentre"})
    theirs = Copy({A: 1, B: 1}, {"title": [B, 1]}, {"title": "New", "ward": "Pentre"})
    decided = merging.decide(mine, theirs)
    assert (decided.order, decided.take, decided.conflicts) == (Order.AFTER, ("title",), ())
    assert decided.vv == {A: 1, B: 1} and decided.dots == {"title": [B, 1]}


def test_concurrent_edits_of_different_fields_merge_and_of_one_field_conflict() -> None:
    mine = Copy(
        {A: 2},
        {"ward": [A, 2], "title": [A, 2]},
        {"ward": "Pentre", "title": "Mine", "owner": None},
    )
    theirs = Copy(
        {A: 1, B: 1},
        {"owner": [B, 1], "title": [B, 1]},
        {"ward": None, "title": "Theirs", "owner": "Rhodri"},
    )
    decided = merging.decide(mine, theirs)
    assert decided.order is Order.CONCURRENT
    assert decided.take == ("owner",) and decided.conflicts == ("title",)
    assert decided.vv == {A: 2, B: 1}
    assert decided.dots == {"ward": [A, 2], "title": [A, 2], "owner": [B, 1]}


def test_a_deletion_of_a_record_edited_here_meanwhile_is_a_conflict() -> None:
    mine = Copy({A: 2}, {"ward": [A, 2]}, {"ward": "Pentre", "deleted_at": None})
    gone = Copy(
        {A: 1, B: 1}, {"deleted_at": [B, 1]}, {"ward": None, "deleted_at": "2026-03-04T00:00:00Z"}
    )
    assert merging.decide(mine, gone).conflicts == ("deleted_at",)
    untouched = Copy({A: 1}, {}, {"ward": None, "deleted_at": None})
    assert merging.decide(untouched, gone).take == ("deleted_at",)
    # The same deletion again, relayed by a desk that has not seen this desk's edit: this
    # desk already knows it (its conflict is open, or was resolved): no second conflict.
    kept = Copy({A: 2, B: 1}, {"ward": [A, 2]}, {"ward": "Pentre", "deleted_at": None})
    relayed = Copy(
        {A: 1, B: 1, C: 1},
        {"deleted_at": [B, 1], "owner": [C, 1]},
        {"ward": None, "deleted_at": "2026-03-04T00:00:00Z"},
    )
    assert merging.decide(kept, relayed).conflicts == ()


def test_two_desks_writing_the_same_value_agree_on_one_dot_whatever_the_order() -> None:
    left = Copy({A: 1, B: 1}, {"reference": [B, 1]}, {"reference": "BHF-0001-3FA8"})
    right = Copy({A: 1, C: 1}, {"reference": [C, 1]}, {"reference": "BHF-0001-3FA8"})
    one, other = merging.decide(left, right), merging.decide(right, left)
    assert one.conflicts == other.conflicts == () and one.take == other.take == ()
    assert one.dots == other.dots == {"reference": [C, 1]}
    assert one.vv == other.vv == {A: 1, B: 1, C: 1}


def test_only_a_later_write_that_saw_both_sides_settles_a_conflict() -> None:
    mine_dot, theirs_dot = [A, 2], [B, 1]
    assert merging.settles({A: 3, B: 1}, [A, 3], mine_dot, theirs_dot)  # resolved on A
    assert not merging.settles({A: 2, B: 1}, [A, 2], mine_dot, theirs_dot)  # one side again
    assert not merging.settles({A: 2, C: 1}, [C, 1], mine_dot, theirs_dot)  # had not seen B's
    assert not merging.settles({A: 3, B: 1}, None, mine_dot, theirs_dot)


def test_personal_data_fills_in_only_what_is_missing_here() -> None:
    given = {"name": "Aled", "contact": "aled@example.org"}
    assert merging.personal_to_fill(given, {"name": None, "contact": "kept@example.org"}) == {
        "name": "Aled"
    }


def test_a_desk_mark_is_two_letters_without_i_or_o_made_from_its_uuid() -> None:
    marks = {references.mark_of(f"2f0c5a1e-0000-4000-8000-{n:012x}") for n in range(2000)}
    assert all(len(m) == 2 and not set(m) & set("IO") for m in marks)
    assert len(marks) == 24 * 24  # every mark is made
    uuid = "2f0c5a1e-0000-4000-8000-00000000abcd"
    assert references.mark_of(uuid) == references.mark_of(uuid)


def test_a_clash_goes_to_the_first_created_and_the_other_is_renumbered_from_its_own_data() -> None:
    early = (datetime(2026, 3, 4, tzinfo=UTC), "ffff0000-0000-4000-8000-000000000000")
    late = (datetime(2026, 3, 5, tzinfo=UTC), "0000aaaa-0000-4000-8000-000000000000")
    assert min([late, early], key=lambda c: references.first_claim(*c)) == early
    assert references.renumbered("BHF-0007", late[1], set()) == "BHF-0007-0000"
    held = {"BHF-0007-0000"}
    assert references.renumbered("BHF-0007", late[1], held) == "BHF-0007-0000AA"
    assert references.reference("BHF", None, 43) == "BHF-0043"
    assert references.reference("BHF", "KT", 7) == "BHF-KT-0007"
