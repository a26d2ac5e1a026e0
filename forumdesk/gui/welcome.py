"""The first-run screen: start a forum, or open the demo to see a realistic meeting at once.

Signals:
    new_forum(): "Start a new forum" was chosen.
    open_demo(): "Open the demo forum" was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from forumdesk.gui import forms
from forumdesk.i18n import _


class WelcomeView(QWidget):
    """Shown while the database holds no forum."""

    new_forum = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h1>{}</h1>".format(_("Welcome to ForumDesk")))
        text = QLabel(
            _(
                "Record what residents raise at your forum's meetings and follow each issue "
                "through the policy cycle, from defining the problem to judging the result "
                "together."
            )
        )
        text.setWordWrap(True)
        self.start = QPushButton(_("&Start a new forum…"))
        self.demo = QPushButton(_("&Open the demo forum"))
        for button, name, hint in (
            (self.start, _("Start a new forum"), _("Create your forum, then its first meeting")),
            (self.demo, _("Open the demo forum"), _("Two example forums with a year of meetings")),
        ):
            forms.named(button, name, hint)
            button.setMinimumHeight(int(button.sizeHint().height() * 1.6))
        width = min(560, max(360, self.fontMetrics().averageCharWidth() * 70))
        # A wrapped label under a centring alignment gets no height-for-width: give it one.
        text.setFixedWidth(width)
        text.setMinimumHeight(text.heightForWidth(width))
        column = QWidget()
        inner = QVBoxLayout(column)
        for widget in (title, text, self.start, self.demo):
            inner.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.start.clicked.connect(self.new_forum)
        self.demo.clicked.connect(self.open_demo)
