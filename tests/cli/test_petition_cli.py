"""`forumdesk engagement signatures|petitioner|sheets|report` for a petition, read back as an
officer would see it (sentences on the terminal, PDFs through pdftotext)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from forumdesk.domain.language import INTERFACE, day_month_year


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed to read the PDF back: apt-get install poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def ref(cli) -> str:
    """A BHF petition (500 for a response, 30 days to respond) and a planned meeting."""
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    cli("meeting", "add", "BHF", "--format", "area-forum", "--date", "2099-01-15")
    code, out, err = cli(
        "engagement", "add", "petition", "--forum", "BHF", "--title", "Save Brixton Library",
        "--wording", "We ask the council to keep Brixton Library open on Sundays.",
        "--opens", "2026-03-01", "--closes", "2026-05-31",
        "--threshold-response", "500", "--response-days", "30", "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["reference"]


def test_sheets_and_online_totals_reach_the_threshold_and_say_so(cli, ref) -> None:
    assert cli("engagement", "signatures", ref, "--sheet", "1", "--count", "20")[1] == (
        "Sheet 1 entered: 20 signatures.\nThe petition has 20 signatures (20 on paper, 0 online).\n"
    )
    code, out, err = cli("engagement", "signatures", ref, "--sheet", "1", "--count", "19")
    assert (code, out) == (3, "")
    assert "Sheet 1 is already entered, with 20 signatures" in err
    code, out, _ = cli(
        "engagement", "signatures", ref, "--sheet", "1", "--count", "19", "--replace"
    )
    assert code == 0 and out.startswith("Sheet 1 corrected: 19 signatures (it was 20).")
    code, out, _ = cli("engagement", "signatures", ref, "--online", "481")
    due = day_month_year(date.today() + timedelta(days=30), INTERFACE)
    assert code == 0
    assert out.splitlines() == [
        "Online total entered: 481 signatures.",
        "The petition has 500 signatures (19 on paper, 481 online).",
        "Threshold for a response reached: 500 signatures.",
        "An item was added to the agenda of the Brixton Hill Area Forum meeting of "
        "15 January 2099.",
        f"The council must respond by {due}.",
    ]
    with sqlite3.connect(cli.db) as connection:
        titles = connection.execute("SELECT title FROM agenda_item").fetchall()
    assert titles == [("Petition: Save Brixton Library (500 signatures)",)]
    code, out, _ = cli("engagement", "show", ref)
    assert "Signatures in all: 500" in out


def test_the_online_total_is_read_from_a_csv_export(cli, ref, tmp_path) -> None:
    export = tmp_path / "epetition.csv"
    export.write_text("Petition,Signatures\nSave Brixton Library,132\n", encoding="utf-8")
    code, out, _ = cli("engagement", "signatures", ref, "--online-csv", str(export))
    assert code == 0 and out.splitlines()[:2] == [
        "Read 132 signatures from the column 'Signatures'.",
        "Online total entered: 132 signatures.",
    ]
    export.write_text("Petition,Signatures\nSave Brixton Library,lots\n", encoding="utf-8")
    code, out, err = cli("engagement", "signatures", ref, "--online-csv", str(export))
    assert code == 3 and "Row 2 of the file" in err
    assert "Signatures online: 132" in cli("engagement", "show", ref)[1]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--sheet", "2"], "A paper sheet needs both its number (--sheet) and --count."),
        (["--online", "5", "--sheet", "1", "--count", "2"], "Give one of:"),
        ([], "Give one of:"),
        (["--online", "5", "--replace"], "--replace corrects a paper sheet"),
    ],
)
def test_wrong_combinations_are_refused_with_a_sentence(cli, ref, words, said) -> None:
    code, _out, err = cli("engagement", "signatures", ref, *words)
    assert code == 3 and said in err and "Traceback" not in err


def test_a_named_lead_petitioner_needs_consent(cli, ref) -> None:
    code, _, err = cli("engagement", "petitioner", ref, "--name", "Ann Jones")
    assert code == 3 and "consent" in err
    code, out, _ = cli("engagement", "petitioner", ref, "--name", "Ann Jones", "--consent-named")
    assert (code, out) == (0, "Recorded Ann Jones as the lead petitioner.\n")


def test_signature_sheets_carry_the_petition_and_the_privacy_notice(cli, ref, tmp_path) -> None:
    out_file = tmp_path / "sheets.pdf"
    code, out, _ = cli(
        "engagement", "sheets", ref, "--out", str(out_file), "--pages", "3", "--first", "11"
    )
    assert (code, out) == (
        0,
        f"3 signature sheets written to {out_file} (numbered 11 to 13).\n",
    )
    pages = pdf_text(out_file).split("\f")[:-1]
    assert len(pages) == 3
    for number, page in zip((11, 12, 13), pages, strict=True):
        flat = " ".join(page.split())
        assert f"Petition {ref}: Save Brixton Library" in flat
        assert f"Signature sheet {number}" in flat
        assert "We ask the council to keep Brixton Library open on Sundays." in flat
        assert "Privacy notice:" in flat and "destroyed 24 months after the petition closes" in flat
        assert "Please return this sheet by 31 May 2026." in flat
        assert "Name Address or postcode Signature" in flat
        assert " 18 " in flat and " 19 " not in flat  # eighteen ruled rows


def test_the_report_names_the_lead_petitioner_only_with_consent(cli, ref, tmp_path) -> None:
    cli("engagement", "petitioner", ref)  # not named
    cli("engagement", "signatures", ref, "--online", "512")
    report = tmp_path / "response.pdf"
    assert cli("engagement", "report", ref, "--out", str(report))[0] == 0
    flat = " ".join(pdf_text(report).split())
    assert "Petition: Save Brixton Library" in flat
    assert "Signatures 512 in all: 0 on 0 paper sheets, 512 online" in flat
    assert "Signatures for a response 500: reached on" in flat
    assert "On the agenda of Brixton Hill Area Forum, 15 January 2099" in flat
    assert "The council has not yet responded; its response is due by" in flat
    assert "Lead petitioner" not in flat


def test_the_councils_response_is_recorded_from_the_command_line(cli, ref, tmp_path) -> None:
    cli("engagement", "signatures", ref, "--online", "512")
    code, out, err = cli(
        "engagement", "respond", ref, "The library stays open on Sundays.", "--date", "2026-06-20"
    )
    day = day_month_year(date(2026, 6, 20), INTERFACE)
    assert (code, out, err) == (0, f"The council's response of {day} is recorded.\n", "")
    report = tmp_path / "response.pdf"
    assert cli("engagement", "report", ref, "--out", str(report))[0] == 0
    flat = " ".join(pdf_text(report).split())
    assert "The library stays open on Sundays." in flat
    assert "The council has not yet responded" not in flat
    shown = json.loads(cli("engagement", "show", ref, "--json")[1])
    assert ["Council's response given", day] in shown["figures"]


def test_a_response_without_a_date_is_todays_and_an_empty_one_is_refused(cli, ref) -> None:
    code, out, _err = cli("engagement", "respond", ref, "Agreed.")
    assert code == 0 and day_month_year(date.today(), INTERFACE) in out
    code, out, err = cli("engagement", "respond", ref, "   ", "--date", "2026-06-01")
    assert (code, out) == (3, "") and "Outcome: write the council's response first" in err
    shown = json.loads(cli("engagement", "show", ref, "--json")[1])
    today = day_month_year(date.today(), INTERFACE)
    assert ["Council's response given", today] in shown["figures"]  # the refusal changed nothing
