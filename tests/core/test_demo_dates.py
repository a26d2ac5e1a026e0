"""The demo's timelines carry the dates a year of forums would have left, and the stage clock
follows them back in time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update

from forumdesk.core import demo, issues, report_back
from forumdesk.core.coverage import coverage
from forumdesk.db import stage_clock
from forumdesk.db.models import Issue, Meeting, TimelineEvent
from forumdesk.domain.enums import PolicyStage, TimelineKind


def test_recompute_sets_stage_since_back_as_well_as_forward(db, sample) -> None:
    ref = sample.issue_refs[0]
    earlier = datetime(2026, 3, 4, 19, tzinfo=UTC)
    with db.session() as s:
        issues.move_issue(s, ref, "co-formulation")
        raised, moved = issues.issue_detail(s, ref).timeline  # dated as if entered later
        s.execute(update(TimelineEvent).where(TimelineEvent.id == moved.id).values(at=earlier))
        s.execute(
            update(TimelineEvent)
            .where(TimelineEvent.id == raised.id)
            .values(at=earlier - timedelta(days=30))
        )
        assert stage_clock.catch_up(s) == 0  # only ever forward: it stays at "now"
        assert stage_clock.recompute(s, [issues.get_issue(s, ref).id]) == 1
    with db.read_session() as s:
        assert issues.get_issue(s, ref).stage_since == earlier
        assert issues.get_issue(s, sample.issue_refs[1]).stage_since > earlier  # not named


def test_the_demo_is_dated_like_a_year_of_forums(db) -> None:
    with db.session() as s:
        demo.fill_demo(s)
    with db.read_session() as s:
        rows = s.execute(
            select(Issue.created_at, Meeting.date).join(Meeting, Meeting.id == Issue.meeting_id)
        ).all()
        # Raised on the day of the meeting that raised them.
        assert len(rows) == 66 and all(raised.date() == day for raised, day in rows)
        latest_start = (
            select(func.max(TimelineEvent.at))
            .where(
                TimelineEvent.issue_id == Issue.id,
                TimelineEvent.kind.in_([TimelineKind.RAISED, TimelineKind.STAGE_MOVED]),
            )
            .scalar_subquery()
        )
        clocks = s.execute(select(Issue.stage_since, latest_start)).all()
        # Set from the dated timeline, not the day the demo was made.
        assert all(
            since == datetime.fromisoformat(str(start)).replace(tzinfo=UTC)
            for since, start in clocks
        )
        assert max(since for since, _s in clocks) < datetime(2026, 10, 9, tzinfo=UTC)
        moves = s.execute(
            select(TimelineEvent.at, Issue.created_at, TimelineEvent.meeting_id)
            .join(Issue, Issue.id == TimelineEvent.issue_id)
            .where(TimelineEvent.kind == TimelineKind.STAGE_MOVED)
        ).all()
        waits = [(at - raised).days for at, raised, _m in moves]
        assert max(waits) > 60 and sum(w >= 7 for w in waits) > len(waits) / 2  # weeks later
        assert any(m is None for *_x, m in moves) and any(m is not None for *_x, m in moves)
        day = date(2026, 11, 30)
        overdue = s.scalar(
            select(func.count()).select_from(Issue).where(report_back.response_overdue(day))
        )
        due = s.scalar(
            select(func.count()).select_from(Issue).where(Issue.response_due.is_not(None))
        )
        answered = s.scalar(select(func.count()).select_from(Issue).where(report_back.responded()))
        audit = coverage(s, now=datetime(2026, 11, 30, tzinfo=UTC))
    assert answered == 14 and due > answered and 0 < overdue < due  # a few overdue
    spread = [d for d in audit.median_days.values() if d is not None]
    assert len(spread) == 5 and max(spread) - min(spread) > 14  # days in stages differ
    assert len({f.month for f in audit.flow if f.responses}) >= 4  # answered over months
    assert audit.issues_by_stage[PolicyStage.CO_EVALUATION] == 13
