"""The package as installed: every module is shipped, with its resources."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_source_tree_is_listed_for_the_wheel() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "forumdesk").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found | {"forumdesk.resources"} == listed


def test_the_fonts_and_logo_ship_in_resources() -> None:
    from forumdesk.paths import resources_dir

    folder = resources_dir()
    for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        assert (folder / "fonts" / f"{name}.ttf").is_file()
    assert (folder / "images" / "council-logo.png").is_file()


def test_the_declared_licence_ships_as_a_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    # setuptools builds an SPDX licence string only from version 77 on.
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert requires == ["setuptools>=77"]
