"""The online deliberation's report, read back with pdftotext as a resident would read it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from forumdesk.core.engagements import base, deliberation
from forumdesk.db.store import Database
from forumdesk.reports.engagements import report_pdf
from tests.conftest import Sample
from tests.reports.test_minutes_discussed import pdf_text


def test_the_report_lists_contributions_supports_issues_and_the_outcome(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    with db.session() as s:
        made = base.add_engagement(
            s,
            "deliberation",
            forum="BHF",
            title="Ideas for the Hill",
            platform="Commonplace",
            wording="What would make the Hill better?",
        )
        export = (
            "id,title,text,author,votes,issue\n"
            "a,Benches on the Hill,Somewhere to rest,Nana_J,12,\n"
            f"b,Fix the potholes,Everywhere,cyclist,1204,{sample.issue_refs[0]}\n"
        )
        deliberation.import_contributions(s, made.id, export.encode(), "ideas.csv")
        base.edit_engagement(s, made.id, {"outcome": "Benches go in by the library in May."})
    with db.read_session() as s:
        text = pdf_text(report_pdf(s, made.reference, date(2026, 6, 1)), tmp_path)
    assert "Online deliberation: Ideas for the Hill" in text
    assert "Held on Commonplace" in text
    assert "2 contributions; 1,216 supports; 2 issues raised or supported" in text
    # Each row as the table shows it: title, supports, the issue, then the lines below.
    pothole = sample.issue_refs[0]
    assert f"Fix the potholes 1,204 {pothole} Potholes on Brixton Hill Everywhere" in text
    assert "Benches on the Hill 12 BHF-0004 Benches on the Hill Somewhere to rest" in text
    assert "Co-decision · Open" in text
    assert "Benches go in by the library in May." in text
    assert "Nana_J" not in text and "cyclist" not in text  # pseudonyms are personal data
