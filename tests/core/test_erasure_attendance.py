"""Withdrawing a consent and removing a sign-in make erasures that travel; undo is sensible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from forumdesk.core import attendance, erasure, erasure_log
from forumdesk.db.models import Attendance, Erasure
from forumdesk.exchange import export


def erasures(db) -> list[tuple[str, list[str], list[str]]]:
    with db.read_session() as s:
        return [(e.reason, e.fields, e.attendance) for e in s.scalars(select(Erasure))]


def sign_in(db, sample) -> attendance.AttendanceInfo:
    with db.session() as s:
        return attendance.add_attendance(
            s,
            sample.meeting_id,
            role="resident",
            name="Ffion Rhys",
            consent_named=True,
            consent_contact=True,
            contact="07700 900123",
        )


def send(db, folder: Path) -> None:
    """An export to another desk: from now on the erasures made so far have left."""
    with db.session() as s:
        export.write(s, folder / "to-office.json", export.Selection())


def test_withdrawing_consent_to_be_contacted_makes_a_travelling_erasure(db, sample) -> None:
    person = sign_in(db, sample)
    with db.session() as s:
        after = attendance.edit_attendance(s, person.id, {"consent_contact": False})
    assert (after.name, after.contact) == ("Ffion Rhys", None)
    assert erasures(db) == [("consent", ["contact"], [person.uuid])]
    with db.read_session() as s:
        document = export.build(s, export.Selection())
    assert [e["fields"]["attendance"] for e in document["records"]["erasures"]] == [[person.uuid]]
    assert "07700 900123" not in json.dumps(document)


def test_removing_a_sign_in_makes_a_removed_erasure_and_an_anonymous_one_none(db, sample) -> None:
    person = sign_in(db, sample)
    with db.session() as s:
        anonymous = attendance.add_attendance(s, sample.meeting_id, role="resident")
        attendance.delete_attendance(s, anonymous.id)
        attendance.delete_attendance(s, person.id)
    assert erasures(db) == [("removed", ["name", "contact"], [person.uuid])]


def test_undoing_a_removal_no_export_carried_takes_the_erasure_back(db, sample) -> None:
    person = sign_in(db, sample)
    with db.session() as s:
        attendance.delete_attendance(s, person.id)
    with db.session() as s:
        back = attendance.restore_attendance(s, person)
    assert (back.name, back.contact) == ("Ffion Rhys", "07700 900123")
    assert erasures(db) == []  # it never left this desk, so nothing travels
    lines = [json.loads(line) for line in erasure_log.log_path().read_text().splitlines()]
    assert [sorted(line) for line in lines][-1] == ["logged_at", "on", "revoked"]
    assert erasure_log.read(db.desk_uuid) == []
    assert erasure.reapply_logged(db) == 0  # opening again does not erase them anew
    with db.read_session() as s:
        assert s.get(Attendance, person.id).name == "Ffion Rhys"


def test_undoing_a_removal_an_export_carried_is_refused(db, sample, tmp_path) -> None:
    """Other desks may have erased the name already: an undo is not a consent given again."""
    from forumdesk.domain.errors import Conflict

    person = sign_in(db, sample)
    with db.session() as s:
        attendance.delete_attendance(s, person.id)
    send(db, tmp_path)
    with pytest.raises(Conflict, match="cannot be undone"), db.session() as s:
        attendance.restore_attendance(s, person)
    assert erasures(db) == [("removed", ["name", "contact"], [person.uuid])]  # it stands
    with db.read_session() as s:
        row = s.get(Attendance, person.id)
        assert (row.name, row.contact, row.deleted_at is not None) == (None, None, True)


def test_undoing_a_withdrawal_an_export_carried_is_refused_and_keeps_the_erasure(
    db, sample, tmp_path
) -> None:
    from forumdesk.domain.errors import Conflict

    person = sign_in(db, sample)
    with db.session() as s:
        attendance.edit_attendance(s, person.id, {"consent_contact": False})
    send(db, tmp_path)
    with pytest.raises(Conflict, match="cannot be undone"), db.session() as s:
        attendance.edit_attendance(s, person.id, attendance.as_changes(person), undo=True)
    with db.read_session() as s:
        assert s.get(Attendance, person.id).contact is None


def test_undoing_a_withdrawal_no_export_carried_takes_the_erasure_back(db, sample) -> None:
    person = sign_in(db, sample)
    with db.session() as s:
        attendance.edit_attendance(s, person.id, {"consent_named": False})
    assert erasures(db) == [("consent", ["name"], [person.uuid])]
    with db.session() as s:
        back = attendance.edit_attendance(s, person.id, attendance.as_changes(person))
    assert back.name == "Ffion Rhys"
    assert erasures(db) == []
    assert erasure.reapply_logged(db) == 0


def test_a_withdrawal_then_an_export_then_consent_again_keeps_the_erasure(
    db, sample, tmp_path
) -> None:
    person = sign_in(db, sample)
    with db.session() as s:
        attendance.edit_attendance(s, person.id, {"consent_contact": False})
    send(db, tmp_path)
    with db.session() as s:
        attendance.edit_attendance(
            s, person.id, {"consent_contact": True, "contact": "ffion@example.org"}
        )
    assert erasures(db) == [("consent", ["contact"], [person.uuid])]
    assert erasure.reapply_logged(db) == 0
    with db.read_session() as s:
        assert s.get(Attendance, person.id).contact == "ffion@example.org"


def test_the_demo_has_a_resident_who_withdrew_consent_to_be_contacted(tmp_path) -> None:
    from forumdesk.core import demo
    from forumdesk.db.store import open_database
    from forumdesk.exchange import merge, read

    source = open_database(str(tmp_path / "demo.sqlite"))
    office = open_database(str(tmp_path / "office.sqlite"))
    try:
        with source.session() as s:
            demo.fill_demo(s)
        assert erasures(source) == [("consent", ["contact"], erasures(source)[0][2])]
        with source.session() as s:
            export.write(s, tmp_path / "demo.json", export.Selection())
        data = (tmp_path / "demo.json").read_bytes()
        assert len(json.loads(data)["records"]["erasures"]) == 1
        with office.preview_session() as s:
            report = merge.merge(s, read.check(s, data, None))
        assert ("erasures", "Erasure of contact details from 1 sign-in (consent withdrawn)") in {
            (c.kind, c.label) for c in report.changes
        }
    finally:
        source.dispose()
        office.dispose()
