"""The policy-cycle board: counts per column, oldest first, more read on scroll, cards moved
by keyboard, by drag and drop and from the menu (with a note and meeting, one undo step),
and read again from the change record alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select, update

from forumdesk.core import board as board_service
from forumdesk.core import forums, issues, meetings
from forumdesk.db.models import Forum, Issue, TimelineEvent
from forumdesk.domain.changes import Changes
from forumdesk.domain.enums import IssueStatus, PolicyStage, TimelineKind
from forumdesk.domain.records import IssueFilter
from forumdesk.gui.desk import Desk
from forumdesk.gui.register import board_move
from forumdesk.gui.register.board import BoardView
from forumdesk.gui.register.board_model import (
    CARD_ROLE,
    ISSUE_MIME,
    StageModel,
    describe,
)
from forumdesk.gui.register.board_move import MoveAnswer, MoveDialog
from tests.gui.conftest import focus

DEF, FORM, DEC, IMPL, EVAL = PolicyStage
TODAY = date(2026, 3, 1)
NOON = datetime(2026, 2, 1, 12, tzinfo=UTC)


class Asked:
    """Answers the move question as the person would, and remembers what was asked."""

    def __init__(self) -> None:
        self.answers: list[MoveAnswer | None] = []
        self.questions: list[tuple[str, PolicyStage, list[int]]] = []

    def __call__(self, _parent, reference, stage, held):
        self.questions.append((reference, stage, [m.id for m in held]))
        return self.answers.pop(0)


@pytest.fixture
def asked(monkeypatch) -> Asked:
    answering = Asked()
    monkeypatch.setattr(board_move, "ask_move", answering)
    return answering


@pytest.fixture
def make_board(qtbot, db, dialogs):
    """A shown board on the test database (its own undo stack, a fixed today)."""

    def make(wanted: IssueFilter | None = None) -> BoardView:
        view = BoardView(Desk(db), today=lambda: TODAY)
        if wanted is not None:
            view.set_filter(wanted)
        qtbot.addWidget(view)
        view.resize(1200, 600)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


@pytest.fixture
def staged(db, sample):
    """The sample's three issues at co-definition (entered on 3, 1 and 2 Feb) and one at
    co-decision, overdue since 31 Jan."""
    with db.session() as s:
        issues.record_issue(
            s, forum="BHF", title="Bus shelter", stage="co-decision", due_date="2026-01-31"
        )
        for reference, day in (("BHF-0001", 3), ("BHF-0002", 1), ("BHF-0003", 2)):
            s.execute(
                update(Issue)
                .where(Issue.reference == reference)
                .values(stage_since=NOON.replace(day=day))
            )
    return sample


def shown(view: BoardView, stage: PolicyStage) -> list[str]:
    model = view.column(stage).model
    return [model.card(row).reference for row in range(model.rowCount())]


def totals(view: BoardView) -> list[int]:
    return [column.model.total for column in view.columns]


def moves(db, reference: str) -> list[tuple[str, str, str | None, int | None]]:
    with db.read_session() as s:
        rows = s.execute(
            select(TimelineEvent)
            .join(Issue, Issue.id == TimelineEvent.issue_id)
            .where(Issue.reference == reference, TimelineEvent.kind == TimelineKind.STAGE_MOVED)
            .order_by(TimelineEvent.id)
        ).scalars()
        return [(e.from_stage.value, e.to_stage.value, e.text, e.meeting_id) for e in rows]


def stage_of(db, reference: str) -> PolicyStage:
    with db.read_session() as s:
        return s.scalar(select(Issue.stage).where(Issue.reference == reference))


def test_each_column_counts_its_issues_oldest_first(make_board, staged) -> None:
    view = make_board()
    assert totals(view) == [3, 0, 1, 0, 0]
    assert shown(view, DEF) == ["BHF-0002", "BHF-0003", "BHF-0001"]
    header = view.column(DEF).header.text()
    assert "Co-definition of problems" in header and "3 issues" in header
    assert "1 issue" in view.column(DEC).header.text()
    assert view.column(DEC).list.accessibleName() == "Co-decision making column, 1 issue"


def test_the_filter_narrows_every_column(make_board, staged) -> None:
    view = make_board(IssueFilter(ward="Brixton Hill"))
    assert totals(view) == [1, 0, 0, 0, 0]
    view.set_filter(IssueFilter(overdue_on=TODAY))
    assert totals(view) == [0, 0, 1, 0, 0]


def test_an_overdue_card_says_so_in_words(make_board, staged) -> None:
    view = make_board()
    index = view.column(DEC).model.index(0, 0)
    said = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert said == "BHF-0004. Bus shelter. 0 days in this stage. \u26a0 Overdue"
    assert describe(view.column(DEF).model.card(0)) == (
        "BHF-0002 · Tulse Hill. Street lights out on Ffordd yr Ŵyl. 28 days in this stage"
    )


def test_a_card_names_its_forum_when_its_reference_does_not(make_board, staged) -> None:
    card = make_board().column(DEF).model.card(0)
    moved = replace(card, forum_code="TUL")  # a forum whose code changed since
    assert describe(moved).startswith("BHF-0002 · TUL · Tulse Hill. ")
    assert describe(replace(card, ward=None, days_in_stage=1)) == (
        "BHF-0002. Street lights out on Ffordd yr Ŵyl. 1 day in this stage"
    )


def bulk_issues(db, count: int, stage: PolicyStage) -> None:
    """``count`` issues at ``stage`` inserted in one statement, entered in a shuffled order."""
    with db.session() as s:
        forum_id = s.scalar(select(Forum.id).where(Forum.code == "BHF"))
        s.execute(
            insert(Issue),
            [
                {
                    "forum_id": forum_id,
                    "number": 100 + n,
                    "reference": f"BHF-{100 + n:04d}",
                    "title": f"Issue number {n}",
                    "stage": stage,
                    "status": IssueStatus.OPEN,
                    # n * 7919 mod count: every minute once, in no order of number.
                    "stage_since": NOON + timedelta(minutes=(n * 7919) % count),
                }
                for n in range(count)
            ],
        )


def test_a_column_of_thousands_reads_more_as_it_scrolls(qtbot, make_board, db, sample):
    bulk_issues(db, 2_000, IMPL)
    view = make_board()
    column = view.column(IMPL)
    assert (column.model.total, column.model.rowCount()) == (2_000, board_service.PAGE)
    with db.read_session() as s:
        oldest = s.scalars(
            select(Issue.reference)
            .where(Issue.stage == IMPL)
            .order_by(Issue.stage_since)
            .limit(2 * board_service.PAGE)
        ).all()
    assert shown(view, IMPL) == oldest[: board_service.PAGE]
    bar = column.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the list lays its rows out when idle
    row = column.list.sizeHintForRow(0)
    bar.setValue(bar.maximum() - 30 * row)  # far from the end: nothing more read
    assert column.model.rowCount() == board_service.PAGE
    bar.setValue(bar.maximum() - 5 * row)  # near the end: the next page
    qtbot.waitUntil(lambda: column.model.rowCount() == 2 * board_service.PAGE)
    assert shown(view, IMPL) == oldest
    # A change elsewhere reads the loaded pages again, not just the first.
    with db.session() as s:
        issues.move_issue(s, "BHF-0001", "co-evaluation")
    view._desk.announce(Changes.of({"issue": [1]}))
    assert column.model.rowCount() == 2 * board_service.PAGE
    assert totals(view) == [2, 0, 0, 2_000, 1]
    # Another filter starts each column again at its top, with one page.
    view.set_filter(IssueFilter(forum="BHF"))
    assert (column.model.rowCount(), bar.value()) == (board_service.PAGE, 0)


def test_ctrl_right_moves_the_card_with_a_note_and_meeting(
    qtbot, make_board, db, staged, asked
) -> None:
    view = make_board()
    lst = view.column(DEF).list
    view.column(DEF).choose(1)  # BHF-0003
    focus(qtbot, lst)
    asked.answers.append(MoveAnswer("Agreed to look at options", staged.meeting_id))
    qtbot.keyClick(lst, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert asked.questions == [("BHF-0003", FORM, [staged.meeting_id])]
    assert moves(db, "BHF-0003") == [
        ("co-definition", "co-formulation", "Agreed to look at options", staged.meeting_id)
    ]
    assert totals(view) == [2, 1, 1, 0, 0]
    assert shown(view, FORM) == ["BHF-0003"]
    assert lst.hasFocus() and view.column(DEF).current_card().reference == "BHF-0001"
    # Ctrl+Left from co-formulation moves back a stage; none left of co-definition.
    view.column(FORM).choose(0)
    asked.answers.append(MoveAnswer(None, None))
    qtbot.keyClick(view.column(FORM).list, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(db, "BHF-0003") == DEF
    assert moves(db, "BHF-0003")[-1] == ("co-formulation", "co-definition", None, None)
    qtbot.keyClick(lst, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert len(asked.questions) == 2  # nothing asked: no stage before the first


def test_cancelling_the_question_moves_nothing(qtbot, make_board, db, staged, asked) -> None:
    view = make_board()
    lst = view.column(DEF).list
    view.column(DEF).choose(0)
    focus(qtbot, lst)
    asked.answers.append(None)
    qtbot.keyClick(lst, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert len(asked.questions) == 1
    assert moves(db, "BHF-0002") == []
    assert stage_of(db, "BHF-0002") == DEF
    assert totals(view) == [3, 0, 1, 0, 0]
    assert view.undo_stack.count() == 0


def test_undo_puts_the_card_back_and_redo_moves_it_again(
    qtbot, make_board, db, staged, asked
) -> None:
    view = make_board()
    ident = view.column(DEF).model.card(0).id
    asked.answers.append(MoveAnswer("Ready for a decision", None))
    assert view.move(ident, DEC)
    assert totals(view) == [2, 0, 2, 0, 0]
    assert view.undo_stack.undoText() == "move BHF-0002 to co-decision making"
    view.undo_stack.undo()
    assert stage_of(db, "BHF-0002") == DEF
    assert totals(view) == [3, 0, 1, 0, 0]
    assert moves(db, "BHF-0002")[-1] == ("co-decision", "co-definition", "Move undone.", None)
    view.undo_stack.redo()
    assert stage_of(db, "BHF-0002") == DEC
    assert "BHF-0002" in shown(view, DEC)


def drag_over(lst, data: QMimeData, *, drop: bool = False) -> bool:
    """Drags ``data`` over a list view (enter, move) and drops it there when asked and
    the view accepts it; returns whether the view would take the drop."""
    point = QPoint(20, 20)  # not QPointF: PySide6 before 6.12 takes none
    args = (
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(lst.viewport(), QDragEnterEvent(point, *args))
    moved = QDragMoveEvent(point, *args)
    QApplication.sendEvent(lst.viewport(), moved)
    if not moved.isAccepted():
        QApplication.sendEvent(lst.viewport(), QDragLeaveEvent())
        return False
    if drop:
        QApplication.sendEvent(lst.viewport(), QDropEvent(point, *args))
    return True


def drag_data(ident: int) -> QMimeData:
    data = QMimeData()
    data.setData(ISSUE_MIME, str(ident).encode())
    return data


def test_a_card_dropped_on_another_column_moves_there(qtbot, make_board, db, staged, asked):
    view = make_board()
    source = view.column(DEF).model
    card = source.card(0)
    dragged = source.mimeData([source.index(0, 0)])
    assert dragged.hasFormat(ISSUE_MIME)
    target = view.column(EVAL).model
    assert target.canDropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert not source.canDropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    asked.answers.append(MoveAnswer("Evaluated at the walkabout", staged.meeting_id))
    # Dropped on the column's list view as the mouse drops it: enter, move, drop.
    assert not drag_over(view.column(DEF).list, dragged)  # not on its own column
    assert drag_over(view.column(EVAL).list, dragged, drop=True)
    qtbot.waitUntil(lambda: stage_of(db, card.reference) == EVAL)  # asked after the drop
    assert asked.questions == [(card.reference, EVAL, [staged.meeting_id])]
    assert moves(db, card.reference) == [
        ("co-definition", "co-evaluation", "Evaluated at the walkabout", staged.meeting_id)
    ]
    assert shown(view, EVAL) == [card.reference]
    assert view.undo_stack.count() == 1


def test_dropping_through_the_model_asks_too_and_cancel_keeps_it(
    qtbot, make_board, db, staged, asked
) -> None:
    view = make_board()
    card = view.column(DEF).model.card(2)
    target = view.column(IMPL).model
    asked.answers.append(None)
    taken = target.dropMimeData(drag_data(card.id), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert taken is False  # the model never takes the row itself
    qtbot.waitUntil(lambda: len(asked.questions) == 1)
    assert stage_of(db, card.reference) == DEF and moves(db, card.reference) == []
    # Something that is not a card is refused before any question.
    other = QMimeData()
    other.setText("BHF-0001")
    assert not target.canDropMimeData(other, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert not target.dropMimeData(other, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_the_context_menu_moves_to_any_other_stage(make_board, db, staged, asked) -> None:
    view = make_board()
    card = view.column(DEC).model.card(0)
    menu = view.move_menu(card)
    (move_to,) = [a for a in menu.actions() if a.menu() is not None]
    assert move_to.text() == "&Move to…"
    choices = {a.text(): a for a in move_to.menu().actions()}
    assert list(choices) == [
        "1. Co-definition of problems",
        "2. Co-formulation of options",
        "4. Co-implementation",
        "5. Co-evaluation",
    ]
    asked.answers.append(MoveAnswer(None, None))
    choices["4. Co-implementation"].trigger()
    assert stage_of(db, card.reference) == IMPL
    menu.deleteLater()


def test_left_and_right_go_between_columns_enter_opens(qtbot, make_board, staged) -> None:
    view = make_board()
    first = view.column(DEF).list
    focus(qtbot, first)
    qtbot.keyClick(first, Qt.Key.Key_Right)
    qtbot.waitUntil(view.column(FORM).list.hasFocus)
    qtbot.keyClick(view.column(FORM).list, Qt.Key.Key_Right)
    third = view.column(DEC).list
    qtbot.waitUntil(third.hasFocus)
    assert third.currentIndex().row() == 0  # the first card is chosen on arrival
    with qtbot.waitSignal(view.issue_activated) as opened:
        qtbot.keyClick(third, Qt.Key.Key_Return)
    assert opened.args == [view.column(DEC).model.card(0).id]
    qtbot.keyClick(third, Qt.Key.Key_Left)
    qtbot.waitUntil(view.column(FORM).list.hasFocus)
    with qtbot.waitSignal(view.issue_activated) as opened:
        index = view.column(DEF).model.index(1, 0)
        view.column(DEF).list.doubleClicked.emit(index)
    assert opened.args == [index.data(CARD_ROLE).id]


def test_the_board_reads_again_only_when_issues_changed(make_board, db, staged, monkeypatch):
    view = make_board()
    read: list[IssueFilter] = []
    counts = board_service.counts
    monkeypatch.setattr(board_service, "counts", lambda s, w: read.append(w) or counts(s, w))
    desk = view._desk
    desk.write(lambda s: meetings.create_meeting(s, forum="BHF", format="other", date="2026-04-01"))
    assert read == []  # a new meeting: no card changes
    desk.write(lambda s: issues.record_issue(s, forum="BHF", title="Dog fouling"))
    assert len(read) == 1
    assert totals(view) == [4, 0, 1, 0, 0]
    view.hide()
    desk.write(lambda s: issues.move_issue(s, "BHF-0001", "co-evaluation"))
    assert len(read) == 1  # not on screen: read when shown
    view.show()
    assert len(read) == 2 and totals(view) == [3, 0, 1, 0, 1]


def test_the_column_models_pass_the_model_tester(qtmodeltester, make_board, db, staged):
    bulk_issues(db, 120, DEF)
    view = make_board()
    model = view.column(DEF).model
    assert (model.rowCount(), model.canFetchMore(QModelIndex())) == (board_service.PAGE, True)
    qtmodeltester.check(model)  # the tester reads more too, to the end
    assert (model.rowCount(), model.canFetchMore(QModelIndex())) == (123, False)
    qtmodeltester.check(view.column(FORM).model)  # empty
    loose = StageModel(DEF, lambda *_a: [])
    loose.show(5, [])  # counted five, none left to read
    loose.fetchMore(QModelIndex())
    assert not loose.canFetchMore(QModelIndex())
    qtmodeltester.check(loose)


def test_the_move_dialog_lists_the_forums_meetings_and_none(qtbot, db, staged) -> None:
    with db.session() as s:
        meetings.create_meeting(
            s, forum="BHF", format="other", date="2026-04-01", title="Spring walkabout"
        )
        held = meetings.list_meetings(s, "BHF")
    dialog = MoveDialog(None, "BHF-0001", DEC, held)
    qtbot.addWidget(dialog)
    texts = [dialog.meeting.itemText(i) for i in range(dialog.meeting.count())]
    assert texts == [
        "None: not at a meeting",
        "BHF, 1 Apr 2026: Spring walkabout",
        "BHF, 4 Mar 2026: Area forum meeting",
    ]
    assert dialog.answer() == MoveAnswer(None, None)
    dialog.note.setText("  Agreed by show of hands  ")
    dialog.meeting.setCurrentIndex(2)
    assert dialog.answer() == MoveAnswer("Agreed by show of hands", staged.meeting_id)
    assert dialog.meeting.accessibleName() == "Meeting"
    assert "Co-decision making" in dialog.findChild(type(dialog.layout().itemAt(0).widget())).text()


def test_a_refused_move_is_explained_and_moves_nothing(
    qtbot, make_board, db, staged, asked, dialogs
) -> None:
    view = make_board()
    card = view.column(DEF).model.card(0)
    asked.answers.append(MoveAnswer("x" * 100_000, None))
    assert not view.move(card.id, FORM)
    assert dialogs.errors and "note" in dialogs.errors[0].lower()
    assert stage_of(db, card.reference) == DEF and view.undo_stack.count() == 0


def test_the_move_question_returns_what_was_typed_or_nothing(qtbot, db, staged) -> None:
    with db.read_session() as s:
        held = meetings.list_meetings(s, "BHF")

    def answer(accept: bool) -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MoveDialog))
        dialog.note.setText("Agreed at the forum")
        dialog.meeting.setCurrentIndex(1)
        (dialog.accept if accept else dialog.reject)()

    QTimer.singleShot(0, lambda: answer(True))
    assert board_move.ask_move(None, "BHF-0001", FORM, held) == MoveAnswer(
        "Agreed at the forum", staged.meeting_id
    )
    QTimer.singleShot(0, lambda: answer(False))
    assert board_move.ask_move(None, "BHF-0001", FORM, held) is None


def test_a_filter_whose_forum_is_deleted_empties_the_board_and_says_so_once(
    make_board, db, staged, dialogs
) -> None:
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        issues.record_issue(s, forum="LLF", title="Late bus")
    view = make_board(IssueFilter(forum="LLF"))
    assert totals(view) == [1, 0, 0, 0, 0]
    view._desk.write(lambda s: (issues.delete_issue(s, "LLF-0001"), forums.delete_forum(s, "LLF")))
    assert totals(view) == [0, 0, 0, 0, 0] and dialogs.errors == []
    view.set_filter(IssueFilter(forum="LLF"))
    assert len(dialogs.errors) == 1 and "LLF" in dialogs.errors[0]
    view._desk.write(lambda s: issues.record_issue(s, forum="BHF", title="Dog fouling"))
    assert len(dialogs.errors) == 1


def test_a_card_moved_elsewhere_meanwhile_is_not_moved_back_from_where_it_was_shown(
    qtbot, make_board, db, staged, asked, dialogs
) -> None:
    view = make_board()
    lst = view.column(DEF).list
    view.column(DEF).choose(1)  # BHF-0003, shown in co-definition
    focus(qtbot, lst)
    with db.session() as s:  # another program moves it on, two stages; the board is not told
        issues.move_issue(s, "BHF-0003", "co-decision")
    qtbot.keyClick(lst, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert asked.questions == []  # nothing asked: the card was out of date
    assert stage_of(db, "BHF-0003") == PolicyStage.CO_DECISION  # the other move stands
    assert dialogs.errors == [
        "BHF-0003 was moved to co-decision making meanwhile, elsewhere; nothing was changed. "
        "The board now shows where it is."
    ]
    assert "BHF-0003" in shown(view, PolicyStage.CO_DECISION)
