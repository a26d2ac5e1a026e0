"""The consultation's panel: questions, responses entered by channel and coded, totals,
the summary and "you said, we did", driven as a clerk would."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from forumdesk.core import issues
from forumdesk.core.engagements import base
from forumdesk.domain.enums import Channel, LinkRole
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.consultation import Panel


def _panel(qtbot, db) -> tuple[Panel, str]:
    with db.session() as s:
        made = base.add_engagement(
            s, "consultation", forum="BHF", title="Parks", questions=["Open later?"]
        )
    desk = Desk(db)
    panel = Panel(desk, made.id)
    # The Engagements view hands each change to its panel so: ask, then read again.
    desk.changed.connect(lambda c: panel.refresh(c) if panel.wants(c) else None)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, made.reference


def _totals(panel: Panel) -> list[list[str]]:
    model = panel.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _enter(qtbot, panel: Panel, channel: Channel, count: int, coded: str, text: str = "") -> None:
    panel.channel.choose(channel)
    panel.count.setValue(count)
    panel.coded.setCurrentIndex(panel.coded.findData(coded))
    if coded == "issue":
        panel.issue.setEditText(text)
    elif coded == "new":
        panel.new_title.clear()
        qtbot.keyClicks(panel.new_title, text)
    qtbot.mouseClick(panel.enter, Qt.MouseButton.LeftButton)


def test_responses_entered_in_the_panel_are_totalled_and_coded(qtbot, db, sample, dialogs) -> None:
    panel, ref = _panel(qtbot, db)
    potholes = sample.issue_refs[0]
    assert panel.issue.isEnabled() is False and panel.new_title.isEnabled() is False
    _enter(qtbot, panel, Channel.MEETING, 12, "none")
    assert panel.result.text() == "Recorded 12 responses at a meeting not coded to an issue."
    _enter(qtbot, panel, Channel.PAPER, 7, "issue", potholes.lower())
    assert panel.result.text() == (
        f"Recorded 7 responses on paper supporting {potholes}; its support is now 7."
    )
    _enter(qtbot, panel, Channel.PAPER, 5, "issue", panel.issue.itemText(0))  # a correction
    _enter(qtbot, panel, Channel.ONLINE, 9, "new", "Benches on the hill")
    assert panel.result.text().startswith("Recorded 9 responses online, raising the new issue")
    assert panel.new_title.text() == ""
    # meeting 12; paper 5; online 9: 26 in all, 12 not coded; most responses first
    assert _totals(panel) == [
        ["BHF-0004  Benches on the hill", "Raised by it", "0", "0", "9", "9"],
        [f"{potholes}  Potholes on Brixton Hill", "Supported by it", "0", "5", "0", "5"],
        ["Not coded to an issue", "", "12", "0", "0", "12"],
        ["In all", "", "12", "5", "9", "26"],
    ]
    assert "BHF-0004" in [panel.issue.itemData(n) for n in range(panel.issue.count())]
    with db.read_session() as s:
        assert issues.get_issue(s, potholes).support == 5
        roles = {i.reference: i.role for i in base.linked_issues(s, ref)}
    assert roles == {potholes: LinkRole.SUPPORTED, "BHF-0004": LinkRole.RAISED}
    _enter(qtbot, panel, Channel.ONLINE, 3, "issue", "BHF-0999")
    assert dialogs.errors == ["There is no issue with reference 'BHF-0999'."]
    assert _totals(panel)[-1][-1] == "26"
    panel.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_questions_summary_and_you_said_we_did_are_edited_in_the_panel(
    qtbot, db, sample, dialogs
) -> None:
    panel, ref = _panel(qtbot, db)
    assert panel.question_texts() == ["Open later?"]
    qtbot.keyClicks(panel.new_question, "What is missing?")
    qtbot.keyClick(panel.new_question, Qt.Key.Key_Return)
    assert panel.question_texts() == ["Open later?", "What is missing?"]
    panel.questions.item(0).setText("Should the park open later?")  # edited in place
    panel.questions.setCurrentRow(1)
    qtbot.mouseClick(panel.remove_question, Qt.MouseButton.LeftButton)
    panel.summary.setPlainText("Most want later opening.")
    qtbot.mouseClick(panel.save_summary, Qt.MouseButton.LeftButton)
    panel.you_said.setPlainText("You said later; we open till 9pm.")
    qtbot.mouseClick(panel.save_you_said, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        shown = base.get_engagement(s, ref)
    assert shown.questions == ("Should the park open later?",)
    assert shown.outcome == "Most want later opening."
    assert shown.you_said_we_did == "You said later; we open till 9pm."
    assert panel.question_texts() == ["Should the park open later?"]
    assert dialogs.errors == []
    panel.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
