"""Counts per stage and format, and the demo a new user opens."""

from __future__ import annotations

import pytest

from forumdesk.core import demo, issues
from forumdesk.core.issue_query import list_issues
from forumdesk.core.meetings import list_meetings
from forumdesk.core.stats import stats
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.errors import Conflict
from forumdesk.domain.records import IssueFilter


def test_stats_count_every_stage_even_when_empty(db, sample) -> None:
    with db.session() as s:
        issues.move_issue(s, "BHF-0001", "co-evaluation")
        counts = stats(s)
    assert (counts.forums, counts.meetings, counts.issues) == (1, 1, 3)
    assert counts.issues_by_stage[PolicyStage.CO_DEFINITION] == 2
    assert counts.issues_by_stage[PolicyStage.CO_EVALUATION] == 1
    assert counts.issues_by_stage[PolicyStage.CO_DECISION] == 0
    assert len(counts.issues_by_stage) == 5


def test_the_demo_is_realistic_and_covers_the_whole_cycle(db) -> None:
    with db.session() as s:
        made = demo.fill_demo(s)
    with db.session() as s:
        counts = stats(s)
        formats = {m.format for m in list_meetings(s)}
        welsh = list_issues(s, IssueFilter(text="Ffordd yr Wyl"))
        detail = issues.issue_detail(s, "BHF-0005")
    assert made.forums == 2 and counts.forums == 2
    assert counts.meetings >= 5 and len(formats) >= 5
    assert counts.issues >= 60
    assert all(n > 0 for n in counts.issues_by_stage.values())
    assert counts.actions_open > 0
    assert welsh.total >= 1 and any("Ŵyl" in i.title for i in welsh.items)
    assert len(detail.timeline) > 3  # moved through the stages, commented, responded


def test_the_demo_refuses_a_database_that_has_data(db, sample) -> None:
    with pytest.raises(Conflict, match="not empty"), db.session() as s:
        demo.fill_demo(s)
