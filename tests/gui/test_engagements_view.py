"""The Engagements view: reached from the navigator and the View menu, a petition added
through New engagement…, listed, edited, an issue linked (and unlinked, with undo), and the
link seen in the register's Engagement filter and column and on the board's cards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from forumdesk.core.engagements import base
from forumdesk.domain.enums import EngagementKind, LinkRole, PolicyStage
from forumdesk.gui.engagements.view import EngagementsView
from forumdesk.gui.models import ID_ROLE
from forumdesk.gui.register.board_model import CARD_ROLE
from forumdesk.gui.register.model import COLUMNS
from tests.gui.conftest import focus
from tests.gui.test_register import language  # noqa: F401  (en and cy)

COLUMN = {spec.key: n for n, spec in enumerate(COLUMNS)}


def _listed(view: EngagementsView) -> list[str]:
    return [e.title for e in view.model.records()]


def _add_petition(qtbot, view: EngagementsView, title: str = "Save the library") -> None:
    dialog = view.new_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.choose(EngagementKind.PETITION)
    assert dialog.threshold_response.isVisibleTo(dialog)  # the petition's own fields
    assert not dialog.options.isVisibleTo(dialog)  # not a ballot's
    assert dialog.forum.currentText() == "Council-wide (no forum)"  # All forums shown
    dialog.forum.setCurrentIndex(dialog.forum.findText("Brixton Hill Area Forum (BHF)"))
    qtbot.keyClicks(dialog.title, title)
    dialog.threshold_response.setValue(500)
    dialog.options.setPlainText("Yes\nNo")  # hidden for a petition: not sent
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_navigator_and_the_view_menu_open_the_engagements_of_a_forum(qtbot, window, db):
    window.navigator.reload()
    forum = window.navigator.model_.item(1)
    node = forum.child(0)
    assert node.text() == "Engagements"
    rect = window.navigator.visualRect(node.index())
    qtbot.mouseClick(window.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view is window.engagements
    assert window.engagements.forum_id == node.data(ID_ROLE)
    assert "Brixton Hill Area Forum" in window.engagements.heading.text()
    assert window.windowTitle() == "Engagements – ForumDesk"
    window.meeting_view_action.trigger()
    assert window.current_view is window.workspace
    assert window.engagements_action.shortcut() == QKeySequence("Ctrl+Shift+G")
    window.engagements_action.trigger()  # the forum of the open meeting
    assert window.current_view is window.engagements
    assert window.engagements.forum_id is not None
    every = window.navigator.model_.item(0).child(0)
    rect = window.navigator.visualRect(every.index())
    qtbot.mouseClick(window.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.engagements.forum_id is None
    assert "All forums" in window.engagements.heading.text()


def test_a_petition_is_added_listed_edited_and_linked_with_undo(qtbot, window, db, sample, dialogs):
    window.show_engagements(None)
    view = window.engagements
    assert _listed(view) == []
    _add_petition(qtbot, view)
    assert _listed(view) == ["Save the library"]
    assert view.count.text() == "1 engagement"
    detail = view.detail
    made = detail.engagement
    assert made is not None and made.kind is EngagementKind.PETITION
    assert made.threshold_response == 500 and made.options == ()
    assert made.reference.startswith("BHF-PET-")
    assert made.reference in detail.heading.text()

    # The common fields: a new title saved, and undone.
    detail.title.selectAll()
    qtbot.keyClicks(detail.title, "Keep the library open")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert _listed(view) == ["Keep the library open"]
    window.undo_action.trigger()
    assert _listed(view) == ["Save the library"]
    assert detail.title.text() == "Save the library"

    # A title left empty is refused with the service's words; nothing changes.
    detail.title.clear()
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and "title" in dialogs.errors[-1].lower()
    assert _listed(view) == ["Save the library"]
    detail.title.setText("Save the library")

    # Link an issue at co-definition (the petition's usual stage), by its reference.
    assert detail.stage.current() is PolicyStage.CO_DEFINITION
    detail.role.choose(LinkRole.RAISED)
    qtbot.keyClicks(detail.issue_ref, sample.issue_refs[2].lower())
    qtbot.keyClick(detail.issue_ref, Qt.Key.Key_Return)
    assert [(i.reference, i.role) for i in detail.issues_model.records()] == [
        (sample.issue_refs[2], LinkRole.RAISED)
    ]
    assert detail.issue_ref.text() == ""
    # Linking it again the same way is refused with a sentence.
    qtbot.keyClicks(detail.issue_ref, sample.issue_refs[2])
    qtbot.mouseClick(detail.link_button, Qt.MouseButton.LeftButton)
    assert "already tied" in dialogs.errors[-1]
    detail.issue_ref.clear()

    # Delete removes the selected link; Undo brings it back.
    detail.issues.selectRow(0)
    focus(qtbot, detail.issues)
    qtbot.keyClick(detail.issues, Qt.Key.Key_Delete)
    assert detail.issues_model.records() == []
    window.undo_action.trigger()
    assert [i.reference for i in detail.issues_model.records()] == [sample.issue_refs[2]]
    with db.read_session() as s:
        assert [i.reference for i in base.linked_issues(s, made.id)] == [sample.issue_refs[2]]

    # Double-clicking the link opens the issue in the register.
    detail.issues.activated.emit(detail.issues_model.index(0, 0))
    assert window.current_view is window.register
    assert window.register.panel.issue.reference == sample.issue_refs[2]


def test_the_register_filters_by_engagement_and_the_board_marks_the_card(qtbot, window, db, sample):
    with db.session() as s:
        petition = base.add_engagement(s, "petition", forum="BHF", title="Library")
        base.link_issue(s, petition.id, sample.issue_refs[1], "co-definition")
    window.show_register()
    register = window.register
    register.engagement.refill()
    labels = [register.engagement.itemText(i) for i in range(register.engagement.count())]
    assert "Any: Petition" in labels
    register.show_engagement(petition.reference)
    refs = [register.model.record(r).reference for r in range(register.model.rowCount())]
    assert refs == [sample.issue_refs[1]]
    row = register.model.row_of(register.model.id_at(0))
    shown = register.model.index(row, COLUMN["engagement"]).data()
    assert shown == petition.reference
    register.engagement.setCurrentIndex(labels.index("Any: Petition"))
    assert register.model.rowCount() == 1
    register.show_board()
    column = register.board.columns[PolicyStage.CO_DEFINITION.number - 1]
    card = column.model.index(0, 0).data(CARD_ROLE)
    assert f"Petition {petition.reference}" in card.engagements
    assert f"Petition {petition.reference}" in column.model.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    # Unlinked from the window's side: the filter no longer finds it.
    window.show_engagements(None)
    view = window.engagements
    view.select(petition.id)
    view.detail.issues.selectRow(0)
    view.detail.unlink_selected()
    window.show_register()
    assert register.model.rowCount() == 0


def test_the_view_and_the_new_dialog_have_unique_mnemonics_and_named_controls(
    language,  # noqa: F811  (the fixture, en and cy)
    make_window,
    db,
    sample,
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from tests.gui.test_quality import _unnamed
    from tests.gui.test_welsh_window import _repeated

    with db.session() as s:
        made = base.add_engagement(s, "ballot", forum="BHF", title="Budget")
    window = make_window()
    window.show_engagements(None)
    window.engagements.select(made.id)

    def shown(top) -> list[str]:  # type: ignore[no-untyped-def]
        return [
            widget.text()
            for widget in top.findChildren(QLabel) + top.findChildren(QAbstractButton)
            if widget.isVisibleTo(top)
        ]

    texts = [action.text() for action in window.menuBar().actions()] + shown(window)
    assert _repeated(texts) == {}
    assert _unnamed(window.engagements) == []
    for kind in EngagementKind:
        dialog = window.engagements.new_dialog()
        dialog.kind.choose(kind)
        assert _repeated(shown(dialog)) == {}, kind
        assert _unnamed(dialog) == []
        dialog.close()


def test_a_petition_made_in_the_view_reaches_its_threshold_and_the_next_meeting_agenda(
    qtbot, window, db, sample, dialogs
) -> None:
    """The whole path a clerk takes: New engagement…, sheets typed into the petition's own
    panel under the detail, the threshold reached, the item on the next planned meeting."""
    from datetime import date, timedelta

    from forumdesk.core import agenda, meetings

    later = date.today() + timedelta(days=30)
    soon = date.today() + timedelta(days=10)
    with db.session() as s:
        for day in (later, soon):
            meetings.create_meeting(s, forum="BHF", format="area-forum", date=day)
    window.show_engagements(None)
    view = window.engagements
    _add_petition(qtbot, view, "Keep the library open")
    panel = view.detail.panel
    assert panel is not None and type(panel).__module__.endswith(".petition")
    for count in ("300", "199"):
        panel.count.setFocus()
        qtbot.keyClicks(panel.count, count)
        qtbot.keyClick(panel.count, Qt.Key.Key_Return)
    assert panel.figure("Signatures in all") == "499"
    assert not panel.reached.isVisibleTo(panel)

    def planned_agenda(day: date) -> list[str]:
        with db.read_session() as s:
            ident = next(m.id for m in meetings.list_meetings(s) if m.date == day)
            return [item.title for item in agenda.list_agenda(s, ident)]

    assert planned_agenda(soon) == []
    panel.count.setFocus()
    qtbot.keyClicks(panel.count, "1")
    qtbot.keyClick(panel.count, Qt.Key.Key_Return)
    assert panel.figure("Signatures in all") == "500"  # exactly at the threshold
    assert panel.reached.isVisibleTo(panel)
    assert "It is on the agenda of" in panel.reached.text()
    assert planned_agenda(soon) == ["Petition: Keep the library open (500 signatures)"]
    assert planned_agenda(later) == []  # the NEXT planned meeting only
    assert view.model.records()[0].response_due is not None  # the response clock started
    assert dialogs.errors == []
