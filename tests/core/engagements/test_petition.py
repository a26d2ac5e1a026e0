"""Petitions: sheets counted once, online totals, thresholds crossed once, the agenda item."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core import agenda, meetings, preferences
from forumdesk.core.engagements import base, petition, summary
from forumdesk.db.store import Database
from forumdesk.domain.errors import Conflict, InputRefused, InvalidValue
from forumdesk.domain.petitions import DEBATE, RESPONSE
from tests.conftest import Sample

DAY = date(2026, 3, 20)


@pytest.fixture
def planned(db: Database, sample: Sample) -> int:
    """A planned BHF meeting on 12 April 2026 (the sample's own is 4 March)."""
    with db.session() as s:
        return meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-04-12").id


def _petition(db: Database, **fields: object) -> int:
    with db.session() as s:
        return base.add_engagement(
            s, "petition", forum="BHF", title="Save Brixton Library", **fields
        ).id


def _agenda(db: Database, meeting: int) -> list[str]:
    with db.read_session() as s:
        return [i.title for i in agenda.list_agenda(s, meeting)]


def test_the_threshold_is_reached_at_exactly_its_count_not_one_before(
    db: Database, planned: int
) -> None:
    ident = _petition(db, threshold_response=100, response_days=30)
    with db.session() as s:
        before = petition.enter_sheet(s, ident, 1, 20, today=DAY)
        one_short = petition.set_online(s, ident, 79, today=DAY)  # 20 + 79 = 99
    assert before.crossed == () and one_short.crossed == ()
    assert one_short.signatures.total == 99
    assert _agenda(db, planned) == []
    with db.session() as s:
        at = petition.enter_sheet(s, ident, 2, 1, today=DAY)  # 100
    assert [c.threshold for c in at.crossed] == [RESPONSE]
    assert at.crossed[0].meeting_id == planned
    assert _agenda(db, planned) == ["Petition: Save Brixton Library (100 signatures)"]
    assert "Threshold for a response reached: 100 signatures." in at.messages
    assert (
        "An item was added to the agenda of the Brixton Hill Area Forum meeting of "
        "12 April 2026." in at.messages
    )
    assert "The council must respond by 19 April 2026." in at.messages  # 20 March + 30
    with db.read_session() as s:
        assert base.get_engagement(s, ident).response_due == date(2026, 4, 19)


def test_the_agenda_item_is_added_once_even_when_counts_are_reentered(
    db: Database, planned: int
) -> None:
    ident = _petition(db, threshold_response=50)
    with db.session() as s:
        petition.set_online(s, ident, 60, today=DAY)
        lowered = petition.set_online(s, ident, 10, today=DAY)
        raised = petition.set_online(s, ident, 70, today=DAY)
        petition.enter_sheet(s, ident, 1, 5, today=DAY)
        corrected = petition.enter_sheet(s, ident, 1, 15, replace=True, today=DAY)
    assert lowered.crossed == raised.crossed == corrected.crossed == ()
    assert corrected.signatures.total == 85  # 70 online + 15 on the corrected sheet
    assert _agenda(db, planned) == ["Petition: Save Brixton Library (60 signatures)"]


def test_a_sheet_is_never_counted_twice(db: Database, sample: Sample) -> None:
    ident = _petition(db)
    with db.session() as s:
        petition.enter_sheet(s, ident, 3, 18, today=DAY)
    with pytest.raises(Conflict) as refused, db.session() as s:
        petition.enter_sheet(s, ident, 3, 18, today=DAY)
    assert str(refused.value) == (
        "Sheet 3 is already entered, with 18 signatures; enter it as a correction to change it."
    )
    with db.session() as s:
        petition.enter_sheet(s, ident, 4, 1, today=DAY)
        shown = petition.signatures(s, base.engagement(s, ident))
    assert [(x.number, x.count) for x in shown.sheets] == [(3, 18), (4, 1)]
    assert (shown.paper, shown.online, shown.total) == (19, 0, 19)


def test_bad_sheet_numbers_and_counts_are_refused_and_change_nothing(
    db: Database, sample: Sample
) -> None:
    ident = _petition(db)
    for sheet, count, said in (
        (0, 5, "The sheet number must be a whole number from 1, not 0."),
        (2, -1, "The count must be a whole number of signatures, not -1."),
        (2, 5000, "Sheet 2: 5000 signatures is more than a sheet can hold (1000)."),
    ):
        with pytest.raises(InputRefused) as refused, db.session() as s:
            petition.enter_sheet(s, ident, sheet, count, today=DAY)
        assert str(refused.value) == said
    with db.read_session() as s:
        assert petition.signatures(s, base.engagement(s, ident)).sheets == ()


def test_the_online_total_replaces_the_last_one(db: Database, sample: Sample) -> None:
    ident = _petition(db)
    with db.session() as s:
        petition.enter_sheet(s, ident, 1, 12, today=DAY)
        petition.set_online(s, ident, 140, today=DAY)
        after = petition.set_online(s, ident, 171, today=date(2026, 3, 27))
    assert (after.signatures.online, after.signatures.total) == (171, 183)
    assert after.signatures.online_on == date(2026, 3, 27)


def test_with_no_planned_meeting_it_says_so_and_the_clock_still_starts(
    db: Database, sample: Sample
) -> None:
    ident = _petition(db, threshold_response=10)
    with db.session() as s:
        preferences.set_setting(s, "petition_days", "21")
        made = petition.enter_sheet(s, ident, 1, 10, today=DAY)
    # The sample's meeting of 4 March is before the day crossed: not the next one.
    assert made.crossed[0].meeting_id is None
    assert (
        "Brixton Hill Area Forum has no planned meeting to add it to: plan one and add the "
        "petition to its agenda." in made.messages
    )
    assert "The council must respond by 10 April 2026." in made.messages  # 20 March + 21
    with db.read_session() as s:
        assert _agenda(db, sample.meeting_id) == []
        assert base.get_engagement(s, ident).response_due == date(2026, 4, 10)
    with db.session() as s:  # a meeting planned later does not bring a second crossing
        later = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-05-01")
        again = petition.enter_sheet(s, ident, 2, 10, today=DAY)
    assert again.crossed == () and _agenda(db, later.id) == []


def test_the_debate_threshold_adds_its_own_item_once(db: Database, planned: int) -> None:
    ident = _petition(db, threshold_response=100, threshold_debate=300)
    with db.session() as s:
        first = petition.set_online(s, ident, 120, today=DAY)
        both = petition.set_online(s, ident, 310, today=date(2026, 3, 25))
        petition.set_online(s, ident, 320, today=date(2026, 3, 26))
    assert [c.threshold for c in first.crossed] == [RESPONSE]
    assert [c.threshold for c in both.crossed] == [DEBATE]
    assert _agenda(db, planned) == [
        "Petition: Save Brixton Library (120 signatures)",
        "Petition for debate: Save Brixton Library (310 signatures)",
    ]
    with db.read_session() as s:  # the clock started at the first threshold only
        assert base.get_engagement(s, ident).response_due == date(2026, 5, 15)  # + 56 days
        lines = dict(summary.describe(s, ident).figures)
    assert lines["Signatures in all"] == "320"
    assert lines["Threshold for a response"] == "100 signatures, reached on 20 March 2026"
    assert lines["Threshold for a debate"] == "300 signatures, reached on 25 March 2026"
    assert lines["Council's response due"] == "15 May 2026"


def test_the_lead_petitioner_is_named_only_with_consent_and_once(
    db: Database, sample: Sample
) -> None:
    ident = _petition(db)
    with pytest.raises(InvalidValue, match="consent"), db.session() as s:
        petition.add_lead_petitioner(s, ident, name="Ann Jones", consent_named=False)
    with db.session() as s:
        made = petition.add_lead_petitioner(s, ident, name="Ann Jones", consent_named=True)
    assert made.name == "Ann Jones"
    with pytest.raises(Conflict, match="already has a lead petitioner"), db.session() as s:
        petition.add_lead_petitioner(s, ident, name="Bo Li", consent_named=True)


def test_a_count_on_another_kind_of_engagement_is_refused(db: Database, sample: Sample) -> None:
    with db.session() as s:
        ballot = base.add_engagement(s, "ballot", forum="BHF", title="Budget").id
    wrong = pytest.raises(InvalidValue, match="is a referendum or ballot, not a petition")
    with wrong, db.session() as s:
        petition.enter_sheet(s, ballot, 1, 10)


def test_the_council_response_is_recorded(db: Database, sample: Sample) -> None:
    ident = _petition(db)
    with db.session() as s:
        said = petition.record_response(
            s, ident, "The library stays open on Sundays.", date(2026, 6, 2)
        )
    assert said.messages == ("The council's response of 2 June 2026 is recorded.",)
    with db.read_session() as s:
        shown = base.get_engagement(s, ident)
    assert (shown.outcome, shown.responded_at) == (
        "The library stays open on Sundays.",
        date(2026, 6, 2),
    )


def test_a_long_title_is_cut_on_the_agenda_and_the_count_kept(db: Database, planned: int) -> None:
    ident = _petition(db, threshold_response=5)
    with db.session() as s:
        base.edit_engagement(s, ident, {"title": "Library " * 37 + "open"})  # 300 characters
        petition.set_online(s, ident, 5, today=DAY)
    (title,) = _agenda(db, planned)
    assert len(title) == 300
    assert title.startswith("Petition: Library Library") and title.endswith("… (5 signatures)")
