"""Takes docs/images/board.png: the policy-cycle board on the demo database.

Usage: QT_QPA_PLATFORM=offscreen python tools/board_screenshot.py [OUT_DIR]
(or under Xvfb with the xcb platform to see the native style). The board is shown in a
window of its own, as big as a maximised window on a 1366×768 laptop, with the first
card of the co-decision column chosen.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from forumdesk.core import demo
from forumdesk.db.store import open_database
from forumdesk.domain.enums import PolicyStage
from forumdesk.gui.desk import Desk
from forumdesk.gui.register.board import BoardView

SIZE = (1280, 720)


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "demo.sqlite"))
        with db.session() as s:
            demo.fill_demo(s)
        window = QMainWindow()
        window.setWindowTitle("ForumDesk")  # i18n: not text
        board = BoardView(Desk(db), window)
        window.setCentralWidget(board)
        window.resize(*SIZE)
        window.show()
        chosen = board.column(PolicyStage.CO_DECISION)
        chosen.choose(0)
        chosen.list.setFocus()
        for _ in range(5):
            app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out / "board.png"))
        window.close()
        db.dispose()
    print(f"screenshot written to {out / 'board.png'}")  # i18n: not text
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images")))
