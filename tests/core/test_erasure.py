"""Erasing a resident erases them everywhere on this desk (issue 12, "Erasure that travels")."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text

from forumdesk.core import agenda, attendance, erasure, erasure_log, forums, issues, meetings
from forumdesk.core import minutes as minutes_service
from forumdesk.core.issue_query import list_issues
from forumdesk.db.models import Attendance, Conflict, Erasure, MinutesVersion
from forumdesk.domain.language import Language
from forumdesk.domain.records import IssueFilter

NAME = "Maureen O'Brien"
PHONE = "020 7946 0321"


@dataclass(frozen=True)
class Scene:
    meeting_id: int
    resident_id: int
    resident_uuid: str
    issue_ref: str


def on_disk(path: Path) -> bytes:
    """Every byte of the database: the file, its WAL and its shared memory."""
    return b"".join(
        p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")) if p.is_file()
    )


def stored_forms(value: str) -> list[bytes]:
    """A value as SQLite may hold it: as text, and escaped inside JSON."""
    return [value.encode(), json.dumps(value)[1:-1].encode()]


def state_redactions(db) -> list:
    with db.read_session() as s:
        return s.scalars(select(MinutesVersion.redactions)).one()


def scene(db, *, name: str = NAME, language: Language = Language.ENGLISH) -> Scene:
    """A resident who consented to be named and contacted, named in issues, comments,
    notes, a stored revision, a conflict and approved minutes."""
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        attendance.add_attendance(s, m.id, role="councillor", name="Cllr Grace Adeyemi")
        who = attendance.add_attendance(
            s,
            m.id,
            role="resident",
            name=name,
            consent_named=True,
            consent_contact=True,
            contact=PHONE,
        )
        agenda.add_agenda_item(
            s, m.id, title="Residents' issues", notes=f"{name} spoke about the lights."
        )
        made = issues.record_issue(
            s,
            forum="BHF",
            title="Street lights out on Josephine Avenue",
            meeting=m.id,
            raised_by=who.id,
            description=f"{name} reported it; call {PHONE}.",
        )
        issues.comment(s, made.reference, f"Spoke to {name} again about the lights.")
        # The first description is kept as a stored revision, name and phone included.
        issues.edit_issue(s, made.reference, {"description": f"Reported by {name}."})
        minutes_service.approve_minutes(
            s,
            m.id,
            approved_by="Chair",
            options=minutes_service.MinutesOptions(language=language),
        )
        s.add(
            Conflict(
                kind="attendance",
                record_uuid=who.uuid,
                field="name",
                mine={"value": name},
                theirs={"value": "M. O'Brien"},
                base={"value": name},
                source_desk="Office",
            )
        )
    return Scene(m.id, who.id, who.uuid, made.reference)


@pytest.mark.sqlite_only(reason="the bytes of the SQLite file and its WAL")
def test_an_erasure_leaves_no_byte_of_the_name_or_phone_in_the_files(db, db_path) -> None:
    there = scene(db)
    held = on_disk(db_path)
    assert NAME.encode() in held and PHONE.encode() in held  # the check can see them
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request", by="Priya Shah")
    left = on_disk(db_path)
    for value in (NAME, PHONE, "Maureen", "maureen", "7946"):
        assert value.encode() not in left, value
    assert db_path.with_name(db_path.name + "-wal").stat().st_size == 0  # checkpointed
    assert b"Cllr Grace Adeyemi" in left  # nobody else is erased


@pytest.mark.sqlite_only(reason="the bytes of the SQLite file and its WAL")
def test_a_welsh_name_is_gone_from_the_files_and_welsh_minutes_say_un_o_r_trigolion(
    db, db_path
) -> None:
    name = "Gwenllian Ŵynne"
    there = scene(db, name=name, language=Language.WELSH)
    assert any(form in on_disk(db_path) for form in stored_forms(name))
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    left = on_disk(db_path)
    assert not [form for form in stored_forms(name) if form in left]
    with db.read_session() as s:
        sealed = s.scalars(select(MinutesVersion)).one().content
    assert sealed["attendance"]["residents"] == ["un o'r trigolion"]


def test_issues_they_raised_keep_the_link_and_say_a_resident(db) -> None:
    there = scene(db)
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    with db.read_session() as s:
        detail = issues.issue_detail(s, there.issue_ref)
        assert detail.issue.raised_by_id == there.resident_id
        assert detail.issue.description == "Reported by a resident."
        assert [e.text for e in detail.timeline if e.text and "Spoke" in e.text] == [
            "Spoke to a resident again about the lights."
        ]
        assert list_issues(s, IssueFilter(text="Maureen")).items == ()
        assert list_issues(s, IssueFilter(text="O'Brien")).items == ()
        found = list_issues(s, IssueFilter(text="resident lights")).items
        assert [i.reference for i in found] == [there.issue_ref]
        revisions = (
            s.execute(text("SELECT CAST(value AS TEXT) FROM field_revision")).scalars().all()
        )
    assert revisions and not [v for v in revisions if "Maureen" in v or "7946" in v]
    assert any("a resident" in v and "(contact details erased)" in v for v in revisions)


def test_sealed_minutes_lose_the_name_and_keep_their_hash(db) -> None:
    there = scene(db)
    with db.read_session() as s:
        before = s.scalars(select(MinutesVersion)).one()
        approved_hash, approved = before.content_hash, before.content
    assert NAME in approved["attendance"]["residents"]
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="request")
    with db.read_session() as s:
        state = minutes_service.minutes_state(s, there.meeting_id)
    after = state.versions[0]
    redactions = state_redactions(db)
    assert after.content_hash == approved_hash
    assert minutes_service.content_hash(approved) == approved_hash
    assert after.content["attendance"]["residents"] == ["a resident"]
    assert after.content["items"][0]["notes"] == "a resident spoke about the lights."
    assert redactions == [
        {"path": ["attendance", "residents", 0], "erasure": done.uuid},
        {"path": ["items", 0, "notes"], "erasure": done.uuid},
    ]
    assert state.sealed is not None  # still approved, not reopened
    assert "Cllr Grace Adeyemi" in after.content["attendance"]["councillors"]


def test_conflicts_over_the_erased_fields_keep_no_copy(db) -> None:
    there = scene(db)
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    with db.read_session() as s:
        conflict = s.scalars(select(Conflict)).one()
        values = (conflict.mine, conflict.theirs, conflict.base)
    assert values == (
        {"value": None},
        {"value": None},
        {"value": None},
    )


def test_the_erasure_is_logged_owner_only_without_the_name(db) -> None:
    there = scene(db)
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="request", by="Priya Shah")
    path = erasure_log.log_path()
    written = path.read_text()
    assert NAME not in written and PHONE not in written and "7946" not in written
    (entry,) = [json.loads(line) for line in written.splitlines()]
    assert entry["erasure"] == done.uuid
    assert entry["attendance"] == [there.resident_uuid]
    assert (entry["reason"], entry["fields"], entry["by"]) == (
        "request",
        ["name", "contact"],
        "Priya Shah",
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_line_already_in_the_erasure_log_is_not_written_again(db) -> None:
    there = scene(db)
    with db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
    path = erasure_log.log_path()
    written = path.read_text()
    (entry,) = [json.loads(line) for line in written.splitlines()]
    revoked = erasure_log.revocation(entry["erasure"], entry["on"])
    assert erasure_log.append([entry, revoked]) == 1  # only the revocation is new
    assert erasure_log.append([entry, revoked]) == 0
    assert len(path.read_text().splitlines()) == 2


def test_an_erasure_rolled_back_is_not_logged(db) -> None:
    there = scene(db)
    with pytest.raises(RuntimeError), db.session() as s:
        erasure.erase(s, [there.resident_id], reason="request")
        raise RuntimeError("the unit of work fails after the erasure")
    assert not erasure_log.log_path().exists()
    with db.read_session() as s:
        assert s.get(Attendance, there.resident_id).name == NAME


def test_applying_an_erasure_again_changes_nothing(db) -> None:
    there = scene(db)
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="request")
    with db.session() as s:
        record = s.scalars(select(Erasure).where(Erasure.uuid == done.uuid)).one()
        assert erasure.apply_erasure(s, record) == 0
        sealed = s.scalars(select(MinutesVersion)).one()
        assert len(sealed.redactions) == 2


def test_a_name_given_again_with_a_new_consent_outlives_the_older_erasure(db) -> None:
    there = scene(db)
    with db.session() as s:
        done = erasure.erase(s, [there.resident_id], reason="consent", fields=["contact"])
    with db.session() as s:
        row = s.get(Attendance, there.resident_id)
        row.contact, row.consent_contact_at = (
            "maureen@example.org",
            done.erased_at.replace(year=done.erased_at.year + 1),
        )
    with db.session() as s:
        record = s.scalars(select(Erasure).where(Erasure.uuid == done.uuid)).one()
        assert erasure.apply_erasure(s, record) == 0
        assert s.get(Attendance, there.resident_id).contact == "maureen@example.org"


def test_erasing_what_was_erased_already_is_refused_and_adds_no_record(db, sample) -> None:
    from forumdesk.domain.errors import InputRefused

    with db.session() as s:
        (signed,) = attendance.list_attendance(s, sample.meeting_id)
        erasure.erase(s, [signed.id], reason="request")
    with pytest.raises(InputRefused, match="nothing left to erase"), db.session() as s:
        erasure.erase(s, [signed.id], reason="request")
    with db.read_session() as s:
        assert len(s.scalars(select(Erasure)).all()) == 1


def test_free_text_loses_the_name_in_capitals_and_either_accent_form_but_keeps_compounds(
    db,
) -> None:
    """As a facilitator types them: "SIÂN LLŶR" in capitals, "Siân" with the accent as
    two characters, the e-mail in capitals; "Al-Siân Llŷr" is someone else's name."""
    import unicodedata

    name, mail = "Siân Llŷr", "sian.llyr@example.org"
    with db.session() as s:
        forums.create_forum(s, code="WEL", name="Llanfair Forum")
        m = meetings.create_meeting(s, forum="WEL", format="area-forum", date="2026-03-04")
        who = attendance.add_attendance(
            s, m.id, name=name, consent_named=True, contact=mail, consent_contact=True
        )
        decomposed = unicodedata.normalize("NFD", name)
        made = issues.record_issue(
            s,
            forum="WEL",
            title="Bins",
            description=(
                f"SIÂN LLŶR asked; {decomposed} again; write to {mail.upper()}; "
                f"Al-{name} is her neighbour."
            ),
        )
        erasure.erase(s, [who.id], reason="request")
    with db.read_session() as s:
        text = issues.get_issue(s, made.reference).description
    assert "SIÂN" not in text and decomposed not in text and "EXAMPLE" not in text
    assert f"Al-{name}" in text


def test_an_email_holding_the_name_goes_whole(db) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        who = attendance.add_attendance(
            s, m.id, name="Al", consent_named=True, contact="al.k@example.org", consent_contact=True
        )
        made = issues.record_issue(
            s, forum="BHF", title="Bins", description="Al asked us to write to AL.K@EXAMPLE.ORG."
        )
        erasure.erase(s, [who.id], reason="request")
    with db.read_session() as s:
        text = issues.get_issue(s, made.reference).description
    assert text == "a resident asked us to write to (contact details erased)."
