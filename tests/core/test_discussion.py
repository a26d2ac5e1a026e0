"""Earlier issues brought to a later meeting: recorded once, refused when it cannot be."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from forumdesk.core import discussion, issues, meetings, minutes
from forumdesk.domain.enums import IssueStatus, PolicyStage, TimelineKind
from forumdesk.domain.errors import Conflict, InputRefused


@dataclass(frozen=True)
class Later:
    """The sample forum's March meeting and issues, and a second meeting in April."""

    march: int
    april: int
    refs: tuple[str, ...]


@pytest.fixture
def later(db, sample) -> Later:
    with db.session() as s:
        april = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-04-08")
    return Later(sample.meeting_id, april.id, sample.issue_refs)


def test_an_earlier_issue_is_discussed_with_what_was_said(db, later) -> None:
    pothole = later.refs[0]
    with db.session() as s:
        discussion.discuss(s, pothole, later.april, note="Highways have it on the list")
    with db.read_session() as s:
        events = issues.issue_detail(s, pothole).timeline
        found = discussion.discussed_at(s, later.april)
        at_march = discussion.discussed_at(s, later.march)
    assert [(e.kind, e.meeting_id, e.text) for e in events][-1] == (
        TimelineKind.DISCUSSED,
        later.april,
        "Highways have it on the list",
    )
    assert [(d.issue.reference, d.said) for d in found] == [
        (pothole, ("Highways have it on the list",))
    ]
    assert at_march == []


def test_the_meeting_is_named_by_forum_code_and_date_too(db, later) -> None:
    with db.session() as s:
        discussion.discuss(s, later.refs[1], "BHF 2026-04-08")
    with db.read_session() as s:
        found = discussion.discussed_at(s, later.april)
    assert [(d.issue.reference, d.said) for d in found] == [(later.refs[1], ())]


def test_discussing_an_issue_twice_at_one_meeting_is_refused(db, later) -> None:
    with db.session() as s:
        discussion.discuss(s, later.refs[0], later.april)
    with pytest.raises(Conflict) as refused, db.session() as s:
        discussion.discuss(s, later.refs[0], later.april, note="again")
    assert str(refused.value) == (
        f"{later.refs[0]} was already discussed at the Brixton Hill Area Forum meeting "
        "of 8 April 2026."
    )
    with db.read_session() as s:
        kinds = [e.kind for e in issues.issue_detail(s, later.refs[0]).timeline]
    assert kinds.count(TimelineKind.DISCUSSED) == 1


def test_an_issue_raised_at_the_meeting_itself_is_not_discussed_there(db, later) -> None:
    with pytest.raises(Conflict, match="was raised at this meeting"), db.session() as s:
        discussion.discuss(s, later.refs[0], later.march)


def test_a_deleted_issue_is_refused_with_a_sentence(db, later) -> None:
    with db.session() as s:
        issues.delete_issue(s, later.refs[2])
    with pytest.raises(Conflict) as refused, db.session() as s:
        discussion.discuss(s, later.refs[2], later.april)
    assert str(refused.value) == (
        f"{later.refs[2]} was deleted, so it cannot be discussed at a meeting."
    )


def test_a_meeting_whose_minutes_are_approved_refuses_it(db, later) -> None:
    with db.session() as s:
        minutes.approve_minutes(s, later.april, approved_by="Clerk")
    with pytest.raises(InputRefused, match="approved"), db.session() as s:
        discussion.discuss(s, later.refs[0], later.april)
    with db.read_session() as s:
        assert discussion.discussed_at(s, later.april) == []
    with db.session() as s:  # reopened, it may be recorded again
        minutes.reopen_minutes(s, later.april)
        discussion.discuss(s, later.refs[0], later.april)


