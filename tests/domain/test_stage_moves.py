"""The stage moves minutes print: what the meeting did, not the keystrokes."""

from __future__ import annotations

from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.stage_moves import StageMove, net_moves

ONE, TWO, THREE, FOUR = list(PolicyStage)[:4]


def move(issue: str, start: PolicyStage, end: PolicyStage, note: str | None = None) -> StageMove:
    return StageMove(issue, start, end, note)


def test_a_move_undone_redone_and_undone_again_is_no_move() -> None:
    # Alt+3, Ctrl+Z, redo, Ctrl+Z: four moves on the timeline, none in the minutes.
    recorded = [
        move("BHF-0001", ONE, THREE),
        move("BHF-0001", THREE, ONE, "Move undone."),
        move("BHF-0001", ONE, THREE),
        move("BHF-0001", THREE, ONE, "Move undone."),
    ]
    assert net_moves(recorded) == []


def test_a_move_undone_then_redone_is_one_move_without_the_undo_note() -> None:
    recorded = [
        move("BHF-0001", ONE, THREE, "Agreed by show of hands"),
        move("BHF-0001", THREE, ONE, "Move undone."),
        move("BHF-0001", ONE, THREE),
    ]
    assert net_moves(recorded) == [move("BHF-0001", ONE, THREE)]


def test_moves_that_follow_on_are_one_move_from_the_first_stage_to_the_last() -> None:
    recorded = [
        move("BHF-0001", ONE, TWO, "Options next"),
        move("BHF-0001", TWO, THREE, "Decided tonight"),
    ]
    assert net_moves(recorded) == [move("BHF-0001", ONE, THREE, "Options next\nDecided tonight")]


def test_a_round_trip_through_several_stages_is_no_move() -> None:
    recorded = [move("A", ONE, TWO), move("A", TWO, THREE), move("A", THREE, ONE)]
    assert net_moves(recorded) == []


def test_an_undone_step_keeps_the_note_of_the_step_that_stands() -> None:
    recorded = [
        move("A", ONE, TWO, "Options next"),
        move("A", TWO, THREE, "Too soon"),
        move("A", THREE, TWO, "Move undone."),
    ]
    assert net_moves(recorded) == [move("A", ONE, TWO, "Options next")]


def test_issues_are_netted_apart_and_listed_in_the_order_their_moves_began() -> None:
    recorded = [
        move("B", ONE, TWO),
        move("A", TWO, THREE, "Vote"),
        move("B", TWO, ONE, "Move undone."),
        move("C", ONE, FOUR),
        move("A", THREE, FOUR),
    ]
    assert net_moves(recorded) == [move("A", TWO, FOUR, "Vote"), move("C", ONE, FOUR)]


def test_a_move_that_does_not_follow_on_is_listed_on_its_own() -> None:
    # Between the two, someone moved the issue from 2 to 3 outside the meeting.
    recorded = [move("A", ONE, TWO), move("A", THREE, FOUR)]
    assert net_moves(recorded) == recorded
