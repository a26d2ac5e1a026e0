"""The online deliberation's panel and the offers page, driven as a person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QWidget

from forumdesk.core import actions, issues
from forumdesk.core.engagements import base, offers
from forumdesk.domain.enums import OfferStatus
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements import offers as offers_page
from forumdesk.gui.engagements.deliberation import Panel
from forumdesk.gui.engagements.offers import OffersPage


@pytest.fixture
def shown(qtbot) -> Any:
    made: list[QWidget] = []

    def show(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        widget.resize(900, 500)
        widget.show()
        made.append(widget)
        return widget

    yield show
    for widget in made:
        widget.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_importing_an_export_fills_the_contributions_and_says_what_it_did(
    qtbot, db, sample, dialogs, shown, tmp_path
) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "deliberation", forum="BHF", title="Ideas")
    export = tmp_path / "ideas.csv"
    export.write_text(
        "id,title,votes,issue\nc1,Benches,4,\nc2,Bins,9,\n"
        f"c3,Potholes again,7,{sample.issue_refs[0]}\n",
        encoding="utf-8",
    )
    panel = shown(Panel(Desk(db), made.id))
    assert panel.table.rowCount() == 0 and "No contributions yet" in panel.summary.text()
    dialogs.paths.append(str(export))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3 and bool(dialogs.infos))
    assert [panel.table.item(r, 1).text() for r in range(3)] == [
        "Bins",
        "Potholes again",
        "Benches",
    ]
    assert panel.table.item(1, 3).text() == sample.issue_refs[0]
    assert dialogs.infos == [
        "2 new contributions raised issues; 1 supported an existing issue; "
        "0 were updated from the newer export; 0 were unchanged."
    ]
    assert "Contributions: 3" in panel.summary.text()
    # Choosing a contribution and the issue it supports.
    panel.table.selectRow(2)
    dialogs.texts.append(sample.issue_refs[2])
    qtbot.mouseClick(panel.match_button, Qt.MouseButton.LeftButton)
    assert panel.table.item(2, 3).text() == sample.issue_refs[2]
    with db.read_session() as s:
        assert issues.get_issue(s, sample.issue_refs[2]).support == 4


def test_a_bad_export_is_refused_with_its_sentence_and_nothing_changes(
    qtbot, db, sample, dialogs, shown, tmp_path
) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "deliberation", forum="BHF", title="Ideas")
    export = tmp_path / "people.csv"
    export.write_text("name,comment\nAled,hello\n", encoding="utf-8")
    panel = shown(Panel(Desk(db), made.id))
    dialogs.paths.append(str(export))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.errors))
    assert "no column for an id or a title" in dialogs.errors[0]
    assert panel.table.rowCount() == 0


def _answer(monkeypatch, fill: Callable[[QDialog], None]) -> list[QDialog]:
    """Answers the page's next dialog by filling its real fields, as a person would."""
    seen: list[QDialog] = []

    def answer(dialog: QDialog) -> dict[str, Any]:
        seen.append(dialog)
        fill(dialog)
        return dialog.values()  # type: ignore[attr-defined]

    monkeypatch.setattr(offers_page, "ask_values", answer)
    return seen


def test_an_offer_is_added_matched_and_delivered_from_the_page(
    qtbot, db, sample, dialogs, shown, monkeypatch
) -> None:
    with db.session() as s:
        action = actions.add_action(
            s, description="Clear the allotment paths", meeting=sample.meeting_id
        )
    page = shown(OffersPage(Desk(db), _forum_id(db)))
    assert page.table.rowCount() == 0 and page.summary.text() == "0 offers"

    def offer(dialog: QDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findText("Time"))
        dialog.description.setPlainText("Two Saturday mornings")
        dialog.meeting.setCurrentIndex(1)
        qtbot.keyClicks(dialog.name, "Grace Adeyemi")  # no consent ticked yet

    _answer(monkeypatch, offer)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and "consent" in dialogs.errors[-1]
    assert page.table.rowCount() == 0

    def consented(dialog: QDialog) -> None:
        offer(dialog)
        dialog.consent_named.setChecked(True)

    _answer(monkeypatch, consented)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1 and page.summary.text() == "1 offer"
    assert [page.table.item(0, c).text() for c in (1, 2, 3, 5)] == [
        "Time",
        "Two Saturday mornings",
        "Grace Adeyemi",
        "Offered",
    ]

    def towards(dialog: QDialog) -> None:
        dialog.action.setCurrentIndex(dialog.action.findData(action.id))
        qtbot.keyClicks(dialog.issue, sample.issue_refs[0])

    _answer(monkeypatch, towards)
    qtbot.mouseClick(page.match_button, Qt.MouseButton.LeftButton)
    assert page.table.item(0, 4).text() == f"{sample.issue_refs[0]}, Clear the allotment paths"
    assert page.table.item(0, 5).text() == "Matched"

    def delivered(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.what, "Cleared the paths")

    _answer(monkeypatch, delivered)
    qtbot.mouseClick(page.deliver_button, Qt.MouseButton.LeftButton)
    assert page.table.item(0, 5).text() == "Delivered"
    assert not page.withdraw_button.isEnabled()  # a delivered offer stays delivered
    page.status.setCurrentIndex(page.status.findText("Offered"))
    assert page.table.rowCount() == 0
    with db.read_session() as s:
        (held,) = offers.list_offers(s)
    assert held.status is OfferStatus.DELIVERED and held.delivered == "Cleared the paths"


def _forum_id(db) -> int:
    from forumdesk.core import lookup

    with db.read_session() as s:
        return lookup.forum(s, "BHF").id
