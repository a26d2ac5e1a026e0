"""The issue log CSV: opens in spreadsheets, defuses formulas, imports edits all or nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from forumdesk.core import issues
from forumdesk.core.issue_query import list_issues
from forumdesk.domain.enums import IssueStatus, PolicyStage
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.records import IssueFilter
from forumdesk.exchange import csv_log
from tests.helpers import table_rows


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def test_the_csv_opens_in_spreadsheets_with_welsh_intact(db, sample) -> None:
    with db.session() as s:
        data = csv_log.export_csv(s, IssueFilter(forum="BHF"))
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = rows_of(data)
    assert rows[0][:4] == ["Reference", "Uuid", "Title", "Description"]
    assert rows[2][2] == "Street lights out on Ffordd yr Ŵyl"
    assert rows[1][12] == "0"  # support, a number


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])  # stored text never starts with a tab
def test_formulas_are_defused_and_come_back_as_typed(db, sample, start) -> None:
    typed = f"{start}SUM(A1:A9) cmd|' /C calc'!A0"
    with db.session() as s:
        issues.edit_issue(s, "BHF-0001", {"title": typed.strip() or "x", "description": typed})
        data = csv_log.export_csv(s, IssueFilter())
    cell = rows_of(data)[1][3]
    assert cell == "'" + typed
    with db.session() as s:
        report = csv_log.import_csv(s, data)
        assert issues.get_issue(s, "BHF-0001").description == typed
    assert report.created == [] and report.updated == []


def test_an_edited_spreadsheet_is_applied(db, sample) -> None:
    with db.session() as s:
        rows = rows_of(csv_log.export_csv(s, IssueFilter()))
    header = rows[0]
    rows[1][header.index("Status")] = "Resolved"
    rows[2][header.index("Stage")] = "3"
    rows.append(
        [
            "",
            "",
            "Dog fouling on the school route",
            "",
            "BHF",
            "",
            "Brixton Hill",
            "",
            "Environment",
            "",
            "",
            "",
            "7",
            "",
            "2026-09-01",
            "",
        ]
    )
    with db.session() as s:
        report = csv_log.import_csv(s, write(rows))
    assert report.created == ["BHF-0004"] and report.updated == ["BHF-0001", "BHF-0002"]
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0001").status is IssueStatus.RESOLVED
        assert issues.get_issue(s, "BHF-0002").stage is PolicyStage.CO_DECISION
        made = issues.get_issue(s, "BHF-0004")
    assert (made.support, made.themes, str(made.due_date)) == (7, ("Environment",), "2026-09-01")


def test_uk_dates_as_excel_saves_them_are_read_day_first(db, sample) -> None:
    """Excel in an en-GB locale opens the ISO dates of export-csv as dates and saves them
    back as DD/MM/YYYY."""
    with db.session() as s:
        rows = rows_of(csv_log.export_csv(s, IssueFilter()))
    header = rows[0]
    due = header.index("Due")
    rows[1][due] = "31/12/2026"
    rows[2][due] = "1/2/2027"
    rows[3][due] = "2027-03-04"
    with db.session() as s:
        report = csv_log.import_csv(s, write(rows))
    assert report.updated == ["BHF-0001", "BHF-0002", "BHF-0003"]
    with db.session() as s:
        found = [str(issues.get_issue(s, f"BHF-000{n}").due_date) for n in (1, 2, 3)]
    assert found == ["2026-12-31", "2027-02-01", "2027-03-04"]


def test_columns_are_matched_by_name_whatever_their_case_and_order(db, sample) -> None:
    data = write(
        [[" TITLE ", "forum", "Due_Date", "stage"], ["Broken bench", "BHF", "", "co-formulation"]]
    )
    with db.session() as s:
        assert csv_log.import_csv(s, data).created == ["BHF-0004"]
        assert issues.get_issue(s, "BHF-0004").stage is PolicyStage.CO_FORMULATION


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Title,Forum\r\nLlyfrgell,BHF\r\n".encode("utf-16"), "not UTF-8"),
        (write([["Forum", "Stage"], ["BHF", "1"]]), "no Title column (line 1)"),
        (
            write(
                [["Title", "Forum", "Due"], ["Ok", "BHF", ""], ["Bad date", "BHF", "12/31/2026"]]
            ),
            "Line 3: Due: '12/31/2026' is not a date like 2026-12-31 or 31/12/2026",
        ),
        (
            write([["title", "forum", "DUE"], ["Bad date", "BHF", "31.12.2026"]]),
            "Line 2: DUE: '31.12.2026' is not a date like 2026-12-31 or 31/12/2026",
        ),
        (
            write([["Title", "Forum", "Due"], ["Long ago", "BHF", "31/12/1850"]]),
            "Line 2: Due: 1850-12-31 is not a plausible date",
        ),
        (
            write([["Title", "Forum", "Support"], ["Many", "BHF", "lots"]]),
            "Line 2: Support: 'lots' is not a whole number",
        ),
        (
            write([["Title", "Forum"], ["No such forum", "ZZZ"]]),
            "Line 2: There is no forum with code 'ZZZ'.",
        ),
        (
            write([["Title", "Forum", "Stage"], ["Odd stage", "BHF", "co-dreaming"]]),
            "Line 2: 'co-dreaming' is not one of",
        ),
        (
            write(
                [
                    ["Title", "Forum", "Notes"],  # a column the log ignores
                    ["Ok", "BHF", "short"],
                    ["Long", "BHF", "ŵ" * 20_001],
                ]
            ),
            "Line 3: the Notes cell is 20,001 characters long; no field of an issue "
            "may be longer than 20,000 characters",
        ),
        (
            write([["Title", "Forum", "Notes"], ["Ok", "BHF", ""], ["Huge", "BHF", "x" * 140_000]]),
            "Line 3: the Notes cell is more than 131,072 characters long",
        ),
        (
            write([["Title", "Forum"], ["Ok", "BHF"], ["Huge\nline", "BHF" + "y" * 200_000]]),
            "Line 3: the Forum cell is more than 131,072 characters long",
        ),
        (
            "Teitl|Fforwm\r\nLlyfrgell|BHF\r\n".encode("utf-8-sig"),
            "Line 1 of the CSV file names none of the issue log's columns",
        ),
        (
            write([["Forum", "Title", "Title"], ["BHF", "One", "Two"]]),
            "Line 1 of the CSV file names the column Title more than once",
        ),
        (
            write([["Reference", "Title"], ["BHF-0001", "First"], ["BHF-0001", "Second"]]),
            "Line 3: BHF-0001 is also on line 2",
        ),
        (
            b'Forum,Title\r\nBHF,"unterminated\r\n',
            'Line 2: a quote (") opens a cell that is never closed',
        ),
    ],
    ids=[
        "wrong-encoding",
        "missing-column",
        "bad-date",
        "bad-date-named-as-headed",
        "implausible-uk-date",
        "bad-support",
        "unknown-forum",
        "bad-stage",
        "over-the-domain-limit",
        "over-the-csv-module-limit",
        "over-the-limit-after-a-multiline-cell",
        "unknown-delimiter",
        "column-twice",
        "issue-twice",
        "open-quote",
    ],
)
def test_bad_files_are_refused_whole_with_line_numbers(db, sample, data, message):
    before = table_rows(db.url)
    with pytest.raises(InputRefused, match=re.escape(message)), db.session() as s:
        csv_log.import_csv(s, data)
    assert table_rows(db.url) == before
    with db.session() as s:
        assert list_issues(s, IssueFilter()).total == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            write([["Title", "Forum"], ["Two-line\ncell", "BHF"], ["No such forum", "ZZZ"]]),
            "Line 4: There is no forum with code 'ZZZ'.",
        ),
        (
            write(
                [
                    ["Title", "Forum", "Notes"],
                    ["Three", "BHF", "a\nb\nc"],
                    ["", "", ""],  # a blank line in between
                    ["Long", "BHF", "ŵ" * 20_001],
                ]
            ),
            "Line 6: the Notes cell is 20,001 characters long",
        ),
        (
            write([["Title", "Forum"], ["Two\nlines", "BHF"], ["Huge", "BHF" + "y" * 140_000]]),
            "Line 4: the Forum cell is more than 131,072 characters long",
        ),
        (
            b'sep=;\r\nTitle;Forum\r\n"Two\r\nlines";BHF\r\nOdd;ZZZ\r\n',
            "Line 5: There is no forum with code 'ZZZ'.",
        ),
    ],
    ids=["after-a-two-line-cell", "after-a-three-line-cell", "unreadable", "after-a-sep-line"],
)
def test_line_numbers_are_the_lines_a_text_editor_shows(db, sample, data, message) -> None:
    """A cell of several lines takes several lines of the file: a row after it is named
    by the line it starts on, as a text editor numbers it."""
    with pytest.raises(InputRefused) as refused, db.session() as s:
        csv_log.import_csv(s, data)
    assert f"\n  {message}" in str(refused.value)


@pytest.mark.parametrize(
    ("delimiter", "hint"),
    [(";", False), ("\t", False), (";", True), (",", True)],
    ids=["semicolon", "tab", "excel-sep-line", "excel-sep-comma"],
)
def test_semicolon_and_tab_files_from_spreadsheets_are_read(db, sample, delimiter, hint) -> None:
    """A spreadsheet in a locale whose decimal mark is the comma writes semicolons."""
    out = io.StringIO()
    if hint:
        out.write(f"sep={delimiter}\r\n")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Reference", "Title", "Forum", "Place", "Description", "Support"])
    writer.writerow(["BHF-0001", "Tyllau ar Ffordd yr Ŵyl; eto", "BHF", "Pen-y-bryn", "", "12"])
    writer.writerow(
        ["", "Goleuadau stryd, Heol y Dŵr", "BHF", "Tŷ Gwyn", "Llinell 1\nLlinell 2", 3]
    )
    data = ("\ufeff" + out.getvalue()).encode("utf-8")  # "CSV UTF-8" as Excel saves it
    with db.session() as s:
        report = csv_log.import_csv(s, data)
    assert (report.created, report.updated) == (["BHF-0004"], ["BHF-0001"])
    with db.session() as s:
        edited, made = issues.get_issue(s, "BHF-0001"), issues.get_issue(s, "BHF-0004")
    assert (edited.title, edited.place, edited.support) == (
        "Tyllau ar Ffordd yr Ŵyl; eto",
        "Pen-y-bryn",
        12,
    )
    assert (made.title, made.place, made.description, made.support) == (
        "Goleuadau stryd, Heol y Dŵr",
        "Tŷ Gwyn",
        "Llinell 1\nLlinell 2",
        3,
    )


@pytest.mark.parametrize("typed", ["'=SUM(A1:A9)", "'hello", "''", "'+44 20 7946 0000"])
def test_text_that_really_starts_with_an_apostrophe_comes_back_as_typed(db, sample, typed) -> None:
    with db.session() as s:
        issues.edit_issue(s, "BHF-0001", {"title": typed, "description": typed})
        data = csv_log.export_csv(s, IssueFilter())
    assert rows_of(data)[1][2] == "'" + typed  # one more apostrophe, taken off on reading
    with db.session() as s:
        report = csv_log.import_csv(s, data)
        issue = issues.get_issue(s, "BHF-0001")
    assert (issue.title, issue.description) == (typed, typed)
    assert report.updated == []


def test_an_apostrophe_a_person_typed_before_other_text_is_kept(db, sample) -> None:
    with db.session() as s:
        csv_log.import_csv(s, write([["Reference", "Title"], ["BHF-0001", "'tis the season"]]))
        assert issues.get_issue(s, "BHF-0001").title == "'tis the season"


def test_a_megabyte_cell_is_refused_naming_its_line_and_column(db, sample) -> None:
    huge = ["Huge", "BHF", "x" * 2**20]
    data = write([["Title", "Forum", "Description"], ["Ok", "BHF", ""], huge])
    before = table_rows(db.url)
    with pytest.raises(InputRefused) as refused, db.session() as s:
        csv_log.import_csv(s, data)
    assert "Line 3: the Description cell is more than 131,072 characters long" in str(refused.value)
    assert "field limit" not in str(refused.value)
    assert table_rows(db.url) == before


def test_a_row_with_more_cells_than_the_header_is_refused_by_line(db, sample) -> None:
    wide = ["Wide", "BHF", "a ward", *(f"cell {n}" for n in range(497))]
    data = write([["Title", "Forum", "Ward"], ["Ok", "BHF", ""], wide])
    before = table_rows(db.url)
    with pytest.raises(InputRefused) as refused, db.session() as s:
        csv_log.import_csv(s, data)
    assert "Line 3: the row has 500 cells but the header names 3 columns" in str(refused.value)
    assert table_rows(db.url) == before


def test_empty_cells_past_the_last_column_are_no_loss(db, sample) -> None:
    with db.session() as s:
        report = csv_log.import_csv(s, write([["Title", "Forum"], ["Trailing", "BHF", "", " "]]))
    assert len(report.created) == 1


def test_a_reference_and_a_uuid_that_name_two_issues_are_refused(db, sample) -> None:
    with db.read_session() as s:
        second = issues.get_issue(s, "BHF-0002").uuid
    before = table_rows(db.url)
    data = write([["Reference", "UUID", "Title"], ["BHF-0001", second, "Renamed"]])
    with pytest.raises(InputRefused, match="name two different issues"), db.session() as s:
        csv_log.import_csv(s, data)
    assert table_rows(db.url) == before


def test_the_csv_carries_the_latest_response_and_when_the_next_is_due(db, sample) -> None:
    from datetime import date, timedelta

    a, b, c = sample.issue_refs
    with db.session() as s:
        issues.respond(s, a, "We asked Highways")
        issues.respond(s, a, "=Resurfaced in May")  # the latest; a formula start, defused
        issues.edit_issue(s, b, {"response_due": "2026-04-01"})
        data = csv_log.export_csv(s, IssueFilter(), today=date(2026, 5, 1))
    rows = rows_of(data)
    header = rows[0]
    assert header[-4:] == ["Response", "Response Date", "Response Due", "Response Overdue"]
    assert header[:16] == [c.title() for c in csv_log.COLUMNS[:16]]  # earlier columns kept
    got = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert got[a]["Response"] == "'=Resurfaced in May"
    assert got[a]["Response Date"] == date.today().isoformat()  # the day it was recorded
    assert (got[a]["Response Due"], got[a]["Response Overdue"]) == ("", "")
    assert (got[b]["Response"], got[b]["Response Due"]) == ("", "2026-04-01")
    assert got[b]["Response Overdue"] == "overdue"  # due 1 April, none given by 1 May
    assert got[c]["Response Overdue"] == ""  # awaited, but no day was set
    # Read back: unchanged; a Response Due edited in the spreadsheet is applied.
    later = (date.today() + timedelta(days=20)).isoformat()
    rows[2][header.index("Response Due")] = later
    rows[3][header.index("Response")] = "Typed into the spreadsheet"  # not a response
    with db.session() as s:
        report = csv_log.import_csv(s, write(rows))
        assert report.updated == [b] and report.unchanged == 2
        assert str(issues.get_issue(s, b).response_due) == later
        kinds = [e.kind.value for e in issues.issue_detail(s, c).timeline]
    assert "response" not in kinds


def test_a_new_row_with_a_response_due_is_recorded_with_it(db, sample) -> None:
    data = write(
        [["Title", "Forum", "Stage", "Response Due"], ["Bus shelter", "BHF", "", "2027-01-15"]]
    )
    with db.session() as s:
        assert csv_log.import_csv(s, data).created == ["BHF-0004"]
    with db.read_session() as s:
        assert issues.get_issue(s, "BHF-0004").response_due == date(2027, 1, 15)


def test_bilingual_headers_are_welsh_first_in_one_row_and_read_back(db, sample) -> None:
    with db.session() as s:
        rows = rows_of(csv_log.export_csv(s, IssueFilter(), language="bilingual"))
        welsh = rows_of(csv_log.export_csv(s, IssueFilter(), language="cy"))[0]
    header = rows[0]
    assert header[:3] == ["Cyfeirnod / Reference", "Uuid", "Teitl / Title"]
    assert "Statws / Status" in header and len(header) == len(csv_log.COLUMNS)
    assert welsh[0] == "Cyfeirnod"
    rows[1][header.index("Statws / Status")] = "Resolved"
    with db.session() as s:
        report = csv_log.import_csv(s, write(rows))
    assert report.updated == ["BHF-0001"]
    with db.session() as s:
        assert issues.get_issue(s, "BHF-0001").status is IssueStatus.RESOLVED
