"""Report-back ("you said, we did") counted on a crafted desk, against counts worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from forumdesk.core import forums, issues, meetings, report_back
from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.enums import IssueStatus, TimelineKind
from forumdesk.domain.errors import InputRefused, InvalidValue, NotFound


@dataclass(frozen=True)
class Desk:
    refs: dict[str, str]  # letter -> reference


def _raised(s, forum: str, title: str, when: datetime, **fields) -> str:
    made = issues.record_issue(s, forum=forum, title=title)
    if fields:
        issues.edit_issue(s, made.id, fields)
    s.execute(update(Issue).where(Issue.id == made.id).values(created_at=when))
    return made.reference


def _responded(s, ref: str, text: str, when: datetime) -> None:
    entry = issues.respond(s, ref, text)
    s.execute(update(TimelineEvent).where(TimelineEvent.id == entry.id).values(at=when))


@pytest.fixture
def desk(db) -> Desk:
    """BHF: one meeting (4 March 2026) and six issues; LLF: no meeting, one issue.

    A  raised 4 Mar, answered 20 Mar, nothing more due        -> answered, not awaited
    B  raised 4 Mar, response due 1 Apr, never answered       -> awaited, overdue
    C  raised 10 Apr, answered 15 and 20 Apr, next due 1 Jun  -> a further one awaited
    D  raised 30 Apr 23:30, withdrawn                          -> not awaited
    E  raised 5 Jun (after the period)
    F  raised 10 Mar, deleted                                  -> never counted
    L  (LLF) raised 15 Mar, no meeting, never answered        -> awaited
    """
    refs = {}
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        refs["A"] = _raised(
            s, "BHF", "Potholes on Brixton Hill", datetime(2026, 3, 4, 19, tzinfo=UTC)
        )
        refs["B"] = _raised(
            s,
            "BHF",
            "Street lights out",
            datetime(2026, 3, 4, 19, 5, tzinfo=UTC),
            response_due="2026-04-01",
        )
        refs["C"] = _raised(s, "BHF", "Library hours", datetime(2026, 4, 10, 9, tzinfo=UTC))
        refs["D"] = _raised(s, "BHF", "Bins", datetime(2026, 4, 30, 23, 30, tzinfo=UTC))
        refs["E"] = _raised(s, "BHF", "Bus stop", datetime(2026, 6, 5, 10, tzinfo=UTC))
        refs["F"] = _raised(s, "BHF", "Typed twice", datetime(2026, 3, 10, 10, tzinfo=UTC))
        refs["L"] = _raised(
            s, "LLF", "Ffordd yr Ŵyl flooding", datetime(2026, 3, 15, 12, tzinfo=UTC)
        )
        _responded(s, refs["A"], "We filled the potholes", datetime(2026, 3, 20, 10, tzinfo=UTC))
        _responded(
            s, refs["C"], "We asked the library service", datetime(2026, 4, 15, 10, tzinfo=UTC)
        )
        _responded(s, refs["C"], "Longer hours from June", datetime(2026, 4, 20, 10, tzinfo=UTC))
        issues.edit_issue(s, refs["C"], {"response_due": "2026-06-01"})
        issues.change_status(s, refs["D"], IssueStatus.WITHDRAWN)
        issues.delete_issue(s, refs["F"])
    return Desk(refs)


def _report(db, forum="BHF", **kw):
    with db.read_session() as s:
        return report_back.feedback(s, forum, **kw)


def test_a_period_lists_the_issues_raised_in_it_with_responses_and_waits(db, desk) -> None:
    r = desk.refs
    report = _report(db, start=date(2026, 3, 1), end=date(2026, 4, 30), today=date(2026, 5, 1))
    assert [i.reference for i in report.items] == [r["A"], r["B"], r["C"], r["D"]]
    assert (report.raised, report.responded, len(report.awaiting), report.overdue) == (4, 2, 2, 1)
    assert report.meetings == 1
    by = {i.reference: i for i in report.items}
    assert [g.text for g in by[r["C"]].responses] == [
        "We asked the library service",
        "Longer hours from June",
    ]  # newest last
    assert by[r["C"]].responses[-1].day == date(2026, 4, 20)
    # Waited: B since it was raised (4 Mar -> 1 May = 58 days), and overdue since 1 Apr;
    # C since its last response (20 Apr -> 1 May = 11 days), due 1 Jun: not overdue.
    assert [(i.reference, i.days_waited, i.overdue) for i in report.awaiting] == [
        (r["B"], 58, True),
        (r["C"], 11, False),
    ]
    assert by[r["B"]].waiting_since == date(2026, 3, 4) and not by[r["B"]].further_awaited
    assert by[r["C"]].waiting_since == date(2026, 4, 20) and by[r["C"]].further_awaited
    assert by[r["A"]].days_waited is None and not by[r["A"]].awaiting
    assert by[r["D"]].status is IssueStatus.WITHDRAWN and not by[r["D"]].awaiting


def test_the_period_ends_are_whole_days(db, desk) -> None:
    r = desk.refs
    report = _report(db, start=date(2026, 3, 5), end=date(2026, 4, 29), today=date(2026, 5, 1))
    assert [i.reference for i in report.items] == [r["C"]]  # not A, B (4 Mar), nor D (30 Apr)
    assert report.meetings == 0  # the meeting was on 4 March


def test_without_dates_every_live_issue_of_the_forum_is_listed(db, desk) -> None:
    r = desk.refs
    report = _report(db, today=date(2026, 7, 1))
    assert [i.reference for i in report.items] == [r[k] for k in "ABCDE"]  # F was deleted
    # E raised 5 Jun -> 1 Jul = 26 days; C's next response fell due on 1 Jun: overdue now.
    assert [(i.reference, i.days_waited, i.overdue) for i in report.awaiting] == [
        (r["B"], 119, True),  # 4 Mar -> 1 Jul
        (r["C"], 72, True),  # 20 Apr -> 1 Jul
        (r["E"], 26, False),  # 5 Jun -> 1 Jul
    ]
    assert (report.raised, report.responded, report.overdue) == (5, 2, 2)


def test_an_empty_period_reports_nothing(db, desk) -> None:
    report = _report(db, start=date(2026, 1, 1), end=date(2026, 1, 31), today=date(2026, 5, 1))
    assert (report.raised, report.responded, len(report.awaiting), report.overdue) == (0, 0, 0, 0)
    assert report.items == () and report.meetings == 0


def test_a_forum_with_no_meetings_reports_its_issues(db, desk) -> None:
    report = _report(
        db, "llf", start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 5, 1)
    )
    assert report.forum_name == "Fforwm Llanfair" and report.meetings == 0
    # 15 Mar -> 1 May = 47 days; no response was ever due, so not overdue.
    assert [(i.reference, i.days_waited, i.overdue) for i in report.awaiting] == [
        (desk.refs["L"], 47, False)
    ]


def test_an_unknown_forum_and_a_backward_period_are_refused(db, desk) -> None:
    with pytest.raises(NotFound, match="no forum with code 'XYZ'"):
        _report(db, "XYZ", today=date(2026, 5, 1))
    with pytest.raises(
        InputRefused, match="cannot start on 2026-04-30, after its end on 2026-03-01"
    ):
        _report(db, start=date(2026, 4, 30), end=date(2026, 3, 1), today=date(2026, 5, 1))


def test_standing_gives_each_issue_its_latest_response_and_the_rule(db, desk) -> None:
    r = desk.refs
    with db.read_session() as s:
        ids = dict(s.execute(select(Issue.reference, Issue.id)).all())
        found = report_back.standing(
            s, [ids[k] for k in (r["A"], r["B"], r["C"])], date(2026, 5, 1)
        )
    a, b, c = (found[ids[r[k]]] for k in "ABC")
    assert a.last is not None and a.last.text == "We filled the potholes" and not a.awaiting
    assert b.last is None and b.awaiting and b.overdue and b.response_due == date(2026, 4, 1)
    assert c.last is not None and c.last.text == "Longer hours from June"
    assert c.awaiting and not c.overdue


def test_respond_sets_the_next_due_day_or_clears_it(db, desk) -> None:
    r = desk.refs
    later = date.today() + timedelta(days=30)
    with db.session() as s:
        done = report_back.respond(s, r["B"], "Lights fixed; a survey follows", due=later)
    assert done.entry.kind is TimelineKind.RESPONSE and done.issue.response_due == later
    with db.read_session() as s:
        assert report_back.standing(s, [done.issue.id], date.today())[done.issue.id].awaiting
    with db.session() as s:
        done = report_back.respond(s, r["B"], "Survey done")
    assert done.issue.response_due is None
    with db.read_session() as s:
        assert not report_back.standing(s, [done.issue.id], date.today())[done.issue.id].awaiting


def test_respond_refuses_a_next_due_day_that_is_not_after_today(db, desk) -> None:
    r = desk.refs
    with db.session() as s, pytest.raises(InvalidValue, match="must be due after the day"):
        report_back.respond(s, r["B"], "Too soon", due=date.today())
    with db.read_session() as s:
        kinds = s.scalars(
            select(TimelineEvent.kind).join(Issue).where(Issue.reference == r["B"])
        ).all()
    assert TimelineKind.RESPONSE not in kinds
