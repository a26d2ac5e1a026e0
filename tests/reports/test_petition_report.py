"""The petition response as the council publishes it, read back as a resident would."""

from __future__ import annotations

from datetime import date

from forumdesk.core import meetings
from forumdesk.core.engagements import base, petition
from forumdesk.reports.engagements import report_pdf
from tests.reports.helpers import flat

DAY = date(2026, 3, 20)


def test_the_response_shows_the_petition_its_signatures_and_the_councils_answer(db, sample) -> None:
    with db.session() as s:
        meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-04-12")
        ident = base.add_engagement(
            s,
            "petition",
            forum="BHF",
            title="Save Brixton Library",
            wording="We ask the council to keep Brixton Library open on Sundays.",
            opens=date(2026, 3, 1),
            closes=date(2026, 5, 31),
            threshold_response=100,
            threshold_debate=1000,
            response_days=30,
        ).id
        petition.add_lead_petitioner(s, ident, name="Ffion Rhys", consent_named=True)
        base.link_issue(s, ident, sample.issue_refs[2], "co-definition", "raised")
        petition.enter_sheet(s, ident, 1, 20, today=DAY)
        petition.enter_sheet(s, ident, 2, 18, today=DAY)
        petition.set_online(s, ident, 70, today=DAY)
        petition.record_response(
            s, ident, "The library will open on Sundays from June.", date(2026, 4, 15)
        )
    with db.read_session() as s:
        text = flat(report_pdf(s, ident, date(2026, 4, 16)))
    assert "Petition: Save Brixton Library" in text
    assert "We ask the council to keep Brixton Library open on Sundays." in text
    assert "Lead petitioner Ffion Rhys" in text
    assert "Open for signatures 1 March 2026 to 31 May 2026" in text
    assert "Signatures 108 in all: 38 on 2 paper sheets, 70 online" in text
    assert "Signatures for a response 100: reached on 20 March 2026" in text
    assert "Signatures for a debate 1000: not reached" in text
    assert "On the agenda of Brixton Hill Area Forum, 12 April 2026" in text
    assert "Response due by 19 April 2026" in text
    assert "Given on 15 April 2026. The library will open on Sundays from June." in text
    assert f"{sample.issue_refs[2]} Library opening hours" in text


def test_a_petition_short_of_its_threshold_says_no_response_is_called_for(db, sample) -> None:
    with db.session() as s:
        ident = base.add_engagement(
            s, "petition", forum="BHF", title="Benches", threshold_response=100
        ).id
        petition.add_lead_petitioner(s, ident, name=None, consent_named=False)
        petition.set_online(s, ident, 12, today=DAY)
    with db.read_session() as s:
        text = flat(report_pdf(s, ident, DAY))
    assert "Signatures for a response 100: not reached" in text
    assert (
        "The petition has not reached the number of signatures that calls for a response." in text
    )
    assert "Lead petitioner" not in text and "On the agenda of" not in text
