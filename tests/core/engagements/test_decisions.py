"""Decision evidence: every co-decision can say how it was decided, and the minutes say it."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core import agenda, forums, issues, meetings
from forumdesk.core.engagements import decisions
from forumdesk.db.store import Database
from forumdesk.domain.enums import DecisionMethod, TimelineKind
from forumdesk.domain.errors import InvalidValue
from forumdesk.reports import documents
from tests.conftest import Sample
from tests.reports.helpers import flat


def _move(s, ref, **fields):
    issues.move_issue(s, ref, "co-decision", **fields)
    return [e for e in issues.issue_detail(s, ref).timeline if e.kind is TimelineKind.STAGE_MOVED][
        -1
    ]


def test_a_move_to_co_decision_keeps_how_it_was_decided_and_the_votes(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        moved = _move(
            s,
            sample.issue_refs[0],
            decided_by="show-of-hands",
            votes_for=12,
            votes_against=3,
            votes_abstain=1,
        )
    assert moved.decided_by is DecisionMethod.SHOW_OF_HANDS
    assert (moved.votes_for, moved.votes_against, moved.votes_abstain) == (12, 3, 1)
    assert (
        decisions.evidence(moved.decided_by, 12, 3, 1)
        == "Decided by show of hands: 12 for, 3 against, 1 abstention"
    )


def test_votes_without_a_show_of_hands_and_negative_votes_are_refused(
    db: Database, sample: Sample
) -> None:
    ref = sample.issue_refs[0]
    no_hands = pytest.raises(InvalidValue, match="only for a decision made by a show of hands")
    with no_hands, db.session() as s:
        issues.move_issue(s, ref, "co-decision", decided_by="consensus", votes_for=4)
    with pytest.raises(InvalidValue, match="Votes against"), db.session() as s:
        issues.move_issue(s, ref, "co-decision", decided_by="show-of-hands", votes_against=-1)
    with pytest.raises(InvalidValue, match="only a move to co-decision"), db.session() as s:
        issues.move_issue(s, ref, "co-formulation", decided_by="consensus")
    with db.read_session() as s:  # nothing was changed
        assert issues.get_issue(s, ref).stage.value == "co-definition"


@pytest.mark.parametrize(
    "votes",
    [
        {"votes_for": 0, "votes_against": 0},
        {"votes_for": 0, "votes_against": 0, "votes_abstain": 7},
        {"votes_abstain": 4},
    ],
)
def test_a_show_of_hands_with_no_votes_for_or_against_is_refused(
    db: Database, sample: Sample, votes: dict[str, int]
) -> None:
    ref = sample.issue_refs[0]
    refused = pytest.raises(
        InvalidValue, match="Votes for: a show of hands needs at least one vote for or against"
    )
    with refused, db.session() as s:
        issues.move_issue(s, ref, "co-decision", decided_by="show-of-hands", **votes)
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Parking")
    with refused, db.session() as s:
        agenda.add_outcome(
            s, item.id, kind="decision", text="Zone.", decided_by="show-of-hands", **votes
        )
    with db.read_session() as s:  # nothing was stored
        assert issues.get_issue(s, ref).stage.value == "co-definition"
        assert agenda.get_agenda_item(s, item.id).outcomes == ()
    with db.session() as s:  # one hand either way is a vote; no counts at all says how only
        assert _move(s, ref, decided_by="show-of-hands", votes_against=1).votes_for is None
        moved = _move(s, sample.issue_refs[1], decided_by="show-of-hands")
        assert moved.decided_by is DecisionMethod.SHOW_OF_HANDS


def test_an_old_caller_moves_without_saying_how(db: Database, sample: Sample) -> None:
    with db.session() as s:
        moved = _move(s, sample.issue_refs[1])
    assert moved.decided_by is None and moved.votes_for is None


def test_a_decision_outcome_keeps_its_method_and_only_a_decision_has_one(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Parking")
        made = agenda.add_outcome(
            s, item.id, kind="decision", text="Ask for a zone.", decided_by="consensus"
        )
    assert made.decided_by is DecisionMethod.CONSENSUS
    with pytest.raises(InvalidValue, match="only a decision"), db.session() as s:
        agenda.add_outcome(s, item.id, kind="information", text="Noted.", decided_by="ballot")


def test_the_minutes_say_under_a_decision_how_it_was_decided(db: Database) -> None:
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum", wards=["Brixton Hill"])
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-14")
        item = agenda.add_agenda_item(s, m.id, title="Play street")
        agenda.add_outcome(
            s,
            item.id,
            kind="decision",
            text="Close Elm Road to traffic on Sundays.",
            decided_by="show-of-hands",
            votes_for=12,
            votes_against=3,
            votes_abstain=1,
        )
        agenda.add_outcome(s, item.id, kind="decision", text="Thank the school.")
        text = flat(documents.minutes_pdf(s, m.id))
    assert (
        "RESOLVED: Close Elm Road to traffic on Sundays. "
        "Decided by show of hands: 12 for, 3 against, 1 abstention"
    ) in text
    assert "Thank the school. Decided" not in text  # nothing said, nothing printed


def test_co_decisions_are_counted_by_method_with_and_for_residents(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        issues.move_issue(s, sample.issue_refs[0], "co-decision", decided_by="ballot")
        issues.move_issue(s, sample.issue_refs[1], "co-decision", decided_by="delegated")
        issues.move_issue(s, sample.issue_refs[2], "co-decision")
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Parking")
        agenda.add_outcome(s, item.id, kind="decision", text="Zone.", decided_by="consensus")
        agenda.add_outcome(s, item.id, kind="information", text="Noted.")
    with db.read_session() as s:
        counted = decisions.co_decisions(s, forum="BHF")
        before = decisions.co_decisions(s, end=date(2026, 1, 1))
    assert counted.total == 4 and counted.unrecorded == 1
    assert counted.by_method == {
        DecisionMethod.CONSENSUS: 1,
        DecisionMethod.BALLOT: 1,
        DecisionMethod.DELEGATED: 1,
    }
    assert (counted.with_residents, counted.for_residents) == (2, 1)
    assert before.total == 0
