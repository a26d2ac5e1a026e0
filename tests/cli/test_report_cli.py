"""`forumdesk report feedback`: the "you said, we did" PDF from the command line, read back
with pdftotext as an officer's PDF reader would show it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date, timedelta

import pytest

TODAY = date.today()


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed to read the report back: apt-get install poppler-utils")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _days_ago(db, reference: str, days: int) -> None:
    """Moves an issue's raising back in time, as if raised ``days`` days ago."""
    when = f"{(TODAY - timedelta(days=days)).isoformat()} 10:00:00.000000"
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE issue SET created_at = ? WHERE reference = ?", (when, reference))


@pytest.fixture
def desk(cli):
    assert cli("forum", "add", "BHF", "Brixton Hill Area Forum")[0] == 0
    assert cli("forum", "add", "LLF", "Fforwm Llanfair")[0] == 0
    cli("issue", "add", "BHF", "Potholes on Brixton Hill")  # BHF-0001: answered
    cli("issue", "add", "BHF", "Street lights out on Ffordd yr Ŵyl")  # BHF-0002: waits
    cli("issue", "add", "BHF", "Library hours")  # BHF-0003: waits, overdue
    assert cli("issue", "respond", "BHF-0001", "We filled the potholes in May.")[0] == 0
    _days_ago(cli.db, "BHF-0001", 50)
    _days_ago(cli.db, "BHF-0002", 40)
    _days_ago(cli.db, "BHF-0003", 30)
    due = (TODAY - timedelta(days=3)).isoformat()
    with sqlite3.connect(cli.db) as connection:
        connection.execute("UPDATE issue SET response_due = ? WHERE reference = 'BHF-0003'", (due,))
    return cli


def test_the_report_shows_responses_and_the_issues_still_waiting(desk, tmp_path) -> None:
    out = tmp_path / "feedback.pdf"
    code, said, err = desk("report", "feedback", "--forum", "bhf", "--out", str(out))
    assert (code, err) == (0, "") and f"Report written to {out}." in said
    text = pdf_text(out)
    assert "You said, we did — Brixton Hill Area Forum — all dates" in text
    assert "We filled the potholes in May." in text
    assert "3 issues raised; 1 with a response; 2 awaiting a response, 1 of them overdue" in text
    due = TODAY - timedelta(days=3)
    done = text[: text.index("Still awaiting a response")]
    assert f"No response yet. Response overdue: it was due {due.day} " in done
    waiting = text[text.index("Still awaiting a response") :]
    assert "BHF-0002 Street lights out on Ffordd yr Ŵyl raised" in waiting
    assert "40 days no date set" in waiting
    assert "30 days OVERDUE: was due" in waiting
    assert "BHF-0001" not in waiting
    # The overdue first, though BHF-0002 has waited longer.
    assert waiting.index("BHF-0003") < waiting.index("BHF-0002")


def test_a_period_leaves_out_issues_raised_outside_it(desk, tmp_path) -> None:
    out = tmp_path / "feedback.pdf"
    start = (TODAY - timedelta(days=45)).isoformat()
    end = (TODAY - timedelta(days=35)).isoformat()
    code, _, _ = desk(
        "report", "feedback", "--forum", "BHF", "--from", start, "--to", end, "--out", str(out)
    )
    assert code == 0
    text = pdf_text(out)
    assert "BHF-0002" in text and "BHF-0001" not in text and "BHF-0003" not in text
    assert "1 issue raised; 0 with a response; 1 awaiting a response" in text


def test_an_empty_period_and_a_forum_without_meetings_still_make_a_report(desk, tmp_path) -> None:
    out = tmp_path / "llf.pdf"
    assert desk("report", "feedback", "--forum", "LLF", "--out", str(out))[0] == 0
    text = pdf_text(out)
    assert "No issues were raised at this forum in this period." in text
    assert "No issue raised in this period awaits a response." in text
    assert "0 meetings held in the period" in text


@pytest.mark.parametrize(
    ("words", "code", "message"),
    [
        (("--forum", "XYZ"), 3, "There is no forum with code 'XYZ'."),
        (
            ("--forum", "BHF", "--from", "2026-05-01", "--to", "2026-04-01"),
            3,
            "The period cannot start on 2026-05-01, after its end on 2026-04-01",
        ),
        (("--forum", "BHF", "--from", "2026-13-01"), 2, "is not a date like 2026-03-04"),
    ],
)
def test_refusals_say_why_and_write_nothing(desk, tmp_path, capsys, words, code, message) -> None:
    out = tmp_path / "feedback.pdf"
    try:
        done, said, err = desk("report", "feedback", *words, "--out", str(out))
    except SystemExit as usage:  # argparse's own refusal, on stderr
        done, (said, err) = usage.code, capsys.readouterr()
    assert done == code and message in err and said == ""
    assert "Traceback" not in err and not out.exists()


def test_an_unwritable_out_is_a_sentence_and_leaves_no_file(desk, tmp_path) -> None:
    missing = tmp_path / "no such folder" / "feedback.pdf"
    code, _, err = desk("report", "feedback", "--forum", "BHF", "--out", str(missing))
    assert code == 1 and "cannot be written: no such file or directory." in err
    assert not missing.parent.exists()
    code, _, err = desk("report", "feedback", "--forum", "BHF", "--out", str(tmp_path))
    assert code == 3 and "is a folder" in err


def test_the_report_is_written_in_the_document_language(desk, tmp_path) -> None:
    assert desk("config", "set", "document_language", "cy")[0] == 0
    out = tmp_path / "adborth.pdf"
    assert desk("report", "feedback", "--forum", "BHF", "--out", str(out))[0] == 0
    text = pdf_text(out)
    assert "Dywedoch chi, gwnaethom ni — Brixton Hill Area Forum — pob dyddiad" in text
    assert "Yn dal i aros am ymateb" in text and "40 diwrnod" in text


def test_a_response_can_say_when_the_next_is_due(desk, tmp_path) -> None:
    later = (TODAY + timedelta(days=14)).isoformat()
    code, said, _ = desk("issue", "respond", "BHF-0002", "Highways will visit.", "--due", later)
    assert code == 0 and f"the next is due on {later}" in said
    out = tmp_path / "feedback.pdf"
    assert desk("report", "feedback", "--forum", "BHF", "--out", str(out))[0] == 0
    waiting = pdf_text(out).split("Still awaiting a response")[1]
    assert "BHF-0002 Street lights out on Ffordd yr Ŵyl last response" in waiting
    code, _, err = desk("issue", "respond", "BHF-0002", "Too soon", "--due", TODAY.isoformat())
    assert code == 3 and "must be due after the day of this one" in err
    code, said, _ = desk("issue", "respond", "BHF-0002", "Visited and fixed.")
    assert code == 0 and said == "Response to residents recorded.\n"
    assert desk("report", "feedback", "--forum", "BHF", "--out", str(out))[0] == 0
    assert "BHF-0002" not in pdf_text(out).split("Still awaiting a response")[1]
