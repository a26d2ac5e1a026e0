"""Fields keep the values edits replace (a conflict's base), except personal data."""

from __future__ import annotations

from sqlalchemy import select

from forumdesk.core import attendance, issues
from forumdesk.db.models import FieldRevision
from forumdesk.domain.enums import AttendanceRole


def revisions(db):
    with db.session() as s:
        return [
            (r.table_name, r.field, r.value["value"])
            for r in s.scalars(select(FieldRevision).order_by(FieldRevision.id))
        ]


def test_an_edit_keeps_the_value_it_replaced(db, sample) -> None:
    with db.session() as s:
        issues.edit_issue(s, sample.issue_refs[0], {"title": "Potholes, mended"})
        issues.move_issue(s, sample.issue_refs[0], "co-formulation")
    assert revisions(db) == [
        ("issue", "title", "Potholes on Brixton Hill"),
        ("issue", "stage", "co-definition"),
    ]


def test_an_erased_name_or_contact_is_not_kept_anywhere(db, sample) -> None:
    with db.session() as s:
        person = attendance.add_attendance(
            s,
            sample.meeting_id,
            name="Gwenllian Ŵynne",
            role=AttendanceRole.RESIDENT,
            consent_named=True,
            consent_contact=True,
            contact="gwen@example.org",
        )
        attendance.delete_attendance(s, person.id)
    kept = repr(revisions(db))
    assert "Gwenllian" not in kept and "gwen@example.org" not in kept
