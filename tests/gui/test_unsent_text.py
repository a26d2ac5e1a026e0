"""Text typed for one record and not yet sent never goes to another (nor is lost)."""

from __future__ import annotations

from forumdesk.core import agenda, issues
from forumdesk.gui.workspace.meeting import AGENDA, ISSUES
from tests.gui.conftest import type_text


def _ids(db, sample) -> list[int]:
    with db.session() as s:
        return [issues.issue_detail(s, ref).issue.id for ref in sample.issue_refs]


def test_a_comment_stays_with_the_issue_it_was_typed_for(qtbot, window, db, sample) -> None:
    first, second, _ = _ids(db, sample)
    area = window.workspace.issues
    window.workspace.show_area(ISSUES)
    area.select(first)
    type_text(area.panel.note, "Said about the chapel")
    area.select(second)
    assert area.panel.note.text() == ""  # not offered for the other issue
    area.panel.add_comment.click()  # nothing to add here
    area.select(first)
    assert area.panel.note.text() == "Said about the chapel"  # back with its issue
    area.panel.add_comment.click()
    with db.session() as s:
        on_first = [e.text for e in issues.issue_detail(s, first).timeline]
        on_second = [e.text for e in issues.issue_detail(s, second).timeline]
    assert "Said about the chapel" in on_first
    assert "Said about the chapel" not in on_second


def test_an_outcome_being_typed_stays_with_its_agenda_item(qtbot, window, db, sample) -> None:
    with db.session() as s:
        welcome = agenda.add_agenda_item(s, sample.meeting_id, title="Welcome")
        speeding = agenda.add_agenda_item(s, sample.meeting_id, title="Speeding")
    window.workspace.show_area(AGENDA)
    area = window.workspace.agenda
    area.reload(select=speeding.id)
    type_text(area.outcome_text, "lower speed limit")
    area.reload(select=welcome.id)
    assert area.outcome_text.text() == ""
    area.add_outcome.click()
    area.reload(select=speeding.id)
    assert area.outcome_text.text() == "lower speed limit"
    area.add_outcome.click()
    with db.session() as s:
        listed = {
            i.title: [o.text for o in i.outcomes] for i in agenda.list_agenda(s, sample.meeting_id)
        }
    assert listed == {"Welcome": [], "Speeding": ["lower speed limit"]}
