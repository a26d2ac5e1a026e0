"""The jury's panel in the Engagements view: the pool, the draw and its record, sessions,
recommendations (the jury part of issue 14).

Signals: none of its own; writes go through ``desk.write`` and the view calls
``refresh`` when ``wants`` says the change concerns the jury.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import meetings
from forumdesk.core.engagements import base, jury, jury_sessions, jury_text
from forumdesk.db.models import Forum
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.records import MeetingInfo
from forumdesk.gui import ask
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _, ngettext

#: What the panel shows comes from these kinds of record.
_SHOWN = (
    kinds.ENGAGEMENT,
    kinds.PARTICIPANT,
    kinds.DRAW,
    kinds.ENGAGEMENT_ISSUE,
    kinds.ISSUE,
    kinds.TIMELINE_EVENT,
    kinds.MEETING,
)


def ask_meeting(parent: QWidget | None, choices: list[MeetingInfo]) -> int | None:
    """The meeting whose sign-ins join the pool, or None when the person cancels."""
    names = [m.name for m in choices]
    chosen, ok = QInputDialog.getItem(
        parent,
        _("Add volunteers from a meeting"),
        _("Residents who signed in and agreed to be named join the pool. Meeting:"),
        names,
        0,
        False,
    )
    return choices[names.index(chosen)].id if ok and chosen in names else None


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


class Panel(QWidget):
    """The jury's pool, draw, sessions and recommendations, with their entry forms."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        layout = QVBoxLayout(self)
        layout.addWidget(self._pool_box())
        layout.addWidget(self._draw_box())
        layout.addWidget(self._sessions_box())
        layout.addWidget(self._recommendations_box())
        self._connect_signals()
        self._reload()

    # Building -------------------------------------------------------------------------

    def _pool_box(self) -> QGroupBox:
        box = QGroupBox(_("Pool of volunteers"))
        layout = QVBoxLayout(box)
        self.pool_count = QLabel()
        layout.addWidget(self.pool_count)
        self.pool_table = _table([_("Name"), _("Ward"), _("Age band"), _("Juror")])
        self.pool_table.setMinimumHeight(200)
        layout.addWidget(self.pool_table)
        row = QHBoxLayout()
        self.volunteer_name = QLineEdit()
        self.volunteer_name.setPlaceholderText(_("Name (only with consent)"))
        self.volunteer_consent = QCheckBox(_("Agreed to be &named"))
        self.volunteer_ward = QComboBox()
        self.volunteer_ward.setEditable(True)
        self.volunteer_ward.setAccessibleName(_("Ward"))
        editor = self.volunteer_ward.lineEdit()  # there: the box is editable
        if editor is not None:
            editor.setPlaceholderText(_("Ward"))
        self.volunteer_ward.setMinimumContentsLength(14)
        self.volunteer_age = QLineEdit()
        self.volunteer_age.setPlaceholderText(_("Age band, e.g. 30-44"))
        self.add_volunteer = QPushButton(_("&Add volunteer"))
        for widget in (
            self.volunteer_name,
            self.volunteer_consent,
            self.volunteer_ward,
            self.volunteer_age,
            self.add_volunteer,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        self.from_meeting = QPushButton(_("Add volunteers from a &meeting…"))
        layout.addWidget(self.from_meeting)
        return box

    def _draw_box(self) -> QGroupBox:
        box = QGroupBox(_("Draw the jury"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.draw_size = QSpinBox()
        self.draw_size.setRange(1, 500)
        self.draw_size.setValue(12)
        form.addRow(_("Jurors:"), self.draw_size)
        strata = QHBoxLayout()
        self.by_ward = QCheckBox(_("By ward"))
        self.by_ward.setChecked(True)
        self.by_age = QCheckBox(_("By age band"))
        strata.addWidget(self.by_ward)
        strata.addWidget(self.by_age)
        form.addRow(_("Groups:"), strata)
        self.draw_seed = QLineEdit()
        self.draw_seed.setPlaceholderText(_("Any text, read out and written on the record"))
        form.addRow(_("Seed:"), self.draw_seed)
        self.draw_witnesses = QLineEdit()
        self.draw_witnesses.setPlaceholderText(_("Names, separated by semicolons"))
        form.addRow(_("Witnessed by:"), self.draw_witnesses)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.draw_button = QPushButton(_("&Draw"))
        self.check_button = QPushButton(_("&Check the draw"))
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.draw_record = QPlainTextEdit()
        self.draw_record.setReadOnly(True)
        self.draw_record.setAccessibleName(_("The draw's record"))
        self.draw_record.setMinimumHeight(220)
        layout.addWidget(self.draw_record)
        return box

    def _sessions_box(self) -> QGroupBox:
        box = QGroupBox(_("Sessions"))
        layout = QVBoxLayout(box)
        self.sessions_table = _table([_("Date"), _("Session"), _("Venue")])
        layout.addWidget(self.sessions_table)
        return box

    def _recommendations_box(self) -> QGroupBox:
        box = QGroupBox(_("Recommendations"))
        layout = QVBoxLayout(box)
        self.recommendations_table = _table(
            [_("Reference"), _("Recommendation"), _("Response due")]
        )
        layout.addWidget(self.recommendations_table)
        row = QHBoxLayout()
        self.recommendation_title = QLineEdit()
        self.recommendation_title.setPlaceholderText(_("What the jury recommends"))
        self.recommend_button = QPushButton(_("&Record recommendation"))
        row.addWidget(self.recommendation_title)
        row.addWidget(self.recommend_button)
        layout.addLayout(row)
        return box

    def _connect_signals(self) -> None:
        self.add_volunteer.clicked.connect(self._on_add_volunteer)
        self.from_meeting.clicked.connect(self._on_from_meeting)
        self.draw_button.clicked.connect(self._on_draw)
        self.check_button.clicked.connect(self._on_check)
        self.recommend_button.clicked.connect(self._on_recommend)

    # Reading --------------------------------------------------------------------------

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(*_SHOWN)

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        if self.wants(changes):
            self._reload()

    def _reload(self) -> None:
        shown = self.desk.read(self._gather)
        volunteers, records, reference, wards, held, recommended = shown
        self.reference = reference
        self.pool_count.setText(
            ngettext(
                "{count} volunteer, {jurors} drawn as jurors",
                "{count} volunteers, {jurors} drawn as jurors",
                len(volunteers),
            ).format(count=len(volunteers), jurors=sum(v.juror for v in volunteers))
        )
        _fill(
            self.pool_table,
            [
                (v.name or _("(not named)"), v.ward, v.age_band, _("Yes") if v.juror else "")
                for v in volunteers
            ],
        )
        typed = self.volunteer_ward.currentText()
        self.volunteer_ward.clear()
        self.volunteer_ward.addItems(wards)
        self.volunteer_ward.setCurrentText(typed)
        self.draw_record.setPlainText(
            jury_text.draw_text(records[-1], reference) if records else _("No draw yet.")
        )
        self.check_button.setEnabled(bool(records))
        _fill(self.sessions_table, [(m.date.isoformat(), m.display_title, m.venue) for m in held])
        _fill(
            self.recommendations_table,
            [
                (i.reference, i.title, i.response_due.isoformat() if i.response_due else "")
                for i in recommended
            ],
        )

    def _gather(self, s: Session) -> tuple:
        row = base.engagement(s, self.engagement_id)
        wards: list[str] = []
        if row.forum_id is not None:
            wards = list(s.scalar(select(Forum.wards).where(Forum.id == row.forum_id)) or [])
        return (
            jury.pool(s, row.id),
            jury.draws(s, row.id),
            row.reference,
            wards,
            jury_sessions.sessions(s, row.id),
            jury_sessions.recommendations(s, row.id),
        )

    # Writing --------------------------------------------------------------------------

    @Slot()
    def _on_add_volunteer(self) -> None:
        name = self.volunteer_name.text().strip() or None
        made = self.desk.write(
            lambda s: jury.add_volunteer(
                s,
                self.engagement_id,
                name=name,
                consent_named=self.volunteer_consent.isChecked(),
                ward=self.volunteer_ward.currentText().strip() or None,
                age_band=self.volunteer_age.text().strip() or None,
            ),
            self,
        )
        if made is None:
            return
        self.volunteer_name.clear()
        self.volunteer_consent.setChecked(False)
        self.volunteer_age.clear()
        self._reload()

    @Slot()
    def _on_from_meeting(self) -> None:
        def choices(s: Session) -> list[MeetingInfo]:
            row = base.engagement(s, self.engagement_id)
            return meetings.list_meetings(s, row.forum_id)

        found = self.desk.read(choices)
        if not found:
            ask.show_info(self, _("This forum has no meetings to take sign-ins from."))
            return
        chosen = ask_meeting(self, found)
        if chosen is None:
            return
        added = self.desk.write(
            lambda s: jury.pool_from_meeting(s, self.engagement_id, chosen), self
        )
        if added is None:
            return
        ask.show_info(
            self,
            ngettext(
                "{count} resident joined the pool.",
                "{count} residents joined the pool.",
                len(added),
            ).format(count=len(added)),
        )
        self._reload()

    @Slot()
    def _on_draw(self) -> None:
        by = [
            f for f, box in (("ward", self.by_ward), ("age_band", self.by_age)) if box.isChecked()
        ]
        witnesses = [w.strip() for w in self.draw_witnesses.text().split(";") if w.strip()]
        made = self.desk.write(
            lambda s: jury.draw(
                s,
                self.engagement_id,
                size=self.draw_size.value(),
                seed=self.draw_seed.text(),
                by=by,
                witnesses=witnesses,
            ),
            self,
        )
        if made is not None:
            self._reload()

    @Slot()
    def _on_check(self) -> None:
        def check(s: Session) -> bool:
            found = jury.draws(s, self.engagement_id)
            return bool(found) and jury.rerun(s, found[-1].id).same

        if self.desk.read(check):
            ask.show_info(self, _("The draw was run again: the same jurors came out."))
        else:
            ask.show_error(
                self,
                _(
                    "The draw was run again and different jurors came out: the pool or the "
                    "groups changed since the draw."
                ),
            )

    @Slot()
    def _on_recommend(self) -> None:
        title = self.recommendation_title.text()
        made = self.desk.write(
            lambda s: jury_sessions.recommend(s, self.engagement_id, title), self
        )
        if made is not None:
            self.recommendation_title.clear()
            self._reload()
