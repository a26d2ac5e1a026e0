"""Undo and redo that write through to the database.

A change is made first, through the Desk; only when it succeeded is a command pushed
that knows how to take it back and make it again. So an undo stack never holds a
change that did not happen, and a refused change leaves nothing to undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import ask
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

Work = Callable[[Session], Any]


class ServiceCommand(QUndoCommand):
    """An undoable change: ``undo`` and ``redo`` each run a service in its own session."""

    def __init__(self, desk: Desk, text: str, undo: Work, redo: Work) -> None:
        super().__init__(text)
        self._desk = desk
        self._undo = undo
        self._redo = redo
        self._first = True

    def redo(self) -> None:
        if self._first:  # the change itself was made before the command was pushed
            self._first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, work: Work) -> None:
        try:
            self._desk.try_write(work)
        except ForumDeskError as exc:
            self.setObsolete(True)  # it cannot be replayed; drop it from the stack
            ask.show_error(
                None,
                _("{change} could not be undone or redone: {problem}").format(
                    change=self.text(), problem=exc
                ),
            )


def perform(
    desk: Desk,
    stack: QUndoStack,
    text: str,
    do: Work,
    undo: Callable[[Any], Work],
    redo: Callable[[Any], Work] | None = None,
    parent=None,
) -> Any:
    """Makes a change and, when it succeeded, pushes its undo.

    Args:
        do: the change.
        undo: given the change's result, the work that takes it back.
        redo: given the result, the work that makes it again (default: ``do``).

    Returns:
        The change's result, or None when it was refused (the person was told why).
    """
    result = desk.write(do, parent)
    if result is None:
        return None
    again = redo(result) if redo is not None else do
    stack.push(ServiceCommand(desk, text, undo(result), again))
    return result
