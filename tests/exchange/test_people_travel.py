"""A person linked on one desk is the same person on the next; subject access says which
desks their data went to and came from."""

from __future__ import annotations

from sqlalchemy import select

from forumdesk.core import attendance, forums, meetings, people
from forumdesk.db.models import DeskIdentity


def _laptop_with_aled(desk) -> None:
    def work(s) -> None:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        forums.create_forum(s, code="LLF", name="Llanfair Community Forum")
        bhf = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-01-20")
        llf = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-02-05")
        ids = [
            attendance.add_attendance(
                s, m.id, name="Aled Jones", consent_named=True, consent_contact=True, contact=c
            ).id
            for m, c in ((bhf, "07700 900123"), (llf, None))
        ]
        people.link(s, ids)

    desk.do(work)


def _desk_name(desk) -> str:
    return desk.do(lambda s: s.scalars(select(DeskIdentity.name)).one())


def test_a_linked_person_travels_and_subject_access_follows_their_data(desks) -> None:
    laptop, office, county = desks("laptop"), desks("office"), desks("county")
    _laptop_with_aled(laptop)
    sent = laptop.export("with.json", personal_data=True)
    laptop.export("without.json")
    office.import_(sent)
    # The office passes it on without touching it: relayed.
    county.import_(office.export("relay.json", personal_data=True))

    with office.db.read_session() as s:
        (aled,) = people.list_people(s)
        on_office = people.subject_access(s, str(aled.person_id))
    assert (aled.name, aled.sign_ins, aled.forums) == ("Aled Jones", 2, ("BHF", "LLF"))
    assert [(r.desk_name, r.sign_ins) for r in on_office.received] == [
        (_desk_name(laptop), ("BHF 2026-01-20", "LLF 2026-02-05"))
    ]
    assert [s.sign_ins for s in on_office.sent] == [("BHF 2026-01-20", "LLF 2026-02-05")]

    with laptop.db.read_session() as s:
        on_laptop = people.subject_access(s, "1")
    assert on_laptop.received == ()  # recorded there
    assert len(on_laptop.sent) == 1  # the export without personal data carried neither

    with county.db.read_session() as s:
        on_county = people.subject_access(s, str(people.list_people(s)[0].person_id))
    assert [r.desk_name for r in on_county.received] == [_desk_name(office)]


def test_the_import_report_names_a_person_without_personal_data(desks) -> None:
    laptop, office = desks("laptop"), desks("office")
    _laptop_with_aled(laptop)
    report = office.preview(laptop.export("without.json"))
    assert [(c.kind, c.label) for c in report.changes if c.kind == "people"] == [
        ("people", "A person (sign-ins linked as one)")
    ]
