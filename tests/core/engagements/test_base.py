"""Engagements: adding, finding, listing, editing, linking issues, participants' consent."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core.engagements import base
from forumdesk.db.store import Database
from forumdesk.domain.enums import EngagementKind, LinkRole, ParticipantRole, PolicyStage
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from tests.conftest import Sample


def test_an_engagement_takes_a_reference_of_its_forum_and_kind(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "petition",
            forum=sample.forum_code,
            title="Save the library",
            opens=date(2026, 3, 1),
            closes=date(2026, 5, 1),
            threshold_response=500,
        )
        wide = base.add_engagement(s, EngagementKind.BALLOT, forum=None, title="Budget")
    assert made.reference.startswith(f"{sample.forum_code}-PET-")
    assert wide.reference.startswith("ALL-BAL-") and wide.forum_code is None
    with db.read_session() as s:
        assert base.get_engagement(s, made.reference.lower()).id == made.id
        assert [e.id for e in base.list_engagements(s, kind="petition")] == [made.id]
        assert {e.id for e in base.list_engagements(s)} == {made.id, wide.id}


def test_closing_before_opening_and_an_unknown_reference_are_refused(
    db: Database, sample: Sample
) -> None:
    with pytest.raises(InvalidValue, match="before the opening date"), db.session() as s:
        base.add_engagement(
            s,
            "petition",
            forum=sample.forum_code,
            title="X",
            opens=date(2026, 5, 1),
            closes=date(2026, 3, 1),
        )
    with pytest.raises(NotFound, match="no engagement"), db.read_session() as s:
        base.get_engagement(s, "NOPE-PET-0000")


def test_an_issue_is_linked_once_per_stage_and_role(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "consultation", forum=sample.forum_code, title="Parks")
        base.link_issue(s, made.id, sample.issue_refs[0], "co-formulation")
    with pytest.raises(Conflict, match="already tied"), db.session() as s:
        base.link_issue(s, made.id, sample.issue_refs[0], PolicyStage.CO_FORMULATION)
    with db.read_session() as s:
        links = base.linked_issues(s, made.id)
    assert [(x.reference, x.stage, x.role) for x in links] == [
        (sample.issue_refs[0], PolicyStage.CO_FORMULATION, LinkRole.CONCERNS)
    ]


def test_a_participants_name_and_contact_need_consent(db: Database, sample: Sample) -> None:
    with db.session() as s:
        made = base.add_engagement(s, "jury", forum=sample.forum_code, title="Traffic")
    with pytest.raises(InvalidValue, match="consent"), db.session() as s:
        base.add_participant(s, made.id, "volunteer", name="Ann Jones")
    with pytest.raises(InvalidValue, match="consent"), db.session() as s:
        base.add_participant(s, made.id, "volunteer", contact="ann@example.org")
    with db.session() as s:
        base.add_participant(s, made.id, ParticipantRole.WITNESS, name="Dr Rees")
        base.add_participant(
            s, made.id, "volunteer", name="Ann Jones", consent_named=True, ward="North"
        )
    with db.read_session() as s:
        people = base.participants(s, made.id)
    assert [(p.role, p.name) for p in people] == [
        (ParticipantRole.WITNESS, "Dr Rees"),
        (ParticipantRole.VOLUNTEER, "Ann Jones"),
    ]


def test_a_ballot_needs_two_different_options_and_a_petition_sensible_thresholds(
    db: Database, sample: Sample
) -> None:
    for options, problem in (
        (["Yes", "No", "yes "], "given twice"),  # the same option, in another case
        (["Only one"], "at least two options"),
    ):
        with pytest.raises(InvalidValue, match=problem), db.session() as s:
            base.add_engagement(s, "ballot", forum=sample.forum_code, title="B", options=options)
    with pytest.raises(InvalidValue, match="fewer than the 500"), db.session() as s:
        base.add_engagement(
            s,
            "petition",
            forum=sample.forum_code,
            title="P",
            threshold_response=500,
            threshold_debate=100,
        )
    with db.session() as s:
        made = base.add_engagement(
            s, "petition", forum=sample.forum_code, title="P", threshold_response=500
        )
    with pytest.raises(InvalidValue, match="fewer than"), db.session() as s:
        base.edit_engagement(s, made.id, {"threshold_debate": 20})
    with db.read_session() as s:
        assert base.list_engagements(s, kind="ballot") == []
        assert base.get_engagement(s, made.id).threshold_debate is None
