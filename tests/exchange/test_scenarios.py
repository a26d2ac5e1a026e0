"""Facilitator and officer desks trading files: no duplicates, no lost edits, one conflict each."""

from __future__ import annotations

import itertools
import re

import pytest

from forumdesk.core import (
    actions,
    agenda,
    attendance,
    carry,
    forums,
    issues,
    meetings,
    sync,
)
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.enums import IssueStatus
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange import conflicts


@pytest.fixture
def pair(desks):
    """A facilitator's laptop with a forum and a meeting, and an officer's desk that imported it."""
    laptop, office = desks("laptop"), desks("office")

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        for title in ("Potholes on Brixton Hill", "Street lights on Ffordd yr Ŵyl"):
            issues.record_issue(s, forum="BHF", title=title, meeting=m.id)

    laptop.do(setup)
    office.import_(laptop.export("first.json"))
    return laptop, office


def test_the_officer_gets_everything_once(pair) -> None:
    laptop, office = pair
    assert office.content() == laptop.content()
    again = office.import_(laptop.export("again.json"))
    assert again.counts["new"] == 0 and again.counts["conflict"] == 0
    assert office.content() == laptop.content()


def test_the_very_same_file_again_is_recognised_and_changes_nothing(pair) -> None:
    laptop, office = pair
    first = (laptop.folder / "first.json").read_bytes()
    office.do(lambda s: issues.change_status(s, "BHF-0001", "referred"))  # an edit since
    before = office.content()
    again = office.import_(first)
    assert "This very file was imported here on" in again.notes[0]
    assert again.counts == {"new": 0, "updated": 0, "merged": 0, "unchanged": 6, "conflict": 0}
    assert office.content() == before
    assert office.do(lambda s: issues.get_issue(s, "BHF-0001")).status is IssueStatus.REFERRED


def test_the_same_records_in_a_new_file_go_the_whole_way_and_change_nothing(pair) -> None:
    laptop, office = pair
    office.do(lambda s: issues.change_status(s, "BHF-0001", "referred"))
    before = office.content()
    again = office.import_(laptop.export("same-records.json"))  # a new export id: new bytes
    assert [n for n in again.notes if not n.startswith("Signed by desk ")] == []
    assert again.counts == {"new": 0, "updated": 0, "merged": 0, "unchanged": 6, "conflict": 0}
    assert len(again.changes) == 6
    assert office.content() == before


def test_an_edit_on_one_desk_fast_forwards_the_other(pair) -> None:
    laptop, office = pair
    office.do(lambda s: issues.change_status(s, "BHF-0001", "referred", note="To highways"))
    report = laptop.import_(office.export("back.json"))
    assert report.counts["updated"] == 1 and report.counts["new"] == 1  # issue + its event
    assert laptop.do(lambda s: issues.get_issue(s, "BHF-0001")).status is IssueStatus.REFERRED
    assert laptop.content() == office.content()


def test_concurrent_edits_to_different_fields_merge(pair) -> None:
    laptop, office = pair
    laptop.do(lambda s: issues.edit_issue(s, "BHF-0002", {"ward": "Tulse Hill"}))
    office.do(lambda s: issues.edit_issue(s, "BHF-0002", {"owner": "Daniel Reed"}))
    to_office = laptop.export("l.json")
    to_laptop = office.export("o.json")
    assert office.import_(to_office).counts["merged"] == 1
    assert laptop.import_(to_laptop).counts["merged"] == 1
    for desk in (laptop, office):
        got = desk.do(lambda s: issues.get_issue(s, "BHF-0002"))
        assert (got.ward, got.owner) == ("Tulse Hill", "Daniel Reed")
    assert laptop.content() == office.content()


def test_concurrent_edits_to_one_field_make_one_conflict_each_way(pair) -> None:
    laptop, office = pair
    laptop.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Potholes (12 of them)"}))
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Potholes near the library"}))
    to_office, to_laptop = laptop.export("l.json"), office.export("o.json")
    assert office.import_(to_office).counts["conflict"] == 1
    assert office.import_(to_office).counts["conflict"] == 0  # twice: still one conflict
    assert office.do(lambda s: issues.get_issue(s, 1)).title == "Potholes near the library"
    open_ones = office.do(conflicts.list_conflicts)
    assert [(c.field, c.base, c.mine, c.theirs) for c in open_ones] == [
        ("title", "Potholes on Brixton Hill", "Potholes near the library", "Potholes (12 of them)")
    ]

    office.do(
        lambda s: conflicts.resolve(
            s, open_ones[0].id, "merged", "Potholes near the library (12 of them)"
        )
    )
    assert office.do(conflicts.list_conflicts) == []
    # The resolution is a new version: the laptop, with its own conflict pending, takes it.
    assert laptop.import_(to_laptop).counts["conflict"] == 1
    (on_laptop,) = laptop.do(conflicts.list_conflicts)
    assert (on_laptop.base, on_laptop.mine) == ("Potholes on Brixton Hill", "Potholes (12 of them)")
    laptop.import_(office.export("resolved.json"))
    assert (
        laptop.do(lambda s: issues.get_issue(s, 1)).title
        == "Potholes near the library (12 of them)"
    )