def test_stage_moves_and_status_changes_at_the_meeting_are_listed_with_the_response(
    db, later
) -> None:
    pothole, lights = later.refs[0], later.refs[1]
    with db.session() as s:
        discussion.discuss(s, pothole, later.april, note="Survey done")
        discussion.discuss(s, lights, later.april)
        issues.move_issue(s, pothole, PolicyStage.CO_FORMULATION, meeting=later.april)
        issues.move_issue(s, pothole, PolicyStage.CO_DECISION, meeting=later.april)
        issues.change_status(s, pothole, IssueStatus.IN_PROGRESS, meeting=later.april)
        issues.move_issue(s, lights, PolicyStage.CO_FORMULATION)  # not at the meeting
        issues.respond(s, pothole, "We said we would survey it; we did.")
        issues.respond(s, pothole, "Repairs are booked for May.")
    with db.read_session() as s:
        found = {d.issue.reference: d for d in discussion.discussed_at(s, later.april)}
    pot = found[pothole]
    assert (pot.from_stage, pot.to_stage) == (PolicyStage.CO_DEFINITION, PolicyStage.CO_DECISION)
    assert (pot.from_status, pot.to_status) == (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)
    assert pot.response is not None and pot.response.text == "Repairs are booked for May."
    other = found[lights]
    assert (other.from_stage, other.to_stage, other.response) == (None, None, None)


def test_due_for_offers_the_forums_issues_that_are_due_or_await_a_response(db, later) -> None:
    pothole, lights, library = later.refs
    with db.session() as s:
        issues.respond(s, pothole, "Fixed")  # answered, and not due: not offered
        issues.respond(s, lights, "Reported to the contractor")
        issues.edit_issue(s, lights, {"due_date": "2026-04-01"})  # due before April
        # library awaits a response: never answered
        issues.record_issue(s, forum="BHF", title="Raised in April", meeting=later.april)
        may = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06")
        issues.record_issue(s, forum="BHF", title="Raised in May", meeting=may.id)
        issues.record_issue(s, forum=_other_forum(s), title="Another forum's issue")
    with db.read_session() as s:
        due = discussion.due_for(s, later.april)
    assert [(d.issue.reference, d.due, d.awaits_response) for d in due] == [
        (lights, True, False),
        (library, False, True),
    ]
    with db.session() as s:
        discussion.discuss(s, library, later.april)
    with db.read_session() as s:
        assert [d.issue.reference for d in discussion.due_for(s, later.april)] == [lights]


def test_a_response_overdue_by_the_meeting_is_marked(db, later) -> None:
    library = later.refs[2]
    with db.session() as s:
        issues.edit_issue(s, library, {"response_due": "2026-04-01"})
    with db.read_session() as s:
        due = {d.issue.reference: d for d in discussion.due_for(s, later.april)}
    assert due[library].response_overdue
    assert not due[later.refs[0]].response_overdue


def test_a_status_change_can_be_tied_to_a_meeting(db, later) -> None:
    with db.session() as s:
        issues.change_status(s, later.refs[0], IssueStatus.REFERRED, meeting="BHF 2026-04-08")
    with db.read_session() as s:
        last = issues.issue_detail(s, later.refs[0]).timeline[-1]
    assert (last.kind, last.meeting_id) == (TimelineKind.STATUS_CHANGED, later.april)


def _other_forum(s) -> str:
    from forumdesk.core import forums

    forums.create_forum(s, code="KTF", name="Kennington Forum")
    return "KTF"


def test_several_issues_are_brought_at_once_and_a_refusal_leaves_the_others(db, later) -> None:
    pothole, lights, _library = later.refs
    with db.session() as s:
        discussion.discuss(s, lights, later.april)
        brought = discussion.discuss_many(s, [pothole, lights], later.april, note="Follow-up")
    assert len(brought.events) == 1
    assert brought.refused == (
        f"{lights} was already discussed at the Brixton Hill Area Forum meeting of 8 April 2026.",
    )
    with db.read_session() as s:
        found = [d.issue.reference for d in discussion.discussed_at(s, later.april)]
    assert found == [lights, pothole]


