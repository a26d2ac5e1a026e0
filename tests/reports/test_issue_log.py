"""The issue log PDF carries report-back: the latest response to residents and its due day."""

from __future__ import annotations

from datetime import date

from forumdesk.core import issues, report_back
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.records import IssueFilter
from forumdesk.reports.issue_log import render_issue_log
from tests.reports.helpers import flat


def test_the_log_shows_the_latest_response_and_an_overdue_one_in_words(db, sample) -> None:
    a, b, c = sample.issue_refs
    with db.session() as s:
        issues.respond(s, a, "We asked Highways")
        issues.respond(s, a, "Resurfaced in May")
        issues.edit_issue(s, b, {"response_due": "2026-04-01"})
        issues.edit_issue(s, c, {"response_due": "2026-06-01"})
    with db.read_session() as s:
        found = list_issues(s, IssueFilter(forum="BHF")).items
        standing = report_back.standing(s, [i.id for i in found], date(2026, 5, 1))
    text = flat(
        render_issue_log(
            found, council="Lambeth", described="forum BHF", made_on="2026-05-01", standing=standing
        )
    )
    assert "Latest response to residents" in text and "Response due" in text
    assert "Resurfaced in May" in text and "We asked Highways" not in text  # the latest only
    assert "1 Apr 2026, overdue" in text
    assert "1 Jun 2026" in text and "1 Jun 2026, overdue" not in text
    assert text.count("overdue") == 1
