"""The petition's panel: enter sheets with the keyboard, see the threshold reached and the
petition on the next meeting's agenda; a sheet entered twice is refused with a message."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from forumdesk.core import agenda, meetings
from forumdesk.core.engagements import base
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.petition import Panel
from tests.reports.helpers import flat

NEXT = date.today() + timedelta(days=20)


@pytest.fixture
def panel(qtbot, db, sample, dialogs):
    with db.session() as s:
        meetings.create_meeting(s, forum="BHF", format="area-forum", date=NEXT)
        ident = base.add_engagement(
            s, "petition", forum="BHF", title="Save Brixton Library", threshold_response=40
        ).id
    made = Panel(Desk(db), ident)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _enter(qtbot, panel: Panel, count: str) -> None:
    panel.count.setFocus()
    qtbot.waitUntil(panel.count.hasFocus)
    qtbot.keyClicks(panel.count, count)
    qtbot.keyClick(panel.count, Qt.Key.Key_Return)


def _agenda(db) -> list[str]:
    with db.read_session() as s:
        planned = meetings.list_meetings(s)
        ident = next(m.id for m in planned if m.date == NEXT)
        return [i.title for i in agenda.list_agenda(s, ident)]


def test_entering_sheets_reaches_the_threshold_and_puts_it_on_the_agenda(
    qtbot, panel, db, dialogs
) -> None:
    assert panel.figure("Signatures in all") == "0"
    assert panel.figure("Threshold for a response") == (
        "40 signatures, not reached (40 more needed)"
    )
    _enter(qtbot, panel, "20")
    assert panel.sheet.text() == "2"  # the next sheet's number, ready for its count
    assert panel.figure("Signatures on paper") == "20 on 1 sheet"
    assert not panel.reached.isVisible()
    _enter(qtbot, panel, "19")
    assert panel.figure("Signatures in all") == "39" and _agenda(db) == []
    _enter(qtbot, panel, "1")
    assert panel.figure("Signatures in all") == "40"
    assert _agenda(db) == ["Petition: Save Brixton Library (40 signatures)"]
    meeting = f"the Brixton Hill Area Forum meeting of {NEXT.day} {NEXT:%B %Y}"
    assert panel.reached.isVisible()
    assert panel.reached.text() == (
        f"Threshold for a response reached on {date.today().day} {date.today():%B %Y}. "
        f"It is on the agenda of {meeting}."
    )
    assert "Threshold for a response reached: 40 signatures." in panel.news.text()
    assert f"An item was added to the agenda of {meeting}." in panel.news.text()
    # Entering more, and correcting a sheet, never adds the item twice.
    panel.sheet.setText("1")
    panel.correction.setChecked(True)
    _enter(qtbot, panel, "2")
    assert panel.news.text().startswith("Sheet 1 corrected: 2 signatures (it was 20).")
    assert panel.sheet.text() == "4"  # back to the next sheet not yet entered
    _enter(qtbot, panel, "30")
    assert panel.figure("Signatures in all") == "52"  # 2 + 19 + 1 + 30
    assert _agenda(db) == ["Petition: Save Brixton Library (40 signatures)"]
    assert dialogs.errors == []


def test_a_sheet_entered_twice_is_refused_and_the_typed_count_kept(qtbot, panel, dialogs) -> None:
    _enter(qtbot, panel, "20")
    panel.sheet.setText("1")
    _enter(qtbot, panel, "18")
    assert dialogs.errors == [
        "Sheet 1 is already entered, with 20 signatures; enter it as a correction to change it."
    ]
    assert panel.count.text() == "18"
    assert panel.figure("Signatures in all") == "20"
    again = Panel(panel.desk, panel.engagement_id)  # opened later: the next sheet's number
    qtbot.addWidget(again)
    assert again.sheet.text() == "2"


def test_the_online_total_and_the_response_are_entered(qtbot, panel, db) -> None:
    panel.online.setText("25")
    panel.set_online.click()
    assert panel.figure("Signatures online") == "25"
    panel.outcome.setPlainText("The library stays open on Sundays.")
    panel.responded.setDate(panel.responded.date().addDays(-1))
    panel.record_response.click()
    with db.read_session() as s:
        shown = base.get_engagement(s, panel.engagement_id)
    assert shown.outcome == "The library stays open on Sundays."
    assert shown.responded_at == date.today() - timedelta(days=1)


def test_signature_sheets_are_saved_where_asked(qtbot, panel, dialogs, tmp_path) -> None:
    target = tmp_path / "sheets.pdf"
    dialogs.paths.append(str(target))
    panel.pages.setValue(2)
    panel.print_sheets.click()
    text = flat(target.read_bytes())
    assert "Signature sheet 1" in text and "Signature sheet 2" in text
    assert panel.news.text() == f"2 signature sheets were saved to {target}."
