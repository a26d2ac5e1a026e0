"""The co-production audit's numbers, against counts worked out by hand on a crafted desk."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from forumdesk.core import attendance, forums, issues, meetings
from forumdesk.core.coverage import coverage
from forumdesk.core.coverage_text import summary
from forumdesk.db.models import Issue, TimelineEvent
from forumdesk.domain.coverage import MonthFlow
from forumdesk.domain.enums import Mechanism, MeetingFormat, PolicyStage, TimelineKind
from forumdesk.domain.errors import InputRefused, NotFound

DEF, FORM, DEC, IMPL, EVAL = PolicyStage
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _at(month: int, day: int, hour: int = 19) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _days(start: datetime) -> float:
    return round((NOW - start).total_seconds() / 86400, 1)


def _date(s, ref: str, kind: TimelineKind, at: datetime, nth: int = 0) -> None:
    """Dates the nth event of a kind on an issue's timeline (services stamp "now")."""
    issue_id = issues.get_issue(s, ref).id
    ids = [
        e.id
        for e in issues.issue_detail(s, ref).timeline
        if e.kind is kind and e.issue_id == issue_id
    ]
    s.execute(update(TimelineEvent).where(TimelineEvent.id == ids[nth]).values(at=at))
    if kind is TimelineKind.RAISED:
        s.execute(update(Issue).where(Issue.id == issue_id).values(created_at=at))


@pytest.fixture
def desk(db):
    """Forum AAA: an area forum (10 January: 3 residents present, 1 sent apologies, a
    councillor) and a policy jury (20 February: 2 residents present, 1 left early).
    A1 raised at the forum, stays at co-definition. A2 raised at the forum, moved to
    co-formulation at the office (20 January) and to co-decision at the jury, answered on
    1 March, resolved on 5 March. A3 raised at the jury. A4 raised on 15 March at no
    meeting, withdrawn. Forum BBB holds no meeting: B1, a petition raised on 1 February."""
    with db.session() as s:
        forums.create_forum(s, code="AAA", name="Alpha Area Forum", wards=["North", "South"])
        forums.create_forum(s, code="BBB", name="Beta Forum", wards=["East"])
        m1 = meetings.create_meeting(s, forum="AAA", format="area-forum", date="2026-01-10")
        m2 = meetings.create_meeting(s, forum="AAA", format="policy-jury", date="2026-02-20")
        for meeting, people in (
            (m1, [("resident", "present")] * 3 + [("resident", "apologies")]),
            (m2, [("resident", "present")] * 2 + [("resident", "left-early")]),
        ):
            for role, presence in [*people, ("councillor", "present")]:
                attendance.add_attendance(s, meeting.id, role=role, presence=presence)

        def raise_(title, forum, meeting, mechanism, ward):
            return issues.record_issue(
                s, forum=forum, title=title, meeting=meeting, mechanism=mechanism, ward=ward
            ).reference

        a1 = raise_("A1", "AAA", m1.id, "area-forum", "North")
        a2 = raise_("A2", "AAA", m1.id, "area-forum", "North")
        a3 = raise_("A3", "AAA", m2.id, "policy-jury", "South")
        a4 = raise_("A4", "AAA", None, None, None)
        b1 = raise_("B1", "BBB", None, "petition", "East")
        issues.move_issue(s, a2, "co-formulation")
        issues.move_issue(s, a2, "co-decision", meeting=m2.id)
        issues.respond(s, a2, "You said, we did.")
        issues.change_status(s, a2, "resolved")
        issues.change_status(s, a4, "withdrawn")
        for ref, at in (
            (a1, _at(1, 10)),
            (a2, _at(1, 10)),
            (a3, _at(2, 20)),
            (a4, _at(3, 15, 12)),
            (b1, _at(2, 1, 12)),
        ):
            _date(s, ref, TimelineKind.RAISED, at)
        _date(s, a2, TimelineKind.STAGE_MOVED, _at(1, 20), 0)
        _date(s, a2, TimelineKind.STAGE_MOVED, _at(2, 20), 1)
        _date(s, a2, TimelineKind.RESPONSE, _at(3, 1))
        _date(s, a2, TimelineKind.STATUS_CHANGED, _at(3, 5))
        _date(s, a4, TimelineKind.STATUS_CHANGED, _at(3, 16))
    return db


