""" "How was it decided?": the choice a co-decision asks for (a move to co-decision making,
a decision outcome), with the votes of a show of hands."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from forumdesk.domain.enums import DecisionMethod
from forumdesk.domain.limits import MAX_HEADCOUNT
from forumdesk.gui import forms
from forumdesk.i18n import _


class DecisionFields(QWidget):
    """The method (or "Not recorded") and, for a show of hands, for/against/abstain."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = forms.enum_combo(DecisionMethod, optional=_("Not recorded"))
        self.votes_for = self._votes()
        self.votes_against = self._votes()
        self.votes_abstain = self._votes()
        votes = QHBoxLayout()
        votes.setContentsMargins(0, 0, 0, 0)
        for label, box in (
            (_("F&or:"), self.votes_for),
            (_("A&gainst:"), self.votes_against),
            (_("Abs&tained:"), self.votes_abstain),
        ):
            votes.addWidget(forms.buddy(label, box))
            votes.addWidget(box)
        votes.addStretch(1)
        self.votes = QWidget()
        self.votes.setLayout(votes)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        forms.add_row(
            form,
            _("How was it &decided?"),
            self.method,
            _("Consensus, a show of hands, a ballot, a jury's recommendation, or an officer"),
        )
        self.votes_caption = QLabel(_("Votes:"))
        form.addRow(self.votes_caption, self.votes)
        self.method.currentIndexChanged.connect(self._show_votes)
        self._show_votes()

    @staticmethod
    def _votes() -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, MAX_HEADCOUNT)
        return box

    def _show_votes(self) -> None:
        hands = self.method.current() is DecisionMethod.SHOW_OF_HANDS
        self.votes.setVisible(hands)
        self.votes_caption.setVisible(hands)

    def values(self) -> dict[str, Any]:
        """The fields for ``move_issue`` / ``add_outcome``: the method, and votes only for
        a show of hands; none when not recorded."""
        method = self.method.current()
        if method is None:
            return {}
        if method is not DecisionMethod.SHOW_OF_HANDS:
            return {"decided_by": method}
        return {
            "decided_by": method,
            "votes_for": self.votes_for.value(),
            "votes_against": self.votes_against.value(),
            "votes_abstain": self.votes_abstain.value(),
        }

    def reset(self) -> None:
        """Back to "Not recorded" and no votes."""
        self.method.choose(None)
        for box in (self.votes_for, self.votes_against, self.votes_abstain):
            box.setValue(0)
