"""Scrutiny co-option: co-opted members and their terms, evidence sessions, recommendations
and the executive's responses (expectations worked out by hand)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forumdesk.core import issues, preferences
from forumdesk.core.engagements import base, scrutiny
from forumdesk.db.base import utcnow
from forumdesk.db.models import Issue, Meeting, Participant
from forumdesk.db.store import Database
from forumdesk.domain.enums import LinkRole, Mechanism, MeetingFormat, PolicyStage
from forumdesk.domain.errors import InputRefused, InvalidValue, NotFound
from tests.conftest import Sample


def _review(db: Database, forum: str | None = "BHF", **fields: object) -> int:
    with db.session() as s:
        return base.add_engagement(
            s,
            "scrutiny",
            forum=forum,
            title="Review of housing repairs",
            committee="Housing Scrutiny Sub-Committee",
            wording="How quickly repairs are done",
            **fields,
        ).id


def test_co_opted_members_are_counted_voting_and_not_with_their_terms(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    with db.session() as s:
        scrutiny.coopt(
            s,
            review,
            name="Marcia Clarke",
            consent_named=True,
            voting=True,
            term_from="2026-05-01",
            term_to="2027-04-30",
            interests="Tenant on the Tulse Hill estate",
        )
        scrutiny.coopt(s, review, term_from=date(2026, 5, 1), term_to=date(2026, 10, 31))
        scrutiny.coopt(s, review, voting=True, term_from=date(2027, 1, 1))
    with db.read_session() as s:
        people = scrutiny.members(s, review)
        shown = dict(scrutiny.figures_on(s, scrutiny.review(s, review), date(2026, 11, 30)))
    assert [(p.name, p.voting, p.interests) for p in people] == [
        ("Marcia Clarke", True, "Tenant on the Tulse Hill estate"),
        (None, False, None),
        (None, True, None),
    ]
    assert shown["Committee"] == "Housing Scrutiny Sub-Committee"
    assert shown["Co-opted residents"] == "3 co-opted residents (2 voting, 1 non-voting)"
    # On 30 November: the first serves (to April), the second ended in October, the
    # third starts in January.
    assert shown["Serving today"] == "1 member"
    assert shown["Terms"].startswith("Marcia Clarke (voting): 2026-05-01 to 2027-04-30; ")
    assert "(not named) (non-voting): 2026-05-01 to 2026-10-31" in shown["Terms"]


def test_a_term_ending_before_it_starts_and_a_name_without_consent_are_refused(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    with (
        pytest.raises(InvalidValue, match="cannot end on 2026-04-30, before"),
        db.session() as s,
    ):
        scrutiny.coopt(s, review, term_from="2026-05-01", term_to="2026-04-30")
    with pytest.raises(InvalidValue, match="consent to be named"), db.session() as s:
        scrutiny.coopt(s, review, name="Marcia Clarke")
    with db.read_session() as s:
        assert s.scalar(select(func.count(Participant.id))) == 0


def test_a_term_is_edited_and_ended_and_a_withdrawn_consent_blanks_the_name(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    with db.session() as s:
        one = scrutiny.coopt(
            s, review, name="Marcia Clarke", consent_named=True, term_from="2026-05-01"
        ).id
    with db.session() as s:
        edited = scrutiny.edit_member(s, one, {"voting": True, "interests": "Landlord"})
    assert edited.voting and edited.interests == "Landlord" and edited.term_to is None
    with pytest.raises(InvalidValue, match="before it starts on 2026-05-01"), db.session() as s:
        scrutiny.end_term(s, one, "2026-04-01")
    with db.session() as s:
        ended = scrutiny.end_term(s, one, "2026-09-30")
    assert ended.term_to == date(2026, 9, 30)
    with db.session() as s:
        withdrawn = scrutiny.edit_member(s, one, {"consent_named": False})
    assert withdrawn.name is None and not withdrawn.consent_named
    with db.read_session() as s:
        assert s.get_one(Participant, one).consent_named_at is None


def test_evidence_sessions_are_meetings_held_for_the_review(db: Database, sample: Sample) -> None:
    review = _review(db)
    wide = _review(db, forum=None)
    with db.session() as s:
        later = scrutiny.add_session(s, review, "2026-07-14", venue="Town Hall")
        first = scrutiny.add_session(s, review, date(2026, 6, 9))
    with db.read_session() as s:
        held = scrutiny.sessions(s, review)
        row = s.get_one(Meeting, later.id)
        assert row.format is MeetingFormat.SCRUTINY_SESSION and row.engagement_id == review
    assert [m.id for m in held] == [first.id, later.id]
    assert held[1].forum_code == "BHF" and held[1].venue == "Town Hall"
    with pytest.raises(InputRefused, match=r"council-wide review.*--forum CODE"), db.session() as s:
        scrutiny.add_session(s, wide, "2026-06-09")
    with db.session() as s:
        hosted = scrutiny.add_session(s, wide, "2026-06-09", forum="bhf")
    assert hosted.forum_code == "BHF"


@pytest.mark.parametrize(
    ("made_on", "months", "due"),
    [
        (date(2026, 7, 28), None, date(2026, 9, 28)),  # two months by default
        (date(2026, 12, 31), None, date(2027, 2, 28)),  # February is shorter
        (date(2026, 7, 28), "3", date(2026, 10, 28)),  # the setting changed
    ],
)
def test_a_recommendation_is_an_issue_with_the_response_due_by_the_setting(
    db: Database, sample: Sample, made_on: date, months: str | None, due: date
) -> None:
    review = _review(db)
    with db.session() as s:
        if months:
            preferences.set_setting(s, "scrutiny_months", months)
        made = scrutiny.recommend(
            s,
            review,
            title="Text tenants before each repair",
            stage="co-formulation",
            made_on=made_on,
        )
    assert made.response_due == due and made.forum_code == "BHF"
    with db.read_session() as s:
        issue = issues.get_issue(s, made.reference)
        linked = base.linked_issues(s, review)
    assert issue.stage is PolicyStage.CO_FORMULATION
    assert issue.mechanism is Mechanism.SCRUTINY_CO_OPTION
    assert issue.response_due == due
    assert [(i.reference, i.role, i.stage) for i in linked] == [
        (made.reference, LinkRole.RECOMMENDATION, PolicyStage.CO_FORMULATION)
    ]


def test_a_due_date_given_wins_and_a_review_own_days_beat_the_setting(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    quick = _review(db, response_days=28)
    with db.session() as s:
        given = scrutiny.recommend(
            s, review, title="A", stage="co-evaluation", made_on="2026-07-28", due="2026-08-15"
        )
        days = scrutiny.recommend(
            s, quick, title="B", stage=PolicyStage.CO_EVALUATION, made_on="2026-07-28"
        )
    assert given.response_due == date(2026, 8, 15)
    assert days.response_due == date(2026, 8, 25)  # 28 July + 28 days
    with (
        pytest.raises(InvalidValue, match="before the recommendation on"),
        db.session() as s,
    ):
        scrutiny.recommend(
            s, review, title="C", stage="co-evaluation", made_on="2026-07-28", due="2026-07-01"
        )


def test_a_recommendation_at_another_stage_or_without_a_forum_is_refused(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    wide = _review(db, forum=None)
    before = _issue_count(db)
    with (
        pytest.raises(InvalidValue, match="not co-decision"),
        db.session() as s,
    ):
        scrutiny.recommend(s, review, title="X", stage="co-decision")
    with (
        pytest.raises(InputRefused, match="so a recommendation needs"),
        db.session() as s,
    ):
        scrutiny.recommend(s, wide, title="X", stage="co-formulation")
    assert _issue_count(db) == before
    with db.session() as s:
        made = scrutiny.recommend(s, wide, title="X", stage="co-formulation", forum="BHF")
    assert made.reference.startswith("BHF-")


def test_the_executive_response_closes_a_recommendation_even_before_it_is_due(
    db: Database, sample: Sample
) -> None:
    review = _review(db)
    today = utcnow().date()
    with db.session() as s:
        refs = [
            scrutiny.recommend(s, review, title=t, stage="co-formulation", made_on=made).reference
            for t, made in (
                ("Answered", today),  # due in two months: answered early
                ("Late", today - timedelta(days=90)),  # due a month ago
                ("Waiting", today - timedelta(days=10)),
            )
        ]
    with db.session() as s:
        answered = scrutiny.respond(s, review, refs[0], "Agreed from January.")
    assert answered.responded_on == today and answered.response == "Agreed from January."
    assert not answered.awaiting and not answered.overdue
    with db.read_session() as s:
        made = scrutiny.recommendations(s, review, today)
        shown = dict(scrutiny.figures_on(s, scrutiny.review(s, review), today))
    assert [(r.title, r.awaiting, r.overdue) for r in made] == [
        ("Answered", False, False),
        ("Late", True, True),
        ("Waiting", True, False),
    ]
    assert shown["Recommendations"] == (
        "3 recommendations: 1 answered, 2 awaiting a response (1 overdue)"
    )


def test_only_the_review_recommendations_take_its_response(db: Database, sample: Sample) -> None:
    review = _review(db)
    with (
        pytest.raises(NotFound, match="is not a recommendation"),
        db.session() as s,
    ):
        scrutiny.respond(s, review, sample.issue_refs[0], "No.")
    with db.session() as s:
        petition = base.add_engagement(s, "petition", forum="BHF", title="Library").id
    with (
        pytest.raises(InvalidValue, match="not a scrutiny co-option"),
        db.session() as s,
    ):
        scrutiny.coopt(s, petition)


def test_the_demo_review_has_two_members_two_sessions_and_one_answer(db: Database) -> None:
    from forumdesk.core import forums

    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
        scrutiny.add_demo(s)
    with db.read_session() as s:
        (made,) = base.list_engagements(s, kind="scrutiny")
        shown = dict(scrutiny.figures_on(s, scrutiny.review(s, made.id), date(2026, 11, 30)))
        answered = scrutiny.recommendations(s, made.id, date(2026, 11, 30))[0]
        raised = issues.get_issue(s, answered.reference).created_at
    # Dated like the rest of the demo: made at the July session, answered when due.
    assert raised.date() == date(2026, 7, 14)
    assert (answered.response_due, answered.responded_on) == (date(2026, 9, 14),) * 2
    assert shown["Co-opted residents"] == "2 co-opted residents (1 voting, 1 non-voting)"
    assert shown["Evidence sessions"] == "2 sessions: 2026-06-09, 2026-07-14"
    # Made on 14 July, due 14 September: on 30 November the other two are overdue.
    assert shown["Recommendations"] == (
        "3 recommendations: 1 answered, 2 awaiting a response (2 overdue)"
    )


def _issue_count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count(Issue.id))) or 0


def test_a_late_response_keeps_the_date_it_was_due(db: Database, sample: Sample) -> None:
    review = _review(db)
    today = utcnow().date()
    with db.session() as s:
        made = scrutiny.recommend(
            s,
            review,
            title="Late",
            stage="co-evaluation",
            made_on=today - timedelta(days=30),
            due=today - timedelta(days=3),
        )
    with db.session() as s:
        answered = scrutiny.respond(s, review, made.reference, "Agreed, late.")
    assert answered.response_due == today - timedelta(days=3)
    assert not answered.awaiting and not answered.overdue
