"""New engagement…: its kind, forum (or council-wide), title, dates, wording, and the
fields its kind needs when it starts (thresholds, questions, options, committee...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core.engagements import base
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import BallotRule, EngagementKind
from forumdesk.domain.records import ForumInfo
from forumdesk.gui import forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _

#: A date field shows "Not set" at this day.
NO_DAY = forms.NO_DAY
#: The largest count a number field takes (thresholds, an electorate).
MOST = 10_000_000

#: The fields each kind adds when it starts (the command line's kind options).
KIND_FIELDS: dict[str, tuple[EngagementKind, ...]] = {
    "threshold_response": (EngagementKind.PETITION,),
    "threshold_debate": (EngagementKind.PETITION,),
    "response_days": (EngagementKind.PETITION, EngagementKind.SCRUTINY, EngagementKind.JURY),
    "questions": (EngagementKind.CONSULTATION,),
    "committee": (EngagementKind.SCRUTINY,),
    "options": (EngagementKind.BALLOT,),
    "electorate": (EngagementKind.BALLOT,),
    "rule": (EngagementKind.BALLOT,),
    "rule_threshold": (EngagementKind.BALLOT,),
    "binding": (EngagementKind.BALLOT,),
    "platform": (EngagementKind.DELIBERATION,),
}


def date_field() -> QDateEdit:
    """A date field that may be left "Not set"."""
    return forms.OptionalDate(_("Not set"))


def day_of(edit: QDateEdit) -> date | None:
    """The day a date field holds, None when "Not set"."""
    chosen = edit.date()
    return None if chosen == NO_DAY else date(chosen.year(), chosen.month(), chosen.day())


def show_day(edit: QDateEdit, day: date | None) -> None:
    """Puts a day (None: "Not set") in a date field."""
    edit.setDate(NO_DAY if day is None else QDate(day.year, day.month, day.day))


def number_field(suffix: str = "") -> QSpinBox:
    """A count that may be left unset (0 shows "None")."""
    spin = QSpinBox()
    spin.setRange(0, MOST)
    spin.setSpecialValueText(_("None"))
    spin.setSuffix(suffix)
    return spin


def lines_of(edit: QPlainTextEdit) -> list[str]:
    """The non-empty lines of a text field, trimmed."""
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class NewEngagementDialog(QDialog):
    """The fields of a new engagement; OK adds it (a refusal keeps the dialog open).

    Signals:
        created(int): the new engagement's id.
    """

    created = Signal(int)

    def __init__(
        self,
        desk: Desk,
        known: list[ForumInfo],
        forum_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self.result_record: EngagementInfo | None = None
        self.setWindowTitle(_("New engagement"))
        self.kind = forms.enum_combo(EngagementKind)
        self.forum = QComboBox()
        self.forum.addItem(_("Council-wide (no forum)"), None)
        for forum in known:
            self.forum.addItem(f"{forum.name} ({forum.code})", forum.id)
        forms.select_data(self.forum, forum_id)
        self.title = QLineEdit()
        self.opens = date_field()
        self.closes = date_field()
        self.wording = QPlainTextEdit()
        self.wording.setTabChangesFocus(True)
        self.wording.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.threshold_response = number_field()
        self.threshold_debate = number_field()
        self.response_days = number_field(_(" days"))
        self.questions = QPlainTextEdit()
        self.questions.setTabChangesFocus(True)
        self.questions.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.committee = QLineEdit()
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.electorate = number_field()
        self.rule = forms.enum_combo(BallotRule, optional=_("Not set"))
        self.rule_threshold = number_field(" %")  # i18n: not text
        self.rule_threshold.setRange(0, 100)
        self.binding = QCheckBox(_("The result &binds the council"))
        self.platform = QLineEdit()

        form = QFormLayout()
        forms.add_row(form, _("&Kind:"), self.kind)
        forms.add_row(form, _("&Forum:"), self.forum)
        forms.add_row(form, _("&Title:"), self.title)
        forms.add_row(form, _("&Opens:"), self.opens)
        forms.add_row(form, _("&Closes:"), self.closes)
        forms.add_row(
            form,
            _("&Wording:"),
            self.wording,
            _("A petition's wording, a ballot's question, a review's or a jury's remit"),
        )
        forms.add_row(
            form,
            _("Threshold for a &response:"),
            self.threshold_response,
            _("Signatures for a response from the council"),
        )
        forms.add_row(
            form,
            _("Threshold for a &debate:"),
            self.threshold_debate,
            _("Signatures for a debate"),
        )
        forms.add_row(
            form,
            _("Days to res&pond:"),
            self.response_days,
            _("Days the council has to respond"),
        )
        forms.add_row(form, _("&Questions:"), self.questions, _("One question a line"))
        forms.add_row(form, _("Co&mmittee or review:"), self.committee)
        forms.add_row(form, _("Opt&ions:"), self.options, _("One option a line"))
        forms.add_row(form, _("&Electorate:"), self.electorate, _("How many may vote"))
        forms.add_row(form, _("R&ule:"), self.rule)
        forms.add_row(
            form,
            _("Rule t&hreshold:"),
            self.rule_threshold,
            _("The share of valid ballots the threshold rule needs"),
        )
        form.addRow("", self.binding)
        forms.named(self.binding, forms.plain(self.binding.text()))
        forms.add_row(form, _("P&latform:"), self.platform, _("The online platform's name"))
        self._form = form

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Add engagement"))
        forms.named(self.ok, _("Add engagement"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        forms.named(cancel, _("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._show_kind_fields)
        self._show_kind_fields()
        self.title.setFocus()

    def _show_kind_fields(self, *_args: object) -> None:
        """Only the chosen kind's own fields are shown."""
        kind = self.kind.current()
        for name, kinds in KIND_FIELDS.items():
            self._form.setRowVisible(getattr(self, name), kind in kinds)
        self.adjustSize()

    def values(self) -> dict[str, Any]:
        """The fields the chosen kind takes, as the service takes them."""
        kind: EngagementKind = self.kind.current()
        values: dict[str, Any] = {
            "title": " ".join(self.title.text().split()),
            "opens": day_of(self.opens),
            "closes": day_of(self.closes),
            "wording": self.wording.toPlainText().strip() or None,
        }
        every: dict[str, Any] = {
            "threshold_response": self.threshold_response.value() or None,
            "threshold_debate": self.threshold_debate.value() or None,
            "response_days": self.response_days.value() or None,
            "questions": lines_of(self.questions) or None,
            "committee": self.committee.text().strip() or None,
            "options": lines_of(self.options) or None,
            "electorate": self.electorate.value() or None,
            "rule": self.rule.current(),
            "rule_threshold": self.rule_threshold.value() or None,
            "binding": self.binding.isChecked() or None,
            "platform": self.platform.text().strip() or None,
        }
        for name, value in every.items():
            if value is not None and kind in KIND_FIELDS[name]:
                values[name] = value
        return values

    def accept(self) -> None:
        kind, forum, values = self.kind.current(), self.forum.currentData(), self.values()
        title = values.pop("title")
        made = self._desk.write(
            lambda s: base.add_engagement(s, kind, forum=forum, title=title, **values), self
        )
        if made is None:
            return  # the person was told what is wrong; what they typed stays
        self.result_record = made
        self.created.emit(made.id)
        super().accept()
