"""The consultation summary PDF, read back with pdftotext as a resident would read it."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from forumdesk.core import preferences
from forumdesk.core.engagements import base, consultation
from forumdesk.db.store import Database
from forumdesk.reports.engagements import report_pdf
from tests.conftest import Sample
from tests.reports.helpers import embedded_fonts

TODAY = date(2026, 6, 15)


def _lines(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "consultation.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [" ".join(line.split()) for line in done.stdout.splitlines() if line.strip()]


def _consultation(db: Database, sample: Sample) -> str:
    with db.session() as s:
        ref = base.add_engagement(
            s,
            "consultation",
            forum="BHF",
            title="Parks and open spaces",
            opens=date(2026, 4, 1),
            closes=date(2026, 5, 31),
            questions=["Should the park open later?", "What is missing?"],
        ).reference
        consultation.record_responses(s, ref, "meeting", 12)
        consultation.record_responses(s, ref, "paper", 7, issue=sample.issue_refs[0])
        consultation.record_responses(s, ref, "online", 30, issue=sample.issue_refs[0])
        consultation.record_responses(s, ref, "online", 9, raise_title="Benches on the hill")
    return ref


def test_the_summary_says_what_was_asked_counted_raised_and_done(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    ref = _consultation(db, sample)
    with db.session() as s:
        consultation.write_up(
            s,
            ref,
            summary="Most want later opening.",
            you_said_we_did="You said later; we now open till 9pm.",
        )
    with db.read_session() as s:
        data = report_pdf(s, ref, TODAY)
    lines = _lines(data, tmp_path)
    # 12 + 7 + 30 + 9 = 58 responses; 46 coded (37 to the potholes, 9 raised benches)
    for expected in (
        "Brixton Hill Area Forum",
        "Consultation summary: Parks and open spaces",
        f"{ref} · Open from 1 April 2026 to 31 May 2026",
        "What we asked",
        "1. Should the park open later?",
        "2. What is missing?",
        "58 responses in all, 46 of them coded to an issue.",
        "At a meeting 12",
        "On paper 7",
        "Online 39",
        "In all 58",
        "12 responses were not coded to an issue.",
        "Most want later opening.",
        "You said later; we now open till 9pm.",
        f"Consultation summary · {ref} · made on 15 June 2026",
    ):
        assert expected in lines, expected
    raised = [line for line in lines if line.startswith(("BHF-0001", "BHF-0004"))]
    assert raised == [
        "BHF-0001 Potholes on Brixton Hill Supported by it 0 7 30 37",
        "BHF-0004 Benches on the hill Raised by it 0 0 9 9",
    ]
    assert embedded_fonts(data) and not any("NOT EMBEDDED" in f for f in embedded_fonts(data))


def test_an_unfinished_consultation_says_what_is_still_to_come(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    with db.session() as s:
        ref = base.add_engagement(s, "consultation", forum=None, title="Budget 2027").reference
        preferences.set_setting(s, "document_language", "cy")
    with db.read_session() as s:
        data = report_pdf(s, ref, TODAY)
    text = "\n".join(_lines(data, tmp_path))
    assert "Budget 2027" in text
    assert "Crynodeb o’r ymgynghoriad: Budget 2027" in text  # in Welsh, as the setting says
    with db.session() as s:
        preferences.set_setting(s, "document_language", "en")
    with db.read_session() as s:
        text = "\n".join(_lines(report_pdf(s, ref, TODAY), tmp_path))
    for expected in (
        "Council-wide",
        "No questions were recorded.",
        "0 responses in all, 0 of them coded to an issue.",
        "No responses were coded to an issue.",
        "The summary has not been written yet.",
        "The council's response has not been written yet.",
    ):
        assert expected in text, expected
