"""Actions are carried forward while open; undiscussed agenda items move to the next meeting."""

from __future__ import annotations

from datetime import date

from forumdesk.core import actions, agenda, carry, meetings


def test_open_actions_and_undiscussed_items_are_carried_once(db, sample) -> None:
    with db.session() as s:
        discussed = agenda.add_agenda_item(s, sample.meeting_id, title="Police", notes="Done")
        left = agenda.add_agenda_item(s, sample.meeting_id, title="Parking review")
        open_one = actions.add_action(
            s, description="Chase highways", meeting=sample.meeting_id, due_date="2026-04-01"
        )
        done_one = actions.add_action(s, description="Book hall", meeting=sample.meeting_id)
        actions.set_action_status(s, done_one.id, "done")
        nxt = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-06-01")
        offer = carry.pending_carry_forward(s, nxt.id)
    assert offer.actions == (open_one.id,)
    assert offer.from_meeting_id == sample.meeting_id
    with db.session() as s:
        done = carry.carry_forward(s, nxt.id)
        again = carry.carry_forward(s, nxt.id)
        new_agenda = agenda.list_agenda(s, nxt.id)
        listed = actions.list_actions(s, meeting=nxt.id)
    assert done.actions == (open_one.id,)
    assert again.actions == () and again.agenda_items == ()
    assert [(i.title, i.carried_from_id) for i in new_agenda] == [("Parking review", left.id)]
    assert discussed.id not in [i.carried_from_id for i in new_agenda]
    assert [(a.id, a.carried) for a in listed] == [(open_one.id, True)]


def test_overdue_and_open_filters(db, sample) -> None:
    with db.session() as s:
        late = actions.add_action(s, description="Late", due_date="2026-01-01", issue="BHF-0001")
        actions.add_action(s, description="Later", due_date="2099-01-01")
        cancelled = actions.add_action(s, description="Dropped")
        actions.set_action_status(s, cancelled.id, "cancelled")
        open_ones = actions.list_actions(s, open_only=True)
        for_issue = actions.list_actions(s, issue="BHF-0001")
    assert [a.description for a in open_ones] == ["Late", "Later"]
    assert open_ones[0].is_overdue(date(2026, 6, 1)) and not open_ones[1].is_overdue(
        date(2026, 6, 1)
    )
    assert [a.id for a in for_issue] == [late.id]
