"""Ballots: counts per box, spoilt ballots, turnout, the rule, ties, declaring the result."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forumdesk.core import issues
from forumdesk.core.engagements import ballot, base, decisions
from forumdesk.db.models import EngagementCount
from forumdesk.db.store import Database
from forumdesk.domain.enums import (
    DecisionMethod,
    EngagementStatus,
    PolicyStage,
    TimelineKind,
)
from forumdesk.domain.errors import Conflict, InvalidValue
from tests.conftest import Sample


def _ballot(db: Database, sample: Sample, **fields) -> int:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "ballot",
            forum=sample.forum_code,
            title="Play street",
            wording="Should Elm Road close to traffic on Sundays?",
            **{"options": ["Close it", "Keep it open", "Weekdays only"], "electorate": 1000}
            | fields,
        )
    return made.id


def test_a_tie_counts_spoilt_ballots_in_the_turnout_and_has_no_winner(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample)
    with db.session() as s:
        ballot.enter_box(
            s, ident, "Hall", {"close it": 120, "Keep it open": 80, "Weekdays only": 20}, spoilt=5
        )
        ballot.enter_box(
            s, ident, "School", {"Close it": 30, "Keep it open": 70, "Weekdays only": 10}, spoilt=3
        )
        tied = ballot.result(s, ident)
        said = ballot.result_text(tied)
    # Close it 150, Keep it open 150, Weekdays only 30: 330 valid, 8 spoilt, 338 cast
    assert [(o.option, o.votes) for o in tied.options] == [
        ("Close it", 150),
        ("Keep it open", 150),
        ("Weekdays only", 30),
    ]
    assert (tied.valid, tied.spoilt, tied.total) == (330, 8, 338)
    assert tied.turnout == pytest.approx(33.8)
    assert tied.tie and tied.winner is None
    assert said == "A tie: Close it and Keep it open have 150 ballots each, so no option won."


def test_re_entering_a_box_corrects_it_and_breaks_the_tie(db: Database, sample: Sample) -> None:
    ident = _ballot(db, sample)
    with db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": 120, "Keep it open": 80}, spoilt=5)
        ballot.enter_box(s, ident, "School", {"Close it": 30, "Keep it open": 70})
        ballot.enter_box(s, ident, "school", {"Close it": 31})  # a recount of one option
        won = ballot.result(s, ident)
        rows = s.scalar(select(func.count()).select_from(EngagementCount))
    assert rows == 5  # 2 + 2 option counts and 1 spoilt: the recount edited its row
    assert [b.name for b in won.boxes] == ["Hall", "School"]
    assert won.boxes[1].ballots == {"Close it": 31, "Keep it open": 70, "Weekdays only": 0}
    assert (won.valid, won.spoilt, won.total, won.winner) == (301, 5, 306, "Close it")
    assert ballot.result_text(won) == (
        "Close it won with 151 ballots (50.2% of the valid ballots)."
    )


def test_an_option_the_ballot_does_not_have_is_refused_and_nothing_changes(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample)
    with pytest.raises(InvalidValue, match="has no option 'Close Elm Road'"), db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": 10, "Close Elm Road": 4})
    with pytest.raises(InvalidValue, match="between 0 and"), db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": -4})
    with db.read_session() as s:
        assert ballot.boxes(s, ident) == []


def test_the_threshold_is_met_exactly_at_it_and_not_one_ballot_before(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample, options=["Yes", "No"], rule="threshold", rule_threshold=60)
    with db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Yes": 59, "No": 41}, spoilt=7)
        short = ballot.result(s, ident)
        ballot.enter_box(s, ident, "Hall", {"Yes": 60, "No": 40})
        met = ballot.result(s, ident)
    assert short.threshold_met is False and short.winner is None  # spoilt ballots are not valid
    assert ballot.result_text(short) == (
        "The threshold was not met: Yes had the most ballots but only 59.0% of the valid "
        "ballots, short of the 60% needed, so no option won."
    )
    assert met.threshold_met is True and met.winner == "Yes"


def test_declaring_records_the_result_on_the_ballot_and_its_issues(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample, binding=True)
    first, second = sample.issue_refs[0], sample.issue_refs[1]
    with db.session() as s:
        base.link_issue(s, ident, first, "co-decision", "result")
        base.link_issue(s, ident, second, "co-decision", "result")
        issues.move_issue(s, second, "co-decision", decided_by="consensus")
        ballot.enter_box(s, ident, "Hall", {"Close it": 200, "Keep it open": 90}, spoilt=2)
        ballot.declare(s, ident)
    with db.read_session() as s:
        row = base.get_engagement(s, ident)
        moved = issues.issue_detail(s, first)
        already = issues.issue_detail(s, second)
        counted = decisions.co_decisions(s)
    assert row.status is EngagementStatus.REPORTED
    assert row.outcome == "Close it won with 200 ballots (69.0% of the valid ballots)."
    assert moved.issue.stage is PolicyStage.CO_DECISION
    last = moved.timeline[-1]
    assert last.kind is TimelineKind.STAGE_MOVED and last.decided_by is DecisionMethod.BALLOT
    assert "Close it won with 200 ballots" in (last.text or "")
    recorded = already.timeline[-1]
    assert recorded.decided_by is DecisionMethod.BALLOT and "Close it won" in (recorded.text or "")
    assert counted.by_method == {DecisionMethod.BALLOT: 2, DecisionMethod.CONSENSUS: 1}
    with pytest.raises(Conflict, match="already declared"), db.session() as s:
        ballot.declare(s, ident)
    with pytest.raises(Conflict, match="can no longer change"), db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": 1})


def test_a_tie_declared_moves_no_issue_and_an_empty_ballot_cannot_be_declared(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample)
    with db.session() as s:
        base.link_issue(s, ident, sample.issue_refs[0], "co-decision", "result")
    with pytest.raises(Conflict, match="no ballots counted"), db.session() as s:
        ballot.declare(s, ident)
    with db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": 40, "Keep it open": 40})
        ballot.declare(s, ident)
    with db.read_session() as s:
        detail = issues.issue_detail(s, sample.issue_refs[0])
    assert detail.issue.stage is PolicyStage.CO_DEFINITION
    assert detail.timeline[-1].kind is TimelineKind.COMMENT
    assert "A tie" in (detail.timeline[-1].text or "")


def test_a_count_on_a_petition_is_refused_as_the_wrong_kind(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "petition", forum=sample.forum_code, title="Library")
    wrong = pytest.raises(InvalidValue, match="is a petition, not a referendum or ballot")
    with wrong, db.session() as s:
        ballot.enter_box(s, made.id, "Hall", {"Yes": 1})


def test_more_ballots_than_the_electorate_are_refused_and_nothing_changes(
    db: Database, sample: Sample
) -> None:
    ident = _ballot(db, sample, electorate=100)
    with db.session() as s:
        ballot.enter_box(s, ident, "Hall", {"Close it": 60, "Keep it open": 30}, spoilt=5)
    refused = pytest.raises(InvalidValue, match="106 ballots in all would be more than the")
    with refused, db.session() as s:
        ballot.enter_box(s, ident, "School", {"Close it": 11})
    with db.read_session() as s:
        assert [b.name for b in ballot.boxes(s, ident)] == ["Hall"]
        assert ballot.result(s, ident).valid == 90
