"""The online deliberation's panel in the Engagements view: its contributions, the issues
they became or support, and importing a platform's export (the deliberation part of
issue 14)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk.core.engagements import base, deliberation
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.offers import ContributionInfo, ImportReport
from forumdesk.domain.progress import Cancellable
from forumdesk.gui import ask, forms, work
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _

COLUMNS = (N_("Id"), N_("Contribution"), N_("Supports"), N_("Issue"))
#: What the file dialog offers.
KINDS = N_("Platform exports (*.csv *.json);;All files (*)")


class Panel(QWidget):
    """The deliberation's contributions and "Import contributions…"."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id
        self.held: list[ContributionInfo] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        forms.tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        forms.named(self.table, _("Contributions"))
        self.import_button = QPushButton(_("&Import contributions…"))
        self.match_button = QPushButton(_("&Support an issue…"))
        forms.named(self.import_button, _("Import contributions"))
        forms.named(
            self.match_button,
            _("Support an issue"),
            _("Makes the chosen contribution support an existing issue of the forum"),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.match_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self.refresh(Changes.all())

    def _connect_signals(self) -> None:
        self.import_button.clicked.connect(self._on_import)
        self.match_button.clicked.connect(self._on_match)
        self.table.itemSelectionChanged.connect(self._on_selection)

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(kinds.CONTRIBUTION, kinds.ISSUE, kinds.ENGAGEMENT)

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        chosen = self.selected()
        self.held, shown = self.desk.read(self._read)
        self.summary.setText(
            " · ".join(f"{label}: {value}" for label, value in shown)
            if self.held
            else _(
                "No contributions yet. Export them from the online platform as CSV or JSON "
                "and import the file here."
            )
        )
        self.table.setRowCount(len(self.held))
        for row, held in enumerate(self.held):
            for column, value in enumerate(
                (held.external_id, held.title, f"{held.supports:,}", held.issue_reference or "")
            ):
                item = QTableWidgetItem(value)
                if column == 1 and held.text:
                    item.setToolTip(held.text)
                self.table.setItem(row, column, item)
        ids = [c.id for c in self.held]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        self._on_selection()

    def _read(self, session: Session) -> tuple[list[ContributionInfo], list[tuple[str, str]]]:
        row = base.engagement(session, self.engagement_id)
        return deliberation.contributions(session, row.id), deliberation.figures(session, row)

    def selected(self) -> ContributionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.held[rows[0].row()] if rows else None

    @Slot()
    def _on_selection(self) -> None:
        self.match_button.setEnabled(self.selected() is not None)

    @Slot()
    def _on_import(self) -> None:
        if work.refuse_if_busy(self):
            return
        path = ask.ask_open_path(self, _("Import contributions"), _(KINDS))
        if not path:
            return
        name = Path(path).name
        ident = self.engagement_id

        def run(session: Session, progress: Cancellable) -> ImportReport:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise InputRefused(
                    _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
                ) from exc
            return deliberation.import_contributions(session, ident, data, name, progress=progress)

        work.run(
            self.desk,
            self,
            _("Importing {name}…").format(name=name),
            _("Importing"),
            run,
            done=self._imported,
        )

    def _imported(self, report: ImportReport) -> None:
        self.refresh(Changes.all())
        ask.show_info(self, deliberation.describe_import(report))

    @Slot()
    def _on_match(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        issue = ask.ask_text(
            self,
            _("Which issue does contribution {id} support? Its reference:").format(
                id=chosen.external_id
            ),
        )
        if not issue or not issue.strip():
            return
        ident = self.engagement_id
        if self.desk.write(
            lambda s: deliberation.match(s, ident, chosen.external_id, issue.strip()), self
        ):
            self.refresh(Changes.all())
