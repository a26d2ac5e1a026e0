"""Issue lists: filters, text search that forgives anything typed, sorting and paging in SQL."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.core import forums, issues
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.enums import IssueStatus, Mechanism, PolicyStage
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.records import IssueFilter


def refs(db, **criteria) -> list[str]:
    with db.session() as s:
        return [i.reference for i in list_issues(s, IssueFilter(**criteria)).items]


@pytest.fixture
def varied(db, sample):
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Llanfair")
        issues.record_issue(
            s,
            forum="LLF",
            title="Eisteddfod field drainage",
            place="Maes y Llan",
            ward="Llanfair",
            stage="co-decision",
            support=30,
            owner="Rhodri",
            due_date="2026-01-31",
            themes=["Drainage"],
        )
        issues.record_issue(
            s,
            forum="LLF",
            title="Late bus",
            ward="Pentre",
            support=5,
            mechanism="petition",
            due_date="2099-01-01",
            description="Gwasanaeth bws hwyr ar nos Wener",
        )
        issues.move_issue(s, "BHF-0002", "co-evaluation")
        issues.change_status(s, "BHF-0003", "resolved")
        issues.comment(s, "BHF-0001", "Gulleys blocked near the bakery")
    return sample


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["BHF-0001", "BHF-0002", "BHF-0003", "LLF-0001", "LLF-0002"]),
        ({"forum": "llf"}, ["LLF-0001", "LLF-0002"]),
        ({"stage": PolicyStage.CO_EVALUATION}, ["BHF-0002"]),
        ({"status": IssueStatus.RESOLVED}, ["BHF-0003"]),
        ({"ward": "brixton hill"}, ["BHF-0001"]),
        ({"theme": "SAFETY"}, ["BHF-0002"]),
        ({"owner": "rhodri"}, ["LLF-0001"]),
        ({"mechanism": Mechanism.PETITION}, ["LLF-0002"]),
        ({"overdue_on": date(2026, 6, 1)}, ["LLF-0001"]),
        ({"forum": "BHF", "stage": PolicyStage.CO_DEFINITION}, ["BHF-0001", "BHF-0003"]),
    ],
)
def test_filters_combine(db, varied, criteria, expected) -> None:
    assert refs(db, **criteria) == expected


def test_meeting_filter(db, varied) -> None:
    assert refs(db, meeting_id=varied.meeting_id) == ["BHF-0001", "BHF-0002", "BHF-0003"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wyl", ["BHF-0002"]),  # diacritics folded: finds "Ffordd yr Ŵyl"
        ("ŴYL", ["BHF-0002"]),
        ("gulley", ["BHF-0001"]),  # comments are searched, prefixes match
        ("maes", ["LLF-0001"]),  # places are searched
        ("hwyr", ["LLF-0002"]),  # descriptions are searched
        ("lights wyl", ["BHF-0002"]),
        ("lights potholes", []),  # every word must match
    ],
)
def test_text_search(db, varied, text, expected) -> None:
    assert refs(db, text=text, sort="relevance") == expected


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "'",
        'lights"',
        "(",
        "AND",
        "NOT",
        "a OR",
        "*",
        "NEAR(a b)",
        "title:x",
        "^",
        "-",
        "{}",
        "'; DROP TABLE issue; --",
        "\\",
        "%",
        "_",
        "   ",
    ],
)
def test_anything_typed_is_safe_to_search(db, varied, hostile) -> None:
    with db.session() as s:
        page = list_issues(s, IssueFilter(text=hostile))
    assert page.total == len(page.items)
    assert refs(db) != []  # the table is still there


def test_deleted_issues_are_not_found_by_search_until_restored(db, varied) -> None:
    with db.session() as s:
        gone = issues.delete_issue(s, "BHF-0001")
    assert refs(db, text="gulley") == []
    with db.session() as s:
        issues.restore_issue(s, gone.id)
    assert refs(db, text="gulley") == ["BHF-0001"]


def test_edits_reach_the_search_index(db, varied) -> None:
    with db.session() as s:
        issues.edit_issue(s, "BHF-0003", {"title": "Llyfrgell opening hours"})
    assert refs(db, text="llyfrgell") == ["BHF-0003"]
    assert refs(db, text="library") == []


def test_sorting_is_done_in_the_natural_order(db, varied) -> None:
    assert refs(db, sort="stage") == ["BHF-0001", "BHF-0003", "LLF-0002", "LLF-0001", "BHF-0002"]
    assert refs(db, sort="support", descending=True)[0] == "LLF-0001"
    assert refs(db, sort="due")[:2] == ["LLF-0001", "LLF-0002"]
    assert refs(db, sort="title") == ["LLF-0001", "LLF-0002", "BHF-0003", "BHF-0001", "BHF-0002"]


def test_paging_returns_the_page_and_the_total(db, varied) -> None:
    with db.session() as s:
        page = list_issues(s, IssueFilter(limit=2, offset=2))
    assert [i.reference for i in page.items] == ["BHF-0003", "LLF-0001"]
    assert (page.total, page.offset) == (5, 2)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"sort": "colour"}, "Sort: 'colour' is not one of"),
        ({"limit": 0}, "Limit: must be between 1"),
        ({"offset": -1}, "Offset: "),
        ({"text": "x" * 201}, "Search: is 201 characters"),
    ],
)
def test_bad_list_requests_are_refused(db, varied, criteria, message) -> None:
    with pytest.raises(InvalidValue, match=message), db.session() as s:
        list_issues(s, IssueFilter(**criteria))
