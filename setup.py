"""The build step pyproject.toml cannot declare: the translations are compiled.

The ``.po`` files in resources/locale are what translators edit and the repository holds;
the wheel ships the ``.mo`` files gettext reads, made here from them by
forumdesk/catalogues.py (plain Python: no Babel or GNU gettext is needed to build).
Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """build_py that also writes each language's ``.mo`` into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install compiles in the source tree when first used
        sys.path.insert(0, str(ROOT))
        try:
            from forumdesk import catalogues
        finally:
            sys.path.remove(str(ROOT))
        locale = ROOT / "resources" / "locale"
        target = Path(self.build_lib) / "forumdesk" / "resources" / "locale"
        for po in sorted(locale.glob(f"*/LC_MESSAGES/{catalogues.DOMAIN}.po")):
            mo = target / po.relative_to(locale).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            catalogues.compile_po(po, mo)


setup(cmdclass={"build_py": BuildWithCatalogues})
