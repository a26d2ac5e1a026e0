"""The repository stands alone: what the code and docs rely on is inside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = ("PITFALLS.md", "DESIGN.md", "STYLE.md", "../shared")


def test_no_file_cites_a_document_outside_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    citing = [
        f"{name}: {word}"
        for name in tracked
        if name.endswith((".py", ".md", ".spec", ".toml", ".txt", ".cfg"))
        and name != "tests/test_repository.py"
        for word in OUTSIDE
        if word in (ROOT / name).read_text(encoding="utf-8", errors="replace")
    ]
    assert not citing


def test_the_internals_document_has_every_section_the_code_cites() -> None:
    headings = {
        line.removeprefix("## ").strip()
        for line in (ROOT / "docs" / "internals.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    cited = set()
    sources = [*ROOT.joinpath("forumdesk").rglob("*.py"), *ROOT.joinpath("benchmarks").glob("*.py")]
    for path in sources:
        text = " ".join(path.read_text(encoding="utf-8").split())
        cited.update(re.findall(r'docs/internals\.md, "([^"]+)"', text))
    assert cited, "no code cites a section of docs/internals.md"
    assert cited <= headings, cited - headings
