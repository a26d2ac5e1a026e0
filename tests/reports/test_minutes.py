"""The minutes PDF read back as a clerk would check it: sections, numbering, names, marks."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from forumdesk.core import agenda, attendance, forums, issues, meetings, minutes
from forumdesk.core.minutes import MinutesOptions
from forumdesk.reports import documents
from forumdesk.reports.minutes import render_minutes
from tests.reports.helpers import embedded_fonts, flat, pages_text


@pytest.fixture
def hall(db):
    """A hand-made meeting with every kind of content, Welsh place names included."""
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair", wards=["Llanfair"])
        m = meetings.create_meeting(
            s,
            forum="LLF",
            format="community-conference",
            date="2026-05-16",
            venue="Neuadd Tŷ Gwyn",
            start_time="18:30",
            end_time="20:00",
            chair="Cyng. Siân Prys",
            clerk="Elin Wyn Jones",
        )
        attendance.add_attendance(s, m.id, role="councillor", name="Cyng. Siân Prys")
        attendance.add_attendance(s, m.id, role="officer", name="Rhodri Ellis")
        attendance.add_attendance(
            s, m.id, role="resident", name="Gwenllian Ŵynne", consent_named=True
        )
        attendance.add_attendance(s, m.id, role="resident")  # not named
        attendance.add_attendance(
            s, m.id, role="partner", name="Catrin Hughes", presence="apologies"
        )
        meetings.set_headcount(s, m.id, 35)
        first = agenda.add_agenda_item(s, m.id, title="Croeso / Welcome")
        second = agenda.add_agenda_item(
            s,
            m.id,
            title="Flooding on Heol y Dŵr",
            notes="Residents described water in their homes.",
        )
        agenda.add_outcome(s, second.id, kind="decision", text="Ask for a drainage survey.")
        agenda.add_outcome(
            s,
            second.id,
            kind="action",
            text="Commission the survey",
            owner="Rhodri Ellis",
            due_date="2026-07-01",
        )
        agenda.edit_agenda_item(s, first.id, {"notes": "The chair welcomed everyone."})
        raised = issues.record_issue(
            s,
            forum="LLF",
            title="Street lights on Ffordd yr Ŵyl",
            meeting=m.id,
            place="Ffordd yr Ŵyl",
        )
        issues.move_issue(s, raised.id, "co-formulation", meeting=m.id, note="Options next")
    return m.id


def test_sections_come_in_order_with_numbered_items(db, hall) -> None:
    with db.session() as s:
        text = flat(documents.minutes_pdf(s, hall))
    order = [
        "Your Council",
        "Fforwm Llanfair",
        "Minutes of the community conference held on Saturday 16 May 2026 at Neuadd Tŷ Gwyn",
        "Present",
        "Apologies",
        "Minutes",
        "1. Croeso / Welcome",
        "2. Flooding on Heol y Dŵr",
        "Issues raised at the meeting",
        "Issues moved to another stage at this meeting",
        "Actions",
        "Signed",
    ]
    position = 0
    for part in order:  # each found after the one before it
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)
    assert "2.1 RESOLVED: Ask for a drainage survey." in text
    assert (
        "2.2 ACTION: Commission the survey (Owner: Rhodri Ellis, due Wednesday 1 July 2026)" in text
    )
    assert "Street lights on Ffordd yr Ŵyl" in text  # Welsh letters intact


def test_residents_are_named_only_with_consent_and_otherwise_counted(db, hall) -> None:
    with db.session() as s:
        named = flat(documents.minutes_pdf(s, hall))
        counted = flat(documents.minutes_pdf(s, hall, MinutesOptions(resident_names=False)))
    assert "Residents: Gwenllian Ŵynne and 36 residents" in named  # 1 unnamed + 35 headcount
    assert "Residents: 37 residents" in counted
    assert "Gwenllian" not in counted
    assert "Apologies Catrin Hughes" in named


def test_every_page_is_numbered_and_marked_draft(db, hall) -> None:
    with db.session() as s:
        data = documents.minutes_pdf(s, hall)
    pages = pages_text(data)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "DRAFT" in text
        assert "Draft minutes: not yet approved" in text


def test_fonts_are_embedded_and_metadata_set(db, hall) -> None:
    with db.session() as s:
        data = documents.minutes_pdf(s, hall)
    assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}
    reader = PdfReader(BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    info = reader.metadata
    assert info.title == "Minutes: Fforwm Llanfair, Saturday 16 May 2026"
    assert info.author == "Your Council"
    assert "community conference" in info.subject


def test_the_clerk_chooses_the_sections(db, hall) -> None:
    with db.session() as s:
        text = flat(documents.minutes_pdf(s, hall, MinutesOptions(issues=False, actions=False)))
    assert "Issues raised at the meeting" not in text
    assert "Commission the survey (Owner" in text  # the minute item keeps its action
    assert "Action Owner Due Status" not in text


def test_an_empty_meeting_still_makes_sensible_minutes(db) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        empty = meetings.create_meeting(s, forum="BHF", format="other", date="2026-01-05")
        text = flat(documents.minutes_pdf(s, empty.id))
    for expected in (
        "No attendance was recorded.",
        "The meeting had no agenda items.",
        "No issues were raised.",
        "No actions are open or were agreed.",
        "Page 1 of 1",
    ):
        assert expected in text


def test_text_that_looks_like_markup_is_printed_as_typed(db) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill <b>Forum</b> & co")
        m = meetings.create_meeting(s, forum="BHF", format="other", date="2026-01-05")
        agenda.add_agenda_item(s, m.id, title="<para>AOB</para> & <i>x</i>")
        text = flat(documents.minutes_pdf(s, m.id))
    assert "Brixton Hill <b>Forum</b> & co" in text
    assert "<para>AOB</para> & <i>x</i>" in text


def test_the_demo_meeting(demo_db, db) -> None:
    with db.session() as s:
        data = documents.minutes_pdf(s, "LLF 2026-10-08")
    text = flat(data)
    assert "Fforwm Cymunedol Llanfair" in text and "Tŷ Gwyn" in text
    assert "RESOLVED:" in text and "Mared Ŷnys" in text
    assert re.search(r"Page 1 of \d+", text)


@pytest.mark.slow
def test_a_long_meeting_makes_a_correct_document(db) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        m = meetings.create_meeting(
            s, forum="BHF", format="community-conference", date="2026-06-06"
        )
        for n in range(1, 201):
            item = agenda.add_agenda_item(
                s, m.id, title=f"Agenda item number {n}", notes=f"Discussion of item {n}."
            )
            if n % 2:
                agenda.add_outcome(s, item.id, kind="decision", text=f"Decision {n}.")
        for n in range(1, 1001):
            issues.record_issue(
                s, forum="BHF", title=f"Issue raised number {n}", meeting=m.id, ward="Brixton Hill"
            )
        data = documents.minutes_pdf(s, m.id)
    pages = pages_text(data)
    text = " ".join(" ".join(pages).split())
    assert len(pages) > 20
    assert all(f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1))
    assert "200. Agenda item number 200" in text
    references = set(re.findall(r"BHF-\d{4}", text))
    assert len(references) == 1000
    # The issues table repeats its header row on every page it runs over.
    table_pages = [p for p in pages if "BHF-0" in p]
    assert all("Reference" in p and "Policy stage" in p for p in table_pages)


def test_the_chair_is_named_once(db, hall) -> None:
    with db.session() as s:  # the chair also signed in as a councillor
        text = flat(documents.minutes_pdf(s, hall))
    assert "Chair: Cyng. Siân Prys" in text
    assert text.count("Siân Prys") == 1
    assert "Councillors:" not in text  # she was the only councillor
    assert "Officers: Rhodri Ellis" in text


def test_due_dates_of_actions_stay_on_one_line(db, hall) -> None:
    with db.session() as s:
        item = agenda.add_agenda_item(s, hall, title="Parking")
        agenda.add_outcome(
            s,
            item.id,
            kind="action",
            text="Survey the parking on Stryd Fawr and report back to the forum",
            owner="Rhodri Ellis",
            due_date="2026-09-30",
        )
        data = documents.minutes_pdf(s, hall)
    cells = [line.strip() for page in pages_text(data) for line in page.splitlines()]
    assert "Wednesday 30 September 2026" in cells  # a table cell of its own, on one line
    assert "Wednesday 1 July 2026" in cells


def signature_page_content(data: bytes) -> list[str]:
    """The lines of the signed page besides its header, footer, mark and signature."""
    (page,) = [p for p in pages_text(data) if "Signed" in p]
    furniture = ("Signed", "Page ", "Draft minutes", "Brixton Hill Area Forum ·", "DRAFT")
    lines = [line.strip() for line in page.splitlines()]
    return [line for line in lines if line and not line.startswith(furniture)]


def signed_pages(db, grow, options: MinutesOptions) -> list[tuple[int, list[str], list[str]]]:
    """Grows a meeting a step at a time and reads the signed page at each size.

    Returns, for each size ``grow`` reports as worth checking, what shares the signed
    page in the layout of today and in the first layout.
    """
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-06")
    found = []
    for size in range(1, 40):
        with db.session() as s:
            if not grow(s, meeting.id, size):
                continue
            content = minutes.minutes_snapshot(s, meeting.id, options)
        found.append(
            (
                size,
                signature_page_content(render_minutes(content)),
                signature_page_content(render_minutes(content | {"format": 1})),
            )
        )
    return found


def test_the_signature_shares_its_page_with_the_end_of_the_last_table(db) -> None:
    def grow(s, meeting_id: int, size: int) -> bool:
        if size == 1:
            for n in range(1, 16):
                agenda.add_agenda_item(s, meeting_id, title=f"Item {n}", notes=f"About {n}.")
        issues.record_issue(s, forum="BHF", title=f"Issue number {size}", meeting=meeting_id)
        return 18 <= size <= 27  # the last table's end reaches the foot of page 2

    found = signed_pages(db, grow, MinutesOptions(actions=False))
    for size, shared, _first in found:
        assert any(re.match(r"BHF-\d{4}", line) for line in shared), f"{size} issues"
    assert any(not first for _size, _shared, first in found)  # the first layout failed here


def test_the_signature_shares_its_page_with_the_last_minute_item_whole(db) -> None:
    def grow(s, meeting_id: int, size: int) -> bool:
        item = agenda.add_agenda_item(
            s, meeting_id, title=f"Item {size}", notes=f"Discussion of item {size}. " * 8
        )
        agenda.add_outcome(s, item.id, kind="decision", text=f"Agreed {size}.")
        return size <= 16

    found = signed_pages(db, grow, MinutesOptions(issues=False, actions=False))
    for size, shared, _first in found:
        assert any(line.startswith(f"{size}.") for line in shared), f"{size} items"
        assert f"RESOLVED: Agreed {size}." in shared
    assert any(not first for _size, _shared, first in found)  # the first layout failed here


def test_stage_moves_are_minuted_by_what_they_came_to(db, hall) -> None:
    with db.session() as s:  # hall moved LLF-0001 to stage 2; here the way undo records it
        issues.move_issue(s, "LLF-0001", "co-definition", meeting=hall, note="Move undone.")
        issues.move_issue(s, "LLF-0001", "co-formulation", meeting=hall)
        issues.move_issue(s, "LLF-0001", "co-decision", meeting=hall, note="Agreed tonight")
        content = minutes.minutes_snapshot(s, hall)
        text = flat(documents.minutes_pdf(s, hall))
    assert content["stage_moves"] == [
        {
            "reference": "LLF-0001",
            "title": "Street lights on Ffordd yr Ŵyl",
            "from": "Co-definition of problems",
            "to": "Co-decision making",
            "note": "Agreed tonight",
        }
    ]
    assert "Move undone." not in text


def test_a_meeting_of_format_other_is_headed_as_a_meeting(db, sample) -> None:
    from forumdesk.core import meetings
    from forumdesk.core.minutes import MinutesOptions
    from forumdesk.reports import documents
    from tests.reports.helpers import flat

    with db.session() as s:
        made = meetings.create_meeting(s, forum="BHF", format="other", date="2026-10-10")
        text = flat(documents.minutes_pdf(s, made.id, MinutesOptions()))
    assert "Minutes of the meeting held on Saturday 10 October 2026" in text
    assert "of the other" not in text


@pytest.mark.slow
def test_minutes_made_on_two_threads_at_once_are_both_whole(db, sample) -> None:
    """The window makes its preview on a thread of its own while a clerk exports: both
    PDFs come out whole (ReportLab's font subsetting is shared between threads)."""
    import threading

    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Croeso", notes="Ŵyl y gwanwyn. " * 200)
    made: list[bytes] = []
    failed: list[BaseException] = []
    together = threading.Barrier(8)

    def make() -> None:
        try:
            with db.read_session() as s:
                together.wait()
                for _ in range(4):
                    made.append(documents.minutes_pdf(s, sample.meeting_id))
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert len(made) == 32 and all("Ŵyl y gwanwyn." in flat(pdf) for pdf in made)
