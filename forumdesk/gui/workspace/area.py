"""What every area of the meeting workspace shares: one meeting, read only when seen.

An area that is not on screen only notes that its data changed, and reads it again when
it is shown; so start-up and each change read just what the facilitator is looking at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from forumdesk.domain.changes import NOTHING, Changes
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui.desk import Desk


class MeetingArea(QWidget):
    """Base of the workspace areas. Subclasses implement :meth:`read`."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._meeting: MeetingInfo | None = None
        self._dirty = False
        self._missed: Changes = NOTHING  # what changed while the area was not on screen
        desk.changed.connect(self._on_changed)

    def set_meeting(self, meeting: MeetingInfo | None) -> None:
        """Shows a meeting (read now if the area is on screen, else when it is shown)."""
        self._meeting = meeting
        self.setEnabled(meeting is not None)
        self.clear()
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self, *args: Any, **kwargs: Any) -> None:
        """Reads the meeting's data again."""
        self._dirty = False
        self.read(*args, **kwargs)

    def read(self, *args: Any, **kwargs: Any) -> None:
        """Reads and shows the meeting's data (subclasses)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forgets the previous meeting's content (subclasses, when they hold any)."""

    def set_locked(self, locked: bool) -> None:
        """Approved minutes: what they record can be read, not changed (subclasses whose
        data the minutes record)."""

    def wants(self, changes: Changes) -> bool:
        """Whether a change may alter what the area shows (subclasses narrow it)."""
        return bool(changes)

    def refresh(self, changes: Changes) -> None:
        """After a change made anywhere: read again (subclasses may do less, or more)."""
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            missed, self._missed = self._missed, NOTHING
            self.refresh(missed if missed else Changes.all())
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        if not self.wants(changes):
            return
        if self.isVisible():
            self.refresh(changes)
        else:
            self._missed = self._missed | changes
            self._dirty = True
