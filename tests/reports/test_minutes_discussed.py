"""The minutes' "Issues discussed": earlier issues brought to the meeting, read back as a
clerk would (pdftotext), and approved minutes of before that section unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from forumdesk.core import discussion, forums, issues, meetings, minutes
from forumdesk.core.minutes import MinutesOptions
from forumdesk.db.models import MinutesVersion
from forumdesk.domain.language import Language
from forumdesk.reports import documents
from tests.reports.helpers import flat

DATA = Path(__file__).parent / "data"


@pytest.fixture
def october(db) -> int:
    """An issue raised in February and brought to the October meeting, where it moved."""
    with db.session() as s:
        forums.create_forum(s, code="LLF", name="Fforwm Llanfair")
        february = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-02-05")
        october = meetings.create_meeting(s, forum="LLF", format="area-forum", date="2026-10-08")
        lights = issues.record_issue(
            s, forum="LLF", title="Street lights on Ffordd yr Ŵyl", meeting=february.id
        )
        issues.record_issue(
            s,
            forum="LLF",
            title="Bins",
            description="Residents said the bins are emptied late on Heol y Dŵr.",
        )
        issues.record_issue(s, forum="LLF", title="New this evening", meeting=october.id)
        discussion.discuss(s, lights.id, october.id, note="The contractor has replaced two lamps.")
        discussion.discuss(s, "LLF-0002", october.id)
        issues.move_issue(s, lights.id, "co-evaluation", meeting=october.id)
        issues.change_status(s, lights.id, "resolved", meeting=october.id)
        issues.respond(s, lights.id, "All the lamps on Ffordd yr Ŵyl work again.")
    return october.id


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF as pdftotext reads it, whitespace made single."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_the_minutes_list_earlier_issues_with_what_was_said_done_and_told(
    db, october, tmp_path
) -> None:
    with db.session() as s:
        data = documents.minutes_pdf(s, october)
    text = pdf_text(data, tmp_path)
    order = [
        "Issues raised at the meeting",
        "New this evening",
        "Issues discussed",
        "LLF-0001 Street lights on Ffordd yr Ŵyl",
        "Raised at Fforwm Llanfair, 5 February 2026.",
        "Discussed: The contractor has replaced two lamps.",
        "Moved from Co-definition of problems to Co-evaluation at this meeting. "
        "Status changed from Open to Resolved at this meeting.",
        "You said: Street lights on Ffordd yr Ŵyl",
        "We did: All the lamps on Ffordd yr Ŵyl work again.",
        "LLF-0002 Bins",
        "You said: Residents said the bins are emptied late on Heol y Dŵr.",
        "We did: no response to residents is recorded yet.",
        "Issues moved to another stage at this meeting",
    ]
    position = 0
    for part in order:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order in {text!r}"
        position = found + len(part)
    assert "Now: 1. Co-definition of problems; open." in text  # LLF-0002 did not move


def test_minutes_in_welsh_say_it_in_welsh(db, october, tmp_path) -> None:
    with db.session() as s:
        content = minutes.minutes_snapshot(s, october, MinutesOptions(language=Language.WELSH))
    text = flat(documents.render_minutes(content))
    assert "Materion a drafodwyd" in text
    assert "Issues discussed" not in text
    assert content["issues_discussed"][0]["moved_to"] == "Cyd-werthuso"


def test_minutes_without_discussed_issues_have_no_such_section(db, sample) -> None:
    with db.session() as s:
        content = minutes.minutes_snapshot(s, sample.meeting_id)
        data = documents.minutes_pdf(s, sample.meeting_id)
    assert "issues_discussed" not in content
    assert "Issues discussed" not in flat(data)


def test_approval_seals_the_section_and_later_changes_wait_for_a_reopening(db, october) -> None:
    with db.session() as s:
        version = documents.approve(s, october, approved_by="Elin Wyn Jones")
        issues.respond(s, "LLF-0002", "Collections moved to Tuesday mornings.")
        sealed = flat(documents.minutes_pdf(s, october))
    assert [i["reference"] for i in version.content["issues_discussed"]] == [
        "LLF-0001",
        "LLF-0002",
    ]
    assert "We did: no response to residents is recorded yet." in sealed
    assert "Tuesday mornings" not in sealed  # the approved version says what it said
    with db.session() as s:
        minutes.reopen_minutes(s, october)
        draft = flat(documents.minutes_pdf(s, october))
    assert "We did: Collections moved to Tuesday mornings." in draft


def test_minutes_approved_before_the_section_existed_still_verify_unchanged(db, sample) -> None:
    """A PDF of format 2 exported before "Issues discussed": the same bytes again."""
    sealed = json.loads((DATA / "second-layout.json").read_text(encoding="utf-8"))
    exported = (DATA / "second-layout.pdf").read_bytes()
    with db.session() as s:
        s.add(
            MinutesVersion(
                meeting_id=sample.meeting_id,
                version=1,
                content=sealed["content"],
                content_hash=sealed["content_hash"],
                approved_by=sealed["approved_by"],
                approved_at=datetime.fromisoformat(sealed["approved_at"]),
            )
        )
        s.flush()
        checked = documents.verify_pdf(s, exported)
        again = documents.version_pdf(s, minutes.minutes_state(s, sample.meeting_id).versions[0])
    assert checked.ok, checked.message
    assert again == exported
