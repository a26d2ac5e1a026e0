"""Consultations: responses per channel, coded to issues (support added once), new issues."""

from __future__ import annotations

import pytest

from forumdesk.core import issues
from forumdesk.core.engagements import base, consultation
from forumdesk.db.store import Database
from forumdesk.domain.enums import Channel, LinkRole, Mechanism, PolicyStage
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from tests.conftest import Sample
from tests.helpers import table_rows


def _consultation(db: Database, forum: str | None = "BHF") -> str:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "consultation",
            forum=forum,
            title="Parks and open spaces",
            questions=["What should the park have?", "When do you use it?"],
        )
    return made.reference


def _support(db: Database, ref: str) -> int:
    with db.read_session() as s:
        return issues.get_issue(s, ref).support


def test_totals_by_channel_count_each_response_once(db: Database, sample: Sample) -> None:
    ref = _consultation(db)
    potholes = sample.issue_refs[0]
    with db.session() as s:
        consultation.record_responses(s, ref, "meeting", 12)
        consultation.record_responses(s, ref, Channel.PAPER, 7, issue=potholes)
        consultation.record_responses(s, ref, Channel.ONLINE, 30, issue=potholes)
        consultation.record_responses(s, ref, Channel.ONLINE, 5)
        consultation.record_responses(s, ref, Channel.PAPER, 3, raise_title="Dog fouling")
    with db.read_session() as s:
        sums = consultation.totals(s, ref)
    # meeting 12; paper 7 + 3 = 10; online 30 + 5 = 35; in all 57, of which 12 + 5 not coded
    assert sums.by_channel == ((Channel.MEETING, 12), (Channel.PAPER, 10), (Channel.ONLINE, 35))
    assert (sums.total, sums.not_coded) == (57, 17)
    assert [(i.reference, i.total, i.role) for i in sums.issues] == [
        (potholes, 37, LinkRole.SUPPORTED),
        (sums.issues[1].reference, 3, LinkRole.RAISED),
    ]
    assert dict(sums.issues[0].by_channel) == {
        Channel.MEETING: 0,
        Channel.PAPER: 7,
        Channel.ONLINE: 30,
    }


def test_support_rises_once_and_moves_by_the_difference_on_re_entry(
    db: Database, sample: Sample
) -> None:
    ref = _consultation(db)
    potholes = sample.issue_refs[0]
    with db.session() as s:
        issues.edit_issue(s, potholes, {"support": 20})
    with db.session() as s:
        first = consultation.record_responses(s, ref, "paper", 7, issue=potholes)
    assert (first.previous, first.support) == (None, 27)
    with db.session() as s:  # the same sheet entered again: nothing changes
        again = consultation.record_responses(s, ref, "paper", 7, issue=potholes)
    assert (again.previous, again.support) == (7, 27)
    with db.session() as s:  # corrected down to 4: support falls by 3
        fixed = consultation.record_responses(s, ref, "paper", 4, issue=potholes)
    assert (fixed.previous, fixed.support, fixed.count.id) == (7, 24, first.count.id)
    with db.session() as s:  # another channel is a count of its own
        consultation.record_responses(s, ref, "online", 10, issue=potholes)
    assert _support(db, potholes) == 34
    with db.read_session() as s:
        assert [c.count for c in consultation.responses(s, ref)] == [4, 10]
        links = base.linked_issues(s, ref)
    assert [(i.reference, i.role, i.stage) for i in links] == [
        (potholes, LinkRole.SUPPORTED, PolicyStage.CO_FORMULATION)
    ]


def test_responses_raise_a_new_issue_in_the_forum_once(db: Database, sample: Sample) -> None:
    ref = _consultation(db)
    with db.session() as s:
        made = consultation.record_responses(s, ref, "paper", 12, raise_title="Dog fouling")
    assert made.raised and made.support == 12
    new = made.count.issue_reference
    assert new is not None and new.startswith("BHF-")
    with db.read_session() as s:
        raised = issues.get_issue(s, new)
        links = base.linked_issues(s, ref)
    assert raised.title == "Dog fouling"
    assert raised.mechanism is Mechanism.CONSULTATION
    assert raised.stage is PolicyStage.CO_FORMULATION
    assert raised.forum_code == "BHF"
    assert [(i.reference, i.role) for i in links] == [(new, LinkRole.RAISED)]
    already = f"{new} \\(Dog fouling\\) was already raised"
    with pytest.raises(Conflict, match=already), db.session() as s:
        consultation.record_responses(s, ref, "online", 3, raise_title="dog fouling")
    with db.session() as s:  # coded to it from now on: counted, not tied twice
        consultation.record_responses(s, ref, "online", 5, issue=new)
        consultation.record_responses(s, ref, "paper", 15, issue=new)
    assert _support(db, new) == 20
    with db.read_session() as s:
        assert [(i.reference, i.role) for i in base.linked_issues(s, ref)] == [
            (new, LinkRole.RAISED)
        ]
        assert consultation.totals(s, ref).issues[0].total == 20