def test_a_deletion_travels_unless_edited_meanwhile(pair) -> None:
    laptop, office = pair
    laptop.do(lambda s: issues.delete_issue(s, "BHF-0002"))
    office.import_(laptop.export("deleted.json"))
    listed = office.do(lambda s: list_issues(s, IssueFilter()).items)
    assert [i.reference for i in listed] == ["BHF-0001"]

    laptop.do(lambda s: issues.delete_issue(s, "BHF-0001"))
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"owner": "Daniel Reed"}))
    report = office.import_(laptop.export("deleted-too.json"))
    assert report.counts["conflict"] == 1
    assert office.do(lambda s: issues.get_issue(s, "BHF-0001")).owner == "Daniel Reed"
    [conflict] = office.do(conflicts.list_conflicts)
    assert conflict.field == "deleted_at" and conflict.mine is None


def test_issues_raised_offline_on_two_desks_never_fight_over_references(pair) -> None:
    laptop, office = pair  # the laptop made the forum: its home desk
    laptop.do(lambda s: issues.record_issue(s, forum="BHF", title="Raised at the forum"))
    made = office.do(lambda s: issues.record_issue(s, forum="BHF", title="Raised by petition"))
    mark = office.do(sync.desk_mark)
    assert made.reference == f"BHF-{mark}-0001"
    assert len(mark) == 2 and mark.isalpha() and not set(mark) & set("IO")
    to_office, to_laptop = laptop.export("l.json"), office.export("o.json")
    for report in (office.import_(to_office), laptop.import_(to_laptop)):
        assert [c for c in report.changes if "renumbered" in c.detail] == []
    for desk in (laptop, office):  # and from then on, files go both ways as before
        assert desk.do(lambda s: issues.get_issue(s, "BHF-0003")).title == "Raised at the forum"
        got = desk.do(lambda s, r=made.reference: issues.get_issue(s, r))
        assert got.title == "Raised by petition"
    office.import_(laptop.export("l2.json"))
    laptop.import_(office.export("o2.json"))
    assert office.content() == laptop.content()


@pytest.mark.slow
def test_three_desks_in_any_order_agree(desks) -> None:
    hub = desks("hub")
    hub.do(lambda s: forums.create_forum(s, code="LLF", name="Llanfair"))
    hub.do(lambda s: issues.record_issue(s, forum="LLF", title="Heol y Dŵr floods"))
    seed = hub.export("seed.json")
    a, b = desks("a"), desks("b")
    a.import_(seed)
    b.import_(seed)
    a.do(lambda s: issues.edit_issue(s, "LLF-0001", {"ward": "Pentre"}))
    b.do(lambda s: issues.edit_issue(s, "LLF-0001", {"owner": "Rhodri"}))
    hub.do(lambda s: issues.comment(s, "LLF-0001", "Drainage survey booked"))
    files = {"a": a.export("a.json"), "b": b.export("b.json"), "hub": hub.export("h.json")}
    results = []
    for order in itertools.permutations(files):
        target = desks(f"t{len(results)}")
        for name in order:
            target.import_(files[name])
        results.append(target.content())
        got = target.do(lambda s: issues.issue_detail(s, "LLF-0001"))
        assert (got.issue.ward, got.issue.owner) == ("Pentre", "Rhodri")
        assert [e.text for e in got.timeline if e.text] == ["Drainage survey booked"]
        assert target.do(conflicts.list_conflicts) == []
    assert all(r == results[0] for r in results)


