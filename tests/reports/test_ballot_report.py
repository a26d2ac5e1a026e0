"""The ballot result as published, read back with pdftotext as a resident would read it."""

from __future__ import annotations

import subprocess
from datetime import date

from forumdesk.core.engagements import ballot, base
from forumdesk.reports.engagements import report_pdf
from tests.conftest import Sample
from tests.reports.helpers import flat


def _read(data: bytes, tmp_path) -> str:
    path = tmp_path / "ballot.pdf"
    path.write_bytes(data)
    made = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(made.stdout.split())


def _ballot(db, sample: Sample) -> int:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "ballot",
            forum=sample.forum_code,
            title="Elm Road play street",
            wording="Should Elm Road close to traffic on Sundays?",
            options=["Yes", "No"],
            electorate=800,
            rule="threshold",
            rule_threshold=60,
            binding=True,
            opens=date(2026, 6, 1),
            closes=date(2026, 6, 14),
        )
        base.link_issue(s, made.id, sample.issue_refs[0], "co-decision", "result")
        ballot.enter_box(s, made.id, "St Saviour's Hall", {"Yes": 150, "No": 70}, spoilt=6)
        ballot.enter_box(s, made.id, "Library", {"Yes": 90, "No": 90}, spoilt=2)
    return made.id


def test_the_result_is_published_with_boxes_totals_turnout_and_the_rule(
    db, sample: Sample, tmp_path
) -> None:
    ident = _ballot(db, sample)
    with db.session() as s:
        ballot.declare(s, ident)
        data = report_pdf(s, ident, date(2026, 6, 15))
    page = _read(data, tmp_path)
    for said in (
        "Ballot result: Elm Road play street",
        "voting from 1 June 2026 to 14 June 2026 · binding · published 15 June 2026",
        "Should Elm Road close to traffic on Sundays?",
        "An option wins with at least 60% of the valid ballots. "
        "The result is binding on the council.",
        "St Saviour's Hall 150 70 6 226",
        "Library 90 90 2 182",
        "All boxes 240 160 8 408",
        "Yes 240 60.0%",
        "Valid ballots: 400",
        "Spoilt ballots: 8",
        "Turnout: 408 ballots cast of an electorate of 800: a turnout of 51.0%",
        "Yes won with 240 ballots (60.0% of the valid ballots).",
        f"{sample.issue_refs[0]} Potholes on Brixton Hill",
    ):
        assert said in page, said
    assert "DRAFT" not in flat(data) and "not been declared" not in page


def test_a_count_not_yet_declared_is_marked_as_a_draft(db, sample: Sample, tmp_path) -> None:
    ident = _ballot(db, sample)
    with db.read_session() as s:
        data = report_pdf(s, ident, date(2026, 6, 15))
    page = _read(data, tmp_path)
    assert "DRAFT" in flat(data)  # the rotated mark across the page
    assert "This result has not been declared: it is the count so far." in page
