"""The jury's panel: the pool filled by hand and from a meeting, a draw with its record,
a refused draw, the check, a recommendation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forumdesk.core import forums
from forumdesk.core.engagements import base
from forumdesk.db.store import Database
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements import jury as panel_module
from forumdesk.gui.engagements.jury import Panel
from tests.conftest import Sample
from tests.gui.conftest import Dialogs


def _column(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_jury_is_pooled_drawn_checked_and_recommends(
    qtbot, db: Database, sample: Sample, dialogs: Dialogs, monkeypatch
) -> None:
    with db.session() as s:
        forums.edit_forum(s, sample.forum_code, {"wards": ["North", "South"]})
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic")
    desk = Desk(db)
    panel = Panel(desk, made.id)
    qtbot.addWidget(panel)
    panel.show()
    for name, ward in (("Ann", "North"), ("Bob", "North"), ("Cat", "South")):
        qtbot.keyClicks(panel.volunteer_name, name)
        panel.volunteer_consent.setChecked(True)
        panel.volunteer_ward.setCurrentText(ward)
        qtbot.mouseClick(panel.add_volunteer, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(panel_module, "ask_meeting", lambda _p, choices: choices[0].id)
    qtbot.mouseClick(panel.from_meeting, Qt.MouseButton.LeftButton)
    assert dialogs.infos == ["1 resident joined the pool."]
    assert _column(panel.pool_table, 0) == ["Ann", "Bob", "Cat", "Aled Jones"]
    assert _column(panel.pool_table, 1) == ["North", "North", "South", ""]
    assert panel.pool_count.text() == "4 volunteers, 0 drawn as jurors"

    # Five jurors from four volunteers: refused, said, nothing drawn.
    panel.draw_size.setValue(5)
    qtbot.keyClicks(panel.draw_seed, "4 May")
    qtbot.mouseClick(panel.draw_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors == ["The pool has 4 volunteers, fewer than the 5 jurors asked for."]
    assert panel.draw_record.toPlainText() == "No draw yet."

    panel.draw_size.setValue(3)
    qtbot.keyClicks(panel.draw_witnesses, "Cllr A; Mr B")
    qtbot.mouseClick(panel.draw_button, Qt.MouseButton.LeftButton)
    record = panel.draw_record.toPlainText()
    assert "Seed: 4 May" in record and "Witnessed by: Cllr A, Mr B" in record
    assert "3 jurors drawn:" in record
    # By ward, 3 of 4: shares 1.5 (North), 0.75 (South), 0.75 (no ward: the sign-in);
    # 1, 0, 0 rounded down, the two seats left to the largest remainders (0.75 and 0.75).
    assert "North: 1 of 2 volunteers" in record and "South: 1 of 1 volunteer" in record
    assert "not given: 1 of 1 volunteer" in record
    jurors = _column(panel.pool_table, 3)
    assert jurors[2:] == ["Yes", "Yes"] and jurors.count("Yes") == 3
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert dialogs.infos[-1] == "The draw was run again: the same jurors came out."

    qtbot.keyClicks(panel.recommendation_title, "School streets")
    qtbot.mouseClick(panel.recommend_button, Qt.MouseButton.LeftButton)
    assert _column(panel.recommendations_table, 1) == ["School streets"]
    assert _column(panel.recommendations_table, 0) == ["BHF-0004"]
    assert panel.recommendation_title.text() == ""
    assert dialogs.errors == ["The pool has 4 volunteers, fewer than the 5 jurors asked for."]
