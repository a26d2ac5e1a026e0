"""Bilingual minutes from the command line: both languages, two layouts, sealed for good."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import forumdesk as forumdesk_package
from tests.conftest import WELSH
from tests.reports.helpers import flat

MEETING = "LLF 2026-10-08"


def pdftotext(path: Path, *options: str) -> str:
    """The PDF's text as poppler's pdftotext reads it (what a person copying it gets)."""
    done = subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_bilingual_minutes_read_back_in_welsh_and_english(cli, tmp_path) -> None:
    cli("demo")
    out = tmp_path / "minutes.pdf"
    code, _, err = cli("minutes", MEETING, "--language", "bilingual", "--out", str(out))
    assert code == 0, err
    text = " ".join(pdftotext(out).split())
    for welsh, english in (
        ("Yn bresennol", "Present"),
        ("Cofnodion", "Minutes"),
        ("Dydd Iau 8 Hydref 2026", "Thursday 8 October 2026"),
        ("Tudalen 1 o", "Page 1 of"),
    ):
        assert welsh in text and english in text, (welsh, english)
    assert "Cofnodion drafft: heb eu cymeradwyo eto / Draft minutes: not yet approved" in text
    # Labels of what people typed are merged: one colon, the typed words once.
    assert "Cadeirydd / Chair:" in text and "Cadeirydd: / Chair:" not in text
    assert text.count("Council offices, Tŷ Gwyn") == 2  # the Welsh and English titles only


def test_welsh_first_and_side_by_side_place_the_headings_as_promised(cli, tmp_path) -> None:
    cli("demo")
    assert cli("config", "set", "document_language", "bilingual")[0] == 0
    first, beside = tmp_path / "first.pdf", tmp_path / "beside.pdf"
    assert cli("minutes", MEETING, "--out", str(first))[0] == 0  # welsh_first by default
    assert cli("config", "set", "bilingual_layout", "side_by_side")[0] == 0
    assert cli("minutes", MEETING, "--out", str(beside))[0] == 0

    def lines(path: Path) -> list[str]:
        return [" ".join(line.split()) for line in pdftotext(path, "-layout").splitlines()]

    # Welsh first: the English heading on the line under the Welsh one.
    stacked = lines(first)
    at = stacked.index("Yn bresennol")
    assert stacked[at + 1] == "Present"
    # Side by side: Welsh on the left, English on the right, on one line.
    assert "Yn bresennol Present" in lines(beside)
    assert "Yn bresennol" not in lines(beside)


def test_the_settings_refuse_a_layout_or_language_they_do_not_know(cli) -> None:
    code, _, err = cli("config", "set", "bilingual_layout", "sideways")
    assert code == 3
    assert "'sideways' is not one of: welsh_first, side_by_side" in err
    code, _, err = cli("config", "set", "document_language", "both")
    assert code == 3 and "'both' is not one of: en, cy, bilingual" in err
    code, out, _ = cli("config", "list", "--json")
    listed = {s["key"]: s["value"] for s in json.loads(out)}
    assert listed["bilingual_layout"] == "welsh_first"  # unchanged


IN_LOCALE = """
import locale, sys
locale.setlocale(locale.LC_ALL, "")
print(locale.setlocale(locale.LC_TIME))
from forumdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_sealed_bilingual_version_is_the_same_file_in_any_locale_and_after_settings_change(
    cli, tmp_path, locales
) -> None:
    def forumdesk(language: str, *args: str) -> tuple[int, str]:
        env = {
            **os.environ,
            "LC_ALL": language,
            "LOCPATH": str(locales),
            "PYTHONPATH": str(Path(forumdesk_package.__file__).parents[1]),
        }
        done = subprocess.run(
            [sys.executable, "-c", IN_LOCALE, "--db", str(cli.db), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        said, _, rest = done.stdout.partition("\n")
        assert said == language, f"the locale {language} is not in effect: {done.stderr}"
        return done.returncode, rest

    cli("demo")
    assert cli("config", "set", "document_language", "bilingual")[0] == 0
    assert cli("config", "set", "bilingual_layout", "side_by_side")[0] == 0
    assert cli("minutes", "approve", MEETING, "--by", "Mared Ŷnys")[0] == 0
    # The council changes its mind afterwards: the approved version keeps its own.
    assert cli("config", "set", "document_language", "en")[0] == 0
    assert cli("config", "set", "bilingual_layout", "welsh_first")[0] == 0
    made = {}
    for language in ("C.UTF-8", WELSH):
        out = tmp_path / f"{language}.pdf"
        code, _ = forumdesk(language, "minutes", MEETING, "--version", "1", "--out", str(out))
        assert code == 0
        made[language] = out
    assert made["C.UTF-8"].read_bytes() == made[WELSH].read_bytes()
    assert "Yn bresennol Present" in " ".join(pdftotext(made[WELSH], "-layout").split())
    text = flat(made[WELSH].read_bytes())
    assert "Dydd Iau 8 Hydref 2026" in text and "Thursday 8 October 2026" in text
    code, said = forumdesk(WELSH, "minutes", "verify", str(made["C.UTF-8"]))
    assert code == 0 and "matches approved version 1" in said


@pytest.mark.parametrize(
    ("command", "welsh", "english"),
    [
        (("issue", "list", "--forum", "LLF", "--pdf"), "Log materion", "Issue log"),
        (("report", "feedback", "--forum", "LLF", "--out"), "Dywedoch chi", "You said"),
        (("report", "coverage", "--out"), "Archwiliad cyd-gynhyrchu", "Co-production audit"),
    ],
)
def test_the_issue_log_and_reports_are_written_in_both_languages(
    cli, tmp_path, command, welsh, english
) -> None:
    cli("demo")
    out = tmp_path / "report.pdf"
    code, _, err = cli(*command, str(out), "--language", "bilingual")
    assert code == 0, err
    text = " ".join(pdftotext(out).split())
    assert f"{welsh}" in text and english in text
    assert "Tudalen 1 o" in text and "Page 1 of" in text


def test_a_bilingual_audit_names_its_period_stages_and_months_in_both_languages(
    cli, tmp_path
) -> None:
    cli("demo")
    out = tmp_path / "audit.pdf"
    code, _, err = cli(
        "report",
        "coverage",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--out",
        str(out),
        "--language",
        "bilingual",
    )
    assert code == 0, err
    text = " ".join(pdftotext(out).split())
    # The period: each language's phrase whole, its dates in its own words.
    assert "1 Ionawr 2026 i 31 Mawrth 2026 / 1 January 2026 to 31 March 2026" in text
    assert "Cyd-ddiffinio / Co-definition" in text  # a chart's stage, in each language
