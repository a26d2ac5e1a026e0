"""The Register view: search, filters, sorting, the detail pane, bulk changes and memory."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from sqlalchemy import update

from forumdesk.core import forums, issue_query, issues, meetings
from forumdesk.db.models import Issue
from forumdesk.domain.enums import IssueStatus, Mechanism, PolicyStage, TimelineKind
from forumdesk.domain.records import IssueFilter
from forumdesk.gui.register.model import COLUMNS, RegisterModel
from tests.gui.conftest import focus

COLUMN = {spec.key: n for n, spec in enumerate(COLUMNS)}


@pytest.fixture
def issues_in_two_forums(db, sample):
    """The sample forum's three issues and three more in a second forum, varied."""
    with db.session() as s:
        forums.create_forum(s, code="ALF", name="Aberaeron Forum", wards=["Aberaeron"])
        issues.record_issue(
            s,
            forum="ALF",
            title="Harbour wall crumbling",
            ward="Aberaeron",
            owner="Nia",
            mechanism="petition",
            themes=["Coast"],
        )
        issues.record_issue(
            s, forum="ALF", title="Beach huts", owner="Zak", due_date="2026-01-01", support=4
        )
        issues.record_issue(s, forum="ALF", title="Ysgol crossing", stage="co-decision")
        issues.edit_issue(s, "BHF-0001", {"response_due": "2026-02-01", "owner": "nia"})
        issues.change_status(s, "BHF-0003", IssueStatus.RESOLVED)
        s.execute(
            update(Issue)
            .where(Issue.reference == "ALF-0003")
            .values(
                created_at=datetime(2025, 6, 1, tzinfo=UTC),
                updated_at=datetime.now(UTC) - timedelta(days=60),
            )
        )
    return sample


@pytest.fixture
def register(window, issues_in_two_forums, qtbot):
    window.open_register(None)
    return window.register


def shown_refs(view) -> list[str]:
    model = view.model
    return [model.record(row).reference for row in range(model.rowCount())]


def test_all_forums_lists_every_issue_in_reference_order(window, register) -> None:
    assert window.current_view is register
    assert shown_refs(register) == [
        "ALF-0001",
        "ALF-0002",
        "ALF-0003",
        "BHF-0001",
        "BHF-0002",
        "BHF-0003",
    ]
    assert register.count.text() == "6 issues"
    assert window.windowTitle().startswith("Register")


def test_search_as_you_type_folds_accents(qtbot, register) -> None:
    focus(qtbot, register.search)
    qtbot.keyClicks(register.search, "harb")
    qtbot.waitUntil(lambda: shown_refs(register) == ["ALF-0001"], timeout=10000)
    register.search.clear()
    register.search.insert("ŵyl")  # typed Welsh (keyClicks cannot type it)
    qtbot.waitUntil(lambda: shown_refs(register) == ["BHF-0002"], timeout=10000)
    register.search.setText("alf-000")  # a reference, or the start of one
    qtbot.waitUntil(lambda: len(shown_refs(register)) == 3, timeout=10000)
    register.search.setText("aled")  # who raised it: nobody yet
    qtbot.waitUntil(lambda: shown_refs(register) == [], timeout=10000)
    register.search.setText("nothing-like-this")
    qtbot.waitUntil(lambda: shown_refs(register) == [], timeout=10000)
    assert register.count.text() == "0 issues"


