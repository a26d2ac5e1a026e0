"""The deliberation's panel in the Engagements view (the deliberation part of issue 14)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from forumdesk.domain.changes import Changes
from forumdesk.gui.desk import Desk


class Panel(QWidget):
    """The deliberation's own fields, counts and entry forms."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        QVBoxLayout(self)

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return False

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
