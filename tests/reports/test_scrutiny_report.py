"""The scrutiny review's report, read back with pdftotext as a resident would read it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from forumdesk.core import forums, meetings
from forumdesk.core.engagements import base, scrutiny
from forumdesk.db.store import Database
from forumdesk.reports.engagements import report_pdf
from tests.reports.helpers import embedded_fonts


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF as pdftotext reads it, whitespace made single."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    path = tmp_path / "review.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_the_report_names_only_consenting_members_and_gives_each_response(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Ardal Llanfair")
        review = base.add_engagement(
            s,
            "scrutiny",
            forum="LLF",
            title="Parking on Ffordd yr Ŵyl",
            committee="Place Scrutiny Committee",
            wording="How parking near the school could be made safer.",
        ).id
        scrutiny.coopt(
            s,
            review,
            name="Siân Ŵyn",
            consent_named=True,
            voting=True,
            term_from="2026-05-01",
            term_to="2027-04-30",
            interests="Governor of Ysgol Llanfair",
        )
        scrutiny.coopt(s, review, interests="Owns a shop on the high street")
        scrutiny.add_session(s, review, "2026-06-09", title="Evidence from parents", venue="Neuadd")
        meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-06-10")
        answered = scrutiny.recommend(
            s, review, title="A school street at drop-off", stage="co-formulation"
        ).reference
        scrutiny.recommend(
            s, review, title="Review it after a year", stage="co-evaluation", made_on="2026-01-05"
        )
        scrutiny.respond(s, review, answered, "Agreed: a trial starts in January.")
    with db.read_session() as s:
        data = report_pdf(s, review, date(2026, 11, 30))
    shown = pdf_text(data, tmp_path)
    assert "Scrutiny review: Parking on Ffordd yr Ŵyl" in shown
    assert "Place Scrutiny Committee · Fforwm Ardal Llanfair" in shown
    assert "How parking near the school could be made safer." in shown
    assert (
        "2 co-opted residents (1 voting); 1 evidence session; 2 recommendations; "
        "1 answered by the executive; 1 response overdue." in shown
    )
    assert "Siân Ŵyn Voting 1 May 2026 to 30 Apr 2027 Governor of Ysgol" in shown
    # Not named: neither the name nor interests that could make them known.
    assert "A co-opted resident (not named) Non-voting Not set Kept by the council" in shown
    assert "shop on the high street" not in shown
    assert "9 June 2026 Evidence from parents Neuadd" in shown
    assert "area-forum" not in shown and "10 June" not in shown  # not a session of the review
    assert "A school street at drop-off Co-formulation" in shown
    assert "Agreed: a trial starts in January." in shown
    # Made 5 January: due 5 March, overdue on 30 November.
    assert "Review it after a year Co-evaluation 5 Mar 2026 Overdue: no response yet." in shown
    assert embedded_fonts(data) and not any(f.startswith("NOT") for f in embedded_fonts(data))
