"""Approve, reopen, reproduce and verify: minutes that cannot change silently."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from forumdesk.core import agenda, attendance, meetings, minutes
from forumdesk.db.models import MinutesVersion
from forumdesk.domain.errors import Conflict, InputRefused
from forumdesk.reports import documents
from tests.reports.helpers import flat, pages_text, tamper

DATA = Path(__file__).parent / "data"


def test_approval_seals_version_one_with_its_hash(db, sample) -> None:
    with db.session() as s:
        agenda.add_agenda_item(s, sample.meeting_id, title="Welcome", notes="Hello.")
        version = documents.approve(s, sample.meeting_id, approved_by="Priya Shah")
        data = documents.minutes_pdf(s, sample.meeting_id)
    assert version.version == 1 and len(version.content_hash) == 64
    pages = pages_text(data)
    # Named for what it is: the hash of the sealed content, not the file's sha256sum.
    assert all(f"Content hash {version.content_hash}" in p for p in pages)
    assert "SHA-256" not in flat(data)
    assert not any("DRAFT" in p for p in pages)
    assert "Approved by Priya Shah on" in flat(data)


def test_approved_minutes_refuse_changes_until_reopened(db, sample) -> None:
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Welcome")
        documents.approve(s, sample.meeting_id)
    for change in (
        lambda s: agenda.edit_agenda_item(s, item.id, {"notes": "Sneaky edit"}),
        lambda s: agenda.add_agenda_item(s, sample.meeting_id, title="Late item"),
        lambda s: attendance.add_attendance(s, sample.meeting_id, role="officer", name="X"),
        lambda s: meetings.edit_meeting(s, sample.meeting_id, {"venue": "Elsewhere"}),
        lambda s: meetings.adjust_headcount(s, sample.meeting_id, 1),
        lambda s: documents.approve(s, sample.meeting_id),
    ):
        with pytest.raises(Conflict, match="approved"), db.session() as s:
            change(s)
    with db.session() as s:
        minutes.reopen_minutes(s, sample.meeting_id, reason="Venue was wrong")
        meetings.edit_meeting(s, sample.meeting_id, {"venue": "Brixton Library"})
        second = documents.approve(s, sample.meeting_id)
        state = minutes.minutes_state(s, sample.meeting_id)
    assert second.version == 2
    assert [v.version for v in state.versions] == [1, 2]
    assert state.versions[0].content["meeting"]["venue"] == "St Saviour's Hall"  # kept
    assert state.versions[0].content_hash != second.content_hash


def test_reopening_a_draft_is_refused(db, sample) -> None:
    with pytest.raises(Conflict, match="draft"), db.session() as s:
        minutes.reopen_minutes(s, sample.meeting_id)


def test_an_approved_version_is_made_again_byte_for_byte(db, sample) -> None:
    with db.session() as s:
        first = documents.approve(s, sample.meeting_id)
        once = documents.minutes_pdf(s, sample.meeting_id)
        minutes.reopen_minutes(s, sample.meeting_id)
        agenda.add_agenda_item(s, sample.meeting_id, title="Added later")
        documents.approve(s, sample.meeting_id)
        again = documents.version_pdf(s, minutes.minutes_state(s, sample.meeting_id).versions[0])
    assert again == once
    assert first.version == 1


def test_verify_accepts_approved_pdfs_and_refuses_drafts_and_edits(db, sample) -> None:
    with db.session() as s:
        draft = documents.minutes_pdf(s, sample.meeting_id)
        documents.approve(s, sample.meeting_id)
        v1 = documents.minutes_pdf(s, sample.meeting_id)
        minutes.reopen_minutes(s, sample.meeting_id)
        agenda.add_agenda_item(s, sample.meeting_id, title="Added later")
        documents.approve(s, sample.meeting_id)
        v2 = documents.minutes_pdf(s, sample.meeting_id)

        assert not documents.verify_pdf(s, draft).ok
        checked = documents.verify_pdf(s, v1)
        assert checked.ok and checked.version.version == 1  # still version 1 after v2
        assert "since reopened" in checked.message
        assert documents.verify_pdf(s, v2).ok

        one_word = tamper(v1, b"(Brixton Hill Area Forum) Tj", b"(Brixton Hull Area Forum) Tj")
        result = documents.verify_pdf(s, one_word)
        assert not result.ok and "changed after it was exported" in result.message

        first, second = minutes.minutes_state(s, sample.meeting_id).versions
        forged = tamper(v1, first.content_hash.encode(), second.content_hash.encode())
        assert not documents.verify_pdf(s, forged).ok  # the hash edited to another version's
        made_up = tamper(v1, first.content_hash[:8].encode(), b"00000000")
        assert "No approved minutes" in documents.verify_pdf(s, made_up).message


def test_verify_refuses_what_is_not_a_pdf(db) -> None:
    with pytest.raises(InputRefused, match="not a PDF"), db.session() as s:
        documents.verify_pdf(s, b"Minutes of the meeting, typed up in Word")
    with pytest.raises(InputRefused, match="cannot be read"), db.session() as s:
        documents.verify_pdf(s, b"%PDF-1.4\n garbage")


def test_the_creation_date_is_the_approval_time_or_the_meeting_date(db, sample) -> None:
    with db.session() as s:
        draft = documents.minutes_pdf(s, sample.meeting_id)
        version = documents.approve(s, sample.meeting_id)
        approved = documents.minutes_pdf(s, sample.meeting_id)
    assert PdfReader(BytesIO(draft)).metadata.creation_date == datetime(2026, 3, 4)
    stated = PdfReader(BytesIO(approved)).metadata.creation_date
    assert stated == version.approved_at.astimezone(UTC).replace(microsecond=0)


def test_minutes_of_the_first_layout_still_verify(db, sample) -> None:
    """A PDF exported by the first release: footer "SHA-256", the chair listed twice."""
    sealed = json.loads((DATA / "first-layout.json").read_text(encoding="utf-8"))
    exported = (DATA / "first-layout.pdf").read_bytes()
    with db.session() as s:
        s.add(
            MinutesVersion(
                meeting_id=sample.meeting_id,
                version=1,
                content=sealed["content"],
                content_hash=sealed["content_hash"],
                approved_by=sealed["approved_by"],
                approved_at=datetime.fromisoformat(sealed["approved_at"]),
            )
        )
        s.flush()
        checked = documents.verify_pdf(s, exported)
        version = minutes.minutes_state(s, sample.meeting_id).versions[0]
        again = documents.version_pdf(s, version)
        edited = tamper(exported, b"(Fforwm Llanfair) Tj", b"(Fforwm Llanfain) Tj")
        assert not documents.verify_pdf(s, edited).ok
    assert checked.ok, checked.message
    assert "Councillors: Cyng. Siân Prys" in flat(again)  # laid out as it was approved
