"""Residents' offers: consent rules as at a sign-in, matching, delivery, and what the
minutes and the feedback report say residents offered and delivered."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from forumdesk.core import actions, forums, meetings, minutes
from forumdesk.core.engagements import offers
from forumdesk.core.minutes import MinutesOptions
from forumdesk.db.store import Database
from forumdesk.domain.enums import OfferKind, OfferStatus
from forumdesk.domain.errors import Conflict, InvalidValue
from forumdesk.reports import documents
from forumdesk.reports.feedback import feedback_pdf
from tests.conftest import Sample
from tests.reports.test_minutes_discussed import pdf_text


def test_a_name_and_contact_are_kept_only_with_consent(db: Database, sample: Sample) -> None:
    with pytest.raises(InvalidValue, match="consent to be named"), db.session() as s:
        offers.add_offer(
            s, forum="BHF", kind="time", description="Litter pick", name="Grace Adeyemi"
        )
    with pytest.raises(InvalidValue, match="consent"), db.session() as s:
        offers.add_offer(
            s,
            forum="BHF",
            kind="time",
            description="Litter pick",
            name="Grace Adeyemi",
            consent_named=True,
            contact="grace@example.org",
        )
    with db.read_session() as s:
        assert offers.list_offers(s) == []
    with db.session() as s:
        made = offers.add_offer(
            s,
            kind=OfferKind.EQUIPMENT,
            description="A gazebo for the street party",
            name="Grace Adeyemi",
            consent_named=True,
            contact="grace@example.org",
            consent_contact=True,
            meeting=sample.meeting_id,
        )
    assert made.forum_code == "BHF"  # from the meeting
    assert made.offered_on == date(2026, 3, 4)  # the meeting's day
    assert (made.name, made.contact, made.status) == (
        "Grace Adeyemi",
        "grace@example.org",
        OfferStatus.OFFERED,
    )


def test_an_offer_needs_a_forum_and_a_meeting_of_that_forum(db: Database, sample: Sample) -> None:
    with pytest.raises(InvalidValue, match="name the forum"), db.session() as s:
        offers.add_offer(s, kind="money", description="£50 for bulbs")
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
    with pytest.raises(InvalidValue, match="another forum"), db.session() as s:
        offers.add_offer(
            s, forum="LLF", kind="money", description="£50 for bulbs", meeting=sample.meeting_id
        )


def test_an_offer_is_matched_delivered_and_then_neither_withdrawn_nor_matched_again(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        action = actions.add_action(s, description="Clear the allotment paths")
        made = offers.add_offer(s, forum="BHF", kind="time", description="Two Saturdays")
        matched = offers.match_offer(s, made.id, action=action.id, issue=sample.issue_refs[0])
    assert matched.status is OfferStatus.MATCHED
    assert (matched.action_description, matched.issue_reference) == (
        "Clear the allotment paths",
        sample.issue_refs[0],
    )
    with pytest.raises(InvalidValue, match="what was delivered"), db.session() as s:
        offers.deliver(s, made.id, date(2026, 4, 1), "  ")
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InvalidValue, match="has not come yet"), db.session() as s:
        offers.deliver(s, made.id, tomorrow, "Cleared the paths")
    with db.session() as s:
        done = offers.deliver(s, made.id, "2026-04-01", "Cleared the paths with neighbours")
    assert (done.status, done.delivered_on) == (OfferStatus.DELIVERED, date(2026, 4, 1))
    with pytest.raises(Conflict, match="already delivered"), db.session() as s:
        offers.withdraw(s, made.id)
    with pytest.raises(Conflict, match="already delivered"), db.session() as s:
        offers.match_offer(s, made.id, issue=sample.issue_refs[1])
    with db.read_session() as s:
        assert [o.id for o in offers.list_offers(s, status="delivered")] == [made.id]
        assert offers.list_offers(s, status="offered") == []


def _offers_at_the_meeting(db: Database, sample: Sample) -> None:
    with db.session() as s:
        offers.add_offer(
            s,
            kind="skills",
            description="Translating leaflets into Portuguese",
            name="Ana Ferreira",
            consent_named=True,
            meeting=sample.meeting_id,
        )
        offers.add_offer(
            s, kind="equipment", description="Loan of folding tables", meeting=sample.meeting_id
        )


def test_the_minutes_list_offers_made_at_the_meeting_named_only_with_consent(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    with db.read_session() as s:
        assert "offers" not in minutes.minutes_snapshot(s, sample.meeting_id)
    _offers_at_the_meeting(db, sample)
    with db.read_session() as s:
        text = pdf_text(documents.minutes_pdf(s, sample.meeting_id), tmp_path)
        unnamed = minutes.minutes_snapshot(
            s, sample.meeting_id, MinutesOptions(resident_names=False)
        )
    assert "Offers from residents" in text
    assert "Skills: Translating leaflets into Portuguese Ana Ferreira Offered" in text
    assert "Equipment: Loan of folding tables A resident Offered" in text
    assert [o["by"] for o in unnamed["offers"]] == [None, None]


def test_approved_minutes_stay_as_approved_when_an_offer_is_added_later(
    db: Database, sample: Sample
) -> None:
    with db.session() as s:
        sealed = minutes.approve_minutes(s, sample.meeting_id, approved_by="Chair")
    _offers_at_the_meeting(db, sample)
    with db.read_session() as s:
        state = minutes.minutes_state(s, sample.meeting_id)
    assert state.sealed is not None and state.sealed.content_hash == sealed.content_hash
    assert "offers" not in state.sealed.content


def test_the_feedback_report_says_what_residents_delivered_in_the_period(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    with db.session() as s:
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-10")
        first = offers.add_offer(
            s,
            forum="BHF",
            kind="time",
            description="Two Saturday mornings",
            name="Grace Adeyemi",
            consent_named=True,
            offered_on="2026-03-04",
        )
        later = offers.add_offer(
            s, forum="BHF", kind="equipment", description="A gazebo", offered_on="2026-03-04"
        )
        offers.add_offer(s, forum="BHF", kind="money", description="Bulbs", offered_on="2026-03-04")
        offers.deliver(s, first.id, "2026-03-20", "Cleared the allotment paths")
        offers.deliver(s, later.id, "2026-07-02", "Lent the gazebo for the street party")
        data = feedback_pdf(
            s, "BHF", start=date(2026, 3, 1), end=date(2026, 4, 30), today=date(2026, 5, 1)
        )
        none = feedback_pdf(
            s, "BHF", start=date(2026, 1, 1), end=date(2026, 2, 28), today=date(2026, 5, 1)
        )
    text = pdf_text(data, tmp_path)
    assert "What residents delivered" in text
    assert "Cleared the allotment paths" in text and "Grace Adeyemi" in text
    assert "gazebo" not in text and "Bulbs" not in text  # outside the period; not delivered
    assert "No offers from residents were delivered in this period." in pdf_text(none, tmp_path)
