"""The co-production audit dashboard: filters, the grid of stages with its gaps, the charts,
the summary, and "Save as PDF…".

It reads the audit again when a change touches what it counts (issues, their timelines,
meetings, forums, sign-ins, engagements, offers), and only once it is on screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core import coverage_text, forums
from forumdesk.core.coverage import coverage
from forumdesk.domain.changes import (
    ATTENDANCE,
    ENGAGEMENT_KINDS,
    FORUM,
    ISSUE,
    MEETING,
    OFFER,
    TIMELINE_EVENT,
    Changes,
)
from forumdesk.domain.coverage import Coverage, CoverageCell, CoverageRow, OtherActivity
from forumdesk.domain.enums import PolicyStage
from forumdesk.domain.errors import ForumDeskError, InputRefused
from forumdesk.gui import ask, forms, work
from forumdesk.gui.charts import BarChart
from forumdesk.gui.desk import Desk
from forumdesk.i18n import _, ngettext

#: The kinds of record the audit counts: a change to any other leaves it as it is.
COUNTED = (ISSUE, TIMELINE_EVENT, MEETING, FORUM, ATTENDANCE, OFFER, *ENGAGEMENT_KINDS)
#: The earliest day a date field offers; showing it means "no limit" (its special text).
NO_LIMIT = forms.NO_DAY
GAP_FILL = QColor("#f8d7da")
GAP_INK = QColor("#8a1c24")
USUAL_FILL = QColor("#e3f1e6")


class AuditView(QWidget):
    """Where each forum co-produces with residents, and where it does not yet."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stale = True
        self.audit: Coverage | None = None

        self.start = self._date_field(_("From the start"))
        self.end = self._date_field(_("Until today"))
        self.forum = QComboBox()
        self.save = QPushButton(_("&Save as PDF…"))
        filters = QHBoxLayout()
        filters.addWidget(forms.buddy(_("&From:"), self.start))
        filters.addWidget(self.start)
        filters.addWidget(forms.buddy(_("&To:"), self.end))
        filters.addWidget(self.end)
        filters.addWidget(forms.buddy(_("F&orum:"), self.forum))
        filters.addWidget(self.forum, 1)
        filters.addWidget(self.save)

        self.title = QLabel()
        heading = self.title.font()
        heading.setBold(True)
        heading.setPointSizeF(heading.pointSizeF() * 1.25)
        self.title.setFont(heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        forms.named(self.summary, _("Summary"))

        self.grid = QTableWidget(0, len(PolicyStage))
        self.grid.setHorizontalHeaderLabels([s.short for s in PolicyStage])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        explained = _(
            "Each cell: issues · meetings · residents present (engagements and offers: "
            "engagements or offers first). Green: a stage the meeting format or activity "
            "usually serves; “Gap”: a usual stage with nothing in it."
        )
        forms.named(self.grid, _("Stages against mechanisms and meeting formats"), explained)
        legend = QLabel(explained)
        legend.setWordWrap(True)

        self.charts = [BarChart() for _i in range(5)]
        chart_grid = QGridLayout()
        for index, chart in enumerate(self.charts):
            chart_grid.addWidget(chart, index // 2, index % 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(legend)
        layout.addWidget(self.grid)
        layout.addLayout(chart_grid)
        layout.addStretch(1)
        self._fill_forums()
        self._connect_signals()

    # -- wiring ---------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self._desk.changed.connect(self._on_changed)
        self.start.dateChanged.connect(self.refresh)
        self.end.dateChanged.connect(self.refresh)
        self.forum.currentIndexChanged.connect(self.refresh)
        self.save.clicked.connect(self.save_pdf)

    def _date_field(self, none: str) -> QDateEdit:
        return forms.OptionalDate(none, "d MMM yyyy")  # i18n: not text

    def _fill_forums(self) -> None:
        chosen = self.forum.currentData()
        self.forum.blockSignals(True)
        self.forum.clear()
        self.forum.addItem(_("All forums"), None)
        for forum in self._desk.read(forums.list_forums):
            self.forum.addItem(f"{forum.code} – {forum.name}", forum.code)
        forms.select_data(self.forum, chosen)
        self.forum.blockSignals(False)

    # -- the scope ------------------------------------------------------------------

    def period(self) -> tuple[date | None, date | None]:
        """The period chosen (None: no limit on that side)."""
        return _day(self.start), _day(self.end)

    def set_period(self, start: date | None, end: date | None) -> None:
        """Chooses a period (None: no limit on that side) and shows its audit."""
        for field, day in ((self.start, start), (self.end, end)):
            field.blockSignals(True)
            field.setDate(QDate(day.year, day.month, day.day) if day else NO_LIMIT)
            field.blockSignals(False)
        self.refresh()

    def set_forum(self, code: str | None) -> None:
        """Chooses a forum by code (None: all forums) and shows its audit."""
        forms.select_data(self.forum, code)
        self.refresh()

    # -- reading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Reads the audit for the filters and shows it."""
        start, end = self.period()
        forum = self.forum.currentData()
        try:
            self.audit = self._desk.read(lambda s: coverage(s, start=start, end=end, forum=forum))
        except InputRefused as exc:  # the period ends before it starts
            self.audit = None
            self._show_refusal(str(exc))
            return
        self._stale = False
        self._show(self.audit)

    def _show_refusal(self, message: str) -> None:
        self.title.setText(_("Co-production audit"))
        self.summary.setText(message)
        self.grid.setRowCount(0)
        for widget in self.charts:
            widget.clear()
        self.save.setEnabled(False)

    def _show(self, audit: Coverage) -> None:
        self.save.setEnabled(True)
        self.title.setText(coverage_text.scope(audit))
        lines = [coverage_text.totals(audit), *coverage_text.summary(audit)]
        self.summary.setText("\n".join(lines))
        self._fill_grid(audit)
        for widget, chart in zip(self.charts, coverage_text.charts(audit), strict=True):
            widget.set_chart(chart)

    def _fill_grid(self, audit: Coverage) -> None:
        used = [r for r in audit.mechanism_rows if any(not c.empty for c in r.cells)]
        sections: list[tuple[str, list[CoverageRow]]] = [
            (_("Participation mechanisms"), used),
            (_("Engagements and offers"), [r for r in audit.activity_rows if r.used]),
            (_("Meeting formats"), list(audit.format_rows)),
        ]
        self.grid.clearSpans()
        self.grid.setRowCount(sum(1 + len(rows) for _t, rows in sections))
        labels: list[str] = []
        y = 0
        for title, rows in sections:
            heading = QTableWidgetItem(title)
            bold = QFont(heading.font())
            bold.setBold(True)
            heading.setFont(bold)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.grid.setItem(y, 0, heading)
            self.grid.setSpan(y, 0, 1, len(PolicyStage))
            labels.append("")
            y += 1
            for row in rows:
                labels.append(row.subject.label)
                for x, stage in enumerate(PolicyStage):
                    self.grid.setItem(y, x, _cell_item(row, stage, row.cell(stage)))
                y += 1
        self.grid.setVerticalHeaderLabels(labels)
        height = self.grid.horizontalHeader().height() + 2 * self.grid.frameWidth()
        height += sum(self.grid.rowHeight(r) for r in range(self.grid.rowCount()))
        self.grid.setFixedHeight(height)

    # -- refreshing -----------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*COUNTED):
            return
        if changes.touches(FORUM):
            self._fill_forums()
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- the document ---------------------------------------------------------------

    def save_pdf(self) -> None:
        """Writes the audit of the filters as a PDF where the officer chooses."""
        from forumdesk.db.files import write_whole
        from forumdesk.reports.coverage import coverage_pdf

        start, end = self.period()
        forum = self.forum.currentData()
        suggested = "-".join(
            part
            for part in (
                "co-production-audit",  # i18n: not text
                forum or "",
                start.isoformat() if start else "",
                end.isoformat() if end else "",
            )
            if part
        )
        path = ask.ask_save_path(
            self, _("Save the co-production audit"), f"{suggested}.pdf", _("PDF files (*.pdf)")
        )
        if path is None:
            return

        def written(data: bytes) -> None:
            try:
                write_whole(Path(path), data)
            except ForumDeskError as exc:
                ask.show_error(self, str(exc))
                return
            ask.show_info(self, _("The co-production audit was saved to {path}.").format(path=path))

        # Over a large register the audit takes seconds: off the window's thread.
        work.run(
            self._desk,
            self,
            _("Making the co-production audit…"),
            _("Co-production audit"),
            lambda s, _progress: coverage_pdf(s, start=start, end=end, forum=forum),
            mode=work.READ,
            done=written,
        )


def _day(field: QDateEdit) -> date | None:
    chosen = field.date()
    if chosen == field.minimumDate():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


def _cell_item(row: CoverageRow, stage: PolicyStage, cell: CoverageCell) -> QTableWidgetItem:
    """One cell: "issues · meetings · residents", or "Gap" marked in colour as well as words."""
    words = _("{issues}, {meetings}, {residents}").format(
        issues=ngettext("{n} issue", "{n} issues", cell.issues).format(n=cell.issues),
        meetings=ngettext("{n} meeting", "{n} meetings", cell.meetings).format(n=cell.meetings),
        residents=ngettext("{n} resident present", "{n} residents present", cell.residents).format(
            n=cell.residents
        ),
    )
    if cell.gap:
        item = QTableWidgetItem(_("Gap"))
        item.setBackground(QBrush(GAP_FILL))
        item.setForeground(QBrush(GAP_INK))
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        explained = _("Gap: {format} usually serves {stage}; nothing in this period.").format(
            format=row.subject.label, stage=stage.short.lower()
        )
    elif cell.empty:
        item = QTableWidgetItem("–")
        explained = _("{subject}, {stage}: nothing in this period.").format(
            subject=row.subject.label, stage=stage.short.lower()
        )
    elif row.is_activity:
        engaged = (
            ngettext("{n} offer", "{n} offers", cell.engagements)
            if row.subject is OtherActivity.OFFERS
            else ngettext("{n} engagement", "{n} engagements", cell.engagements)
        ).format(n=cell.engagements)
        item = QTableWidgetItem(
            f"{cell.engagements} · {cell.issues} · {cell.meetings} · {cell.residents}"
        )
        explained = f"{row.subject.label}, {stage.short.lower()}: {engaged}, {words}"
    else:
        item = QTableWidgetItem(f"{cell.issues} · {cell.meetings} · {cell.residents}")
        explained = f"{row.subject.label}, {stage.short.lower()}: {words}"
    if cell.usual and not cell.gap:
        item.setBackground(QBrush(USUAL_FILL))
        item.setForeground(QBrush(QColor("#1f2933")))
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setToolTip(explained)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, explained)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item