def test_personal_data_stays_home_unless_asked_and_consented(desks) -> None:
    desk = desks("laptop")
    planted = {
        "Gwenllian Ŵynne",
        "gwen@example.org",
        "Iolo Morgan",
        "iolo@example.org",
        "Anon Resident",
        "anon@example.org",
    }

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="other", date="2026-01-01")
        attendance.add_attendance(
            s,
            m.id,
            role="resident",
            name="Gwenllian Ŵynne",
            consent_named=True,
            consent_contact=True,
            contact="gwen@example.org",
        )
        person = attendance.add_attendance(
            s,
            m.id,
            role="resident",
            name="Iolo Morgan",
            consent_named=True,
            consent_contact=True,
            contact="iolo@example.org",
        )
        attendance.edit_attendance(s, person.id, {"consent_contact": False})  # withdrawn

    desk.do(setup)
    plain = desk.export("plain.json").decode()
    assert not [p for p in planted if p in plain]
    opted = desk.export("opted.json", personal_data=True).decode()
    assert "Gwenllian Ŵynne" in opted and "gwen@example.org" in opted
    assert "Iolo Morgan" in opted and "iolo@example.org" not in opted


def test_the_demo_round_trips(desks) -> None:
    source, copy = desks("source", demo=True), desks("copy")
    copy.import_(source.export("all.json", personal_data=True))
    assert copy.content() == source.content()


def test_the_import_report_names_records_as_a_person_knows_them(desks) -> None:
    source, office = desks("source", demo=True), desks("office")
    report = office.preview(source.export("all.json"))
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    assert [c for c in report.changes if uuid.search(c.label)] == []
    labels = {(c.kind, c.label) for c in report.changes}
    assert ("attendance", "Resident (not named)") in labels  # no personal data was asked for
    assert ("timeline_events", "BHF-0001: Raised") in labels
    assert any(k == "action_carries" and t.endswith("(carried forward)") for k, t in labels)
    assert any(k == "outcomes" and t.startswith("Decision: ") for k, t in labels)
    petition = next(t for k, t in labels if k == "engagements" and t.startswith("BHF-PET-"))
    assert ("participants", f"Lead petitioner (not named), {petition}") in labels
    assert any(k == "engagement_issues" and t.startswith(f"{petition}: BHF-") for k, t in labels)


def test_moving_an_issue_to_an_agenda_item_travels_and_can_conflict(pair) -> None:
    laptop, office = pair

    def link(title):
        def work(s):
            meeting = issues.get_issue(s, "BHF-0001").meeting_id
            item = agenda.add_agenda_item(s, meeting, title=title)
            issues.edit_issue(s, "BHF-0001", {"agenda_item_id": item.id})

        return work

    laptop.do(link("Roads"))
    office.import_(laptop.export("linked.json"))  # refused before: "agenda_item_id" dot
    assert office.content() == laptop.content()
    laptop.do(link("Highways"))
    office.do(link("Transport"))
    report = office.import_(laptop.export("both.json"))
    assert report.counts["conflict"] == 1
    (conflict,) = office.do(conflicts.list_conflicts)
    assert conflict.field == "agenda_item"


def test_the_base_of_a_conflict_is_what_both_desks_last_shared(pair) -> None:
    laptop, office = pair
    for title in ("Potholes, Brixton Hill", "Potholes, Brixton Hill (outside no. 12)"):
        laptop.do(lambda s, t=title: issues.edit_issue(s, "BHF-0001", {"title": t}))
    office.import_(laptop.export("shared.json"))  # both now hold the second edit
    laptop.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Laptop's title"}))
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Office's title"}))
    office.do(lambda s: issues.edit_issue(s, "BHF-0001", {"title": "Office's second title"}))
    office.import_(laptop.export("crossed.json"))
    (conflict,) = office.do(conflicts.list_conflicts)
    assert conflict.base_known
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        "Potholes, Brixton Hill (outside no. 12)",
        "Office's second title",
        "Laptop's title",
    )


def test_a_conflict_over_a_reference_shows_its_base_too(pair) -> None:
    laptop, office = pair
    first = laptop.do(
        lambda s: (
            agenda.add_agenda_item(s, issues.get_issue(s, "BHF-0001").meeting_id, title="Roads").id
        )
    )
    laptop.do(lambda s: issues.edit_issue(s, "BHF-0001", {"agenda_item_id": first}))
    office.import_(laptop.export("linked.json"))
    for desk, title in ((laptop, "Highways"), (office, "Transport")):

        def relink(s, title=title):
            meeting = issues.get_issue(s, "BHF-0001").meeting_id
            item = agenda.add_agenda_item(s, meeting, title=title)
            issues.edit_issue(s, "BHF-0001", {"agenda_item_id": item.id})

        desk.do(relink)
    office.import_(laptop.export("relinked.json"))
    (conflict,) = office.do(conflicts.list_conflicts)
    roads = laptop.do(lambda s: agenda.get_agenda_item(s, first).uuid)
    assert conflict.field == "agenda_item" and conflict.base == roads
    assert conflict.shown == {"base": "Roads", "mine": "Transport", "theirs": "Highways"}


