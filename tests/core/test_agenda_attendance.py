"""Agenda items and outcomes; attendance with consent rules for personal data."""

from __future__ import annotations

import pytest

from forumdesk.core import actions, agenda, attendance
from forumdesk.domain.enums import ActionStatus, OutcomeKind, Presence
from forumdesk.domain.errors import InvalidValue


def test_agenda_items_are_numbered_reordered_and_renumbered(db, sample) -> None:
    with db.session() as s:
        ids = [
            agenda.add_agenda_item(s, sample.meeting_id, title=t).id
            for t in ("Welcome", "Police", "Issues", "AOB")
        ]
        agenda.move_agenda_item(s, ids[3], 1)
        agenda.delete_agenda_item(s, ids[1])
        listed = agenda.list_agenda(s, sample.meeting_id)
    assert [(i.position, i.title) for i in listed] == [(1, "AOB"), (2, "Welcome"), (3, "Issues")]
    with db.session() as s:
        agenda.restore_agenda_item(s, ids[1])
        listed = agenda.list_agenda(s, sample.meeting_id)
    assert [i.title for i in listed] == ["AOB", "Welcome", "Police", "Issues"]  # back in place


def test_outcomes_are_typed_and_an_action_outcome_makes_an_action(db, sample) -> None:
    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Highways")
        agenda.add_outcome(s, item.id, kind="information", text="Resurfacing starts in May.")
        decided = agenda.add_outcome(s, item.id, kind="decision", text="Ask for a 20 mph zone.")
        acted = agenda.add_outcome(
            s,
            item.id,
            kind="action",
            text="Write to highways",
            owner="Daniel Reed",
            due_date="2026-04-30",
        )
        got = agenda.get_agenda_item(s, item.id)
        action = actions.get_action(s, acted.action_id)
    assert got.discussed
    assert [o.kind for o in got.outcomes] == [
        OutcomeKind.INFORMATION,
        OutcomeKind.DECISION,
        OutcomeKind.ACTION,
    ]
    assert decided.action_id is None
    assert (action.owner, action.meeting_id, action.agenda_item_id) == (
        "Daniel Reed",
        sample.meeting_id,
        item.id,
    )
    with db.session() as s:
        agenda.delete_outcome(s, acted.id)
        assert actions.get_action(s, acted.action_id).status is ActionStatus.CANCELLED
    with pytest.raises(InvalidValue, match="only an action outcome"), db.session() as s:
        agenda.add_outcome(s, item.id, kind="decision", text="x", owner="someone")


def test_a_residents_name_needs_consent_to_be_named(db, sample) -> None:
    with pytest.raises(InvalidValue, match="consent to be named"), db.session() as s:
        attendance.add_attendance(s, sample.meeting_id, role="resident", name="Aled")
    with db.session() as s:
        anonymous = attendance.add_attendance(s, sample.meeting_id, role="resident")
        councillor = attendance.add_attendance(
            s, sample.meeting_id, role="councillor", name="Cllr Adeyemi"
        )
    assert anonymous.name is None and councillor.name == "Cllr Adeyemi"


def test_contact_details_need_consent_to_be_contacted(db, sample) -> None:
    with pytest.raises(InvalidValue, match="consent to be contacted"), db.session() as s:
        attendance.add_attendance(
            s, sample.meeting_id, role="officer", name="Dan", contact="dan@example.org"
        )
    with db.session() as s:
        person = attendance.add_attendance(
            s,
            sample.meeting_id,
            role="resident",
            name="Ffion",
            consent_named=True,
            consent_contact=True,
            contact="ffion@example.org",
            presence="apologies",
        )
    assert (person.contact, person.presence) == ("ffion@example.org", Presence.APOLOGIES)


def test_withdrawing_consent_erases_what_it_covered(db, sample) -> None:
    with db.session() as s:
        person = attendance.add_attendance(
            s,
            sample.meeting_id,
            role="resident",
            name="Ffion",
            consent_named=True,
            consent_contact=True,
            contact="ffion@example.org",
        )
        attendance.edit_attendance(s, person.id, {"consent_contact": False})
        attendance.edit_attendance(s, person.id, {"consent_named": False})
        after = attendance.list_attendance(s, sample.meeting_id)[-1]
    assert (after.name, after.contact) == (None, None)


def test_removing_a_sign_in_erases_its_personal_data(db, sample) -> None:
    with db.session() as s:
        gone = attendance.delete_attendance(s, sample.resident_id)
        assert attendance.list_attendance(s, sample.meeting_id) == []
    assert gone.name is None


def test_a_decision_typed_with_resolved_is_minuted_with_it_once(db, sample) -> None:
    from forumdesk.core import agenda
    from forumdesk.core.minutes import MinutesOptions
    from forumdesk.reports import documents
    from tests.reports.helpers import flat

    with db.session() as s:
        item = agenda.add_agenda_item(s, sample.meeting_id, title="Speeding on Brixton Hill")
        made = agenda.add_outcome(
            s, item.id, kind="decision", text="RESOLVED: that the council consults on 20mph."
        )
        note = agenda.add_outcome(s, item.id, kind="information", text="Resolved: not yet.")
    assert made.text == "that the council consults on 20mph."
    assert note.text == "Resolved: not yet."  # only a decision carries the word
    with db.session() as s:
        agenda.edit_outcome(s, made.id, "resolved - that the council consults on 20mph.")
        text = flat(documents.minutes_pdf(s, sample.meeting_id, MinutesOptions()))
    assert "RESOLVED: that the council consults on 20mph." in text
    assert "RESOLVED: RESOLVED" not in text and "RESOLVED: resolved" not in text
