"""Erasing a person erases their engagement participants and offers, and the erasure
travels: every desk blanks them, and no older file brings them back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from forumdesk.core import attendance, erasure, forums, meetings, people, sync
from forumdesk.core.engagements import base
from forumdesk.db.base import utcnow
from forumdesk.db.models import Erasure, Offer, Participant
from forumdesk.domain.enums import OfferKind
from forumdesk.domain.errors import Conflict as Refused
from tests.exchange.conftest import dump, load

NAME = "Maureen O'Brien"
PHONE = "020 7946 0321"


def _scene(s) -> dict[str, Any]:
    """A resident signed in at a meeting, linked as a person, who leads a petition and
    offered her time at the meeting (the offer made from her sign-in)."""
    forums.create_forum(s, code="BHF", name="Brixton Hill")
    m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    who = attendance.add_attendance(
        s,
        m.id,
        role="resident",
        name=NAME,
        consent_named=True,
        contact=PHONE,
        consent_contact=True,
    )
    person = people.link(s, [who.id]).person_id
    petition = base.add_engagement(s, "petition", forum="BHF", title="Save the lido")
    base.add_participant(
        s,
        petition.id,
        "lead-petitioner",
        name=NAME,
        contact=PHONE,
        consent_named=True,
        consent_contact=True,
        person_id=person,
    )
    offer = Offer(
        forum_id=petition.forum_id,
        kind=OfferKind.SKILLS,
        description="Can design the leaflet",
        name=NAME,
        contact=PHONE,
        consent_named=True,
        consent_contact=True,
        consent_named_at=utcnow(),
        consent_contact_at=utcnow(),
        attendance_id=who.id,
        offered_on=date(2026, 3, 4),
    )
    sync.created(s, offer)
    s.add(offer)
    s.flush()
    return {"person": person, "petition": petition.id}


def _held(s) -> list[tuple[str | None, str | None]]:
    rows = [*s.scalars(select(Participant)), *s.scalars(select(Offer))]
    return [(r.name, r.contact) for r in rows]


def test_erasing_a_person_erases_their_participants_and_offers_and_records_them(desks) -> None:
    a = desks("a")
    made = a.do(_scene)
    a.do(lambda s: erasure.erase_person(s, made["person"]))
    assert a.do(_held) == [(None, None), (None, None)]
    recorded = a.do(lambda s: s.scalars(select(Erasure.records)).one())
    expected = a.do(
        lambda s: sorted([*s.scalars(select(Participant.uuid)), *s.scalars(select(Offer.uuid))])
    )
    assert recorded == expected
    with pytest.raises(Refused):  # nothing left: a second request is refused
        a.do(lambda s: erasure.erase_person(s, made["person"]))


def test_the_erasure_travels_and_an_older_file_does_not_bring_the_names_back(desks) -> None:
    a, b = desks("a"), desks("b")
    made = a.do(_scene)
    old = a.export("before.json", personal_data=True)
    b.import_(old)
    assert (NAME, PHONE) in b.do(_held)
    a.do(lambda s: erasure.erase_person(s, made["person"]))
    report = b.import_(a.export("after.json", personal_data=True))
    assert b.do(_held) == [(None, None), (None, None)]
    (said,) = [c.label for c in report.changes if c.kind == "erasures"]
    assert said == (
        "Erasure of name and contact details from 1 sign-in (at the person's request), "
        "and of 2 engagement participants, offers or contributions"
    )
    b.import_(dump(load(old)))  # the old file again, as other bytes: it is read afresh
    assert b.do(_held) == [(None, None), (None, None)]
    c = desks("c")  # a desk that gets the old file after the erasure's own file
    c.import_(a.export("erasure-only.json", personal_data=True))
    c.import_(dump(load(old)))
    assert c.do(_held) == [(None, None), (None, None)]
    report = a.import_(b.export("back.json", personal_data=True))  # each desk erased alike
    assert report.counts["conflict"] == 0
    assert a.content() == b.content()
