"""Personal data of engagements in exchange files: only asked for, only with consent;
hostile engagement records are refused saying what and where."""

from __future__ import annotations

import json
from typing import Any

import pytest

from forumdesk.core import sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Participant
from forumdesk.exchange.read import FileRefused
from tests.exchange import engagement_world as world
from tests.exchange.conftest import dump, load
from tests.exchange.test_hostile import edit, refused


def _fields(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["fields"] for r in doc["records"][kind]]


@pytest.fixture
def filled(desks):
    a = desks("a", demo=True)
    made = a.do(world.fill)

    def more(s) -> None:
        base.add_participant(s, made["jury"], "witness", name="Dr Rhian Price")
        # A volunteer who withdrew consent to be named, not yet erased: held, never sent.
        row = s.get(Participant, base.participants(s, made["jury"], None)[0].id)
        sync.apply(s, row, {"name": "Withdrawn Person", "consent_named": False})

    a.do(more)
    return a, made


def test_an_export_without_personal_data_leaves_out_names_contacts_interests_and_authors(
    filled,
) -> None:
    a, _made = filled
    doc = json.loads(a.export("plain.json"))
    people = _fields(doc, "participants")
    named = [p for p in people if "name" in p]
    assert "Dr Rhian Price" in [p["name"] for p in named]
    assert {p["role"] for p in named} == {"witness"}  # only witnesses, named in public
    assert not any("contact" in p or "interests" in p for p in people)
    assert not any("name" in o or "contact" in o for o in _fields(doc, "offers"))
    assert not any("author" in c for c in _fields(doc, "contributions"))
    assert world.RESIDENT not in json.dumps(doc, ensure_ascii=False)


def test_with_personal_data_only_what_each_person_consented_to_travels(filled, desks) -> None:
    a, _made = filled
    data = a.export("personal.json", personal_data=True)
    doc = json.loads(data)
    named = {p.get("name") for p in _fields(doc, "participants")}
    assert {world.RESIDENT, "Bethan Morgan", "Dr Rhian Price"} <= named
    assert "Withdrawn Person" not in json.dumps(doc, ensure_ascii=False)
    lead = next(p for p in _fields(doc, "participants") if p.get("name") == world.RESIDENT)
    assert lead["contact"] == world.RESIDENT_CONTACT
    coopted = next(p for p in _fields(doc, "participants") if p.get("name") == "Bethan Morgan")
    assert coopted["interests"] == "Governor of Hill Primary"
    assert "Carys Evans" in {o.get("name") for o in _fields(doc, "offers")}
    assert "parkfan" in {c.get("author") for c in _fields(doc, "contributions")}
    b = desks("b")
    b.import_(data)  # the receiving desk takes what came
    assert b.do(lambda s: s.query(Participant).filter_by(name=world.RESIDENT).count()) == 1


@pytest.fixture
def good(filled) -> tuple[bytes, Any]:
    a, _made = filled
    return a.export("good.json", personal_data=True), a


def _first(doc: dict[str, Any], name: str, **match: Any) -> dict[str, Any]:
    return next(
        r["fields"]
        for r in doc["records"][name]
        if all(r["fields"].get(k) == v for k, v in match.items())
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _first(d, "engagement_counts", key="3").update(count=-5),
            "engagement_counts[",
        ),
        (
            lambda d: _first(d, "engagements", kind="petition").update(wording="x" * 200_001),
            "engagements[0]",
        ),
        (lambda d: _first(d, "engagements", kind="ballot").update(kind="raffle"), "raffle"),
        (lambda d: _first(d, "offers").update(status="stolen"), "stolen"),
    ],
    ids=["negative-count", "huge-wording", "unknown-kind", "unknown-offer-status"],
)
def test_hostile_engagement_records_are_refused(good, desks, change, message) -> None:
    data, _a = good
    office = desks("office")
    refused(office, edit(data, change), message)


def test_a_participant_named_without_consent_is_refused_saying_who_and_where(good, desks) -> None:
    data, _a = good
    office = desks("office")

    def unconsented(doc: dict[str, Any]) -> None:
        lead = next(
            p
            for p in _fields(doc, "participants")
            if p["role"] == "lead-petitioner" and p.get("name")
        )
        lead["consent_named"] = False

    with pytest.raises(FileRefused) as caught:
        office.import_(edit(data, unconsented))
    said = str(caught.value)
    assert "Participant" in said and "participants[" in said
    assert "Name is given without the person's consent ('Consent to be named' is not set)" in said
    # An offer's contact detail likewise.

    def offer_contact(doc: dict[str, Any]) -> None:
        next(o for o in _fields(doc, "offers") if o.get("contact"))["consent_contact"] = False

    refused(office, edit(data, offer_contact), "Contact details is given without")


def test_a_format_1_4_file_imports_into_this_desk(desks) -> None:
    old, office = desks("old", demo=True), desks("office")
    doc = load(old.export("old.json"))
    doc["format_version"] = "1.4"
    for kind in ("engagements", "engagement_issues", "draws", "participants"):
        doc["records"].pop(kind)
    for kind in ("engagement_counts", "contributions", "offers"):
        doc["records"].pop(kind)
    for meeting in doc["records"]["meetings"]:
        meeting["fields"].pop("engagement")
    for outcome in doc["records"]["outcomes"]:
        for name in ("decided_by", "votes_for", "votes_against", "votes_abstain"):
            outcome["fields"].pop(name)
    for event in doc["records"]["timeline_events"]:
        for name in ("decided_by", "votes_for", "votes_against", "votes_abstain"):
            event["fields"].pop(name)
    for erasure in doc["records"]["erasures"]:
        erasure["fields"].pop("records")
    doc.pop("desk_signature", None)
    from tests.exchange.test_hostile import rehash

    report = office.import_(dump(rehash(doc)))
    assert report.counts["new"] > 0 and report.counts["conflict"] == 0


def test_approved_minutes_naming_an_offerer_carry_the_name_only_where_the_offer_does(
    desks,
) -> None:
    from forumdesk.core import agenda, forums, meetings, minutes
    from forumdesk.db.base import utcnow
    from forumdesk.db.models import Offer
    from forumdesk.domain.enums import OfferKind

    a, b = desks("a"), desks("b")
    offerer = "Carys Evans"

    def approved(s) -> None:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        agenda.add_agenda_item(
            s, m.id, title="Offers of help", notes=f"{offerer} offered to design the leaflet."
        )
        offer = Offer(
            kind=OfferKind.SKILLS,
            description="Leaflet design",
            name=offerer,
            consent_named=True,
            consent_named_at=utcnow(),
            meeting_id=m.id,
        )
        sync.created(s, offer)
        s.add(offer)
        meetings.set_meeting_status(s, m.id, "closed")
        minutes.approve_minutes(s, m.id, approved_by="Chair")

    a.do(approved)
    plain = a.export("plain.json")
    (version,) = json.loads(plain)["records"]["minutes_versions"]
    sealed = json.dumps(version["fields"]["content"], ensure_ascii=False)
    assert offerer not in sealed and "a resident offered to design the leaflet" in sealed
    assert version["fields"]["redactions"]  # withheld, and said where
    b.import_(plain)
    assert offerer in a.export("personal.json", personal_data=True).decode("utf-8")
