"""Every edit through the services leaves version information another desk can compare."""

from __future__ import annotations

from sqlalchemy import select

from forumdesk.core import agenda, attendance, forums, issues
from forumdesk.db.models import Attendance, Forum, Issue, TimelineEvent
from forumdesk.domain import versions


def _row(db, model, **where):
    with db.session() as s:
        row = s.scalars(select(model).filter_by(**where)).one()
        s.expunge(row)
        return row


def test_a_new_record_has_a_uuid_and_version_one_of_this_desk(db, sample) -> None:
    issue = _row(db, Issue, reference="BHF-0001")
    assert len(issue.uuid) == 36
    assert issue.vv == {db.desk_uuid: 1}
    assert issue.dots == {}
    assert issue.created_at.tzinfo is not None and issue.created_at.utcoffset().seconds == 0


def test_each_edit_bumps_the_vector_and_stamps_only_the_changed_fields(db, sample) -> None:
    before = _row(db, Issue, reference="BHF-0001")
    with db.session() as s:
        issues.edit_issue(s, "BHF-0001", {"title": "Potholes", "ward": "Brixton Hill"})
    after = _row(db, Issue, reference="BHF-0001")
    assert after.uuid == before.uuid  # identity never changes
    assert after.vv == {db.desk_uuid: 2}
    assert after.dots == {"title": [db.desk_uuid, 2]}  # the ward did not change
    assert versions.compare(before.vv, after.vv) is versions.Order.BEFORE
    with db.session() as s:
        issues.move_issue(s, "BHF-0001", "co-formulation")
        issues.edit_issue(s, "BHF-0001", {"title": "Potholes"})  # no change: no new version
    latest = _row(db, Issue, reference="BHF-0001")
    assert latest.vv == {db.desk_uuid: 3}
    assert latest.dots["stage"] == [db.desk_uuid, 3]


def test_another_desks_counter_is_kept_when_this_desk_edits(db, sample) -> None:
    with db.session() as s:
        row = s.scalars(select(Forum)).one()
        row.vv = {"other-desk": 4, db.desk_uuid: 1}
    with db.session() as s:
        forums.edit_forum(s, "BHF", {"area": "Lambeth"})
    assert _row(db, Forum, code="BHF").vv == {"other-desk": 4, db.desk_uuid: 2}


def test_deletion_is_a_tombstone_with_a_new_version(db, sample) -> None:
    with db.session() as s:
        issues.delete_issue(s, "BHF-0002")
    tomb = _row(db, Issue, reference="BHF-0002")
    assert tomb.deleted_at is not None
    assert tomb.vv == {db.desk_uuid: 2}
    assert tomb.dots == {"deleted_at": [db.desk_uuid, 2]}
    assert tomb.title  # the row stays, so the deletion can travel


def test_timeline_events_are_versioned_records_of_the_desk_that_made_them(db, sample) -> None:
    with db.session() as s:
        issues.comment(s, "BHF-0001", "noted")
        events = s.scalars(select(TimelineEvent).order_by(TimelineEvent.id)).all()
        assert all(e.desk_uuid == db.desk_uuid and e.vv == {db.desk_uuid: 1} for e in events)
        assert len({e.uuid for e in events}) == len(events)


def test_agenda_renumbering_and_attendance_edits_are_versioned(db, sample) -> None:
    with db.session() as s:
        first = agenda.add_agenda_item(s, sample.meeting_id, title="Welcome")
        agenda.add_agenda_item(s, sample.meeting_id, title="Police update")
        agenda.move_agenda_item(s, first.id, 2)
        attendance.edit_attendance(s, sample.resident_id, {"presence": "left-early"})
    person = _row(db, Attendance, id=sample.resident_id)
    assert person.vv == {db.desk_uuid: 2} and "presence" in person.dots
