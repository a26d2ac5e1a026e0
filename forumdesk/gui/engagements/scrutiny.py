"""The scrutiny review's panel in the Engagements view: co-opted members, evidence sessions
and recommendations with where the executive's response stands."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core.engagements import scrutiny
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.enums import PolicyStage
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.engagements.new_dialog import date_field, day_of, show_day
from forumdesk.i18n import _

#: What the panel shows is read from these kinds of record.
_READS = (
    kinds.ENGAGEMENT,
    kinds.ENGAGEMENT_ISSUE,
    kinds.PARTICIPANT,
    kinds.MEETING,
    kinds.ISSUE,
    kinds.TIMELINE_EVENT,
    kinds.SETTING,
)


class MemberDialog(QDialog):
    """Co-opting a resident, or changing a co-opted member."""

    def __init__(self, parent: QWidget | None, member: ParticipantInfo | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Co-opted member") if member else _("Co-opt a resident"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.name = QLineEdit(member.name or "" if member else "")
        self.consent = QCheckBox(_("Agreed to be named"))
        self.consent.setChecked(bool(member and member.consent_named))
        self.voting = QCheckBox(_("Voting member"))
        self.voting.setChecked(bool(member and member.voting))
        self.term_from = date_field()
        self.term_to = date_field()
        show_day(self.term_from, member.term_from if member else None)
        show_day(self.term_to, member.term_to if member else None)
        self.interests = QLineEdit(member.interests or "" if member else "")
        forms.add_row(form, _("&Name:"), self.name)
        form.addRow("", self.consent)
        form.addRow("", self.voting)
        forms.add_row(form, _("Term &from:"), self.term_from)
        forms.add_row(form, _("Term &to:"), self.term_to)
        forms.add_row(form, _("&Interests:"), self.interests)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        """What was typed, as the service takes it (empty fields: None)."""
        return {
            "name": self.name.text().strip() or None,
            "consent_named": self.consent.isChecked(),
            "voting": self.voting.isChecked(),
            "term_from": day_of(self.term_from),
            "term_to": day_of(self.term_to),
            "interests": self.interests.text().strip() or None,
        }


class SessionDialog(QDialog):
    """Planning an evidence session."""

    def __init__(self, parent: QWidget | None, council_wide: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add evidence session"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.day = date_field()  # "Not set" is refused: a session needs its day
        show_day(self.day, date.today())
        self.title = QLineEdit()
        self.venue = QLineEdit()
        self.forum = QLineEdit()
        forms.add_row(form, _("&Date:"), self.day)
        forms.add_row(form, _("&Title:"), self.title)
        forms.add_row(form, _("&Venue:"), self.venue)
        if council_wide:
            forms.add_row(form, _("&Forum code:"), self.forum)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "day": day_of(self.day),
            "title": self.title.text().strip() or None,
            "venue": self.venue.text().strip() or None,
            "forum": self.forum.text().strip() or None,
        }


class RecommendationDialog(QDialog):
    """Recording a recommendation."""

    def __init__(self, parent: QWidget | None, council_wide: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add recommendation"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.stage = QComboBox()
        for stage in scrutiny.RECOMMENDATION_STAGES:
            self.stage.addItem(f"{stage.number}. {stage.short}", stage.value)
        self.due = date_field()
        self.due.setSpecialValueText(_("The usual time (Settings)"))
        self.forum = QLineEdit()
        forms.add_row(form, _("&Recommendation:"), self.title)
        forms.add_row(form, _("&Stage:"), self.stage)
        forms.add_row(form, _("Response &due:"), self.due)
        if council_wide:
            forms.add_row(form, _("&Forum code:"), self.forum)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "stage": PolicyStage(self.stage.currentData()),  # type: ignore[call-arg]  # by value
            "due": day_of(self.due),
            "forum": self.forum.text().strip() or None,
        }


def ask_member(parent: QWidget, member: ParticipantInfo | None) -> dict[str, Any] | None:
    """The member's details as typed, or None when the person cancels."""
    dialog = MemberDialog(parent, member)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_session(parent: QWidget, council_wide: bool) -> dict[str, Any] | None:
    """The evidence session as typed, or None when the person cancels."""
    dialog = SessionDialog(parent, council_wide)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_recommendation(parent: QWidget, council_wide: bool) -> dict[str, Any] | None:
    """The recommendation as typed, or None when the person cancels."""
    dialog = RecommendationDialog(parent, council_wide)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class Panel(QWidget):
    """The review's co-opted members, evidence sessions and recommendations."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        self.today = date.today
        self._members: list[ParticipantInfo] = []
        self._recommendations: list[str] = []
        self._council_wide = False
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.members = _table([_("Member"), _("Vote"), _("Term"), _("Interests")])
        self.coopt_button = QPushButton(_("&Co-opt a resident…"))
        self.edit_button = QPushButton(_("&Edit member…"))
        layout.addWidget(
            _group(_("Co-opted residents"), self.members, self.coopt_button, self.edit_button)
        )
        self.sessions = _table([_("Date"), _("Session"), _("Venue")])
        self.session_button = QPushButton(_("Add evidence &session…"))
        layout.addWidget(_group(_("Evidence sessions"), self.sessions, self.session_button))
        self.recommendations = _table(
            [_("Reference"), _("Recommendation"), _("Stage"), _("Response due"), _("Response")]
        )
        self.recommend_button = QPushButton(_("Add &recommendation…"))
        self.respond_button = QPushButton(_("Record the executive's res&ponse…"))
        layout.addWidget(
            _group(
                _("Recommendations"),
                self.recommendations,
                self.recommend_button,
                self.respond_button,
            )
        )
        self._connect_signals()
        self.refresh(Changes.all())

    def _connect_signals(self) -> None:
        self.coopt_button.clicked.connect(self._on_coopt)
        self.edit_button.clicked.connect(self._on_edit)
        self.members.doubleClicked.connect(lambda _index: self._on_edit())
        self.session_button.clicked.connect(self._on_session)
        self.recommend_button.clicked.connect(self._on_recommend)
        self.respond_button.clicked.connect(self._on_respond)

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(*_READS)

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        if not self.wants(changes):
            return
        today = self.today()

        def read(s: Any) -> tuple[Any, ...]:
            row = scrutiny.review(s, self.engagement_id)
            return (
                row.forum_id is None,
                scrutiny.members(s, row.id),
                scrutiny.sessions(s, row.id),
                scrutiny.recommendations(s, row.id, today),
                scrutiny.figures_on(s, row, today),
            )

        wide, people, held, made, figures = self.desk.read(read)
        self._council_wide = wide
        self._members = people
        self._recommendations = [r.reference for r in made]
        self.summary.setText("\n".join(f"{label}: {value}" for label, value in figures))
        _fill(
            self.members,
            [
                [
                    p.name or _("(not named)"),
                    _("Voting") if p.voting else _("Non-voting"),
                    _("{start} to {end}").format(
                        start=_iso(p.term_from) or "…", end=_iso(p.term_to) or "…"
                    ),
                    p.interests or "",
                ]
                for p in people
            ],
        )
        _fill(self.sessions, [[m.date.isoformat(), m.title or "", m.venue or ""] for m in held])
        _fill(
            self.recommendations,
            [
                [
                    r.reference,
                    r.title,
                    r.stage.short,
                    _iso(r.response_due),
                    _standing(r.awaiting, r.overdue, r.responded_on),
                ]
                for r in made
            ],
        )

    def _write(self, work: Any) -> bool:
        done = self.desk.write(work, self)
        if done is not None:
            self.refresh(Changes.all())
        return done is not None

    def _on_coopt(self) -> None:
        typed = ask_member(self, None)
        if typed is not None:
            self._write(lambda s: scrutiny.coopt(s, self.engagement_id, **typed))

    def _on_edit(self) -> None:
        row = self.members.currentRow()
        if not 0 <= row < len(self._members):
            ask.show_info(self, _("Choose a co-opted member in the list first."))
            return
        person = self._members[row]
        typed = ask_member(self, person)
        if typed is not None:
            self._write(lambda s: scrutiny.edit_member(s, person.id, typed))

    def _on_session(self) -> None:
        typed = ask_session(self, self._council_wide)
        if typed is not None:
            day = typed.pop("day")
            self._write(lambda s: scrutiny.add_session(s, self.engagement_id, day, **typed))

    def _on_recommend(self) -> None:
        typed = ask_recommendation(self, self._council_wide)
        if typed is not None:
            made_on = self.today()
            self._write(
                lambda s: scrutiny.recommend(s, self.engagement_id, made_on=made_on, **typed)
            )

    def _on_respond(self) -> None:
        row = self.recommendations.currentRow()
        if not 0 <= row < len(self._recommendations):
            ask.show_info(self, _("Choose a recommendation in the list first."))
            return
        reference = self._recommendations[row]
        said = ask.ask_text(self, _("The executive's response to {issue}:").format(issue=reference))
        if said:
            self._write(lambda s: scrutiny.respond(s, self.engagement_id, reference, said))


def _standing(awaiting: bool, overdue: bool, responded_on: date | None) -> str:
    if overdue:
        return _("Overdue")
    if awaiting:
        return _("Awaited")
    return _("Answered on {date}").format(date=_iso(responded_on))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    kept = table.currentRow()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    if 0 <= kept < len(rows):
        table.selectRow(kept)


def _group(title: str, table: QTableWidget, *buttons: QPushButton) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    forms.named(table, title)
    layout.addWidget(table)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box