def test_withdrawing_takes_a_discussion_back_and_restoring_puts_it_back(db, later) -> None:
    with db.session() as s:
        event = discussion.discuss(s, later.refs[0], later.april)
        discussion.withdraw(s, [event.id])
    with db.read_session() as s:
        assert discussion.discussed_at(s, later.april) == []
        due = [d.issue.reference for d in discussion.due_for(s, later.april)]
    assert due == list(later.refs)  # offered again
    with db.session() as s:
        discussion.restore(s, [event.id])
    with db.read_session() as s:
        assert [d.issue.reference for d in discussion.discussed_at(s, later.april)] == [
            later.refs[0]
        ]


def test_finding_an_earlier_issue_by_reference_or_words_puts_the_forum_first(db, later) -> None:
    with db.session() as s:
        other = _other_forum(s)
        issues.record_issue(s, forum=other, title="Potholes on Kennington Road")
        discussion.discuss(s, later.refs[1], later.april)
    with db.read_session() as s:
        by_words = discussion.find_earlier(s, later.april, "potholes")
        by_ref = discussion.find_earlier(s, later.april, later.refs[2].lower())
        due = discussion.find_earlier(s, later.april, "")
        at_march = discussion.find_earlier(s, later.march, "potholes")
    assert [(i.reference, done) for i, done in by_words] == [
        (later.refs[0], False),
        ("KTF-0001", False),
    ]
    assert by_ref[0][0].reference == later.refs[2]
    assert [i.reference for i, _done in due] == [later.refs[0], later.refs[2]]
    assert [i.reference for i, _done in at_march] == ["KTF-0001"]  # raised there: left out


def test_the_meetings_an_issue_can_be_brought_to_are_open_ones_of_its_forum(db, later) -> None:
    with db.session() as s:
        may = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-06")
        meetings.set_meeting_status(s, later.march, "in-progress")
        meetings.set_meeting_status(s, later.march, "closed")
        minutes.approve_minutes(s, may.id)
        meetings.create_meeting(s, forum=_other_forum(s), format="area-forum", date="2026-04-09")
        ident = issues.get_issue(s, later.refs[0]).id
    with db.read_session() as s:
        found = discussion.meetings_to_discuss(s, [ident])
    assert [m.id for m in found] == [later.april]


def test_the_change_record_names_the_events_bringing_in_writes_and_takes_back(db, later) -> None:
    from forumdesk.db import changes
    from forumdesk.domain.changes import ISSUE, TIMELINE_EVENT

    event, made = changes.write(db, lambda s: discussion.discuss(s, later.refs[0], later.april))
    assert made.ids(TIMELINE_EVENT) == {event.id}
    assert made.added(TIMELINE_EVENT) == {event.id}
    assert not made.touches(ISSUE)  # the issue's row is not written
    _none, taken = changes.write(db, lambda s: discussion.withdraw(s, [event.id]))
    assert taken.ids(TIMELINE_EVENT) == {event.id}
    _none, back = changes.write(db, lambda s: discussion.restore(s, [event.id]))
    assert back.ids(TIMELINE_EVENT) == {event.id}
    brought, many = changes.write(
        db, lambda s: discussion.discuss_many(s, list(later.refs[1:]), later.april)
    )
    assert many.ids(TIMELINE_EVENT) == {e.id for e in brought.events}


def test_an_issue_is_discussed_only_at_a_later_meeting_of_its_own_forum(db, later) -> None:
    from forumdesk.core import forums

    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
        elsewhere = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-05-01")
        before = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-01-10")
    with pytest.raises(Conflict, match="belongs to another forum"), db.session() as s:
        discussion.discuss(s, later.refs[0], elsewhere.id)
    with pytest.raises(Conflict, match="was raised on 2026-03-04, after"), db.session() as s:
        discussion.discuss(s, later.refs[0], before.id)
    with db.read_session() as s:
        assert discussion.discussed_at(s, elsewhere.id) == []
        assert discussion.discussed_at(s, before.id) == []
