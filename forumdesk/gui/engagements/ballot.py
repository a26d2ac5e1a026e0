"""The ballot's panel in the Engagements view (the ballot part of issue 14): the ballots of
each box per option and spoilt (typed into the grid, saved cell by cell), a new box, the
totals, turnout and result, and "Declare result"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk.core.engagements import ballot, base
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import EngagementKind, EngagementStatus
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _


class Panel(QWidget):
    """The ballot's own fields, counts and entry forms. The grid has a row per ballot box
    and a last row of totals; a column per option, then Spoilt, then Total."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        self._options: list[str] = []
        self._boxes: list[str] = []
        self._filling = False
        self._declared = False

        self.grid = QTableWidget()
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.horizontalHeader().setMinimumSectionSize(
            self.fontMetrics().horizontalAdvance("0") * 9
        )
        forms.named(
            self.grid,
            _("Ballots per ballot box"),
            _("One row per ballot box: type each option's ballots and the spoilt ones"),
        )
        self.new_box = QLineEdit()
        self.new_box.setPlaceholderText(_("Name of a ballot box, then Enter"))
        self.add_box = QPushButton(_("Add &ballot box"))
        forms.named(self.add_box, _("Add ballot box"))
        adder = QHBoxLayout()
        adder.addWidget(forms.buddy(_("&New box:"), self.new_box))
        adder.addWidget(self.new_box, 1)
        adder.addWidget(self.add_box)

        self.rule = QLabel()
        self.totals = QLabel()
        self.turnout = QLabel()
        self.result = QLabel()
        for label in (self.rule, self.totals, self.turnout, self.result):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet("font-weight: bold")  # i18n: not text
        self.declare_button = QPushButton(_("&Declare result"))
        forms.named(
            self.declare_button,
            _("Declare result"),
            _("Records the result on the ballot and as the co-decision of its issues"),
        )

        counts = QGroupBox(_("Ballots counted"))
        box_layout = QVBoxLayout(counts)
        box_layout.addWidget(self.grid)
        box_layout.addLayout(adder)
        summary = QGroupBox(_("Result"))
        summary_layout = QVBoxLayout(summary)
        for label in (self.rule, self.totals, self.turnout, self.result):
            summary_layout.addWidget(label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.declare_button)
        summary_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(counts, 1)
        layout.addWidget(summary)

        self.grid.itemChanged.connect(self._cell_changed)
        self.add_box.clicked.connect(self.add_box_now)
        self.new_box.returnPressed.connect(self.add_box_now)
        self.declare_button.clicked.connect(self.declare_now)
        self.refresh(Changes.all())

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(kinds.ENGAGEMENT, kinds.ENGAGEMENT_COUNT)

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        if not self.wants(changes):
            return

        def read(s: Session) -> tuple[EngagementInfo, ballot.BallotResult]:
            row = base.of_kind(s, self.engagement_id, EngagementKind.BALLOT)
            return base.info(s, row), ballot.result(s, row.id)

        try:
            info, outcome = self.desk.read(read)
        except ForumDeskError:  # removed meanwhile (elsewhere): the view replaces the panel
            return
        self._declared = info.status is EngagementStatus.REPORTED
        self._options = list(info.options)
        self._boxes = [b.name for b in outcome.boxes]
        self._fill(outcome)
        self.rule.setText(ballot.rule_text(outcome))
        self.totals.setText(
            _("Valid ballots: {valid}; spoilt: {spoilt}; cast: {total}.").format(
                valid=f"{outcome.valid:,}", spoilt=f"{outcome.spoilt:,}", total=f"{outcome.total:,}"
            )
        )
        self.turnout.setText(ballot.turnout_text(outcome) + ".")
        said = ballot.result_text(outcome)
        self.result.setText(_("Declared: {result}").format(result=said) if self._declared else said)
        self.declare_button.setEnabled(not self._declared and outcome.counted)
        for widget in (self.new_box, self.add_box):
            widget.setEnabled(not self._declared and bool(self._options))

    def _fill(self, outcome: ballot.BallotResult) -> None:
        self._filling = True
        try:
            headers = [*self._options, _("Spoilt"), _("Total")]
            self.grid.clear()
            self.grid.setColumnCount(len(headers))
            self.grid.setHorizontalHeaderLabels(headers)
            rows = [*outcome.boxes]
            self.grid.setRowCount(len(rows) + (1 if rows else 0))
            self.grid.setVerticalHeaderLabels(
                [b.name for b in rows] + ([_("All boxes")] if rows else [])
            )
            editable = not self._declared
            for r, box in enumerate(rows):
                values = [*(box.ballots[o] for o in self._options), box.spoilt]
                for c, value in enumerate(values):
                    self.grid.setItem(r, c, _cell(value, editable))
                self.grid.setItem(r, len(values), _cell(box.total, False))
            if rows:
                last = len(rows)
                totals = [*(o.votes for o in outcome.options), outcome.spoilt, outcome.total]
                for c, value in enumerate(totals):
                    total = _cell(value, False)
                    font = total.font()
                    font.setBold(True)
                    total.setFont(font)
                    self.grid.setItem(last, c, total)
            for c, header in enumerate(headers):
                item = self.grid.horizontalHeaderItem(c)  # each column has its header item
                if item is not None:
                    item.setToolTip(header)  # a long option in full
            self.grid.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
        finally:
            self._filling = False

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        """A count typed into the grid: saved for that box and option once the edit has
        ended (saving reads the grid again, which must not happen inside its own signal)."""
        if self._filling or item.row() >= len(self._boxes) or item.column() > len(self._options):
            return
        box, column, typed = self._boxes[item.row()], item.column(), item.text()
        QTimer.singleShot(0, lambda: self._save(box, column, typed))

    def _save(self, box: str, column: int, typed: str) -> None:
        text = typed.strip().replace(",", "")
        if not text.isdigit():
            ask.show_error(
                self,
                _("{value} is not a number of ballots: type a whole number, 0 or more.").format(
                    value=repr(typed)
                ),
            )
            self.refresh(Changes.all())  # show what is stored
            return
        count = int(text)
        if column == len(self._options):
            counts: dict[str, int] = {}
            spoilt: int | None = count
        else:
            counts, spoilt = {self._options[column]: count}, None
        self._write(lambda s: ballot.enter_box(s, self.engagement_id, box, counts, spoilt=spoilt))

    def _write(self, work: Callable[[Session], object]) -> object:
        """Runs a change; the panel shows what is stored afterwards, saved or refused."""
        done = self.desk.write(work, self)
        self.refresh(Changes.all())
        return done

    def add_box_now(self) -> None:
        """Adds a ballot box (its counts start at 0, typed into the grid)."""
        name = self.new_box.text()
        made = self._write(lambda s: ballot.enter_box(s, self.engagement_id, name, {}, spoilt=0))
        if made is not None:
            forms.empty(self.new_box)

    def declare_now(self) -> None:
        """Declares the result after asking: it cannot be undone."""
        question = _(
            "Declare the result? It is recorded on the ballot and as the co-decision of the "
            "issues tied to it, and the counts can no longer change."
        )
        if not ask.ask_yes_no(self, question):
            return
        self._write(lambda s: ballot.declare(s, self.engagement_id))


def _cell(value: int, editable: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{value:,}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
