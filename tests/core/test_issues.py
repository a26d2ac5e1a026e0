"""Issues: capture, references, stage moves and status changes on the timeline, edits, deletion."""

from __future__ import annotations

import pytest

from forumdesk.core import issues, meetings
from forumdesk.domain.enums import IssueStatus, PolicyStage, TimelineKind
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound


def test_recording_gives_the_next_reference_and_a_raised_event(db, sample) -> None:
    with db.session() as s:
        made = issues.record_issue(
            s,
            forum="bhf",
            title="  Bins on Rush Common  ",
            meeting=sample.meeting_id,
            themes=["Environment", "environment", "Bins"],
            support=12,
        )
    assert made.reference == "BHF-0004"
    assert made.title == "Bins on Rush Common"
    assert made.stage is PolicyStage.CO_DEFINITION  # the default
    assert made.status is IssueStatus.OPEN
    assert made.themes == ("Bins", "Environment")
    with db.session() as s:
        detail = issues.issue_detail(s, "BHF-0004")
    assert detail.issue == made
    assert [e.kind for e in detail.timeline] == [TimelineKind.RAISED]
    assert detail.timeline[0].meeting_id == sample.meeting_id


def test_moving_records_from_to_meeting_and_note(db, sample) -> None:
    ref = sample.issue_refs[0]
    with db.session() as s:
        moved = issues.move_issue(s, ref, "3", meeting=sample.meeting_id, note="Jury booked")
    assert moved.stage is PolicyStage.CO_DECISION
    with db.session() as s:
        event = issues.issue_detail(s, ref).timeline[-1]
    assert event.kind is TimelineKind.STAGE_MOVED
    assert (event.from_stage, event.to_stage) == (
        PolicyStage.CO_DEFINITION,
        PolicyStage.CO_DECISION,
    )
    assert (event.meeting_id, event.text) == (sample.meeting_id, "Jury booked")


def test_moving_to_the_same_stage_is_refused(db, sample) -> None:
    with pytest.raises(Conflict, match="already at co-definition"), db.session() as s:
        issues.move_issue(s, sample.issue_refs[0], PolicyStage.CO_DEFINITION)


def test_status_comment_and_response_go_on_the_timeline(db, sample) -> None:
    ref = sample.issue_refs[1]
    with db.session() as s:
        issues.change_status(s, ref, "in progress", note="Highways notified")
        issues.comment(s, ref, "Lamp heads ordered", author="Tom")
        issues.respond(s, ref, "You said the street was dark; we fixed 14 lights.")
        issues.mark_discussed(s, ref, sample.meeting_id)
    with db.session() as s:
        detail = issues.issue_detail(s, ref)
    assert detail.issue.status is IssueStatus.IN_PROGRESS
    assert [e.kind for e in detail.timeline] == [
        TimelineKind.RAISED,
        TimelineKind.STATUS_CHANGED,
        TimelineKind.COMMENT,
        TimelineKind.RESPONSE,
        TimelineKind.DISCUSSED,
    ]
    assert detail.timeline[2].author == "Tom"


def test_edit_changes_fields_but_not_stage_or_status(db, sample) -> None:
    ref = sample.issue_refs[2]
    with db.session() as s:
        edited = issues.edit_issue(
            s,
            ref,
            {
                "title": "Library hours",
                "ward": "Tulse Hill",
                "themes": ["Libraries"],
                "due_date": "2026-06-30",
                "support": 40,
            },
        )
    assert (edited.title, edited.ward, edited.themes, edited.support) == (
        "Library hours",
        "Tulse Hill",
        ("Libraries",),
        40,
    )
    assert edited.due_date.isoformat() == "2026-06-30"
    with pytest.raises(InvalidValue, match="Stage: "), db.session() as s:
        issues.edit_issue(s, ref, {"stage": "co-decision"})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Title: must not be empty"),
        ({"title": "x" * 301}, "Title: is 301 characters long; the limit is 300"),
        ({"title": "ok", "support": -1}, "Support: must be between 0"),
        ({"title": "ok", "support": "many"}, "Support: expected a whole number"),
        ({"title": "ok", "stage": "co-dreaming"}, "Stage: 'co-dreaming' is not one of"),
        ({"title": "ok", "due_date": "next Tuesday"}, "Due date: 'next Tuesday' is not a date"),
        ({"title": "ok", "description": "x" * 20_001}, "Description: is 20,001 characters"),
        ({"title": "bell\x07"}, "Title: contains control characters"),
        ({"title": "Line one\nline two"}, "Title: must be one line, without line breaks"),
        ({"title": "ok", "themes": ["t"] * 1 + [f"t{n}" for n in range(21)]}, "at most 20 themes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(db, sample, fields, message) -> None:
    with pytest.raises(InvalidValue, match=message), db.session() as s:
        issues.record_issue(s, forum="BHF", **fields)
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0003").reference == "BHF-0003"
        with pytest.raises(NotFound):
            issues.get_issue(s, "BHF-0004")


def test_unknown_references_are_named(db, sample) -> None:
    with pytest.raises(NotFound, match="no forum with code 'XYZ'"), db.session() as s:
        issues.record_issue(s, forum="XYZ", title="t")
    with pytest.raises(NotFound, match="no meeting with id 999"), db.session() as s:
        issues.record_issue(s, forum="BHF", title="t", meeting=999)
    with pytest.raises(NotFound, match="no issue with reference 'BHF-9999'"), db.session() as s:
        issues.get_issue(s, "bhf-9999")


def test_a_meeting_of_another_forum_is_refused(db, sample) -> None:
    from forumdesk.core import forums

    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        other = meetings.create_meeting(s, forum="LLF", format="other", date="2026-01-01")
    with pytest.raises(InvalidValue, match="belongs to another forum"), db.session() as s:
        issues.record_issue(s, forum="BHF", title="t", meeting=other.id)


def test_who_raised_it_must_have_attended_that_meeting(db, sample) -> None:
    with db.session() as s:
        made = issues.record_issue(
            s, forum="BHF", title="t", meeting=sample.meeting_id, raised_by=sample.resident_id
        )
    assert made.raised_by_id == sample.resident_id
    with pytest.raises(InvalidValue, match="Raised by: "), db.session() as s:
        issues.record_issue(s, forum="BHF", title="t", raised_by=sample.resident_id)


def test_deleted_issue_disappears_and_its_reference_is_not_reused(db, sample) -> None:
    with db.session() as s:
        gone = issues.delete_issue(s, "BHF-0003")
    with db.session() as s:
        with pytest.raises(NotFound):
            issues.get_issue(s, "BHF-0003")
        assert issues.record_issue(s, forum="BHF", title="next").reference == "BHF-0004"
    with db.session() as s:
        assert issues.restore_issue(s, gone.id).reference == "BHF-0003"
        assert issues.get_issue(s, "BHF-0003").title == "Library opening hours"


def test_an_over_long_author_is_refused_on_any_timeline_event(db, sample) -> None:
    with pytest.raises(InvalidValue, match="Author: is 201 characters"), db.session() as s:
        issues.comment(s, sample.issue_refs[0], "noted", author="a" * 201)
    with db.session() as s:
        assert len(issues.issue_detail(s, sample.issue_refs[0]).timeline) == 1
