"""An erasure travels: every desk erases what one desk erased, and no file brings it back.

The end-to-end case of issue 12: desk A records a resident who consented (name and phone),
approves the minutes and sends them with personal data to B and C; A erases the resident
and its next file reaches B; then C's older file reaches B.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from forumdesk.core import agenda, attendance, erasure, forums, meetings, minutes, sync
from forumdesk.db.base import utcnow
from forumdesk.db.models import Attendance, Conflict, Erasure, MinutesVersion

from .conftest import Desk, dump, load

NAME = "Gwenllian Okonjo"
PHONE = "07700 900461"
MEETING = "BHF 2026-09-22"


def _record_the_resident(desk: Desk) -> int:
    """A's meeting: a councillor and a resident who consented to be named and contacted.
    Returns her sign-in's id."""

    def work(s: Any) -> int:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-09-22")
        attendance.add_attendance(s, MEETING, role="councillor", name="Cllr Ada Byron")
        resident = attendance.add_attendance(
            s,
            MEETING,
            role="resident",
            name=NAME,
            consent_named=True,
            contact=PHONE,
            consent_contact=True,
        )
        agenda.add_agenda_item(s, MEETING, title="Open floor")
        return resident.id

    return desk.do(work)


def _approve(desk: Desk) -> None:
    desk.do(lambda s: minutes.approve_minutes(s, MEETING, approved_by="Cllr Ada Byron"))


def _sign_in(desk: Desk) -> Attendance:
    return desk.do(
        lambda s: s.scalars(select(Attendance).where(Attendance.role == "resident")).one()
    )


def _versions(desk: Desk) -> list[MinutesVersion]:
    return desk.do(lambda s: list(s.scalars(select(MinutesVersion))))


def _raw(desk: Desk) -> bytes:
    """The database file as bytes on disk, after the WAL was written back into it."""
    path = desk.folder / "desk.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    found = path.read_bytes()
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            found += side.read_bytes()
    return found


def _holds(data: bytes) -> list[str]:
    """Which of the resident's name and phone number the bytes hold (as text or JSON)."""
    held = []
    for secret in (NAME, PHONE, *NAME.split()):
        if secret.encode() in data or json.dumps(secret)[1:-1].encode() in data:
            held.append(secret)
    return held


@pytest.fixture
def three(desks):
    """A recorded and approved; B and C imported A's file with personal data."""
    a, b, c = desks("a"), desks("b"), desks("c")
    resident = _record_the_resident(a)
    _approve(a)
    first = a.export("first.json", personal_data=True)
    assert NAME.encode() in first and PHONE.encode() in first
    b.import_(first)
    c.import_(first)
    assert _sign_in(b).name == NAME and _sign_in(c).contact == PHONE
    return a, b, c, resident


def test_an_erasure_reaches_another_desk_and_an_older_file_does_not_bring_the_name_back(
    three,
) -> None:
    a, b, c, resident = three
    done = a.do(lambda s: erasure.erase(s, [resident], reason="request", by="Data officer"))
    later = a.export("later.json", personal_data=True)
    sign_ins = load(later)["records"]["attendance"]
    assert _holds(json.dumps(sign_ins).encode()) == []
    assert [r["uuid"] for r in load(later)["records"]["erasures"]] == [done.uuid]

    report = b.import_(later)
    erased = "Erasure of name and contact details from 1 sign-in (at the person's request)"
    assert ("erasures", erased) in {(change.kind, change.label) for change in report.changes}
    there = _sign_in(b)
    assert (there.name, there.contact) == (None, None)
    stored = b.do(lambda s: s.scalars(select(Erasure)).one())
    assert (stored.uuid, stored.attendance, stored.by) == (done.uuid, [there.uuid], "Data officer")

    older = c.export("older.json", personal_data=True)  # C never heard of the erasure
    assert NAME.encode() in older
    report = b.import_(older)
    there = _sign_in(b)
    assert (there.name, there.contact) == (None, None)
    assert NAME not in json.dumps([change.label for change in report.changes])
    assert b.do(lambda s: s.scalars(select(Conflict)).all()) == []
    # B's approved minutes of the meeting name no one, and stay that version.
    (version,) = _versions(b)
    assert _holds(json.dumps(version.content, ensure_ascii=False).encode()) == []
    assert version.content_hash == _versions(a)[0].content_hash
    assert {r["erasure"] for r in version.redactions} == {done.uuid}
    # Nor does anything B sends on, with personal data or without.
    assert _holds(b.export("onward.json", personal_data=True)) == []
    assert _holds(b.export("onward-plain.json")) == []


