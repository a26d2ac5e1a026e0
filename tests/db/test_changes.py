"""The change record: every mutating service's changes name what it wrote.

Each service runs through ``changes.write`` (as the window runs it); the database is
read before and after, and every table row that differs must be named by the
returned ``Changes`` (its id, or its kind in bulk). A view that trusts the value then
never misses a change, and reads again nothing that did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from forumdesk.core import (
    actions,
    agenda,
    attendance,
    carry,
    erasure,
    forums,
    issues,
    meetings,
    minutes,
    people,
)
from forumdesk.db import changes as recorded
from forumdesk.domain.changes import (
    ACTION,
    AGENDA_ITEM,
    ATTENDANCE,
    ERASURE,
    FORUM,
    ISSUE,
    MEETING,
    MINUTES_VERSION,
    OUTCOME,
    PERSON,
    TIMELINE_EVENT,
    Changes,
)
from tests.helpers import table_rows

# Tables the store keeps for itself (the reference counters move with every new issue).
_SKIP = ("field_revision", "alembic_version", "desk", "reference_counter", "issue_search")


def _rows(db) -> dict[str, dict[int, tuple[Any, ...]]]:
    """Every row of every table of the database, by table and primary key."""
    return table_rows(db.url, skip=_SKIP)


def _differences(before: dict, after: dict) -> dict[str, set[int]]:
    changed: dict[str, set[int]] = {}
    for table in after:
        old, new = before.get(table, {}), after[table]
        ids = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
        if ids:
            changed[table] = ids
    return changed


def _run(db, work: Callable) -> tuple[Any, Changes]:
    before = _rows(db)
    result, changes = recorded.write(db, work)
    written = _differences(before, _rows(db))
    for table, ids in written.items():
        named = changes.ids(table)
        if named is None:
            continue  # written in bulk: any row of the kind may have changed
        assert ids <= named, f"{table} rows {sorted(ids - named)} written but not named"
    assert written or not changes, f"nothing was written, yet {changes} was announced"
    return result, changes


@pytest.fixture
def more(db, sample):
    """The sample with an agenda item, an action and a second sign-in."""
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Roads")
        action = actions.add_action(s, description="Survey the potholes", meeting=sample.meeting_id)
        other = attendance.add_attendance(
            s, sample.meeting_id, role="resident", name="Aled Jones", consent_named=True
        )
    return item, action, other


def test_a_capture_names_the_issue_and_its_raised_event(db, sample) -> None:
    made, changes = _run(
        db, lambda s: issues.record_issue(s, forum="BHF", title="Bins", themes=["Waste"])
    )
    assert changes.added(ISSUE) == {made.id}
    assert changes.touches(TIMELINE_EVENT)
    assert not changes.touches(FORUM, MEETING, ATTENDANCE)


@pytest.mark.parametrize(
    ("name", "work", "kinds"),
    [
        ("edit", lambda s, r: issues.edit_issue(s, r, {"title": "Potholes, mended"}), {ISSUE}),
        (
            "response due",
            lambda s, r: issues.edit_issue(s, r, {"response_due": "2026-05-01"}),
            {ISSUE},
        ),
        (
            "move",
            lambda s, r: issues.move_issue(s, r, "co-formulation", note="Agreed"),
            {ISSUE, TIMELINE_EVENT},
        ),
        ("status", lambda s, r: issues.change_status(s, r, "in-progress"), {ISSUE, TIMELINE_EVENT}),
        ("comment", lambda s, r: issues.comment(s, r, "Reported again"), {TIMELINE_EVENT}),
        ("respond", lambda s, r: issues.respond(s, r, "Mended in May"), {TIMELINE_EVENT}),
        ("delete", lambda s, r: issues.delete_issue(s, r), {ISSUE}),
    ],
)
def test_an_issue_service_names_the_issue_it_changed(db, sample, name, work, kinds) -> None:
    ref = sample.issue_refs[0]
    with db.read_session() as s:
        ident = issues.get_issue(s, ref).id
    _result, changes = _run(db, lambda s: work(s, ref))
    assert changes.kinds >= kinds, name
    if ISSUE in kinds:
        assert changes.ids(ISSUE) == {ident}, name
    assert changes.only({ISSUE, TIMELINE_EVENT, "issue_theme", "theme"}), changes


def test_discussed_at_a_meeting_names_the_event(db, sample) -> None:
    entry, changes = _run(
        db, lambda s: issues.mark_discussed(s, sample.issue_refs[1], sample.meeting_id)
    )
    assert changes.added(TIMELINE_EVENT) == {entry.id}


def test_forum_and_meeting_services(db, sample) -> None:
    forum, changes = _run(db, lambda s: forums.create_forum(s, code="SHF", name="Streatham Hill"))
    assert changes.added(FORUM) == {forum.id}
    _r, changes = _run(db, lambda s: forums.edit_forum(s, "SHF", {"name": "Streatham"}))
    assert changes.ids(FORUM) == {forum.id}
    meeting, changes = _run(
        db,
        lambda s: meetings.create_meeting(s, forum="SHF", format="area-forum", date="2026-04-01"),
    )
    assert changes.added(MEETING) == {meeting.id}
    _r, changes = _run(db, lambda s: meetings.set_meeting_status(s, meeting.id, "in-progress"))
    assert changes.ids(MEETING) == {meeting.id}
    _r, changes = _run(db, lambda s: meetings.set_headcount(s, meeting.id, 40))
    assert changes.ids(MEETING) == {meeting.id}


def test_sign_ins_agenda_actions_and_outcomes(db, sample, more) -> None:
    item, action, other = more
    _r, changes = _run(db, lambda s: attendance.edit_attendance(s, other.id, {"name": "Aled J."}))
    assert changes.ids(ATTENDANCE) == {other.id}
    _r, changes = _run(db, lambda s: agenda.edit_agenda_item(s, item.id, {"notes": "Long"}))
    assert changes.ids(AGENDA_ITEM) == {item.id}
    outcome, changes = _run(
        db, lambda s: agenda.add_outcome(s, item.id, kind="decision", text="Resurface")
    )
    assert changes.added(OUTCOME) == {outcome.id}
    _r, changes = _run(db, lambda s: actions.set_action_status(s, action.id, "done"))
    assert changes.ids(ACTION) == {action.id}
    _r, changes = _run(db, lambda s: agenda.delete_agenda_item(s, item.id))
    assert item.id in (changes.ids(AGENDA_ITEM) or {item.id})


def test_people_and_erasure(db, sample, more) -> None:
    _item, _action, other = more
    _linked, changes = _run(db, lambda s: people.link(s, [sample.resident_id, other.id]))
    assert changes.touches(PERSON, ATTENDANCE)
    assert {sample.resident_id, other.id} <= (
        changes.ids(ATTENDANCE) or {sample.resident_id, other.id}
    )
    _r, changes = _run(db, lambda s: erasure.erase(s, [other.id], reason="request"))
    assert changes.touches(ERASURE, ATTENDANCE)


def test_minutes_and_carry_forward(db, sample, more) -> None:
    version, changes = _run(db, lambda s: minutes.approve_minutes(s, sample.meeting_id))
    assert changes.added(MINUTES_VERSION) == {version.id}
    _r, changes = _run(
        db,
        lambda s: minutes.reopen_minutes(s, sample.meeting_id, reason="A name was wrong"),
    )
    assert changes.touches(MINUTES_VERSION, MEETING)
    with db.session() as s:
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-04")
    _r, changes = _run(db, lambda s: carry.carry_forward(s, later.id))
    assert changes.touches(ACTION, "action_carry", AGENDA_ITEM)


def test_a_refused_change_names_nothing(db, sample) -> None:
    from forumdesk.domain.errors import ForumDeskError

    recorder = recorded.Recorder()
    with pytest.raises(ForumDeskError), db.session() as s:
        recorder.attach(s)
        issues.move_issue(s, sample.issue_refs[0], "co-definition")  # already there
    assert not recorder.detach()
