"""People: linking sign-ins as one person, finding them, what is held, subject access."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forumdesk.core import attendance, erasure, forums, issues, meetings, people
from forumdesk.core.issue_query import list_issues
from forumdesk.db.models import Attendance, ExchangeLog, Person
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange import export
from forumdesk.reports.subject_access import subject_access_json


@dataclass(frozen=True)
class Town:
    """Two forums, three meetings, and the sign-ins of a resident who went to all three."""

    aled_bhf_jan: int
    aled_bhf_mar: int
    aled_llf: int
    mair: int
    mair_contact_only: int
    councillor: int
    issue: str


@pytest.fixture
def town(db) -> Town:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        forums.create_forum(s, code="LLF", name="Llanfair Community Forum")
        jan = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-01-20")
        mar = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-10")
        llf = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-02-05")

        def sign(meeting, **kw):
            return attendance.add_attendance(s, meeting.id, **kw).id

        town = Town(
            aled_bhf_jan=sign(
                jan,
                name="Aled Jones",
                consent_named=True,
                consent_contact=True,
                contact="07700 900123",
            ),
            aled_bhf_mar=sign(mar, name="Aled Jones", consent_named=True),
            aled_llf=sign(llf, name="aled   JONES", consent_named=True),
            mair=sign(
                jan,
                name="Mair Evans",
                consent_named=True,
                consent_contact=True,
                contact="mair@example.org",
            ),
            mair_contact_only=sign(llf, consent_contact=True, contact="MAIR@example.org"),
            councillor=sign(jan, role="councillor", name="Cllr Siân Prys"),
            issue=issues.record_issue(
                s, forum="BHF", title="Potholes on Brixton Hill", meeting=mar.id
            ).reference,
        )
        issues.edit_issue(s, town.issue, {"raised_by_id": town.aled_bhf_mar})
    return town


def _person_of(db, ident: int) -> int | None:
    with db.read_session() as s:
        return s.get(Attendance, ident).person_id


def test_suggestions_offer_exact_name_or_contact_matches_and_never_link(db, town) -> None:
    with db.read_session() as s:
        offered = people.suggestions(s, f"s{town.aled_bhf_jan}")
        for_mair = people.suggestions(s, f"s{town.mair}")
    assert [(o.attendance_id, o.same_name, o.same_contact) for o in offered] == [
        (town.aled_llf, True, False),  # case and spaces aside
        (town.aled_bhf_mar, True, False),
    ]
    assert [(o.attendance_id, o.same_name, o.same_contact) for o in for_mair] == [
        (town.mair_contact_only, False, True)
    ]
    # Offered only: nothing was linked, and no person exists.
    with db.read_session() as s:
        assert s.scalars(select(Person)).all() == []
        assert all(row.person_id is None for row in s.scalars(select(Attendance)))


def test_a_new_sign_in_with_the_same_name_is_not_linked_silently(db, town) -> None:
    with db.session() as s:
        made = people.link(s, [town.aled_bhf_jan, town.aled_bhf_mar])
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-01")
        later = attendance.add_attendance(s, meeting.id, name="Aled Jones", consent_named=True).id
    assert _person_of(db, later) is None
    with db.read_session() as s:
        assert [o.attendance_id for o in people.suggestions(s, str(made.person_id))] == [
            town.aled_llf,
            later,
        ]


def test_link_makes_a_person_then_extends_it_and_merge_folds_people(db, town) -> None:
    with db.session() as s:
        first = people.link(s, [town.aled_bhf_jan, town.aled_bhf_mar])
        stamped = s.get(Person, first.person_id)
        assert stamped.vv and stamped.uuid  # a travelling record, versioned
    assert first.created and set(first.moved) == {town.aled_bhf_jan, town.aled_bhf_mar}
    with db.session() as s:
        # A sign-in linked with one already in a person joins that person.
        again = people.link(s, [town.aled_bhf_mar, town.aled_llf])
        other = people.link(s, [town.mair])
    assert (again.person_id, again.created, again.moved) == (
        first.person_id,
        False,
        (town.aled_llf,),
    )
    with pytest.raises(Conflict, match="belong to other people"), db.session() as s:
        people.link(s, [town.aled_llf, town.mair])
    with db.session() as s:
        merged = people.merge(
            s, [str(first.person_id), str(other.person_id), f"s{town.mair_contact_only}"]
        )
    assert merged.person_id == first.person_id and merged.merged == (other.person_id,)
    with db.read_session() as s:
        listed = people.list_people(s)
        gone = s.get(Person, other.person_id).deleted_at
    assert [(e.person_id, e.sign_ins, e.forums) for e in listed] == [
        (first.person_id, 5, ("BHF", "LLF"))
    ]
    assert gone is not None  # a tombstone: the merge travels
    for ident in (town.aled_bhf_jan, town.aled_llf, town.mair, town.mair_contact_only):
        assert _person_of(db, ident) == first.person_id


def test_unlink_takes_a_mistaken_sign_in_out_and_removes_an_empty_person(db, town) -> None:
    with db.session() as s:
        made = people.link(s, [town.aled_bhf_jan, town.mair])
        one = people.unlink(s, [town.mair])
    assert one.removed == () and _person_of(db, town.mair) is None
    with db.session() as s:
        last = people.unlink(s, [town.aled_bhf_jan])
    assert last.removed == (made.person_id,)
    with db.read_session() as s:
        assert people.list_people(s) == []
    with pytest.raises(InvalidValue, match="not linked to anyone"), db.session() as s:
        people.unlink(s, [town.mair])


def test_wrong_ids_are_refused_and_change_nothing(db, town) -> None:
    with pytest.raises(NotFound, match="no sign-in with id 999"), db.session() as s:
        people.link(s, [town.aled_bhf_jan, 999])
    with pytest.raises(InvalidValue, match="names neither a person"), db.session() as s:
        people.merge(s, ["4", "x7"])
    with pytest.raises(InvalidValue, match="at least two"), db.session() as s:
        people.merge(s, ["s1"])
    with pytest.raises(NotFound, match="no person with id 42"), db.read_session() as s:
        people.person_detail(s, 42)
    with db.read_session() as s:
        assert s.scalars(select(Person)).all() == []
        assert _person_of(db, town.aled_bhf_jan) is None


def test_an_erased_person_takes_no_new_sign_ins(db, town) -> None:
    with db.session() as s:
        made = people.link(s, [town.aled_bhf_jan])
        erasure.erase_person(s, made.person_id)
    with pytest.raises(Conflict, match="was erased"), db.session() as s:
        people.link(s, [town.aled_llf], person=made.person_id)
    with db.read_session() as s:
        (entry,) = people.list_people(s)
    assert entry.erased_at is not None and entry.name is None and entry.contact is None


def test_find_looks_in_names_and_contacts_of_people_and_unlinked_sign_ins(db, town) -> None:
    with db.session() as s:
        aled = people.link(s, [town.aled_bhf_jan, town.aled_bhf_mar]).person_id
    with db.read_session() as s:
        by_name = people.find(s, "ALED")
        by_contact = people.find(s, "mair@EXAMPLE")
        by_phone = people.find(s, "900123")
        welsh = people.find(s, "siân")
        nobody = people.find(s, "Zebedee")
    assert [e.key for e in by_name] == [str(aled), f"s{town.aled_llf}"]
    assert [e.key for e in by_contact] == [f"s{town.mair}", f"s{town.mair_contact_only}"]
    assert [e.key for e in by_phone] == [str(aled)]
    assert [e.key for e in welsh] == [f"s{town.councillor}"]
    assert nobody == []


def test_a_resident_who_raised_an_issue_is_found_by_their_name(db, town) -> None:
    with db.read_session() as s:
        found = list_issues(s, IssueFilter(text="aled jones")).items
        by_words = list_issues(s, IssueFilter(text="potholes")).items
        neither = list_issues(s, IssueFilter(text="Mair")).items
    assert [i.reference for i in found] == [town.issue]
    assert [i.reference for i in by_words] == [town.issue]
    assert neither == ()


def test_consents_carry_the_date_they_were_given_and_lose_it_when_withdrawn(db, town) -> None:
    before = datetime.now(UTC)
    with db.session() as s:
        meeting = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-01")
        made = attendance.add_attendance(s, meeting.id, name="Ffion Rhys", consent_named=True)
        row = s.get(Attendance, made.id)
        named_at = row.consent_named_at
        assert row.consent_contact_at is None
    assert before <= named_at <= datetime.now(UTC)
    with db.session() as s:
        attendance.edit_attendance(s, made.id, {"consent_contact": True, "contact": "01248 123"})
        row = s.get(Attendance, made.id)
        assert row.consent_named_at == named_at  # kept while it stands
        contact_at = row.consent_contact_at
    assert contact_at is not None and contact_at >= named_at
    with db.session() as s:
        attendance.edit_attendance(s, made.id, {"consent_contact": False})
        row = s.get(Attendance, made.id)
        assert (row.contact, row.consent_contact_at) == (None, None)
        assert row.consent_named_at == named_at


def test_detail_shows_sign_ins_consents_issues_and_forums(db, town) -> None:
    with db.session() as s:
        aled = people.link(s, [town.aled_bhf_jan, town.aled_bhf_mar, town.aled_llf]).person_id
    with db.read_session() as s:
        held = people.person_detail(s, aled)
    assert [s.meeting for s in held.sign_ins] == [
        "BHF 2026-01-20",
        "LLF 2026-02-05",
        "BHF 2026-03-10",
    ]
    assert held.names == ("Aled Jones", "aled   JONES")
    assert held.contacts == ("07700 900123",)
    first = held.sign_ins[0]
    assert first.consent_named and first.consent_contact and first.consent_contact_at is not None
    assert not held.sign_ins[2].consent_contact and held.sign_ins[2].consent_contact_at is None
    assert [(i.reference, i.meeting) for i in held.issues] == [(town.issue, "BHF 2026-03-10")]
    assert [(e.forum_code, e.meetings, str(e.first), str(e.last)) for e in held.engagements] == [
        ("BHF", 2, "2026-01-20", "2026-03-10"),
        ("LLF", 1, "2026-02-05", "2026-02-05"),
    ]
    assert held.entry.last_attended.isoformat() == "2026-03-10"


def test_subject_access_across_two_forums_says_where_their_data_went(db, town, tmp_path) -> None:
    with db.session() as s:
        aled = people.link(s, [town.aled_bhf_jan, town.aled_llf]).person_id
        with_data = export.write(
            s, tmp_path / "with.json", export.Selection(personal_data=True)
        ).export_id
        export.write(s, tmp_path / "without.json", export.Selection())
        only_llf = export.write(
            s, tmp_path / "llf.json", export.Selection(forum="LLF", personal_data=True)
        ).export_id
        uuids = {
            r.id: r.uuid for r in s.scalars(select(Attendance).where(Attendance.person_id == aled))
        }
        desk = s.scalars(select(ExchangeLog.desk_uuid)).first()
    with db.read_session() as s:
        answer = json.loads(subject_access_json(people.subject_access(s, str(aled))))
        made_at = answer["subject_access"].pop("made_at")
    assert abs(datetime.fromisoformat(made_at) - datetime.now(UTC)) < timedelta(minutes=1)
    for sign_in in answer["sign_ins"]:
        assert sign_in.pop("consent_named_at") is not None
        sign_in.pop("consent_contact_at")
    assert answer["subject_access"]["desk"]["uuid"] == desk
    assert answer["subject_access"]["person"] == str(aled)
    assert answer["names"] == ["Aled Jones", "aled   JONES"]
    assert answer["contact_details"] == ["07700 900123"]
    assert answer["sign_ins"] == [
        {
            "uuid": uuids[town.aled_bhf_jan],
            "meeting": "BHF 2026-01-20",
            "forum": "Brixton Hill Area Forum",
            "date": "2026-01-20",
            "meeting_format": "area-forum",
            "role": "resident",
            "presence": "present",
            "name": "Aled Jones",
            "contact": "07700 900123",
            "consent_named": True,
            "consent_contact": True,
        },
        {
            "uuid": uuids[town.aled_llf],
            "meeting": "LLF 2026-02-05",
            "forum": "Llanfair Community Forum",
            "date": "2026-02-05",
            "meeting_format": "area-forum",
            "role": "resident",
            "presence": "present",
            "name": "aled   JONES",
            "contact": None,
            "consent_named": True,
            "consent_contact": False,
        },
    ]
    assert answer["issues_raised"] == []  # raised by the March sign-in, not linked
    assert answer["engagements"] == [
        {
            "forum": "BHF",
            "forum_name": "Brixton Hill Area Forum",
            "meetings": 1,
            "first": "2026-01-20",
            "last": "2026-01-20",
            "roles": ["resident"],
        },
        {
            "forum": "LLF",
            "forum_name": "Llanfair Community Forum",
            "meetings": 1,
            "first": "2026-02-05",
            "last": "2026-02-05",
            "roles": ["resident"],
        },
    ]
    # The export without personal data carried neither of their sign-ins.
    assert [(x["export_id"], x["sign_ins"]) for x in answer["sent"]] == [
        (with_data, ["BHF 2026-01-20", "LLF 2026-02-05"]),
        (only_llf, ["LLF 2026-02-05"]),
    ]
    assert answer["received"] == []


def test_the_export_log_lists_the_sign_ins_whose_personal_data_left(db, town, tmp_path) -> None:
    with db.session() as s:
        export.write(s, tmp_path / "with.json", export.Selection(personal_data=True))
        export.write(s, tmp_path / "without.json", export.Selection())
        logged = [log.personal for log in s.scalars(select(ExchangeLog).order_by(ExchangeLog.id))]
        uuid = {r.id: r.uuid for r in s.scalars(select(Attendance))}
    # With personal data: everyone who consented; the councillor's name always travels.
    assert sorted(logged[0]) == sorted(
        uuid[i]
        for i in (
            town.aled_bhf_jan,
            town.aled_bhf_mar,
            town.aled_llf,
            town.mair,
            town.mair_contact_only,
            town.councillor,
        )
    )
    assert logged[1] == [uuid[town.councillor]]


def test_the_demo_has_a_regular_linked_as_one_person_and_exports_carry_people(
    demo_db, db, tmp_path
) -> None:
    with db.session() as s:
        doc = export.build(s, export.Selection())
    with db.read_session() as s:
        (regular,) = people.list_people(s)
        held = people.person_detail(s, regular.person_id)
    assert regular.sign_ins == 2 and len({x.meeting_id for x in held.sign_ins}) == 2
    assert len(held.issues) == 1
    assert [p["uuid"] for p in doc["records"]["people"]] == [regular.uuid]
