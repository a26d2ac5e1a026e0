"""The commands the guides show run as written, on the demo database."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from forumdesk.cli import main
from forumdesk.paths import resources_dir

DOCS = Path(__file__).resolve().parents[2] / "docs"
# Placeholders a reader replaces with their own file.
PLACEHOLDERS = {"/path/to/logo.png": str(resources_dir() / "images" / "council-logo.png")}


def examples(name: str) -> list[list[str]]:
    """Every `forumdesk ...` line of the guide's sh code blocks, as arguments."""
    text = (DOCS / name).read_text(encoding="utf-8")
    lines = [
        line
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
        for line in block.splitlines()
        if line.startswith("forumdesk ")
    ]
    return [
        [PLACEHOLDERS.get(word, word) for word in shlex.split(line, comments=True)[1:]]
        for line in lines
    ]


@pytest.mark.slow
@pytest.mark.parametrize("guide", ["command-line.md", "clerk-guide.md"])
def test_every_example_in_the_guide_runs(
    guide: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    commands = examples(guide)
    assert len(commands) >= 5
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FORUMDESK_DB", str(tmp_path / "forumdesk.sqlite"))
    if commands[0] != ["demo"]:
        assert main(["demo"]) == 0
    for arguments in commands:
        capsys.readouterr()
        code = main(arguments)
        out, err = capsys.readouterr()
        assert code == 0, f"forumdesk {shlex.join(arguments)}\n{out}{err}"
        assert "unexpected error" not in err
