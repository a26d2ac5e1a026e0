"""`forumdesk report coverage`: the audit PDF from the command line."""

from __future__ import annotations

import subprocess

import pytest


def _text(path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_report_coverage_writes_the_audit(cli, demo_in_cli, tmp_path) -> None:
    out = tmp_path / "audit.pdf"
    code, said, _err = cli("report", "coverage", "--out", str(out))
    assert code == 0 and said.strip() == f"Co-production audit written to {out}."
    assert "70 issues raised, 12 meetings held" in _text(out)
    code, _said, _err = cli(
        "report",
        "coverage",
        "--out",
        str(out),
        "--forum",
        "llf",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
    )
    text = _text(out)
    assert code == 0 and "Fforwm Cymunedol Llanfair" in text
    assert "1 January 2026 to 31 March 2026" in text
    assert "7 issues raised, 1 meeting held" in text


def test_report_coverage_refuses_bad_scope_and_writes_nothing(
    cli, demo_in_cli, tmp_path, capsys
) -> None:
    out = tmp_path / "audit.pdf"
    code, _said, err = cli(
        "report", "coverage", "--out", str(out), "--from", "2026-04-01", "--to", "2026-03-31"
    )
    assert code == 3 and "The period ends on 2026-03-31, before it starts on 2026-04-01." in err
    code, _said, err = cli("report", "coverage", "--out", str(out), "--forum", "XYZ")
    assert code == 3 and "There is no forum with code 'XYZ'." in err
    with pytest.raises(SystemExit) as usage:
        cli("report", "coverage", "--out", str(out), "--from", "1 March")
    assert usage.value.code == 2
    assert "is not a date like 2026-03-04" in capsys.readouterr().err
    assert not out.exists()
