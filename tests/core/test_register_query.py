"""The register's queries: the filters issue 13 added, every sort key, and row blocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from forumdesk.core import forums, issue_query, issues
from forumdesk.db.models import Issue
from forumdesk.domain.enums import IssueStatus, PolicyStage
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.records import IssueFilter


def ids_to_refs(db, **criteria) -> list[str]:
    with db.read_session() as s:
        ids = issue_query.issue_ids(s, IssueFilter(**criteria))
        rows = issue_query.register_rows(s, ids, date(2026, 6, 1))
    return [rows[i].reference for i in ids]


def set_times(db, ref: str, **values: object) -> None:
    with db.session() as s:
        s.execute(update(Issue).where(Issue.reference == ref).values(**values))


@pytest.fixture
def register(db, sample):
    """Five issues in two forums, with known dates, owners and responses."""
    with db.session() as s:
        forums.create_forum(s, code="ALF", name="Aberaeron Forum")
        issues.record_issue(s, forum="ALF", title="Harbour wall", ward="Aberaeron")
        issues.record_issue(s, forum="ALF", title="Beach huts", owner="Nia", due_date="2026-01-01")
        issues.edit_issue(s, "BHF-0001", {"owner": "Zak", "response_due": "2026-03-01"})
        issues.edit_issue(s, "BHF-0002", {"response_due": "2026-02-01", "due_date": "2026-09-01"})
        issues.respond(s, "BHF-0002", "Lights are fixed")
        issues.edit_issue(s, "BHF-0003", {"response_due": "2026-12-01"})
        issues.move_issue(s, "BHF-0003", PolicyStage.CO_DECISION)
        issues.change_status(s, "ALF-0001", IssueStatus.RESOLVED)
    created = {
        "BHF-0001": datetime(2026, 1, 5, 10, tzinfo=UTC),
        "BHF-0002": datetime(2026, 2, 10, 9, tzinfo=UTC),
        "BHF-0003": datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
        "ALF-0001": datetime(2026, 3, 5, 8, tzinfo=UTC),
        "ALF-0002": datetime(2026, 4, 1, 12, tzinfo=UTC),
    }
    now = datetime.now(UTC)
    for n, (ref, at) in enumerate(created.items()):
        # updated: 0, 10, 20, 30, 40 days ago; in stage since: the order reversed
        set_times(
            db,
            ref,
            created_at=at,
            updated_at=now - timedelta(days=10 * n, hours=1),
            stage_since=datetime(2026, 5, 1, tzinfo=UTC) - timedelta(days=10 * (4 - n)),
        )
    return sample


ALL = ["ALF-0001", "ALF-0002", "BHF-0001", "BHF-0002", "BHF-0003"]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ALL),
        ({"idle_days": 0}, ALL),
        ({"idle_days": 15}, ["ALF-0001", "ALF-0002", "BHF-0003"]),
        ({"idle_days": 35}, ["ALF-0002"]),
        ({"raised_from": date(2026, 3, 4)}, ["ALF-0001", "ALF-0002", "BHF-0003"]),
        ({"raised_to": date(2026, 3, 4)}, ["BHF-0001", "BHF-0002", "BHF-0003"]),
        (
            {"raised_from": date(2026, 2, 10), "raised_to": date(2026, 3, 5)},
            ["ALF-0001", "BHF-0002", "BHF-0003"],
        ),
        # BHF-0002 was answered; BHF-0003's response is due later; ALF's have no due day.
        ({"response_overdue_on": date(2026, 6, 1)}, ["BHF-0001"]),
        ({"response_overdue_on": date(2026, 2, 15)}, []),
        ({"response_overdue_on": date(2026, 12, 2)}, ["BHF-0001", "BHF-0003"]),
        ({"owner": "nia", "idle_days": 35}, ["ALF-0002"]),
    ],
)
def test_register_filters(db, register, criteria, expected) -> None:
    assert ids_to_refs(db, **criteria) == expected
    with db.read_session() as s:  # the paged list agrees
        page = issue_query.list_issues(s, IssueFilter(**criteria))
    assert sorted(i.reference for i in page.items) == expected


def test_the_text_search_combines_with_the_new_filters(db, register) -> None:
    assert ids_to_refs(db, text="wyl", raised_to=date(2026, 3, 1)) == ["BHF-0002"]
    assert ids_to_refs(db, text="wyl", raised_from=date(2026, 3, 1)) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("reference", ALL),
        ("title", ["ALF-0002", "ALF-0001", "BHF-0003", "BHF-0001", "BHF-0002"]),
        ("forum", ALL),  # Aberaeron before Brixton
        ("ward", ["ALF-0001", "BHF-0001", "BHF-0002", "ALF-0002", "BHF-0003"]),
        ("stage", ["ALF-0001", "ALF-0002", "BHF-0001", "BHF-0002", "BHF-0003"]),
        ("status", ["ALF-0002", "BHF-0001", "BHF-0002", "BHF-0003", "ALF-0001"]),
        ("owner", ["ALF-0002", "BHF-0001", "BHF-0002", "BHF-0003", "ALF-0001"]),
        ("due", ["ALF-0002", "BHF-0002", "BHF-0001", "BHF-0003", "ALF-0001"]),
        ("response_due", ["BHF-0002", "BHF-0001", "BHF-0003", "ALF-0001", "ALF-0002"]),
        ("stage_since", ["BHF-0001", "BHF-0002", "BHF-0003", "ALF-0001", "ALF-0002"]),
        ("updated", ["ALF-0002", "ALF-0001", "BHF-0003", "BHF-0002", "BHF-0001"]),
        ("created", ["BHF-0001", "BHF-0002", "BHF-0003", "ALF-0001", "ALF-0002"]),
    ],
)
def test_every_register_column_sorts_in_sql(db, register, sort, expected) -> None:
    ids = ids_to_refs(db, sort=sort)
    assert ids == expected
    assert ids_to_refs(db, sort=sort, descending=True) == list(reversed(expected))


def test_register_rows_carry_the_overdue_marks(db, register) -> None:
    with db.read_session() as s:
        ids = issue_query.issue_ids(s, IssueFilter())
        rows = issue_query.register_rows(s, ids, date(2026, 6, 1))
    by_ref = {r.reference: r for r in rows.values()}
    assert {r for r, row in by_ref.items() if row.overdue} == {"ALF-0002"}
    assert {r for r, row in by_ref.items() if row.response_overdue} == {"BHF-0001"}
    assert by_ref["ALF-0001"].forum_name == "Aberaeron Forum"
    assert by_ref["BHF-0003"].stage is PolicyStage.CO_DECISION


def test_register_choices_list_values_in_use(db, register) -> None:
    with db.read_session() as s:
        found = issue_query.register_choices(s)
    assert found.wards == ("Aberaeron", "Brixton Hill", "Tulse Hill")
    assert found.owners == ("Nia", "Zak")
    assert found.themes == ("Lighting", "Roads", "Safety")


def test_a_backward_date_range_is_refused(db, register) -> None:
    with (
        pytest.raises(InvalidValue, match="comes before the day in Raised from"),
        db.read_session() as s,
    ):
        issue_query.issue_ids(
            s, IssueFilter(raised_from=date(2026, 3, 1), raised_to=date(2026, 2, 1))
        )


def test_a_search_finds_issues_by_the_name_of_who_raised_them(db, register) -> None:
    from forumdesk.core import attendance

    with db.session() as s:
        someone = attendance.add_attendance(
            s, register.meeting_id, role="resident", name="Siân Ŵyn", consent_named=True
        )
        issues.edit_issue(s, "BHF-0003", {"raised_by_id": register.resident_id})
        issues.record_issue(
            s, forum="BHF", title="Dog fouling", meeting=register.meeting_id, raised_by=someone.id
        )
    assert ids_to_refs(db, text="aled") == ["BHF-0003"]
    assert ids_to_refs(db, text="SIÂN") == ["BHF-0004"]
    assert ids_to_refs(db, text="BHF-0003") == ["BHF-0003"]  # a reference
    with db.read_session() as s:
        found = issue_query.text_matches(s, "jones")
        rows = issue_query.register_rows(s, list(found), date(2026, 6, 1))
    assert [r.reference for r in rows.values()] == ["BHF-0003"]