def test_a_file_of_the_very_version_that_left_the_name_out_cannot_fill_it_in_after_an_erasure(
    desks,
) -> None:
    """The "personal data an earlier file left out" path: the same version, name absent
    here because of an erasure, arrives again with the name."""
    a, b = desks("a"), desks("b")
    resident = _record_the_resident(a)
    with_name = a.export("with-name.json", personal_data=True)
    b.import_(a.export("without.json"))  # B has the sign-in, without her name
    assert _sign_in(b).name is None
    forged = load(a.export("erasure.json"))  # an erasure made on some desk, then the old file
    (sign_in,) = [r for r in forged["records"]["attendance"] if r["fields"]["role"] == "resident"]
    forged["records"]["erasures"] = [
        {
            "uuid": "e0000000-0000-4000-8000-000000000001",
            "vv": {forged["desk"]["uuid"]: 1},
            "dots": {},
            "created_at": "2026-10-01T09:00:00.000000Z",
            "updated_at": "2026-10-01T09:00:00.000000Z",
            "deleted_at": None,
            "fields": {
                "reason": "request",
                "fields": ["name", "contact"],
                "attendance": [sign_in["uuid"]],
                "person_uuid": None,
                # after the consents, which were given (dated) when she signed in
                "erased_at": utcnow().isoformat().replace("+00:00", "Z"),
                "desk_uuid": forged["desk"]["uuid"],
                "by": None,
            },
        }
    ]
    b.import_(_resigned(a, forged))
    b.import_(with_name)
    assert (_sign_in(b).name, _sign_in(b).contact) == (None, None)
    assert resident  # A itself never erased: the erasure came from elsewhere


def _resigned(desk: Desk, doc: dict[str, Any]) -> bytes:
    """The document with its content hash made again (a file changed in a test)."""
    from forumdesk.exchange.document import content_sha256

    doc["content_sha256"] = content_sha256(doc["records"])
    return dump(doc)


def test_a_concurrent_edit_of_an_erased_name_is_no_conflict_and_keeps_no_name(desks) -> None:
    a, b = desks("a"), desks("b")
    resident = _record_the_resident(a)
    b.import_(a.export("first.json", personal_data=True))
    b_resident = _sign_in(b).id
    b.do(lambda s: attendance.edit_attendance(s, b_resident, {"name": "Gwenllian Okonjo-Smith"}))
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))
    b_file = b.export("b.json", personal_data=True)
    a.import_(b_file)  # B's rename, concurrent with A's erasure
    assert (_sign_in(a).name, _sign_in(a).contact) == (None, None)
    assert a.do(lambda s: s.scalars(select(Conflict)).all()) == []
    b.import_(a.export("a.json", personal_data=True))
    assert (_sign_in(b).name, _sign_in(b).contact) == (None, None)
    a.import_(b.export("b2.json", personal_data=True))  # B erased it too: one more round
    assert a.content()["attendance"] == b.content()["attendance"]


