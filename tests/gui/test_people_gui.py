"""File → People…: find a resident, link their sign-ins, erase them, export what is held."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from forumdesk.core import attendance, meetings
from forumdesk.gui import people_page
from forumdesk.gui.people_page import LinkDialog, PeopleDialog
from tests.gui.test_exchange_gui import answer
from tests.reports.helpers import flat


def _second_sign_in(db) -> int:
    """Aled Jones came again, to a later meeting, and gave his phone number."""
    with db.session() as s:
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06")
        return attendance.add_attendance(
            s,
            later.id,
            name="aled jones",
            consent_named=True,
            consent_contact=True,
            contact="07700 900123",
        ).id


def _open(qtbot, window, look) -> None:
    """Opens File → People… with its keys and acts on the page while it is open."""
    answer(look)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def _names(dialog: PeopleDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_find_then_link_the_suggested_sign_in_as_the_same_person(
    qtbot, window, db, sample, monkeypatch
) -> None:
    later = _second_sign_in(db)
    offered = []

    def confirm(_parent, entry, suggestions):
        offered.append([s.attendance_id for s in suggestions])
        return [f"s{later}"]

    monkeypatch.setattr(people_page, "ask_to_link", confirm)
    seen = {}

    def look(dialog: PeopleDialog) -> None:
        qtbot.waitUntil(dialog.search.hasFocus)
        qtbot.keyClicks(dialog.search, "ALED")
        seen["found"] = _names(dialog)
        seen["summary"] = dialog.summary.text()
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
        seen["linked"] = _names(dialog)
        seen["linked summary"] = dialog.summary.text()
        seen["detail"] = dialog.detail.toPlainText()
        dialog.accept()

    _open(qtbot, window, look)
    assert seen["found"] == ["Aled Jones", "aled jones"]
    assert seen["summary"] == "0 people · 2 sign-ins not linked to anyone"
    assert offered == [[later]]  # offered, and linked only once confirmed
    assert seen["linked"] == ["aled jones"]  # the newest name
    assert seen["linked summary"] == "1 person · 0 sign-ins not linked to anyone"
    assert seen["detail"].startswith("Person 1\n")
    assert "2 sign-ins:" in seen["detail"] and "Contact: 07700 900123" in seen["detail"]
    assert "Consented to be named on " in seen["detail"]


def test_the_link_dialog_ticks_nothing_until_a_person_does(qtbot, db, sample) -> None:
    later = _second_sign_in(db)
    from forumdesk.core import people

    with db.read_session() as s:
        entry = next(e for e in people.find(s) if e.attendance_id == sample.resident_id)
        offered = people.suggestions(s, entry.key)
    dialog = LinkDialog(entry, offered)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith(f"s{later} · BHF 2026-05-06 · aled jones")
    assert dialog.chosen() == []
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.others, "s7")
    assert dialog.chosen() == [f"s{later}", "s7"]


def test_erase_asks_then_the_list_shows_the_placeholder(
    qtbot, window, db, sample, monkeypatch
) -> None:
    asked = []
    monkeypatch.setattr(people_page, "ask_to_erase", lambda _p, q: asked.append(q) or True)
    seen = {}

    def look(dialog: PeopleDialog) -> None:
        dialog.table.selectRow(_names(dialog).index("Aled Jones"))
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        seen["names"] = _names(dialog)
        seen["detail"] = dialog.detail.toPlainText()
        seen["erase enabled"] = dialog.erase_button.isEnabled()
        dialog.accept()

    _open(qtbot, window, look)
    assert asked == [
        f"Erase the name and contact details of sign-in s{sample.resident_id} from 1 sign-in?"
        "\n\nThey are blanked on this desk at once, and other desks erase them too when they "
        "import this desk's next export. This cannot be undone."
    ]
    assert "Aled Jones" not in seen["names"] and "Aled" not in seen["detail"]
    with db.read_session() as s:
        from forumdesk.db.models import Attendance

        assert s.get(Attendance, sample.resident_id).name is None


def test_erasing_a_person_is_not_done_when_the_question_is_declined(
    qtbot, window, db, sample, monkeypatch
) -> None:
    monkeypatch.setattr(people_page, "ask_to_erase", lambda _p, q: False)

    def look(dialog: PeopleDialog) -> None:
        dialog.table.selectRow(_names(dialog).index("Aled Jones"))
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        dialog.accept()

    _open(qtbot, window, look)
    with db.read_session() as s:
        from forumdesk.db.models import Attendance

        assert s.get(Attendance, sample.resident_id).name == "Aled Jones"


def test_an_erased_person_is_shown_by_placeholder(qtbot, window, db, sample, monkeypatch) -> None:
    later = _second_sign_in(db)
    from forumdesk.core import erasure, people

    with db.session() as s:
        made = people.link(s, [sample.resident_id, later])
        erasure.erase_person(s, made.person_id)
    seen = {}

    def look(dialog: PeopleDialog) -> None:
        seen["names"] = _names(dialog)
        seen["link enabled"] = dialog.link_button.isEnabled()
        dialog.accept()

    _open(qtbot, window, look)
    (shown,) = [n for n in seen["names"] if n.startswith("A resident")]
    assert re.fullmatch(r"A resident \(erased on \d+ \w+ \d{4}\)", shown)
    assert not any("Aled" in n or "aled" in n for n in seen["names"])


def test_export_what_is_held_as_pdf_and_json(qtbot, window, db, sample, dialogs, tmp_path) -> None:
    pdf, js = tmp_path / "aled.pdf", tmp_path / "aled.json"
    dialogs.paths += [str(pdf), str(js)]

    def look(dialog: PeopleDialog) -> None:
        dialog.table.selectRow(_names(dialog).index("Aled Jones"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        dialog.accept()

    _open(qtbot, window, look)
    text = flat(pdf.read_bytes())
    assert "Personal data held about a person" in text and "Name: Aled Jones" in text
    assert json.loads(js.read_bytes())["names"] == ["Aled Jones"]
    assert dialogs.infos[-1] == (
        f"Everything held about sign-in s{sample.resident_id} written to {js}."
    )


def test_every_control_is_named_and_mnemonics_are_unique(qtbot, db, sample) -> None:
    from forumdesk.gui.desk import Desk

    dialog = PeopleDialog(Desk(db))
    qtbot.addWidget(dialog)
    letters = [
        re.search(r"&(\w)", w.text()).group(1).lower()
        for w in dialog.findChildren(QPushButton) + dialog.findChildren(QLabel)
        if "&" in w.text()
    ]
    assert sorted(letters) == sorted(set(letters)) and len(letters) == 5
    for widget in (dialog.search, dialog.table, dialog.detail):
        assert widget.accessibleName()


def test_the_page_lists_the_engagements_a_sign_in_took_part_in_and_its_offers(
    qtbot, window, db, sample
) -> None:
    from sqlalchemy import select

    from forumdesk.core import sync
    from forumdesk.core.engagements import base
    from forumdesk.db.models import Attendance, Offer
    from forumdesk.domain.enums import OfferKind

    with db.session() as s:
        signed = s.scalars(select(Attendance.id).where(Attendance.name == "Aled Jones")).one()
        jury = base.add_engagement(s, "jury", forum="BHF", title="Jury on the high street")
        base.add_participant(s, jury.id, "volunteer", ward="Brixton Hill", attendance_id=signed)
        offer = Offer(kind=OfferKind.TIME, description="Litter picking", attendance_id=signed)
        sync.created(s, offer)
        s.add(offer)
    seen = {}

    def look(dialog: PeopleDialog) -> None:
        qtbot.waitUntil(dialog.search.hasFocus)
        qtbot.keyClicks(dialog.search, "aled")
        dialog.table.selectRow(0)
        seen["detail"] = dialog.detail.toPlainText()
        dialog.accept()

    _open(qtbot, window, look)
    assert (
        f"Engagements taken part in:\n• {jury.reference} Jury on the high street (Volunteer)"
        in (seen["detail"])
    )
    assert "Offers:\n• Time: Litter picking (offered)" in seen["detail"]
