"""Engagements in the register: the Engagement filter, the column's references, card marks."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core import board, issue_query
from forumdesk.core.engagements import base
from forumdesk.db.store import Database
from forumdesk.domain.enums import EngagementKind, PolicyStage
from forumdesk.domain.errors import NotFound
from forumdesk.domain.records import IssueFilter
from tests.conftest import Sample


def _refs(db: Database, wanted: IssueFilter) -> list[str]:
    with db.read_session() as s:
        return [i.reference for i in issue_query.list_issues(s, wanted).items]


def _linked(db: Database, sample: Sample) -> tuple[str, str]:
    with db.session() as s:
        petition = base.add_engagement(s, "petition", forum="BHF", title="Save the library")
        jury = base.add_engagement(s, "jury", forum=None, title="Lighting jury")
        base.link_issue(s, petition.id, sample.issue_refs[2], "co-definition")
        base.link_issue(s, petition.id, sample.issue_refs[2], "co-decision", "result")
        base.link_issue(s, jury.id, sample.issue_refs[1], "co-decision")
    return petition.reference, jury.reference


def test_the_engagement_filter_finds_issues_of_one_engagement_or_of_a_kind(
    db: Database, sample: Sample
) -> None:
    petition, jury = _linked(db, sample)
    assert _refs(db, IssueFilter(engagement=petition.lower())) == [sample.issue_refs[2]]
    assert _refs(db, IssueFilter(engagement=EngagementKind.JURY)) == [sample.issue_refs[1]]
    assert _refs(db, IssueFilter(engagement=EngagementKind.BALLOT)) == []
    with db.read_session() as s:  # the lazy register's ids, and the board, filter alike
        found = issue_query.issue_ids(s, IssueFilter(engagement=jury))
        assert [i.reference for i in issue_query.issues_by_id(s, found).values()] == [
            sample.issue_refs[1]
        ]
        counts = board.counts(s, IssueFilter(engagement=EngagementKind.PETITION))
    assert sum(counts.values()) == 1


def test_an_unlinked_or_deleted_engagement_no_longer_finds_its_issues(
    db: Database, sample: Sample
) -> None:
    petition, jury = _linked(db, sample)
    with db.session() as s:
        for link in base.linked_issues(s, petition):
            base.unlink_issue(s, link.id)
    assert _refs(db, IssueFilter(engagement=petition)) == []
    assert _refs(db, IssueFilter(engagement=EngagementKind.JURY)) == [sample.issue_refs[1]]
    with db.session() as s:
        base.delete_engagement(s, jury)
    assert _refs(db, IssueFilter(engagement=EngagementKind.JURY)) == []
    with pytest.raises(NotFound, match="no engagement"):
        _refs(db, IssueFilter(engagement=jury))


def test_register_rows_and_board_cards_name_the_linked_engagements(
    db: Database, sample: Sample
) -> None:
    petition, jury = _linked(db, sample)
    with db.read_session() as s:
        ids = {i.reference: i.id for i in issue_query.list_issues(s, IssueFilter()).items}
        rows = issue_query.register_rows(s, list(ids.values()), date(2026, 4, 1))
        cards = board.cards(s, IssueFilter(), PolicyStage.CO_DEFINITION, today=date(2026, 4, 1))
        by_engagement = issue_query.issue_ids(s, IssueFilter(sort="engagement"))
    # Two links to the same petition: its reference once.
    assert rows[ids[sample.issue_refs[2]]].engagements == (petition,)
    assert rows[ids[sample.issue_refs[1]]].engagements == (jury,)
    assert rows[ids[sample.issue_refs[0]]].engagements == ()
    marks = {c.reference: c.engagements for c in cards}
    assert marks[sample.issue_refs[2]] == (f"Petition {petition}",)
    assert marks[sample.issue_refs[0]] == ()
    # Sorted by engagement: ALL-JRY-… before BHF-PET-…, the unlinked issue last.
    assert by_engagement == [
        ids[sample.issue_refs[1]],
        ids[sample.issue_refs[2]],
        ids[sample.issue_refs[0]],
    ]
