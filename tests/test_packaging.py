"""The package as installed: every module is shipped, with its resources."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.helpers import build, copy_of_the_source

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
    assert found | {"forumdesk.resources", "forumdesk.docs"} == listed


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


def test_the_source_distribution_carries_the_guides_tests_and_spec(tmp_path: Path) -> None:
    import tarfile

    archive = build(copy_of_the_source(tmp_path), "sdist", tmp_path / "dist")
    with tarfile.open(archive) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for wanted in (
        "LICENSE",
        "README.md",
        "forumdesk.spec",
        "docs/clerk-guide.md",
        "docs/exchange-format.md",
        "tests/conftest.py",
        "benchmarks/exchange.py",
        "resources/exchange.schema.json",
        "forumdesk/db/migrations/versions/0001_initial.py",
    ):
        assert wanted in names, f"{wanted} is missing from the sdist"
    assert not any("__pycache__" in name for name in names)


def test_the_window_has_an_entry_that_opens_no_console_on_windows() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["gui-scripts"] == {"forumdesk-window": "forumdesk.cli:window"}
    assert project["scripts"] == {"forumdesk": "forumdesk.cli:main"}
    import forumdesk.cli

    assert callable(forumdesk.cli.window)


def test_the_postgresql_driver_is_an_extra_and_the_tests_have_it() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    driver = "psycopg[binary]>=3.1"
    assert extras["postgres"] == [driver]
    assert extras["postgresql"] == extras["postgres"]  # the old name, for old install commands
    assert driver in extras["test"]  # the suites run on PostgreSQL too


def test_the_wheel_carries_the_user_guides(tmp_path: Path) -> None:
    import zipfile

    wheel = build(copy_of_the_source(tmp_path), "wheel", tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "forumdesk/docs/facilitator-guide.md" in names
    assert "forumdesk/docs/images/capture.png" in names
    assert "forumdesk/resources/exchange.schema.json" in names


def test_the_icon_files_are_made_from_the_one_svg(tmp_path: Path, qapp) -> None:
    import sys

    from PIL import Image

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import icons
    finally:
        sys.path.remove(str(ROOT / "tools"))
    made = icons.make(tmp_path)
    for size in icons.SIZES:
        with Image.open(made[f"png{size}"]) as png:
            assert png.size == (size, size)
            assert png.getpixel((size // 2, size // 2))[3] == 255  # drawn, not empty
    with Image.open(made["ico"]) as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    assert made["icns"].read_bytes()[:4] == b"icns"


def test_the_desktop_entry_starts_the_window_program() -> None:
    entry = (ROOT / "resources" / "forumdesk.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines()[1:] if "=" in line)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert fields["Exec"].split()[0] in project["gui-scripts"]
    assert fields["Type"] == "Application" and fields["Terminal"] == "false"
    assert (ROOT / "resources" / "images" / f"{fields['Icon']}.svg").is_file()
    # A file manager opens an exchange file with the window, which previews its import.
    assert fields["Exec"].split()[1] == "%f"
    mime = (ROOT / "resources" / "forumdesk-mime.xml").read_text(encoding="utf-8")
    assert f'type="{fields["MimeType"].rstrip(";")}"' in mime
    assert 'glob pattern="*.forumdesk.json"' in mime