def test_a_merged_choice_may_be_written_as_the_screen_shows_it(pair) -> None:
    laptop, office = pair
    laptop.do(lambda s: issues.change_status(s, "BHF-0001", "referred"))
    office.do(lambda s: issues.change_status(s, "BHF-0001", "resolved"))
    office.import_(laptop.export("status.json"))
    (conflict,) = office.do(conflicts.list_conflicts)
    assert conflict.shown["theirs"] == "Referred"
    office.do(lambda s: conflicts.resolve(s, conflict.id, "merged", "In progress"))
    assert office.do(lambda s: issues.get_issue(s, "BHF-0001")).status is IssueStatus.IN_PROGRESS


def _carried_into(desk, meeting_date: str) -> list[tuple[str, bool]]:
    def read(s):
        meeting = next(m for m in meetings.list_meetings(s) if str(m.date) == meeting_date)
        return [(a.description, a.carried) for a in actions.list_actions(s, meeting=meeting.id)]

    return desk.do(read)


def _an_action_then_a_later_meeting(s) -> int:
    """A meeting that agreed an action, and a later meeting of the forum (its id)."""
    forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
    m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
    actions.add_action(s, description="Write to Highways", owner="Rhodri", meeting=m.id)
    return meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06").id


def test_carried_actions_travel_with_the_meeting_they_were_carried_into(desks) -> None:
    laptop, office = desks("laptop"), desks("office")
    second = laptop.do(_an_action_then_a_later_meeting)
    laptop.do(lambda s: carry.carry_forward(s, second))
    # Only the second meeting is sent: the carried action (of the first) comes with it.
    report = office.import_(laptop.export("second.json", meeting=second))
    assert ("action_carries", "new") in {(c.kind, c.action) for c in report.changes}
    assert _carried_into(office, "2026-05-06") == [("Write to Highways", True)]
    # The first meeting came by reference, as the carried action's own meeting.
    again = office.import_(laptop.export("again.json"))
    assert again.counts["new"] == 0 and again.counts["conflict"] == 0
    assert _carried_into(office, "2026-05-06") == [("Write to Highways", True)]
    assert office.content() == laptop.content()


def test_the_same_action_carried_on_two_desks_is_listed_once(desks) -> None:
    laptop, office = desks("laptop"), desks("office")
    laptop.do(_an_action_then_a_later_meeting)
    office.import_(laptop.export("setup.json"))
    for desk in (laptop, office):  # both bring it forward, offline
        desk.do(
            lambda s: carry.carry_forward(
                s, next(m.id for m in meetings.list_meetings(s) if str(m.date) == "2026-05-06")
            )
        )
    office.import_(laptop.export("laptop.json"))
    laptop.import_(office.export("office.json"))
    for desk in (laptop, office):
        assert _carried_into(desk, "2026-05-06") == [("Write to Highways", True)]
    assert office.content() == laptop.content()


def test_a_file_of_format_1_0_without_carries_is_still_read(pair) -> None:
    import json

    from forumdesk.exchange.document import content_sha256

    laptop, office = pair
    laptop.do(lambda s: issues.record_issue(s, forum="BHF", title="Bins on Heol y Dŵr"))
    doc = json.loads(laptop.export("new.json"))
    del doc["records"]["action_carries"]
    doc["format_version"] = "1.0"
    doc["content_sha256"] = content_sha256(doc["records"])
    report = office.import_(json.dumps(doc).encode())
    assert ("issues", "BHF-0003", "new") in {(c.kind, c.label, c.action) for c in report.changes}
    assert not [n for n in report.notes if "left out" in n]  # nothing was left out


def test_a_conflict_over_an_action_is_named_by_what_the_action_says(desks) -> None:
    laptop, office = desks("laptop"), desks("office")
    laptop.do(_an_action_then_a_later_meeting)
    office.import_(laptop.export("setup.json"))
    laptop.do(lambda s: actions.set_action_status(s, 1, "done"))
    office.do(lambda s: actions.set_action_status(s, 1, "cancelled"))
    office.import_(laptop.export("done.json"))
    (found,) = office.do(conflicts.list_conflicts)
    assert (found.label, found.field) == ("Write to Highways", "status")
    assert (found.shown["mine"], found.shown["theirs"]) == ("Cancelled", "Done")