def choose(combo, value) -> None:
    """Chooses the item for ``value`` (a ward or owner in any case, as they are kept),
    moving to the list first as a person does (its values are read then)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(combo, QFocusEvent(QEvent.Type.FocusIn))
    same = [
        i
        for i in range(combo.count())
        if str(combo.itemData(i)).casefold() == str(value).casefold()
    ]
    assert len(same) == 1
    combo.setCurrentIndex(same[0])


@pytest.mark.parametrize(
    ("set_filter", "expected"),
    [
        (lambda v: choose(v.forum, "BHF"), ["BHF-0001", "BHF-0002", "BHF-0003"]),
        (lambda v: choose(v.ward, "Aberaeron"), ["ALF-0001"]),
        (lambda v: choose(v.theme, "Safety"), ["BHF-0002"]),
        (lambda v: choose(v.stage, PolicyStage.CO_DECISION), ["ALF-0003"]),
        (lambda v: choose(v.status, IssueStatus.RESOLVED), ["BHF-0003"]),
        (lambda v: choose(v.mechanism, Mechanism.PETITION), ["ALF-0001"]),
        (lambda v: choose(v.owner, "Nia"), ["ALF-0001", "BHF-0001"]),
        (lambda v: v.overdue.setChecked(True), ["ALF-0002"]),
        (lambda v: v.response_overdue.setChecked(True), ["BHF-0001"]),
        (lambda v: v.idle.setValue(30), ["ALF-0003"]),
        (lambda v: v.raised_to.setDate(QDate(2025, 12, 31)), ["ALF-0003"]),
        (
            lambda v: v.raised_from.setDate(QDate(2025, 12, 31)),
            ["ALF-0001", "ALF-0002", "BHF-0001", "BHF-0002", "BHF-0003"],
        ),
    ],
)
def test_each_filter_narrows_the_register(register, set_filter, expected) -> None:
    set_filter(register)
    assert shown_refs(register) == expected
    register.clear_filters.click()
    assert len(shown_refs(register)) == 6


def test_the_idle_filter_says_day_or_days(register) -> None:
    register.idle.setValue(1)
    assert register.idle.text() == "1 day"
    register.idle.setValue(2)
    assert register.idle.text() == "2 days"
    assert not register.move_button.isEnabled()  # nothing selected yet


def test_a_backward_date_range_is_said_and_changes_nothing(register) -> None:
    register.raised_from.setDate(QDate(2026, 3, 1))
    before = shown_refs(register)
    register.raised_to.setDate(QDate(2026, 2, 1))
    assert register.problem.text() == "Raised to: comes before the day in Raised from"
    assert not register.problem.isHidden()
    assert shown_refs(register) == before


# A popup on the offscreen platform cannot raise itself or grab the keyboard; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_an_empty_date_filter_opens_its_calendar_on_this_month(qtbot, register) -> None:
    # "Any day" is held as the lowest date; the calendar must not open on January 2000.
    field = register.raised_from
    assert field.text() == "Any day"
    arrow = QPoint(field.width() - 6, field.height() // 2)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert field.text() == "Any day"  # only the page shown moved; nothing was chosen
    calendar.window().hide()


def _none_last(value):
    return (value is None, value if not isinstance(value, str) else value.casefold())


SORTED_BY = {
    "reference": lambda r: r.reference,
    "marks": lambda r: _none_last(r.due_date),
    "title": lambda r: r.title.casefold(),
    "forum": lambda r: r.forum_name.casefold(),
    "ward": lambda r: _none_last(r.ward),
    "stage": lambda r: r.stage.number,
    "status": lambda r: list(IssueStatus).index(r.status),
    "owner": lambda r: _none_last(r.owner),
    "due": lambda r: _none_last(r.due_date),
    "response_due": lambda r: _none_last(r.response_due),
    "days_in_stage": lambda r: (date.today() - r.stage_since.date()).days,
    "updated": lambda r: r.updated_at,
    "created": lambda r: r.created_at,
}


@pytest.mark.parametrize("key", list(SORTED_BY))
def test_clicking_a_column_sorts_by_it_both_ways(register, key) -> None:
    column = COLUMN[key]
    register.table.horizontalHeader().setSectionHidden(column, False)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        register.table.sortByColumn(column, order)
        values = [
            SORTED_BY[key](register.model.record(row)) for row in range(register.model.rowCount())
        ]
        wanted = sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
        assert values == wanted, key
        assert len(values) == 6


def select_refs(view, refs: list[str]) -> None:
    ids = [view.model.id_at(row) for row, ref in enumerate(shown_refs(view)) if ref in refs]
    view.select_ids(ids, ids[0])


def detail(db, ref):
    with db.read_session() as s:
        return issues.issue_detail(s, ref)


def test_moving_a_stage_from_the_detail_pane_records_it(db, register) -> None:
    select_refs(register, ["ALF-0002"])
    assert register.panel.issue.reference == "ALF-0002"
    panel = register.panel
    panel.stage.setCurrentIndex(panel.stage.findData(PolicyStage.CO_EVALUATION))
    panel.stage.activated.emit(panel.stage.currentIndex())
    moved = [e for e in detail(db, "ALF-0002").timeline if e.kind is TimelineKind.STAGE_MOVED]
    assert [(e.from_stage, e.to_stage) for e in moved] == [
        (PolicyStage.CO_DEFINITION, PolicyStage.CO_EVALUATION)
    ]
    row = shown_refs(register).index("ALF-0002")
    shown = register.model.index(row, COLUMN["stage"]).data()
    assert shown.startswith("5 ")
    assert panel.issue.stage is PolicyStage.CO_EVALUATION
    assert "Moved from" in panel.timeline.item(panel.timeline.count() - 1).text()


def test_response_due_is_set_and_an_overdue_response_is_marked(db, register) -> None:
    select_refs(register, ["ALF-0001"])
    panel = register.panel
    panel.response_due.setText("2026-01-15")
    panel.response_due.editingFinished.emit()
    assert detail(db, "ALF-0001").issue.response_due == date(2026, 1, 15)
    row = shown_refs(register).index("ALF-0001")
    assert register.model.index(row, COLUMN["marks"]).data() == "Response overdue"
    assert register.model.index(row, COLUMN["marks"]).data(Qt.ItemDataRole.DecorationRole)
    panel.note.setText("The wall is being repaired")
    panel.add_response.click()
    assert register.model.index(row, COLUMN["marks"]).data() == ""  # answered


def test_bulk_changes_are_one_undo_step(db, window, register, dialogs) -> None:
    stack = window.undo_stack
    select_refs(register, ["ALF-0001", "ALF-0002", "BHF-0002"])
    assert register.selected_label.text() == "3 selected:"
    before = stack.count()
    register.move_selected(PolicyStage.CO_FORMULATION)
    register.set_status_selected(IssueStatus.IN_PROGRESS)
    dialogs.texts.append("Rhian")
    register.set_owner_selected()
    assert stack.count() == before + 3
    for ref in ("ALF-0001", "ALF-0002", "BHF-0002"):
        now = detail(db, ref).issue
        assert (now.stage, now.status, now.owner) == (
            PolicyStage.CO_FORMULATION,
            IssueStatus.IN_PROGRESS,
            "Rhian",
        )
    assert stack.undoText() == "change the owner of 3 issues"
    stack.undo()
    assert [detail(db, r).issue.owner for r in ("ALF-0001", "ALF-0002", "BHF-0002")] == [
        "Nia",
        "Zak",
        None,
    ]
    stack.undo()
    stack.undo()
    for ref in ("ALF-0001", "ALF-0002", "BHF-0002"):
        now = detail(db, ref).issue
        assert (now.stage, now.status) == (PolicyStage.CO_DEFINITION, IssueStatus.OPEN)
    assert sorted(shown_refs(register)[i] for i in _selected_rows(register)) == [
        "ALF-0001",
        "ALF-0002",
        "BHF-0002",
    ]  # the selection was kept through every change
    stack.redo()
    assert detail(db, "BHF-0002").issue.stage is PolicyStage.CO_FORMULATION


def _selected_rows(view) -> list[int]:
    return [i.row() for i in view.table.selectionModel().selectedRows()]


def test_a_change_made_elsewhere_updates_the_row(window, register) -> None:
    row = shown_refs(register).index("BHF-0003")
    assert register.model.index(row, COLUMN["title"]).data() == "Library opening hours"
    window.desk.write(lambda s: issues.edit_issue(s, "BHF-0003", {"title": "Library hours"}))
    assert register.model.index(row, COLUMN["title"]).data() == "Library hours"
    window.desk.write(
        lambda s: issues.record_issue(s, forum="BHF", title="New bins", ward="Brixton Hill")
    )
    assert "BHF-0004" in shown_refs(register)
    window.desk.write(lambda s: issues.delete_issue(s, "ALF-0002"))
    assert "ALF-0002" not in shown_refs(register)
    window.desk.write(lambda s: issues.edit_issue(s, "BHF-0003", {"owner": "Gwen"}))
    choose(register.owner, "Gwen")  # a new owner is offered
    assert shown_refs(register) == ["BHF-0003"]


def test_the_board_shows_the_registers_filter_and_opens_a_card_in_the_table(
    qtbot, make_window, issues_in_two_forums
) -> None:
    from forumdesk.domain.enums import PolicyStage

    window = make_window()
    window.open_register("ALF")
    view = window.register
    view.board_button.click()
    assert view.showing.currentWidget() is view.board
    assert view.board.filter().forum == "ALF"
    column = view.board.column(PolicyStage.CO_DEFINITION)
    assert column.model.rowCount() > 0  # the forum's issues, as cards
    ident = view.model.id_at(0)
    view.board.issue_activated.emit(ident)
    assert view.panel.issue.reference == "ALF-0001"  # the detail pane shows the card's issue
    column.choose(column.model.rowCount() - 1)  # another card chosen on the board
    assert view.panel.issue.id == column.current_card().id  # the pane follows it
    assert view.board.undo_stack is window.undo_stack  # Edit → Undo takes a move back


def test_the_register_model_passes_the_model_tester(qtmodeltester, window, register) -> None:
    assert register.model.rowCount() == 6
    qtmodeltester.check(register.model)


def test_the_model_reads_only_the_rows_shown(qtmodeltester, window, issues_in_two_forums) -> None:
    model = RegisterModel(window.desk)
    read: list[list[int]] = []
    real = issue_query.register_rows

    def counting(session, ids, today):
        read.append(list(ids))
        return real(session, ids, today)

    issue_query.register_rows = counting
    try:
        model.set_filter(IssueFilter())
        assert model.rowCount() == 6 and read == []  # ids only
        assert model.index(4, 0).data() == "BHF-0002"
        assert len(read) == 1  # one block
        model.index(5, 2).data()
        assert len(read) == 1  # from the cache
    finally:
        issue_query.register_rows = real


def test_clicking_a_forum_in_the_navigator_opens_its_register(qtbot, window, issues_in_two_forums):
    navigator = window.navigator
    window.navigator.reload()
    top = navigator.model_.item(0)
    assert top.text() == "All forums"
    forum_row = next(
        row
        for row in range(navigator.model_.rowCount())
        if navigator.model_.item(row).text().endswith("(ALF)")
    )
    index = navigator.model_.item(forum_row).index()
    rect = navigator.visualRect(index)
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view is window.register
    assert shown_refs(window.register) == ["ALF-0001", "ALF-0002", "ALF-0003"]
    assert window.register.forum.currentData() == "ALF"
    window.meeting_view_action.trigger()
    assert window.current_view is window.workspace
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view is window.register  # the same forum again
    rect = navigator.visualRect(top.index())
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(shown_refs(window.register)) == 6


def test_ctrl_r_opens_the_register_and_ctrl_m_goes_back(qtbot, window, issues_in_two_forums):
    assert window.register_action.shortcut().toString() == "Ctrl+R"
    window.register_action.trigger()
    assert window.current_view is window.register
    window.meeting_view_action.trigger()
    assert window.current_view is window.workspace


def test_columns_chosen_and_ordered_are_remembered(make_window, issues_in_two_forums) -> None:
    first = make_window()
    first.open_register(None)
    header = first.register.table.horizontalHeader()
    menu = first.register.columns_menu()
    owner = next(a for a in menu.actions() if a.text() == "Owner")
    owner.trigger()  # hidden
    created = next(a for a in menu.actions() if a.text() == "Raised")
    created.trigger()  # shown (hidden at first)
    header.moveSection(header.visualIndex(COLUMN["title"]), 0)
    first.close()

    second = make_window()
    second.register_action.trigger()
    header = second.register.table.horizontalHeader()
    assert header.isSectionHidden(COLUMN["owner"])
    assert not header.isSectionHidden(COLUMN["created"])
    assert header.logicalIndex(0) == COLUMN["title"]


@pytest.fixture(params=["en", "cy"])
def language(request, qapp):
    """The interface language, set as the program sets it before the window is built."""
    from forumdesk import i18n
    from forumdesk.gui.start import use_interface_locale

    i18n.use_language(request.param)
    use_interface_locale()
    yield request.param
    i18n.use_language(i18n.SOURCE_LANGUAGE)
    use_interface_locale()


def test_the_register_screen_has_unique_mnemonics_and_named_controls(
    language, make_window, issues_in_two_forums
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from tests.gui.test_quality import _unnamed
    from tests.gui.test_welsh_window import _repeated

    window = make_window()
    window.open_register(None)
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [
        widget.text()
        for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton)
        if widget.isVisibleTo(window)
    ]
    assert _repeated(texts) == {}
    assert _unnamed(window.register) == []
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.menu().title() == _view())
    assert _repeated([a.text() for a in view_menu.actions() if not a.isSeparator()]) == {}


def _view() -> str:
    from forumdesk.i18n import _

    return _("&View")


def test_discuss_at_meeting_brings_the_selected_issues_to_a_meeting(
    qtbot, window, register, db, sample, monkeypatch
) -> None:
    from forumdesk.core import discussion
    from forumdesk.gui.workspace import discuss_dialog

    assert not register.discuss_button.isEnabled()  # nothing selected yet
    with db.session() as s:
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06")
    monkeypatch.setattr(
        discuss_dialog, "ask_meeting", lambda _p, found, count: (later.id, "Report back")
    )
    select_refs(register, ["BHF-0001", "BHF-0002"])
    assert register.discuss_button.isEnabled()
    register.discuss_button.click()
    with db.read_session() as s:
        brought = discussion.discussed_at(s, later.id)
    assert sorted(item.issue.reference for item in brought) == ["BHF-0001", "BHF-0002"]
    window.undo_stack.undo()  # one step takes both back
    with db.read_session() as s:
        assert discussion.discussed_at(s, later.id) == []


def test_a_filter_that_hides_the_selection_leaves_nothing_selected_to_change(
    register, dialogs
) -> None:
    select_refs(register, ["BHF-0002"])
    assert register.discuss_button.isEnabled() and register.panel.issue.reference == "BHF-0002"
    register.search.setText("harbour")
    register.apply_filters()
    assert shown_refs(register) == ["ALF-0001"]
    assert register.selected_label.text() == ""
    assert not register.move_button.isEnabled() and not register.status_button.isEnabled()
    assert register.panel.issue is None  # the pane no longer shows an issue not listed
