""" "How was it decided?": asked by the board's move to co-decision and by a decision outcome."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from forumdesk.core import agenda, issues
from forumdesk.domain.enums import DecisionMethod, OutcomeKind, PolicyStage, TimelineKind
from forumdesk.gui.desk import Desk
from forumdesk.gui.register.board import BoardView
from forumdesk.gui.register.board_move import MoveDialog
from forumdesk.gui.workspace.issue_panel import describe
from forumdesk.gui.workspace.meeting import AGENDA


def _board(qtbot, db) -> BoardView:
    view = BoardView(Desk(db))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _dialog() -> MoveDialog:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MoveDialog))


def test_a_move_to_co_decision_on_the_board_records_a_show_of_hands(
    qtbot, db, sample, dialogs
) -> None:
    view = _board(qtbot, db)
    card = view.column(PolicyStage.CO_DEFINITION).model.card(0)
    seen: dict[str, bool] = {}

    def answer() -> None:
        dialog = _dialog()
        fields = dialog.decision
        assert fields is not None
        seen["votes before"] = fields.votes.isVisibleTo(dialog)
        fields.method.choose(DecisionMethod.SHOW_OF_HANDS)
        seen["votes after"] = fields.votes.isVisibleTo(dialog)
        fields.votes_for.setValue(12)
        fields.votes_against.setValue(3)
        fields.votes_abstain.setValue(1)
        dialog.note.setText("Agreed at the forum")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert view.move(card.id, PolicyStage.CO_DECISION)
    assert seen == {"votes before": False, "votes after": True}  # asked only for a show of hands
    with db.read_session() as s:
        moved = issues.issue_detail(s, card.id).timeline[-1]
    assert moved.kind is TimelineKind.STAGE_MOVED
    assert moved.decided_by is DecisionMethod.SHOW_OF_HANDS
    assert (moved.votes_for, moved.votes_against, moved.votes_abstain) == (12, 3, 1)
    assert dialogs.errors == []


def test_a_move_to_another_stage_does_not_ask_how_it_was_decided(qtbot, db, sample) -> None:
    view = _board(qtbot, db)
    card = view.column(PolicyStage.CO_DEFINITION).model.card(0)
    asked: list[object] = []

    def answer() -> None:
        dialog = _dialog()
        asked.append(dialog.decision)
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert view.move(card.id, PolicyStage.CO_FORMULATION)
    assert asked == [None]


def test_a_decision_outcome_records_how_it_was_decided(qtbot, window, db, sample) -> None:
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Play street")
    area = window.workspace.agenda
    window.workspace.show_area(AGENDA)
    area.reload(select=item.id)
    area.outcome_kind.choose(OutcomeKind.INFORMATION)
    assert not area.outcome_decision.isVisibleTo(area)
    area.outcome_kind.choose(OutcomeKind.DECISION)
    assert area.outcome_decision.isVisibleTo(area)
    area.outcome_decision.method.choose(DecisionMethod.CONSENSUS)
    area.outcome_text.setText("Close Elm Road on Sundays")
    area.add_outcome_now()
    with db.read_session() as s:
        (made,) = agenda.list_agenda(s, sample.meeting_id)[0].outcomes
    assert made.decided_by is DecisionMethod.CONSENSUS and made.votes_for is None
    assert area.outcomes.item(0).text() == (
        "Decision: RESOLVED: Close Elm Road on Sundays (Decided by consensus)"
    )
    assert area.outcome_decision.method.current() is None  # ready for the next one


def test_the_issue_timeline_says_how_a_co_decision_was_made(db, sample) -> None:
    with db.session() as s:
        issues.move_issue(
            s, sample.issue_refs[0], "co-decision", decided_by="show-of-hands", votes_for=9
        )
        moved = issues.issue_detail(s, sample.issue_refs[0]).timeline[-1]
    assert describe(moved).endswith(
        "Moved from Co-definition of problems to Co-decision making "
        "(Decided by show of hands: 9 for, 0 against)"
    )
