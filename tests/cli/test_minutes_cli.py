"""`forumdesk minutes` and `issue list --pdf` from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

import forumdesk as forumdesk_package
from tests.conftest import WELSH
from tests.reports.helpers import flat, tamper


def test_make_approve_verify_reopen(cli, tmp_path) -> None:
    cli("demo")
    draft, approved = tmp_path / "draft.pdf", tmp_path / "approved.pdf"
    assert cli("minutes", "BHF 2026-09-22", "--out", str(draft))[0] == 0
    assert "DRAFT" in flat(draft.read_bytes())
    code, out, _ = cli("minutes", "verify", str(draft))
    assert code == 1 and "no content hash" in out

    code, out, _ = cli(
        "minutes",
        "approve",
        "BHF 2026-09-22",
        "--by",
        "Priya Shah",
        "--agreed-at",
        "BHF 2026-09-22",
    )
    assert code == 0 and out.startswith("Minutes approved as version 1; content hash ")
    assert cli("minutes", "BHF 2026-09-22", "--out", str(approved))[0] == 0
    code, out, _ = cli("minutes", "verify", str(approved))
    assert code == 0 and "matches approved version 1" in out

    code, _, err = cli("meeting", "carry-forward", "BHF 2026-09-22")
    assert code == 3 and "reopen them" in err

    assert cli("minutes", "reopen", "BHF 2026-09-22", "--reason", "typo")[0] == 0
    assert cli("minutes", "approve", "BHF 2026-09-22")[0] == 0
    v1 = tmp_path / "v1.pdf"
    assert cli("minutes", "BHF 2026-09-22", "--version", "1", "--out", str(v1))[0] == 0
    assert v1.read_bytes() == approved.read_bytes()  # version 1, byte for byte

    edited = tmp_path / "edited.pdf"
    edited.write_bytes(
        tamper(
            approved.read_bytes(), b"(Brixton Hill Area Forum) Tj", b"(Brixton Hull Area Forum) Tj"
        )
    )
    code, out, _ = cli("minutes", "verify", str(edited))
    assert code == 1 and "changed after it was exported" in out


def test_refusals(cli, tmp_path) -> None:
    cli("demo")
    code, _, err = cli("minutes", "BHF 2026-09-22")
    assert code == 3 and "--out FILE.pdf" in err
    code, _, err = cli("minutes", "BHF 1999-01-01", "--out", str(tmp_path / "x.pdf"))
    assert code == 3 and "no meeting on 1999-01-01" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _, err = cli("minutes", "verify", str(notes))
    assert code == 3 and "not a PDF" in err
    code, _, err = cli("minutes", "reopen", "BHF 2026-09-22")
    assert code == 3 and "draft" in err


def test_issue_list_writes_a_landscape_issue_log(cli, tmp_path) -> None:
    cli("demo")
    cli("config", "set", "council_name", "Cyngor Sir Llanfair")
    log = tmp_path / "log.pdf"
    code, out, _ = cli("issue", "list", "--forum", "LLF", "--stage", "5", "--pdf", str(log))
    assert code == 0 and "Issue log written" in out
    data = log.read_bytes()
    page = PdfReader(BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = flat(data)
    assert "Cyngor Sir Llanfair" in text and "forum LLF; stage co-evaluation" in text
    assert text.count("LLF-00") == 6
    assert "Page 1 of 1" in text


def test_settings_are_listed_for_people_and_scripts(cli) -> None:
    import json

    assert cli("config", "set", "council_name", "Cyngor Gwynedd")[0] == 0
    code, out, _ = cli("config", "list", "--json")
    listed = {s["key"]: s["value"] for s in json.loads(out)}
    assert code == 0 and listed["council_name"] == "Cyngor Gwynedd"
    code, _, err = cli("config", "set", "council_name", "x" * 201)
    assert code == 3 and "Council name: is 201 characters long" in err


# The window's start-up calls setlocale(LC_ALL, "") (Qt does), so the process runs in
# the computer's language; the first line printed shows which one that is.
IN_LOCALE = """
import locale, sys
from datetime import date
locale.setlocale(locale.LC_ALL, "")
print(date(2026, 10, 8).strftime("%A %B"))
from forumdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_the_same_minutes_in_any_locale(cli, tmp_path, locales) -> None:
    """On a Welsh-language computer the minutes are the same file, and they verify."""

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
        expected = "Iau Hydref" if language == WELSH else "Thursday October"
        assert said == expected, f"the locale {language} is not in effect: {done.stderr}"
        return done.returncode, rest

    cli("demo")
    made: dict[str, bytes] = {}
    for state in ("draft", "approved"):
        if state == "approved":
            assert cli("minutes", "approve", "LLF 2026-10-08", "--by", "Mared Ŷnys")[0] == 0
        for language in ("C.UTF-8", WELSH):
            out = tmp_path / f"{state}-{language}.pdf"
            assert forumdesk(language, "minutes", "LLF 2026-10-08", "--out", str(out))[0] == 0
            made[f"{state} {language}"] = out.read_bytes()
        assert made[f"{state} C.UTF-8"] == made[f"{state} {WELSH}"], state
    text = flat(made[f"approved {WELSH}"])
    assert "held on Thursday 8 October 2026" in text and "Hydref" not in text
    code, said = forumdesk("C.UTF-8", "minutes", "verify", str(tmp_path / f"approved-{WELSH}.pdf"))
    assert code == 0 and "matches approved version 1" in said
    code, said = forumdesk(WELSH, "minutes", "verify", str(tmp_path / "approved-C.UTF-8.pdf"))
    assert code == 0 and "matches approved version 1" in said