def test_wrong_entries_are_refused_and_change_nothing(db: Database, sample: Sample) -> None:
    ref = _consultation(db)
    wide = _consultation(db, forum=None)
    with db.session() as s:
        petition = base.add_engagement(s, "petition", forum="BHF", title="Save it").reference
    before = table_rows(db.url)
    refused = [
        (InvalidValue, "not both", dict(issue=sample.issue_refs[0], raise_title="X")),
        (InvalidValue, "council-wide consultation", dict(ref=wide, raise_title="X")),
        (InvalidValue, "at least 1 response", dict(count=0, raise_title="X")),
        (InvalidValue, "not a consultation", dict(ref=petition)),
        (InvalidValue, "channel", dict(channel="carrier pigeon")),
        (InvalidValue, "count", dict(count=-3)),
        (NotFound, "BHF-0999", dict(issue="BHF-0999")),
    ]
    for error, words, given in refused:
        args = {"ref": ref, "channel": "paper", "count": 4, **given}
        with pytest.raises(error, match=words), db.session() as s:
            consultation.record_responses(s, **args)
    assert table_rows(db.url) == before


def test_questions_summary_and_you_said_we_did_are_kept(db: Database, sample: Sample) -> None:
    ref = _consultation(db)
    with db.session() as s:
        consultation.set_questions(s, ref, ["Should the park open later?", " ", "Anything else?"])
        consultation.write_up(s, ref, summary="Most want later opening.")
        consultation.write_up(s, ref, you_said_we_did="You said later; we open till 9.")
    with db.read_session() as s:
        shown = base.get_engagement(s, ref)
        lines = dict(consultation.figures(s, base.engagement(s, ref)))
    assert shown.questions == ("Should the park open later?", "Anything else?")
    assert shown.outcome == "Most want later opening."
    assert shown.you_said_we_did == "You said later; we open till 9."
    assert lines["Question 2"] == "Anything else?"
    assert lines["Responses in all"] == "0"


def test_the_demo_consultation_adds_up(demo_db, db: Database) -> None:
    with db.read_session() as s:
        (made,) = base.list_engagements(s, kind="consultation")
        sums = consultation.totals(s, made.id)
        raised = [i for i in sums.issues if i.role is LinkRole.RAISED]
    # Its summary's figures: 38 at the workshop, 95 on paper, 193 online; 152 on parking.
    assert made.forum_code == "LLF" and len(made.questions) == 3
    assert sums.by_channel == ((Channel.MEETING, 38), (Channel.PAPER, 95), (Channel.ONLINE, 193))
    assert "326 residents" in made.outcome and sums.total == 326
    assert sums.issues[0].title == "Parking on Stryd y Bont blocks the bus"
    assert sums.issues[0].total == 152
    assert [(i.title, i.total) for i in raised] == [
        ("Market day in the town square once a month", 31)
    ]
    with db.read_session() as s:
        market = issues.get_issue(s, raised[0].reference)
    assert market.created_at.date().isoformat() == "2026-06-02"  # entered then, not today


def test_responses_coded_to_a_deleted_issue_count_as_not_coded(
    db: Database, sample: Sample
) -> None:
    ref = _consultation(db)
    wide = _consultation(db, forum=None)
    with db.session() as s:
        consultation.record_responses(s, ref, "paper", 7, issue=sample.issue_refs[0])
        consultation.record_responses(s, ref, "paper", 2, issue=sample.issue_refs[1])
        consultation.record_responses(s, wide, "online", 4, issue=sample.issue_refs[2])
        issues.delete_issue(s, sample.issue_refs[0])
    with db.read_session() as s:
        sums = consultation.totals(s, ref)
        offered = consultation.issue_choices(s, ref)
        offered_wide = consultation.issue_choices(s, wide)
    # paper 7 + 2 = 9 received; the 7 coded to the deleted issue are not coded now
    assert (sums.of(Channel.PAPER), sums.not_coded) == (9, 7)
    assert [(i.reference, i.total) for i in sums.issues] == [(sample.issue_refs[1], 2)]
    assert [r for r, _t in offered] == list(sample.issue_refs[1:])  # the forum's live issues
    assert [r for r, _t in offered_wide] == [sample.issue_refs[2]]  # those tied to it


def test_responses_are_not_coded_to_another_forums_issue(db: Database, sample: Sample) -> None:
    from forumdesk.core import forums

    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        other = issues.record_issue(s, forum="LLF", title="Bus shelter").reference
    ref = _consultation(db)
    with pytest.raises(InvalidValue, match="another forum's issue"), db.session() as s:
        consultation.record_responses(s, ref, Channel.PAPER, 12, issue=other)
    assert _support(db, other) == 0
