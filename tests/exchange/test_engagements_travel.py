"""Engagements of every kind travel between desks: whole exports, a forum's, --since."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from forumdesk.core import meetings, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Engagement, Meeting
from tests.exchange import engagement_world as world

ENGAGEMENT_KINDS = (
    "engagements",
    "engagement_issues",
    "draws",
    "participants",
    "engagement_counts",
    "contributions",
    "offers",
)


def _sent(data: bytes) -> dict[str, int]:
    doc = json.loads(data)
    return {name: len(doc["records"][name]) for name in ENGAGEMENT_KINDS}


def _added(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    """What a file carries beyond the demo's own engagements."""
    return {name: after[name] - before[name] for name in ENGAGEMENT_KINDS}


def test_every_kind_of_engagement_makes_the_round_trip_and_both_desks_hold_the_same(
    desks,
) -> None:
    a, b = desks("a", demo=True), desks("b")
    before = _sent(a.export("demo.json", personal_data=True))
    a.do(world.fill)
    data = a.export("all.json", personal_data=True)
    assert _added(_sent(data), before) == {
        "engagements": 6,
        "engagement_issues": 1,
        "draws": 1,
        "participants": 5,
        "engagement_counts": 11,
        "contributions": 1,
        "offers": 1,
    }
    report = b.import_(data)
    assert report.counts["conflict"] == 0
    assert a.content() == b.content()
    # B's copy reads as A's: the petition's sheets, the jury's draw, the co-opted member.
    shown = b.do(lambda s: [(e.kind.value, e.title) for e in base.list_engagements(s)])
    assert ("ballot", "Name the new square") in shown
    again = b.export("back.json", personal_data=True)
    assert a.import_(again).counts["new"] == 0  # nothing new comes back


def test_a_forums_export_carries_its_engagements_and_not_the_other_forums(desks) -> None:
    a, b = desks("a", demo=True), desks("b")
    before = _sent(a.export("demo.json", forum="BHF"))
    a.do(world.fill)  # Brixton Hill's
    a.do(lambda s: world.fill(s, forum="LLF"))
    sent = _added(_sent(a.export("bhf.json", forum="BHF")), before)
    assert sent["engagements"] == 6
    assert sent["engagement_counts"] == 11
    assert sent["participants"] == 5
    assert sent["offers"] == 1  # Brixton Hill's offer, not the Welsh forum's
    b.import_(a.export("bhf2.json", forum="BHF"))
    titles = b.do(lambda s: {e.reference[:3] for e in base.list_engagements(s)})
    assert titles == {"BHF"}


def test_a_council_wide_engagement_goes_with_the_forums_whose_issues_it_concerns(desks) -> None:
    a = desks("a", demo=True)
    demo_doc = json.loads(a.export("demo.json", forum="BHF"))
    demo_titles = {r["fields"]["title"] for r in demo_doc["records"]["engagements"]}
    demo_counts = len(demo_doc["records"]["engagement_counts"])
    demo_links = len(demo_doc["records"]["engagement_issues"])
    demo_all = len(json.loads(a.export("demo-all.json"))["records"]["engagements"])

    def council_wide(s) -> None:
        made = base.add_engagement(s, "consultation", forum=None, title="Budget 2027")
        world.count(s, made.id, world.CountKind.RESPONSES, "paper", 9)
        bhf, llf = world.first_issue(s, "BHF"), world.first_issue(s, "LLF")
        base.link_issue(s, made.id, bhf.id, "co-definition")
        base.link_issue(s, made.id, llf.id, "co-definition")
        base.add_engagement(s, "ballot", forum=None, title="Unrelated ballot")

    a.do(council_wide)
    doc = json.loads(a.export("bhf.json", forum="BHF"))
    titles = {r["fields"]["title"] for r in doc["records"]["engagements"]}
    assert titles == demo_titles | {"Budget 2027"}  # not the unrelated ballot
    assert len(doc["records"]["engagement_counts"]) == demo_counts + 1
    # Its link to the Welsh forum's issue stays behind, and so does that issue.
    assert len(doc["records"]["engagement_issues"]) == demo_links + 1
    assert {r["fields"]["forum"] for r in doc["records"]["issues"]} == {
        f["uuid"] for f in doc["records"]["forums"] if f["fields"]["code"] == "BHF"
    }
    everything = json.loads(a.export("all.json"))
    assert len(everything["records"]["engagements"]) == demo_all + 2


def test_a_meeting_held_for_an_engagement_travels_with_the_forums_engagements(desks) -> None:
    a, b = desks("a", demo=True), desks("b")

    def hearing(s) -> None:
        jury = base.add_engagement(s, "jury", forum=None, title="Jury on transport")
        made = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-06-01")
        sync.apply(s, s.get(Meeting, made.id), {"engagement_id": jury.id})
        base.link_issue(s, jury.id, world.first_issue(s, "BHF").id, "co-formulation")

    a.do(hearing)
    b.import_(a.export("bhf.json", forum="BHF"))

    def held(s) -> list[tuple[str, date]]:
        rows = s.execute(
            select(Engagement.title, Meeting.date)
            .join(Meeting, Meeting.engagement_id == Engagement.id)
            .where(Engagement.title == "Jury on transport")
        )
        return [tuple(r) for r in rows]

    assert b.do(held) == [("Jury on transport", date(2026, 6, 1))]


def test_export_since_sends_only_the_count_changed_after_it(desks) -> None:
    a, b = desks("a", demo=True), desks("b")
    made = a.do(world.fill)
    first = json.loads(a.export("first.json"))
    b.import_(json.dumps(first).encode())

    def recount(s) -> None:
        row = world.sheet(s, made["petition"], "3")
        sync.apply(s, row, {"count": 30})

    a.do(recount)
    later = json.loads(a.export("later.json", since=first["export_id"]))
    counts = later["records"]["engagement_counts"]
    assert [(c["fields"]["key"], c["fields"]["count"]) for c in counts] == [("3", 30)]
    assert later["records"]["engagements"] == []
    b.import_(json.dumps(later).encode())
    assert b.do(lambda s: world.sheet(s, made["petition"], "3").count) == 30
