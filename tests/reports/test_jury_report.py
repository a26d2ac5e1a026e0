"""The jury report read back as its reader would: the draw re-run by hand from the printed
pool and seed gives the printed jurors."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from forumdesk.core import forums, issues
from forumdesk.core.engagements import base, jury, jury_sessions
from forumdesk.db.store import Database
from forumdesk.reports.engagements import report_pdf
from tests.conftest import Sample


def _text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the report back")
    path = tmp_path / "jury.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_jury_report_lets_a_reader_rerun_the_draw(
    db: Database, sample: Sample, tmp_path: Path
) -> None:
    with db.session() as s:
        forums.edit_forum(s, sample.forum_code, {"wards": ["North", "South", "West"]})
        made = base.add_engagement(
            s, "jury", forum=sample.forum_code, title="Traffic", wording="How to share streets?"
        )
        for n in range(9):
            named = n != 4
            ward = ("North", "South", "West")[n % 3]
            jury.add_volunteer(
                s, made.id, ward=ward, name=f"Res {n}" if named else None, consent_named=named
            )
        jury.draw(s, made.id, size=4, seed="Forum 4 May", witnesses=["Cllr A", "Mr B"])
        held = jury_sessions.add_session(s, made.id, day=date(2026, 6, 20), title="Evidence")
        jury_sessions.add_witness(
            s, made.id, "Sgt Helen Moss", meeting=held.id, evidence="Collisions"
        )
        first = jury_sessions.recommend(s, made.id, "School streets", today=date(2026, 6, 20))
        jury_sessions.recommend(s, made.id, "Bus gate", today=date(2026, 6, 20))
        issues.respond(s, first.id, "Agreed from January.")
    with db.read_session() as s:
        text = _text(report_pdf(s, made.reference, date(2026, 11, 30)), tmp_path)
    assert "Policy jury report: Traffic" in text and "How to share streets?" in text
    assert "Seed: Forum 4 May" in text and "Witnessed by: Cllr A, Mr B" in text
    assert re.search(r"North\s+3\s+2", text) and re.search(r"South\s+3\s+1", text)
    assert re.search(r"Evidence\s+Sgt Helen Moss: Collisions", text)
    assert re.search(r"School streets\s+15 August 2026\s+\d+ \w+ \d{4}: Agreed from", text)
    assert re.search(r"Bus gate\s+15 August 2026\s+Overdue: none given yet", text)
    # The reader's re-run: the pool as printed, the groups in alphabetical order.
    section = text.split("How anyone can re-run the draw")[1]
    pool = re.findall(r"^\s*(\d+)\s+(North|South|West)\s*$", section, re.MULTILINE)
    assert [int(n) for n, _ward in pool] == list(range(1, 10))
    rng = random.Random("Forum 4 May")
    by_hand: list[int] = []
    for group, quota in (("North", 2), ("South", 1), ("West", 1)):
        members = [int(n) for n, ward in pool if ward == group]
        for _n in range(quota):
            by_hand.append(members.pop(int(rng.random() * len(members))))
    jurors_part = text.split("The jurors")[1].split("How anyone")[0]
    printed = [int(n) for n in re.findall(r"^\s*(\d+)\s+(?:Res \d|not named)", jurors_part, re.M)]
    assert printed == by_hand
    assert "Res 4" not in text  # named only with consent
