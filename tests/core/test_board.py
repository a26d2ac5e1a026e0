"""The board: per stage, counts and pages of cards (oldest in the stage first) under the
register's filters, checked against a small desk counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from forumdesk.core import board, forums, issues
from forumdesk.db.models import Issue
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.errors import InvalidValue, NotFound
from forumdesk.domain.records import IssueFilter

TODAY = date(2026, 3, 1)
DEF, FORM, DEC, IMPL, EVAL = PolicyStage


def _since(session, reference: str, moment: datetime) -> None:
    session.execute(update(Issue).where(Issue.reference == reference).values(stage_since=moment))


@pytest.fixture
def desk(db, sample):
    """BHF (the sample): BHF-0001 and BHF-0003 at co-definition, BHF-0002 moved to
    co-evaluation with a response due 1 Feb and none given; BHF-0001 had its response.
    LLF: three issues at co-decision that entered it on 1 Jan (resolved, due 1 Jan),
    1 Feb (open, due 31 Jan) and 20 Feb (open, due 2099); a fourth, deleted."""
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        for title, due in (
            ("Drainage at the Eisteddfod field", "2026-01-31"),
            ("Late bus on Fridays", "2099-01-01"),
            ("Bins left out", "2026-01-01"),
            ("Duplicate of the bins", None),
        ):
            issues.record_issue(
                s, forum="LLF", title=title, stage="co-decision", ward="Pentre", due_date=due
            )
        issues.change_status(s, "LLF-0003", "resolved")
        issues.delete_issue(s, "LLF-0004")
        issues.move_issue(s, "BHF-0002", "co-evaluation")
        issues.edit_issue(s, "BHF-0002", {"response_due": "2026-02-01"})
        issues.edit_issue(s, "BHF-0001", {"response_due": "2026-02-01"})
        issues.respond(s, "BHF-0001", "The potholes were filled in February.")
        noon = {"hour": 12, "tzinfo": UTC}
        _since(s, "LLF-0003", datetime(2026, 1, 1, **noon))
        _since(s, "LLF-0001", datetime(2026, 2, 1, **noon))
        _since(s, "LLF-0002", datetime(2026, 2, 20, **noon))
        _since(s, "BHF-0001", datetime(2026, 2, 27, **noon))
        _since(s, "BHF-0003", datetime(2026, 2, 26, **noon))
    return sample


def counts(db, **criteria) -> list[int]:
    with db.read_session() as s:
        found = board.counts(s, IssueFilter(**criteria))
    return [found[stage] for stage in PolicyStage]


def refs(db, stage, offset=0, limit=board.PAGE, **criteria) -> list[str]:
    with db.read_session() as s:
        page = board.cards(
            s, IssueFilter(**criteria), stage, today=TODAY, offset=offset, limit=limit
        )
    return [card.reference for card in page]


def test_each_stage_counts_the_live_issues_at_it(db, desk) -> None:
    assert counts(db) == [2, 0, 3, 0, 1]


def test_the_counts_follow_the_registers_filters(db, desk) -> None:
    assert counts(db, forum="LLF") == [0, 0, 3, 0, 0]
    assert counts(db, ward="brixton hill") == [1, 0, 0, 0, 0]
    assert counts(db, status="resolved") == [0, 0, 1, 0, 0]
    assert counts(db, stage=DEC) == [0, 0, 3, 0, 0]
    assert counts(db, overdue_on=TODAY) == [0, 0, 1, 0, 0]
    assert counts(db, text="bus") == [0, 0, 1, 0, 0]
    assert counts(db, text="nothing like this") == [0, 0, 0, 0, 0]


def test_a_column_lists_the_longest_in_its_stage_first_a_page_at_a_time(db, desk) -> None:
    assert refs(db, DEC) == ["LLF-0003", "LLF-0001", "LLF-0002"]
    assert refs(db, DEF) == ["BHF-0003", "BHF-0001"]
    assert refs(db, DEC, offset=1, limit=1) == ["LLF-0001"]
    assert refs(db, DEC, offset=3) == []
    assert refs(db, DEC, ward="nowhere") == []


def test_a_card_says_how_long_in_the_stage_and_what_is_overdue(db, desk) -> None:
    with db.read_session() as s:
        columns = board.board(s, IssueFilter(), today=TODAY)
    cards = {card.reference: card for col in columns for card in col.cards}
    assert [col.total for col in columns] == [2, 0, 3, 0, 1]
    assert [col.stage for col in columns] == list(PolicyStage)
    days = {ref: card.days_in_stage for ref, card in cards.items() if ref.startswith("LLF")}
    assert days == {"LLF-0003": 59, "LLF-0001": 28, "LLF-0002": 9}
    # Past its due date and open: overdue; resolved or not yet due: not.
    assert {ref for ref, card in cards.items() if card.overdue} == {"LLF-0001"}
    # Awaiting a response due before today; BHF-0001 had its response.
    assert {ref for ref, card in cards.items() if card.response_overdue} == {"BHF-0002"}
    llf = cards["LLF-0001"]
    assert (llf.title, llf.forum_code, llf.ward, llf.stage) == (
        "Drainage at the Eisteddfod field",
        "LLF",
        "Pentre",
        DEC,
    )


def test_a_column_carries_its_count_beside_its_page(db, desk) -> None:
    with db.read_session() as s:
        col = board.column(s, IssueFilter(), DEC, today=TODAY, offset=2, limit=5)
    assert (col.total, col.offset, [c.reference for c in col.cards]) == (3, 2, ["LLF-0002"])


def test_a_moved_issue_starts_its_new_stage_at_zero_days(db, desk) -> None:
    with db.session() as s:
        issues.move_issue(s, "LLF-0003", "co-implementation")
    with db.read_session() as s:
        (card,) = board.cards(s, IssueFilter(), IMPL, today=date.today())
    assert (card.reference, card.days_in_stage) == ("LLF-0003", 0)
    assert counts(db) == [2, 0, 2, 1, 1]


def test_bad_paging_or_an_unknown_forum_is_refused(db, desk) -> None:
    with db.read_session() as s:
        with pytest.raises(InvalidValue):
            board.cards(s, IssueFilter(), DEC, today=TODAY, limit=0)
        with pytest.raises(InvalidValue):
            board.cards(s, IssueFilter(), DEC, today=TODAY, offset=-1)
        with pytest.raises(NotFound):
            board.counts(s, IssueFilter(forum="XYZ"))
