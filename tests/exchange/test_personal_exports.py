"""Exports carry what they say: without personal data, no resident is named anywhere,
sealed minutes included; the names come back only with a file that carries them whole."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from forumdesk.core import meetings, minutes
from forumdesk.core.minutes import content_hash
from forumdesk.db.models import Attendance, MinutesVersion
from forumdesk.domain.redaction import redact
from forumdesk.exchange.document import content_sha256
from forumdesk.exchange.read import FileRefused

from .conftest import Desk, dump, load


def _approve_every_meeting(desk: Desk) -> None:
    def work(s: Any) -> None:
        for meeting in meetings.list_meetings(s):
            minutes.approve_minutes(s, meeting.id, approved_by="Chair")

    desk.do(work)


def _personal(desk: Desk) -> set[str]:
    """Every resident's (and other person's) name, and everyone's contact details, held."""
    rows = desk.do(lambda s: list(s.scalars(select(Attendance))))
    found = {r.contact for r in rows if r.contact}
    found |= {r.name for r in rows if r.name and not r.role.is_public}
    return found


def _found(data: bytes, secrets: set[str]) -> list[str]:
    return sorted(s for s in secrets if s.encode() in data or json.dumps(s)[1:-1].encode() in data)


def _versions(desk: Desk) -> dict[str, MinutesVersion]:
    return desk.do(lambda s: {v.uuid: v for v in s.scalars(select(MinutesVersion))})


@pytest.fixture
def approved(desks):
    laptop = desks("laptop", demo=True)
    _approve_every_meeting(laptop)
    return laptop


def test_an_export_without_personal_data_names_no_resident_even_in_sealed_minutes(
    approved, desks
) -> None:
    laptop, office = approved, desks("office")
    secrets = _personal(laptop)
    sealed = json.dumps([v.content for v in _versions(laptop).values()], ensure_ascii=False)
    assert _found(sealed.encode(), secrets)  # the approved minutes do name residents
    plain = laptop.export("plain.json")
    assert _found(plain, secrets) == []

    office.import_(plain)
    assert _found(json.dumps(office.content(), ensure_ascii=False).encode(), secrets) == []
    here, there = _versions(laptop), _versions(office)
    assert {u: v.content_hash for u, v in there.items()} == {
        u: v.content_hash for u, v in here.items()
    }
    withheld = [v for v in there.values() if v.redactions]
    assert withheld and all(r["erasure"] is None for v in withheld for r in v.redactions)
    assert all(content_hash(v.content) != v.content_hash for v in withheld)
    assert "a resident" in json.dumps(withheld[0].content)

    # A file that carries the names fills them back in: the minutes as approved.
    report = office.import_(laptop.export("personal.json", personal_data=True))
    given_back = [c for c in report.changes if c.kind == "minutes_versions"]
    said = {(c.action, c.detail) for c in given_back}
    assert ("updated", "names taken out or given back") in said
    assert said <= {("updated", "names taken out or given back"), ("unchanged", "")}  # none named
    for version in _versions(office).values():
        assert content_hash(version.content) == version.content_hash
        assert not version.redactions
    # And a later file without them takes nothing out again: the office holds them whole.
    office.import_(laptop.export("plain-again.json"))
    assert all(not v.redactions for v in _versions(office).values())


def _residents_path(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Any], str]:
    """A version of the file that names a resident, the place, and the name."""
    for record in doc["records"]["minutes_versions"]:
        residents = record["fields"]["content"]["attendance"]["residents"]
        if residents:
            return record, ["attendance", "residents", 0], residents[0]
    raise AssertionError("no approved minutes name a resident")


def test_a_copy_erased_elsewhere_is_the_same_version_and_the_more_redacted_stays(
    approved, desks
) -> None:
    laptop, office = approved, desks("office")
    personal = laptop.export("personal.json", personal_data=True)
    office.import_(personal)
    doc = load(personal)
    record, path, name = _residents_path(doc)
    erasure = "e0000000-0000-4000-8000-000000000001"
    fields = record["fields"]
    fields["content"], fields["redactions"] = redact(
        fields["content"], [name], "a resident", erasure=erasure
    )
    doc["content_sha256"] = content_sha256(doc["records"])
    office.import_(dump(doc))
    version = _versions(office)[record["uuid"]]
    assert name not in json.dumps(version.content, ensure_ascii=False)
    assert {"path": path, "erasure": erasure} in version.redactions
    office.import_(laptop.export("personal-again.json", personal_data=True))
    assert name not in json.dumps(_versions(office)[record["uuid"]].content, ensure_ascii=False)