def test_a_logo_is_checked_when_it_is_set_and_kept_with_the_setting(cli, tmp_path) -> None:
    from forumdesk.paths import resources_dir

    cli("demo")
    code, _, err = cli("config", "set", "council_logo", "/path/to/logo.png")
    assert code == 3
    assert err.startswith("forumdesk: Council logo: /path/to/logo.png cannot be read")
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + b"0" * 1_000_001)
    assert (
        "must be a PNG or JPEG of at most 1 MB" in cli("config", "set", "council_logo", str(big))[2]
    )
    assert cli("minutes", "BHF 2026-09-22", "--out", str(tmp_path / "a.pdf"))[0] == 0  # unharmed

    logo = tmp_path / "logo.png"
    logo.write_bytes((resources_dir() / "images" / "council-logo.png").read_bytes())
    assert cli("config", "set", "council_logo", str(logo))[0] == 0
    logo.unlink()  # moved away later: the minutes still carry it
    code, _, err = cli("minutes", "BHF 2026-09-22", "--out", str(tmp_path / "b.pdf"))
    assert code == 0, err  # it failed with 'cannot be read' when only the path was kept


def test_minutes_in_welsh_by_setting_or_by_choice_and_sealed_in_their_language(
    cli, tmp_path
) -> None:
    from pypdf import PdfReader

    cli("demo")
    english, welsh = tmp_path / "en.pdf", tmp_path / "cy.pdf"
    assert cli("minutes", "LLF 2026-10-08", "--out", str(english))[0] == 0
    assert cli("minutes", "LLF 2026-10-08", "--language", "cy", "--out", str(welsh))[0] == 0
    assert "Thursday 8 October 2026" in flat(english.read_bytes())
    assert "Dydd Iau 8 Hydref 2026" in flat(welsh.read_bytes())
    assert PdfReader(BytesIO(welsh.read_bytes())).trailer["/Root"]["/Lang"] == "cy-GB"

    # A Welsh council sets it once; approving seals the minutes in Welsh.
    assert cli("config", "set", "document_language", "cy")[0] == 0
    assert cli("minutes", "approve", "LLF 2026-10-08", "--by", "Mared Jones")[0] == 0
    sealed, again = tmp_path / "sealed.pdf", tmp_path / "again.pdf"
    assert cli("minutes", "LLF 2026-10-08", "--out", str(sealed))[0] == 0
    assert cli("config", "set", "document_language", "en")[0] == 0
    code, _, err = cli("minutes", "LLF 2026-10-08", "--language", "en", "--out", str(again))
    assert code == 0 and "approved in Welsh" in err
    assert again.read_bytes() == sealed.read_bytes()  # as it was sealed, in Welsh
    assert "Dydd Iau 8 Hydref 2026" in flat(sealed.read_bytes())
    code, out, _ = cli("minutes", "verify", str(sealed))
    assert code == 0 and "matches approved version 1" in out
    code, _, err = cli("config", "set", "document_language", "fr")
    assert code == 3 and "'fr' is not one of: en, cy, bilingual" in err


def test_the_issue_log_is_written_in_the_document_language(cli, tmp_path) -> None:
    from pypdf import PdfReader

    cli("demo")
    assert cli("config", "set", "document_language", "cy")[0] == 0
    log = tmp_path / "log.pdf"
    assert cli("issue", "list", "--forum", "LLF", "--pdf", str(log))[0] == 0
    assert PdfReader(BytesIO(log.read_bytes())).trailer["/Root"]["/Lang"] == "cy-GB"
