"""The question a move on the board asks: an optional note, and the meeting it was made at.

Tests replace :func:`ask_move` (monkeypatch) instead of driving the modal dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.language import INTERFACE, short_date
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import forms
from forumdesk.gui.decision import DecisionFields
from forumdesk.i18n import _


@dataclass(frozen=True)
class MoveAnswer:
    """What the person gave for a move: a note (None: none) and a meeting (None: none)."""

    note: str | None
    meeting_id: int | None
    #: A move to co-decision: how it was decided (``decided_by``, a show of hands' votes).
    decision: dict[str, Any] = field(default_factory=dict)


def meeting_text(meeting: MeetingInfo) -> str:
    """A meeting as the list names it: forum, date and what it was."""
    return _("{forum}, {date}: {title}").format(
        forum=meeting.forum_code,
        date=short_date(meeting.date, INTERFACE),
        title=meeting.display_title,
    )


class MoveDialog(QDialog):
    """Asks for the note and the meeting of one move; Cancel moves nothing."""

    def __init__(
        self,
        parent: QWidget | None,
        reference: str,
        stage: PolicyStage,
        meetings: Sequence[MeetingInfo],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Move {reference}").format(reference=reference))
        question = QLabel(
            _("Move {reference} to {stage}?").format(reference=reference, stage=stage.label)
        )
        question.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Why it moves, or what was agreed (optional)"))
        self.meeting = QComboBox()
        self.meeting.addItem(_("None: not at a meeting"), None)
        for meeting in meetings:
            self.meeting.addItem(meeting_text(meeting), meeting.id)
        form = QFormLayout()
        forms.add_row(form, _("&Note:"), self.note)
        forms.add_row(
            form,
            _("&Meeting:"),
            self.meeting,
            _("The forum's meeting where the move was agreed, if it was agreed at one"),
        )
        self.decision: DecisionFields | None = None
        if stage is PolicyStage.CO_DECISION:  # a co-decision says how it was decided
            self.decision = DecisionFields()
            form.addRow(self.decision)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            forms.named(button, forms.plain(button.text()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(buttons)
        forms.named(self, _("Move {reference}").format(reference=reference))

    def answer(self) -> MoveAnswer:
        """What was entered."""
        note = self.note.text().strip() or None
        chosen = self.meeting.currentData()
        decided = self.decision.values() if self.decision is not None else {}
        return MoveAnswer(note, None if chosen is None else int(chosen), decided)


def ask_move(
    parent: QWidget | None,
    reference: str,
    stage: PolicyStage,
    meetings: Sequence[MeetingInfo],
) -> MoveAnswer | None:
    """Asks how an issue moves to ``stage``; None when the person cancels."""
    dialog = MoveDialog(parent, reference, stage, meetings)
    try:
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
