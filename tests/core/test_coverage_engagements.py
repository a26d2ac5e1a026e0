"""The co-production audit counts engagements (by the stage each link served), residents'
offers (co-implementation) and how co-decisions were decided: hand-counted cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from forumdesk.core import coverage, forums, issues, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Meeting, Offer, TimelineEvent
from forumdesk.db.store import Database
from forumdesk.domain.coverage import Coverage, CoverageCell, OtherActivity
from forumdesk.domain.enums import (
    DecisionMethod,
    EngagementKind,
    OfferKind,
    OfferStatus,
    PolicyStage,
    TimelineKind,
)
from tests.conftest import Sample

SPRING = {"start": date(2026, 1, 1), "end": date(2026, 6, 30)}
DEFINE, DECIDE, IMPLEMENT = (
    PolicyStage.CO_DEFINITION,
    PolicyStage.CO_DECISION,
    PolicyStage.CO_IMPLEMENTATION,
)


def _cell(audit: Coverage, subject: object, stage: PolicyStage) -> CoverageCell:
    return next(r for r in audit.activity_rows if r.subject is subject).cell(stage)


def _offer(s, forum_id: int, offered: date, **fields) -> None:  # type: ignore[no-untyped-def]
    row = Offer(
        forum_id=forum_id,
        kind=OfferKind.TIME,
        description="Two Saturdays of litter picking",
        offered_on=offered,
        **fields,
    )
    sync.created(s, row)
    s.add(row)


def _activities(db: Database, sample: Sample) -> None:
    with db.session() as s:
        alf = forums.create_forum(s, code="ALF", name="Aberaeron Forum", wards=["Aberaeron"])
        harbour = issues.record_issue(s, forum="ALF", title="Harbour wall").reference
        bhf = forums.get_forum(s, "BHF").id
        one, two, three = sample.issue_refs
        library = base.add_engagement(
            s, "petition", forum="BHF", title="Library", opens=date(2026, 3, 1)
        )
        base.link_issue(s, library.id, one, DEFINE)
        base.link_issue(s, library.id, two, DEFINE, "supported")
        base.link_issue(s, library.id, one, DECIDE, "result")
        wide = base.add_engagement(
            s, "petition", forum=None, title="Coast", opens=date(2026, 3, 10)
        )
        base.link_issue(s, wide.id, harbour, DEFINE)
        old_jury = base.add_engagement(s, "jury", forum="BHF", title="Old", opens=date(2025, 1, 1))
        base.link_issue(s, old_jury.id, three, DECIDE)
        unlinked = base.add_engagement(s, "ballot", forum="BHF", title="No issue yet")
        assert unlinked.opens is None
        # The forum's meeting (4 March, one resident present) was held for the library.
        s.execute(
            update(Meeting).where(Meeting.id == sample.meeting_id).values(engagement_id=library.id)
        )
        two_id = issues.get_issue(s, two).id
        _offer(s, bhf, date(2026, 3, 4), meeting_id=sample.meeting_id, issue_id=two_id)
        _offer(s, bhf, date(2026, 3, 4), status=OfferStatus.WITHDRAWN)
        _offer(s, alf.id, date(2026, 5, 1))
        _offer(s, bhf, date(2025, 12, 31))  # before the period


def test_each_link_counts_at_the_stage_it_served_in_its_kind_row(
    db: Database, sample: Sample
) -> None:
    _activities(db, sample)
    with db.read_session() as s:
        audit = coverage.coverage(s, **SPRING)
    petition = EngagementKind.PETITION
    # Library and Coast at co-definition: three issues; the library's meeting, 1 resident.
    assert _cell(audit, petition, DEFINE) == CoverageCell(
        engagements=2, issues=3, meetings=1, residents=1, usual=True
    )
    assert _cell(audit, petition, DECIDE) == CoverageCell(
        engagements=1, issues=1, meetings=1, residents=1
    )
    # The jury opened before the period; the ballot has no link: in no cell.
    for kind in (EngagementKind.JURY, EngagementKind.BALLOT):
        assert not next(r for r in audit.activity_rows if r.subject is kind).used
    # Offers: two made in the period and not withdrawn; one matched to an issue.
    assert _cell(audit, OtherActivity.OFFERS, IMPLEMENT) == CoverageCell(
        engagements=2, issues=1, meetings=1, residents=1, usual=True
    )
    assert _cell(audit, OtherActivity.OFFERS, DEFINE).empty
    # What the audit counted for meetings before is unchanged by engagements.
    assert audit.meetings == 1 and audit.residents == 1


def test_a_forum_counts_its_own_engagements_and_council_wide_links_to_its_issues(
    db: Database, sample: Sample
) -> None:
    _activities(db, sample)
    with db.read_session() as s:
        brixton = coverage.coverage(s, forum="BHF", **SPRING)
        aberaeron = coverage.coverage(s, forum="ALF", **SPRING)
    petition = EngagementKind.PETITION
    assert _cell(brixton, petition, DEFINE) == CoverageCell(
        engagements=1, issues=2, meetings=1, residents=1, usual=True
    )
    assert _cell(aberaeron, petition, DEFINE) == CoverageCell(
        engagements=1, issues=1, meetings=0, residents=0, usual=True
    )
    assert _cell(brixton, OtherActivity.OFFERS, IMPLEMENT).engagements == 1
    assert _cell(aberaeron, OtherActivity.OFFERS, IMPLEMENT) == CoverageCell(
        engagements=1, usual=True
    )


def test_co_decisions_are_told_apart_by_how_they_were_decided(db: Database, sample: Sample) -> None:
    with db.session() as s:
        for ref in sample.issue_refs:
            issues.move_issue(s, ref, DECIDE)
        moves = s.scalars(
            select(TimelineEvent.id)
            .where(TimelineEvent.kind == TimelineKind.STAGE_MOVED)
            .order_by(TimelineEvent.id)
        ).all()
        for event_id, method in zip(
            moves, (DecisionMethod.BALLOT, DecisionMethod.DELEGATED, None), strict=True
        ):
            s.execute(
                update(TimelineEvent).where(TimelineEvent.id == event_id).values(decided_by=method)
            )
        issues.move_issue(s, sample.issue_refs[0], IMPLEMENT)  # not a decision
    with db.read_session() as s:
        audit = coverage.coverage(s)
        earlier = coverage.coverage(s, end=date(2026, 1, 1))
    assert (audit.decided_with, audit.decided_for, audit.decided_unrecorded) == (1, 1, 1)
    assert (earlier.decided_with, earlier.decided_for, earlier.decided_unrecorded) == (0, 0, 0)


def test_a_decision_outcome_at_a_meeting_counts_as_a_co_decision_in_the_audit(
    db: Database, sample: Sample
) -> None:
    from forumdesk.core import agenda

    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Parking scheme")
        agenda.add_outcome(
            s,
            item.id,
            kind="decision",
            text="Scheme agreed",
            decided_by="show-of-hands",
            votes_for=12,
            votes_against=3,
        )
        agenda.add_outcome(
            s,
            item.id,
            kind="decision",
            text="Officers to decide the signs",
            decided_by=DecisionMethod.DELEGATED,
        )
        agenda.add_outcome(s, item.id, kind="information", text="Noted")  # not a decision
    with db.read_session() as s:
        audit = coverage.coverage(s)
    assert (audit.decided_with, audit.decided_for, audit.decided_unrecorded) == (1, 1, 0)