@pytest.mark.parametrize(
    "change",
    [
        lambda text, name: text.replace(name, "Someone Else"),
        lambda text, name: "a resident, who was not there",
    ],
)
def test_a_sealed_text_changed_otherwise_is_refused_whatever_redaction_it_claims(
    approved, desks, change
) -> None:
    laptop, office = approved, desks("office")
    personal = laptop.export("personal.json", personal_data=True)
    office.import_(personal)
    doc = load(personal)
    record, path, name = _residents_path(doc)
    residents = record["fields"]["content"]["attendance"]["residents"]
    residents[0] = change(residents[0], name)
    record["fields"]["redactions"] = [{"path": path, "erasure": None}]
    doc["content_sha256"] = content_sha256(doc["records"])
    with pytest.raises(FileRefused, match="changes their content"):
        office.import_(dump(doc))


def test_a_withheld_copy_of_a_version_held_whole_must_be_of_the_content_its_hash_claims(
    approved, desks
) -> None:
    laptop, office = approved, desks("office")
    office.import_(laptop.export("personal.json", personal_data=True))  # held whole
    doc = load(laptop.export("plain.json"))
    record = next(r for r in doc["records"]["minutes_versions"] if r["fields"]["redactions"])
    record["fields"]["content_hash"] = "0" * 64
    doc["content_sha256"] = content_sha256(doc["records"])
    with pytest.raises(FileRefused, match="does not hash to its content hash"):
        office.import_(dump(doc))


def test_a_new_version_whose_redactions_name_no_text_of_it_is_refused(approved, desks) -> None:
    laptop, office = approved, desks("office")
    doc = load(laptop.export("plain.json"))
    record = next(r for r in doc["records"]["minutes_versions"] if r["fields"]["redactions"])
    record["fields"]["redactions"].append({"path": ["meeting", "nowhere"], "erasure": None})
    doc["content_sha256"] = content_sha256(doc["records"])
    with pytest.raises(FileRefused, match="does not hash to its content hash"):
        office.import_(dump(doc))


def test_with_personal_data_sealed_minutes_name_only_those_who_consent_now(desks) -> None:
    """A resident named in approved minutes whose consent to be named is withdrawn (the
    name itself still held here, as a desk before erasures kept it) is named in no file."""
    from forumdesk.core import attendance, forums, sync

    laptop = desks("laptop")

    def record(s: Any) -> None:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-09-22")
        for name in ("Ann Lee", "Bo Diaz"):
            attendance.add_attendance(s, "BHF 2026-09-22", name=name, consent_named=True)
        minutes.approve_minutes(s, "BHF 2026-09-22", approved_by="Chair")
        withdrawn = s.scalars(select(Attendance).where(Attendance.name == "Bo Diaz")).one()
        sync.apply(s, withdrawn, {"consent_named": False})

    laptop.do(record)
    personal = laptop.export("personal.json", personal_data=True)
    assert b"Ann Lee" in personal and b"Bo Diaz" not in personal
    (version,) = load(personal)["records"]["minutes_versions"]
    assert version["fields"]["redactions"] == [
        {"path": ["attendance", "residents", 1], "erasure": None}
    ]


def test_details_past_the_retention_period_do_not_leave_even_with_personal_data(
    desks, monkeypatch
) -> None:
    """A database that could not be written when it opened (a read-only folder) still
    holds details retention would have erased: an export with personal data leaves them out."""
    from forumdesk.core import attendance, forums, meetings

    desk = desks("ro")

    def record(s) -> None:
        forums.create_forum(s, code="OLD", name="Old Forum")
        old = meetings.create_meeting(s, forum="OLD", format="area-forum", date="2023-01-10")
        recent = meetings.create_meeting(s, forum="OLD", format="area-forum", date="2026-11-10")
        for meeting, name in ((old.id, "Gruffydd Long-Gone"), (recent.id, "Nia Recent")):
            attendance.add_attendance(
                s,
                meeting,
                name=name,
                consent_named=True,
                contact="07700 900999" if name == "Nia Recent" else "07700 900111",
                consent_contact=True,
            )

    desk.do(record)
    data = desk.export("all.json", personal_data=True)
    assert b"Nia Recent" in data and b"07700 900999" in data
    assert b"Gruffydd" not in data and b"07700 900111" not in data
