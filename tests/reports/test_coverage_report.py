"""The co-production audit PDF, read back with pdftotext as an officer would read it."""

from __future__ import annotations

import subprocess
from datetime import date

from forumdesk.reports.coverage import coverage_pdf
from tests.core.test_coverage import NOW, desk  # noqa: F401  (the crafted desk)
from tests.reports.helpers import embedded_fonts


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "audit.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_report_prints_the_summary_grid_gaps_and_charts(desk, tmp_path) -> None:  # noqa: F811
    with desk.read_session() as s:
        data = coverage_pdf(s, now=NOW)
    text = _text(data, tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Co-production audit" in lines
    assert "All forums · all dates · 1 June 2026" in lines
    assert "5 issues raised, 2 meetings held, 5 residents present." in lines
    assert "No options were co-formulated with residents in this period." in lines
    assert "4 problems were co-defined." in lines
    # The grid: the area forum's row, with the evaluation it usually serves marked a gap.
    area = next(line for line in lines if line.startswith("Area forum meeting"))
    assert area.split()[3:] == ["1", "issue", "–", "1", "issue", "–", "Gap"]
    assert sum(line.split().count("Gap") for line in lines) == 8
    assert "Referendum or ballot – – Gap – –" in lines
    assert "Community or user consultation" not in text  # no issue came by it
    for title in (
        "Issues in each stage",
        "Median days spent in each stage",
        "Issues raised per ward",
        "Responses given and issues resolved, per month",
        "Loop closed within 90 days: 1 of 4 issues (25%)",
    ):
        assert title in lines
    assert "Mar 2026" in text and "Responses given" in text  # months and the legend
    assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_period_and_forum_are_named(desk, tmp_path) -> None:  # noqa: F811
    with desk.read_session() as s:
        data = coverage_pdf(s, start=date(2026, 2, 1), end=date(2026, 2, 28), forum="AAA", now=NOW)
    text = " ".join(_text(data, tmp_path).split())
    assert "Alpha Area Forum · 1 February 2026 to 28 February 2026" in text
    assert "1 issue raised, 1 meeting held, 2 residents present." in text


def test_the_report_is_written_in_the_document_language(desk, tmp_path) -> None:  # noqa: F811
    with desk.read_session() as s:
        data = coverage_pdf(s, language="cy", now=NOW)
    text = " ".join(_text(data, tmp_path).split())
    assert (
        "Archwiliad cyd-gynhyrchu" in text and "Pob fforwm · pob dyddiad · 1 Mehefin 2026" in text
    )
    assert "Cyd-ddiffiniwyd 4 problem." in text
    assert text.count("Bwlch") == 8 + 1  # the gaps, and the legend that explains them
    assert "Maw 2026" in text  # months in Welsh
    assert "Gap" not in text and "issues" not in text
