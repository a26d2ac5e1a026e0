"""Approved minutes seal the same things on import as on the desk itself (core/_seal.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from forumdesk.core import actions, issues, meetings, minutes
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange.document import content_sha256
from forumdesk.exchange.read import FileRefused

MEETING = "BHF 2026-09-22"


@pytest.fixture
def sealed(desks):
    """The laptop approved the minutes of BHF 2026-09-22; the office imported them."""
    laptop, office = desks("laptop", demo=True), desks("office")
    laptop.do(lambda s: minutes.approve_minutes(s, MEETING, approved_by="Priya Shah"))
    office.import_(laptop.export("approved.json"))
    return laptop, office


def _forged(doc: dict[str, Any]) -> bytes:
    doc["content_sha256"] = content_sha256(doc["records"])
    return json.dumps(doc).encode()


def _new(
    doc: dict[str, Any], kind_name: str, like: dict[str, Any], uuid: str, **fields: Any
) -> None:
    """A record made on the sending desk, added to the file."""
    record = json.loads(json.dumps(like))
    record.update(uuid=uuid, vv={doc["desk"]["uuid"]: 1000}, dots={}, deleted_at=None)
    record["fields"].update(fields)
    doc["records"][kind_name].append(record)


def _of_meeting(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    meeting = doc["records"]["minutes_versions"][0]["fields"]["meeting"]
    return [r for r in doc["records"][kind] if r["fields"].get("meeting") == meeting]


def _add_action(doc: dict[str, Any]) -> str:
    _new(doc, "actions", _of_meeting(doc, "actions")[0], "a0000000-0000-4000-8000-000000000001")
    return "Action"


def _carry_in(doc: dict[str, Any]) -> str:
    meeting = doc["records"]["minutes_versions"][0]["fields"]["meeting"]
    other = next(a for a in doc["records"]["actions"] if a["fields"]["meeting"] != meeting)
    like = doc["records"]["action_carries"][0]
    uuid = "c0000000-0000-4000-8000-000000000001"
    _new(doc, "action_carries", like, uuid, action=other["uuid"], meeting=meeting)
    return "(carried forward)' (added)"


def _delete_action(doc: dict[str, Any]) -> str:
    action = _of_meeting(doc, "actions")[0]
    desk = doc["desk"]["uuid"]
    action["vv"][desk] += 1
    action["deleted_at"] = "2026-10-01T09:00:00.000000Z"
    action["dots"]["deleted_at"] = [desk, action["vv"][desk]]
    return "(deleted)"


def _add_outcome(doc: dict[str, Any]) -> str:
    item = _of_meeting(doc, "agenda_items")[0]
    like = doc["records"]["outcomes"][0]
    uuid = "b0000000-0000-4000-8000-000000000001"
    _new(doc, "outcomes", like, uuid, agenda_item=item["uuid"], action=None, kind="information")
    return "Outcome"


@pytest.mark.parametrize("change", [_add_action, _carry_in, _delete_action, _add_outcome])
def test_what_the_desk_refuses_on_approved_minutes_an_import_refuses_too(sealed, change) -> None:
    laptop, office = sealed
    doc = json.loads(laptop.export("later.json"))
    said = change(doc)
    before = office.content()
    with pytest.raises(FileRefused) as refused:
        office.import_(_forged(doc))
    [problem] = refused.value.problems
    assert problem.startswith(f"The minutes of {MEETING} are approved here (version 1)")
    assert said in problem
    assert office.content() == before


def test_what_approved_minutes_leave_open_still_merges(sealed) -> None:
    """An action's status, the meeting's status and its issues move on after the meeting."""
    laptop, office = sealed

    def after_the_meeting(s) -> str:
        agreed = [a for a in actions.list_actions(s, meeting=MEETING) if not a.carried]
        action = next(a for a in agreed if a.status.value == "open")
        actions.set_action_status(s, action.id, "done")
        meetings.set_meeting_status(s, MEETING, "closed")
        raised = list_issues(s, IssueFilter(meeting_id=meetings.get_meeting(s, MEETING).id))
        issues.edit_issue(s, raised.items[0].reference, {"title": "Potholes, again"})
        return action.description

    description = laptop.do(after_the_meeting)
    report = office.import_(laptop.export("later.json"))
    assert report.counts["conflict"] == 0

    def seen(s) -> tuple[str, str, list[str]]:
        agreed = [a for a in actions.list_actions(s, meeting=MEETING) if not a.carried]
        done = {a.description: a.status.value for a in agreed}
        meeting = meetings.get_meeting(s, MEETING)
        raised = list_issues(s, IssueFilter(meeting_id=meeting.id))
        return done[description], meeting.status.value, [i.title for i in raised.items]

    status, meeting_status, titles = office.do(seen)
    assert (status, meeting_status) == ("done", "closed") and "Potholes, again" in titles
    # And a file that brings the same with a new action for the meeting is refused whole.
    doc = json.loads(laptop.export("later-again.json"))
    _add_action(doc)
    with pytest.raises(FileRefused):
        office.import_(_forged(doc))


def test_a_reopening_the_sending_desk_did_not_make_is_not_enough(sealed) -> None:
    """A file from the laptop claiming the minutes were reopened on some other desk."""
    laptop, office = sealed
    doc = json.loads(laptop.export("later.json"))
    [version] = doc["records"]["minutes_versions"]
    elsewhere = "e0000000-0000-4000-8000-000000000001"
    version["vv"][elsewhere] = 1
    version["fields"].update(reopened_at="2026-10-01T09:00:00.000000Z", reopen_reason="typo")
    version["dots"].update(reopened_at=[elsewhere, 1], reopen_reason=[elsewhere, 1])
    item = _of_meeting(doc, "agenda_items")[0]
    desk = doc["desk"]["uuid"]
    item["vv"][desk] += 1
    item["fields"]["notes"] = "Rewritten."
    item["dots"]["notes"] = [desk, item["vv"][desk]]
    with pytest.raises(FileRefused) as refused:
        office.import_(_forged(doc))
    said = str(refused.value)
    assert "without a reopening this desk can accept" in said and "Notes" in said
    # The same reopening, made on the laptop that sends the file: the notes merge.
    version["vv"].pop(elsewhere)
    version["vv"][desk] += 1
    version["dots"].update(
        reopened_at=[desk, version["vv"][desk]], reopen_reason=[desk, version["vv"][desk]]
    )
    office.import_(_forged(doc))
    state = office.do(lambda s: minutes.minutes_state(s, MEETING))
    assert state.sealed is None and state.versions[0].reopened_at is not None


def test_reopening_is_a_versioned_edit_that_travels(desks) -> None:
    laptop = desks("laptop", demo=True)
    laptop.do(lambda s: minutes.approve_minutes(s, MEETING))
    before = json.loads(laptop.export("before.json"))["records"]["minutes_versions"][0]
    laptop.do(lambda s: minutes.reopen_minutes(s, MEETING, reason="typo"))
    after = json.loads(laptop.export("after.json"))["records"]["minutes_versions"][0]
    desk = json.loads(laptop.export("desk.json"))["desk"]["uuid"]
    assert after["vv"][desk] == before["vv"][desk] + 1
    assert after["dots"]["reopened_at"] == [desk, after["vv"][desk]]


def test_a_conflict_on_minutes_is_named_by_the_meeting_and_version(desks) -> None:
    """Two desks reopen the same approved minutes for different reasons: the conflict
    names the minutes as a clerk knows them, not by a UUID."""
    from forumdesk.core import forums, meetings, minutes
    from forumdesk.exchange import conflicts

    laptop, office = desks("laptop"), desks("office")

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        minutes.approve_minutes(s, m.id, approved_by="Chair")

    laptop.do(setup)
    office.import_(laptop.export("approved.json"))
    laptop.do(lambda s: minutes.reopen_minutes(s, "BHF 2026-03-04", reason="Wrong venue"))
    office.do(lambda s: minutes.reopen_minutes(s, "BHF 2026-03-04", reason="Names misspelt"))
    office.import_(laptop.export("reopened.json"))
    found = office.do(conflicts.list_conflicts)
    assert found, "two reasons for one reopening: a person decides"
    assert {c.label for c in found} == {"Minutes of BHF 2026-03-04, version 1"}
