"""Forums and meetings: codes, formats, forward-only status, headcount, listing newest first."""

from __future__ import annotations

import pytest

from forumdesk.core import forums, meetings
from forumdesk.domain.enums import MeetingFormat, MeetingStatus
from forumdesk.domain.errors import Conflict, InvalidValue


def test_forum_codes_are_upper_case_unique_and_checked(db) -> None:
    with db.session() as s:
        made = forums.create_forum(
            s, code="bhf", name="Brixton Hill", wards="Brixton Hill, Tulse Hill"
        )
    assert (made.code, made.wards) == ("BHF", ("Brixton Hill", "Tulse Hill"))
    with pytest.raises(Conflict, match="already uses the code BHF"), db.session() as s:
        forums.create_forum(s, code="BHF", name="Another")
    with pytest.raises(InvalidValue, match="Code: "), db.session() as s:
        forums.create_forum(s, code="B-H", name="Dashes")


def test_a_forum_code_cannot_change_once_issues_use_it(db, sample) -> None:
    with pytest.raises(Conflict, match="already has issues"), db.session() as s:
        forums.edit_forum(s, "BHF", {"code": "BXH"})
    with pytest.raises(Conflict, match="still has meetings"), db.session() as s:
        forums.delete_forum(s, "BHF")


def test_meetings_list_newest_first_with_their_forum(db, sample) -> None:
    with db.session() as s:
        meetings.create_meeting(
            s,
            forum="BHF",
            format="policy-jury",
            date="2026-05-01",
            start_time="18:30",
            end_time="20:00",
        )
        listed = meetings.list_meetings(s, "BHF")
    assert [m.date.isoformat() for m in listed] == ["2026-05-01", "2026-03-04"]
    assert listed[0].format is MeetingFormat.POLICY_JURY
    assert listed[0].display_title == "Policy jury"
    assert listed[0].forum_code == "BHF"


def test_end_before_start_is_refused(db, sample) -> None:
    with (
        pytest.raises(InvalidValue, match="End time: 18:00 is before the start time 19:00"),
        db.session() as s,
    ):
        meetings.create_meeting(
            s, forum="BHF", format="other", date="2026-05-01", start_time="19:00", end_time="18:00"
        )


def test_status_moves_forward_only(db, sample) -> None:
    with db.session() as s:
        assert (
            meetings.set_meeting_status(s, sample.meeting_id, "in-progress").status
            is MeetingStatus.IN_PROGRESS
        )
        meetings.set_meeting_status(s, sample.meeting_id, "closed")
    with pytest.raises(Conflict, match="cannot go back to planned"), db.session() as s:
        meetings.set_meeting_status(s, sample.meeting_id, "planned")
    with db.session() as s:  # undo uses its own door
        restored = meetings.restore_meeting_status(s, sample.meeting_id, MeetingStatus.PLANNED)
    assert restored.status is MeetingStatus.PLANNED


def test_headcount_goes_up_and_down_but_not_below_zero(db, sample) -> None:
    with db.session() as s:
        meetings.adjust_headcount(s, sample.meeting_id, +1)
        meetings.adjust_headcount(s, sample.meeting_id, +1)
        assert meetings.adjust_headcount(s, sample.meeting_id, -1).headcount == 1
        assert meetings.adjust_headcount(s, sample.meeting_id, -5).headcount == 0
    with pytest.raises(InvalidValue, match="Headcount: "), db.session() as s:
        meetings.set_headcount(s, sample.meeting_id, 10**9)


def test_a_meeting_is_found_by_forum_code_and_date(db, sample) -> None:
    with db.session() as s:
        assert meetings.get_meeting(s, "bhf 2026-03-04").id == sample.meeting_id
        assert meetings.get_meeting(s, "BHF:2026-03-04").id == sample.meeting_id
