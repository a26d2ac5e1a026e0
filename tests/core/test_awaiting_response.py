from datetime import date

from sqlalchemy import select

from forumdesk.core import issues, report_back
from forumdesk.db.models import Issue


def test_an_issue_awaits_a_response_until_one_is_given_and_is_overdue_after_its_day(
    db, sample
) -> None:
    with db.session() as s:
        a, b, c = sample.issue_refs
        issues.respond(s, a, "We fixed it")
        issues.edit_issue(s, b, {"response_due": "2026-01-10"})
    with db.read_session() as s:
        waiting = set(s.scalars(select(Issue.reference).where(report_back.awaiting_response())))
        overdue = set(
            s.scalars(select(Issue.reference).where(report_back.response_overdue(date(2026, 2, 1))))
        )
    assert waiting == {b, c}
    assert overdue == {b}