def test_a_name_given_again_with_a_consent_dated_after_the_erasure_travels(desks) -> None:
    """What putting a removed sign-in back does once its erasure was sent: a new, dated
    consent. Every desk takes it, with no conflict, though each erased the old name."""
    a, b = desks("a"), desks("b")
    resident = _record_the_resident(a)
    first = a.export("first.json", personal_data=True)
    b.import_(first)
    a.do(lambda s: erasure.erase(s, [resident], reason="consent"))
    b.import_(a.export("erased.json", personal_data=True))
    assert _sign_in(b).name is None

    def consent_again(s: Any) -> None:
        row = s.get(Attendance, resident)
        sync.apply(s, row, {"name": NAME, "consent_named_at": utcnow()})

    a.do(consent_again)
    b.import_(a.export("again.json", personal_data=True))
    assert _sign_in(b).name == NAME
    assert b.do(lambda s: s.scalars(select(Conflict)).all()) == []
    b.import_(dump(load(first)))  # the old consent once more (other bytes): no change
    assert _sign_in(b).name == NAME
    a.import_(b.export("back.json", personal_data=True))
    assert a.content()["attendance"] == b.content()["attendance"]


def test_a_resident_who_consents_again_is_signed_in_afresh_and_that_name_travels(desks) -> None:
    a, b = desks("a"), desks("b")
    resident = _record_the_resident(a)
    b.import_(a.export("first.json", personal_data=True))
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))
    a.do(
        lambda s: attendance.add_attendance(
            s, MEETING, role="resident", name=NAME, consent_named=True
        )
    )
    b.import_(a.export("again.json", personal_data=True))
    names = b.do(
        lambda s: sorted(
            (r.name or "")
            for r in s.scalars(select(Attendance).where(Attendance.role == "resident"))
        )
    )
    assert names == ["", NAME]


def test_no_byte_of_the_name_or_phone_number_remains_on_the_desks_or_in_their_files(
    three, tmp_path: Path
) -> None:
    a, b, c, resident = three
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))
    sent = [a.export("later.json", personal_data=True), a.export("later-plain.json")]
    b.import_(sent[0])
    b.import_(c.export("older.json", personal_data=True))
    sent += [b.export("b.json", personal_data=True), b.export("b-plain.json")]
    for data in sent:
        assert _holds(data) == []
    for desk in (a, b):
        assert _holds(_raw(desk)) == []


def _edited(data: bytes, change) -> bytes:
    from forumdesk.exchange.document import content_sha256

    doc = load(data)
    change(doc)
    doc.pop("desk_signature", None)
    doc["content_sha256"] = content_sha256(doc["records"])
    return dump(doc)


def test_an_erasure_naming_its_sign_ins_in_capitals_still_erases_them(three) -> None:
    """UUIDs are compared in lower case: an erasure written with capitals (another tool,
    a hand edit) must erase, not stand as erased while the name stays and block the real one."""
    a, b, _c, resident = three
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))

    def capitals(doc: dict) -> None:
        for record in doc["records"]["erasures"]:
            record["fields"]["attendance"] = [u.upper() for u in record["fields"]["attendance"]]

    b.import_(_edited(a.export("later.json", personal_data=True), capitals))
    assert (_sign_in(b).name, _sign_in(b).contact) == (None, None)
    assert _holds(_raw(b)) == []


def test_an_erasure_whose_person_is_not_a_uuid_is_refused(three) -> None:
    from forumdesk.exchange.read import FileRefused

    a, b, _c, resident = three
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))

    def bad_person(doc: dict) -> None:
        doc["records"]["erasures"][-1]["fields"]["person_uuid"] = "xyz"

    with pytest.raises(FileRefused, match="person_uuid"):
        b.import_(_edited(a.export("later.json", personal_data=True), bad_person))
    assert _sign_in(b).name == NAME  # nothing was changed


def test_an_export_of_one_meeting_carries_the_erasures_of_its_sign_ins(three) -> None:
    a, _b, _c, resident = three
    a.do(lambda s: erasure.erase(s, [resident], reason="request"))

    def meeting_only(s: Any) -> dict:
        from forumdesk.exchange import export

        return export.build(s, export.Selection(meeting=MEETING, personal_data=True))

    doc = a.do(meeting_only)
    assert [r["fields"]["reason"] for r in doc["records"]["erasures"]] == ["request"]
