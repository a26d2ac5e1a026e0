"""The audit PDF's "Engagements and offers" table, read back as an officer would."""

from __future__ import annotations

import subprocess

from forumdesk.reports.coverage import coverage_pdf
from tests.core.test_coverage_engagements import SPRING, _activities


def test_the_report_prints_engagements_and_offers_by_stage(db, sample, tmp_path) -> None:
    _activities(db, sample)
    with db.read_session() as s:
        data = coverage_pdf(s, **SPRING)
    path = tmp_path / "audit.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = lines.index("Engagements and offers")
    table = lines[start : start + 12]
    petition = next(line for line in table if line.startswith("Petition"))
    # Co-definition: 2 engagements (3 issues); co-decision: 1 (1 issue); the rest empty.
    assert petition.split()[1:] == ["2", "engagements", "–", "1", "engagement", "–", "–"]
    offers = next(line for line in table if line.startswith("Residents"))
    assert offers.split()[2:] == ["–", "–", "–", "2", "offers", "–"]
    assert "3 issues" in " ".join(table) and "Policy jury" not in " ".join(table)
    assert (
        "Each engagement counts at the stage it served for each issue linked to it; kinds not "
        "run in the period are left out." in " ".join(lines)
    )
