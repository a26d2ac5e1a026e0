"""Makes the application icon's platform files from resources/images/forumdesk.svg.

PNGs of the usual sizes (Linux desktops), ``forumdesk.ico`` (Windows) and
``forumdesk.icns`` (macOS), into a folder (``build/icons`` by default). The frozen build
(forumdesk.spec) runs it, so that only the SVG is kept in the repository.

Usage: python tools/icons.py [FOLDER]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "images" / "forumdesk.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def make(folder: Path) -> dict[str, Path]:
    """Writes the icon files into ``folder``; returns them by kind ("png256", "ico", "icns")."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    folder.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not an SVG Qt can draw")
    made: dict[str, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = folder / f"forumdesk-{size}.png"
        image.save(str(path))
        made[f"png{size}"] = path
    largest = Image.open(made["png512"])
    made["ico"] = folder / "forumdesk.ico"
    largest.save(made["ico"], sizes=[(s, s) for s in SIZES if s <= 256])
    made["icns"] = folder / "forumdesk.icns"
    largest.save(made["icns"])
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for kind, path in make(target).items():
        print(f"{kind:7} {path}")