def _cells(audit, subject):
    row = next(r for r in audit.rows if r.subject is subject)  # values overlap: same words
    return {
        stage: (c.issues, c.meetings, c.residents)
        for stage, c in zip(PolicyStage, row.cells, strict=True)
    }


def test_the_grid_counts_issues_meetings_and_residents_present(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, now=NOW)
    assert (audit.issues, audit.meetings, audit.residents) == (5, 2, 5)
    # Formats: each issue by the format of the meeting it was raised at and its stage now;
    # each meeting by the stages its issues were at or moved to there.
    assert _cells(audit, MeetingFormat.AREA_FORUM) == {
        DEF: (1, 1, 3),
        FORM: (0, 0, 0),
        DEC: (1, 0, 0),
        IMPL: (0, 0, 0),
        EVAL: (0, 0, 0),
    }
    assert _cells(audit, MeetingFormat.POLICY_JURY) == {
        DEF: (1, 1, 2),
        FORM: (0, 0, 0),
        DEC: (0, 1, 2),
        IMPL: (0, 0, 0),
        EVAL: (0, 0, 0),
    }
    # Mechanisms: each issue by its mechanism and stage; its meeting and residents with it.
    assert _cells(audit, Mechanism.AREA_FORUM)[DEF] == (1, 1, 3)
    assert _cells(audit, Mechanism.AREA_FORUM)[DEC] == (1, 1, 3)
    assert _cells(audit, Mechanism.POLICY_JURY)[DEF] == (1, 1, 2)
    assert _cells(audit, Mechanism.PETITION)[DEF] == (1, 0, 0)
    assert sum(c.issues for r in audit.mechanism_rows for c in r.cells) == 4  # A4 has none


def test_gaps_are_usual_stages_left_empty(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, now=NOW)
    assert set(audit.gaps) == {
        (MeetingFormat.AREA_FORUM, EVAL),  # held, but nothing evaluated there
        (MeetingFormat.COMMUNITY_CONFERENCE, DEF),
        (MeetingFormat.PETITION_HEARING, DEF),
        (MeetingFormat.CONSULTATION_WORKSHOP, FORM),
        (MeetingFormat.REFERENDUM, DEC),
        (MeetingFormat.ONLINE_DELIBERATION, DEC),
        (MeetingFormat.SCRUTINY_SESSION, FORM),
        (MeetingFormat.SCRUTINY_SESSION, EVAL),
    }
    area = next(r for r in audit.format_rows if r.subject is MeetingFormat.AREA_FORUM)
    assert not area.cell(DEC).gap  # empty of meetings, but not a stage it usually serves


def test_the_charts(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, now=NOW)
    assert audit.issues_by_stage == {DEF: 4, FORM: 0, DEC: 1, IMPL: 0, EVAL: 0}
    assert audit.issues_by_ward == (("North", 2), ("East", 1), ("South", 1), (None, 1))
    # Co-definition: A1 141.2 days, A2 10, A3 100.2, A4 77.5, B1 119.5; median A3's.
    assert audit.median_days == {
        DEF: _days(_at(2, 20)),
        FORM: 31.0,
        DEC: _days(_at(2, 20)),
        IMPL: None,
        EVAL: None,
    }
    assert audit.flow == (
        MonthFlow(date(2026, 3, 1), 1, 1),
        MonthFlow(date(2026, 4, 1), 0, 0),
        MonthFlow(date(2026, 5, 1), 0, 0),
        MonthFlow(date(2026, 6, 1), 0, 0),
    )
    # A2 answered after 50 days; A1, A3 and B1 waited more than 90; A4 withdrawn.
    assert (audit.closed_in_time, audit.closable) == (1, 4)


