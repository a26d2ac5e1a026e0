"""`minutes verify` on a PDF made before an erasure: the erasure is reported, the rest checked."""

from __future__ import annotations

from pathlib import Path

from forumdesk.cli import main
from forumdesk.core import agenda, erasure, minutes
from forumdesk.domain.language import Language
from forumdesk.reports import documents
from tests.core.test_erasure import NAME, scene
from tests.reports.helpers import tamper


def printed_then_erased(db, **made) -> tuple[bytes, int]:
    """The approved PDF as printed before the resident's erasure, and the meeting."""
    there = scene(db, **made)
    with db.read_session() as s:
        before = documents.minutes_pdf(s, there.meeting_id)
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    return before, there.meeting_id


def test_a_pdf_printed_before_an_erasure_still_verifies_and_says_so(db) -> None:
    before, _meeting = printed_then_erased(db)
    assert NAME in documents.pdf_text(before)
    with db.read_session() as s:
        checked = documents.verify_pdf(s, before)
    assert checked.ok, checked.message
    assert checked.message == (
        "The PDF matches approved version 1 of the minutes of Brixton Hill Area Forum, "
        f"4 March 2026, approved on {checked.version.approved_at:%-d %B %Y}. Personal data "
        "was erased from that version after its approval, in 2 places; apart from them the "
        "text is as approved."
    )


def test_a_pdf_printed_before_an_erasure_and_changed_elsewhere_fails(db) -> None:
    before, _meeting = printed_then_erased(db)
    changed = tamper(before, b"Josephine Avenue", b"Josephine Avenoo")
    assert changed != before
    with db.read_session() as s:
        checked = documents.verify_pdf(s, changed)
    assert not checked.ok
    assert "changed after it was exported" in checked.message


def test_the_redacted_version_prints_the_placeholder(db) -> None:
    _before, meeting = printed_then_erased(db)
    with db.read_session() as s:
        now = documents.pdf_text(documents.minutes_pdf(s, meeting))
        checked = documents.verify_pdf(s, documents.minutes_pdf(s, meeting))
    assert NAME not in now
    assert "Residents: a resident" in now
    assert checked.ok and "in 2 places" in checked.message


def test_welsh_minutes_printed_before_an_erasure_verify(db) -> None:
    before, _meeting = printed_then_erased(db, name="Gwenllian Ŵynne", language=Language.WELSH)
    with db.read_session() as s:
        assert documents.verify_pdf(s, before).ok


def test_a_line_pulled_onto_an_earlier_page_does_not_fail_the_check(db) -> None:
    """A long name, many times over two pages: the shorter placeholder moves the page break."""
    long_name = "Maureen O'Brien-Fitzgerald of Josephine Avenue and the Rush Common group"
    there = scene(db, name=long_name)
    with db.session() as s:
        minutes.reopen_minutes(s, there.meeting_id)
        for number in range(22):
            agenda.add_agenda_item(
                s,
                there.meeting_id,
                title=f"Question {number + 1} from the floor",
                notes=f"{long_name} asked about item {number + 1}; {long_name} was answered.",
            )
        minutes.approve_minutes(s, there.meeting_id, approved_by="Chair")
        before = documents.minutes_pdf(s, there.meeting_id)
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    with db.read_session() as s:
        after = documents.minutes_pdf(s, there.meeting_id)
        checked = documents.verify_pdf(s, before)
    assert len(documents.pdf_pages(before)) > len(documents.pdf_pages(after))
    assert checked.ok, checked.message


def test_forumdesk_minutes_verify_reports_the_erasure(db, tmp_path, capsys) -> None:
    before, _meeting = printed_then_erased(db)
    pdf = Path(tmp_path / "minutes-v1.pdf")
    pdf.write_bytes(before)
    db.dispose()
    assert main(["--db", db.url, "minutes", "verify", str(pdf)]) == 0
    said = capsys.readouterr().out
    assert "Personal data was erased from that version after its approval, in 2 places" in said
