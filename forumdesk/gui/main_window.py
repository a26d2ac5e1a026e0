"""The main window: for now a summary of the open database (the workspace comes with issue 3)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from forumdesk.core.stats import stats
from forumdesk.db.engine import Database


class MainWindow(QMainWindow):
    """Shows which database is open and what it holds."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self.setWindowTitle("ForumDesk")
        self.resize(800, 500)
        self._summary = QLabel()
        self._summary.setObjectName("summary")
        self._summary.setAccessibleName("Database summary")
        self._summary.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._summary)
        layout.addStretch()
        self.setCentralWidget(body)
        quit_action = QAction("&Quit", self)
        # Some platforms (and Qt's offscreen one) bind nothing to StandardKey.Quit.
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)
        self.statusBar().showMessage(f"Database: {db.display_name}")
        self.refresh()

    def refresh(self) -> None:
        """Redraws the summary from the database."""
        with self._db.session() as session:
            counts = stats(session)
        stages = "".join(
            f"<li>{stage.number}. {stage.label}: {n}</li>"
            for stage, n in counts.issues_by_stage.items()
        )
        self._summary.setText(
            f"<h2>ForumDesk</h2><p>{counts.forums} forums, {counts.meetings} meetings, "
            f"{counts.issues} issues, {counts.actions_open} open actions.</p>"
            f"<p>Issues per policy stage:</p><ul>{stages}</ul>"
            "<p>Use the <code>forumdesk</code> command to record and list issues; "
            "the meeting workspace is on its way.</p>"
        )