def test_a_period_counts_what_was_raised_and_held_in_it(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, start=date(2026, 2, 1), end=date(2026, 2, 28), now=NOW)
    assert (audit.issues, audit.meetings, audit.residents) == (2, 1, 2)  # A3, B1; the jury
    # The jury moved A2 (raised in January) to co-decision: the meeting still counts there.
    assert _cells(audit, MeetingFormat.POLICY_JURY)[DEC] == (0, 1, 2)
    assert _cells(audit, MeetingFormat.AREA_FORUM)[DEF] == (0, 0, 0)
    assert audit.flow == (MonthFlow(date(2026, 2, 1), 0, 0),)
    # Loop: B1 and A3 both waited more than 90 days with no response.
    assert (audit.closed_in_time, audit.closable) == (0, 2)


def test_an_empty_period_says_so(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, start=date(2025, 1, 1), end=date(2025, 1, 31), now=NOW)
    assert (audit.issues, audit.meetings, audit.residents) == (0, 0, 0)
    assert all(n == 0 for n in audit.issues_by_stage.values())
    assert set(audit.median_days.values()) == {None}
    assert audit.flow == (MonthFlow(date(2025, 1, 1), 0, 0),)
    assert len(audit.gaps) == 10  # every usual stage of every format
    assert summary(audit) == ("No issues were raised and no meetings were held in this period.",)


def test_a_forum_with_no_meetings(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, forum="bbb", now=NOW)
    assert (audit.forum_code, audit.issues, audit.meetings, audit.residents) == ("BBB", 1, 0, 0)
    assert all(c.meetings == 0 and c.issues == 0 for r in audit.format_rows for c in r.cells)
    assert _cells(audit, Mechanism.PETITION)[DEF] == (1, 0, 0)
    assert audit.issues_by_ward == (("East", 1),)
    assert (audit.closed_in_time, audit.closable) == (0, 1)
    assert audit.flow == ()  # nothing answered or resolved, and the period is open


def test_the_summary_names_the_largest_gaps(desk) -> None:
    with desk.read_session() as s:
        audit = coverage(s, now=NOW)
    assert summary(audit) == (
        "No options were co-formulated with residents in this period.",
        "No issues were co-implemented with residents in this period.",
        "No issues were co-evaluated with residents in this period.",
        "4 problems were co-defined.",
        "8 stages that meeting formats usually serve had no meeting or issue of those formats.",
        "Meetings of the format “Area forum meeting” were held, but none served co-evaluation.",
        # A2 moved to co-decision in February, how it was decided not recorded.
        "Of 1 co-decision, 0 were made with residents, 0 by an officer under delegation, "
        "1 with no method recorded.",
        "Residents heard back within 90 days on 1 of 4 issues.",
    )
    with desk.read_session() as s:
        one = summary(coverage(s, forum="BBB", now=NOW))
    assert "1 problem was co-defined." in one
    assert "Residents heard back within 90 days on 0 of 1 issue." in one


def test_bad_scope_is_refused(desk) -> None:
    with desk.read_session() as s, pytest.raises(InputRefused, match="before it starts"):
        coverage(s, start=date(2026, 3, 1), end=date(2026, 2, 1))
    with desk.read_session() as s, pytest.raises(NotFound, match="ZZZ"):
        coverage(s, forum="ZZZ")


def test_a_meeting_counts_at_the_stage_of_an_older_issue_discussed_there(desk) -> None:
    """A2 (raised in January, at co-decision since February) is discussed at a scrutiny
    session in April: the session served co-decision, though no issue of April is there."""
    with desk.session() as s:
        later = meetings.create_meeting(
            s, forum="AAA", format="scrutiny-session", date="2026-04-10"
        )
        issues.mark_discussed(s, "AAA-0002", later.id, note="Progress on the options")
        _date(s, "AAA-0002", TimelineKind.DISCUSSED, _at(4, 10))
    with desk.read_session() as s:
        audit = coverage(s, start=date(2026, 4, 1), end=date(2026, 4, 30), now=NOW)
    assert (audit.issues, audit.meetings) == (0, 1)
    assert _cells(audit, MeetingFormat.SCRUTINY_SESSION)[DEC] == (0, 1, 0)
    assert sum(c.meetings for r in audit.format_rows for c in r.cells) == 1
