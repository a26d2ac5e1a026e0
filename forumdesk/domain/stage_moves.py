"""What a meeting's stage moves came to: the net effect, not the keystrokes.

The timeline keeps every move, an undo included (an undo is recorded as the move
back). Minutes record what the meeting did: a move that was undone, or a pair that
cancels out, is not in them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from forumdesk.domain.enums import PolicyStage


@dataclass(frozen=True)
class StageMove:
    """One move of an issue from one stage to another, with its note."""

    issue: str  # whatever names the issue, such as its reference
    from_stage: PolicyStage | None  # None: not recorded (older data)
    to_stage: PolicyStage | None
    note: str | None = None


def net_moves(moves: Iterable[StageMove]) -> list[StageMove]:
    """The moves that stand, given every move recorded (oldest first).

    Moves of one issue that follow on from each other (each starting at the stage
    the one before ended at) form a run, and a run counts as one move, from the stage
    it started at to the stage it ended at: Alt+2 then Alt+3 is one move from stage 1
    to stage 3, as the meeting would minute it. A run that ends where it started (a
    move and its undo, a redo undone again, 1 → 2 → 3 → 1) is no move at all. A move
    that does not follow on (the issue was moved elsewhere in between, outside the
    meeting) starts a new run, so it is listed on its own.

    A run's note is the notes of its moves that were not taken back (a move directly
    followed by the move back cancels with it, notes and all), one per line.

    Returns:
        One move per run that changed the stage, in the order the runs started.
    """
    runs: list[list[StageMove]] = []
    open_run: dict[str, list[StageMove]] = {}
    for move in moves:
        run = open_run.get(move.issue)
        if run is None or run[-1].to_stage != move.from_stage:
            run = []
            runs.append(run)
            open_run[move.issue] = run
        run.append(move)
    return [net for run in runs if (net := _net(run)) is not None]


def _net(run: list[StageMove]) -> StageMove | None:
    first, last = run[0], run[-1]
    if first.from_stage == last.to_stage:
        return None
    standing: list[StageMove] = []
    for move in run:
        if standing and standing[-1].from_stage == move.to_stage:
            standing.pop()  # the move back takes the one before it away
        else:
            standing.append(move)
    notes = [m.note for m in standing if m.note]
    return StageMove(
        first.issue, first.from_stage, last.to_stage, "\n".join(dict.fromkeys(notes)) or None
    )
