"""The consultation's panel in the Engagements view (the consultation part of issue 14):
its questions, a form to enter responses by channel coded to issues, the totals, the
summary and the "you said, we did" response."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forumdesk.core.engagements import base, consultation
from forumdesk.domain import changes as kinds
from forumdesk.domain.changes import Changes
from forumdesk.domain.consultations import Totals
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import Channel
from forumdesk.gui import forms
from forumdesk.gui.desk import Desk
from forumdesk.gui.models import Column, RecordTableModel
from forumdesk.i18n import N_, _

#: How the responses being entered are coded (the entries of the "Coded to" list).
NOT_CODED, EXISTING, NEW = "none", "issue", "new"  # i18n: not text
#: The largest count the form takes (far beyond any consultation's responses).
MOST = 1_000_000


@dataclass(frozen=True)
class _Row:
    """One line of the totals: an issue, the responses not coded, or all of them."""

    key: int  # the issue's id; 0 not coded; -1 in all
    name: str
    how: str
    meeting: int
    paper: int
    online: int
    total: int


COLUMNS: tuple[Column[_Row], ...] = (
    Column(N_("Coded to"), lambda r: r.name),
    Column(N_("How"), lambda r: r.how),
    Column(N_("At a meeting"), lambda r: str(r.meeting), align_right=True),
    Column(N_("On paper"), lambda r: str(r.paper), align_right=True),
    Column(N_("Online"), lambda r: str(r.online), align_right=True),
    Column(N_("In all"), lambda r: str(r.total), align_right=True),
)


def _rows(sums: Totals) -> list[_Row]:
    rows = [
        _Row(
            i.issue_id,
            f"{i.reference}  {i.title}",
            i.role.label,
            *[n for _c, n in i.by_channel],  # type: ignore[call-arg]  # one count per channel
            i.total,
        )
        for i in sums.issues
    ]
    coded = {c: sum(dict(i.by_channel)[c] for i in sums.issues) for c in Channel}
    rows.append(
        _Row(
            0,
            _("Not coded to an issue"),
            "",
            *[sums.of(c) - coded[c] for c in Channel],  # type: ignore[call-arg]  # per channel
            sums.not_coded,
        )
    )
    in_all = [sums.of(c) for c in Channel]
    rows.append(_Row(-1, _("In all"), "", *in_all, sums.total))  # type: ignore[call-arg]  # per channel
    return rows


class Panel(QWidget):
    """The consultation's own fields, counts and entry forms."""

    def __init__(self, desk: Desk, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engagement_id = engagement_id

        # Questions
        self.questions = QListWidget()
        self.new_question = QLineEdit()
        self.new_question.setPlaceholderText(_("A question to ask, then Enter"))
        self.add_question = QPushButton(_("Add &question"))
        self.remove_question = QPushButton(_("Remove question"))
        # Responses
        self.channel = forms.enum_combo(Channel)
        self.count = QSpinBox()
        self.count.setRange(0, MOST)
        self.coded = QComboBox()
        self.coded.addItem(_("Not coded to an issue"), NOT_CODED)
        self.coded.addItem(_("Support an issue already recorded"), EXISTING)
        self.coded.addItem(_("Raise a new issue"), NEW)
        self.issue = QComboBox()
        self.issue.setEditable(True)
        self.issue.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.issue.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.issue.setMinimumContentsLength(20)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(_("What the responses raise"))
        self.enter = QPushButton(_("&Enter responses"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.model: RecordTableModel[_Row] = RecordTableModel(COLUMNS, lambda r: r.key, parent=self)
        self.totals = forms.record_table(self.model)
        # What came of it
        self.summary = QPlainTextEdit()
        self.you_said = QPlainTextEdit()
        self.save_summary = QPushButton(_("Save s&ummary"))
        self.save_you_said = QPushButton(_("Save 'you said, &we did'"))

        self._lay_out()
        self._connect_signals()
        self.read()

    def _lay_out(self) -> None:
        asked = QGroupBox(_("Questions"))
        asked_layout = QVBoxLayout(asked)
        forms.named(
            self.questions, _("Questions"), _("Double-click a question to change its words")
        )
        self.questions.setWordWrap(True)
        self.questions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.questions.setMaximumHeight(self.questions.fontMetrics().lineSpacing() * 7)
        asked_layout.addWidget(self.questions)
        adding = QHBoxLayout()
        forms.named(self.new_question, _("New question"))
        adding.addWidget(self.new_question, 1)
        adding.addWidget(self.add_question)
        adding.addWidget(self.remove_question)
        asked_layout.addLayout(adding)

        entry = QGroupBox(_("Enter responses"))
        form = QFormLayout(entry)
        forms.add_row(form, _("C&hannel:"), self.channel)
        forms.add_row(form, _("Nu&mber of responses:"), self.count)
        forms.add_row(form, _("&Coded to:"), self.coded)
        forms.add_row(form, _("&Issue:"), self.issue, _("Choose an issue or type its reference"))
        forms.add_row(form, _("New issue &title:"), self.new_title)
        form.addRow(self.enter)
        form.addRow(self.result)

        written = QGroupBox(_("What came of it"))
        written_layout = QHBoxLayout(written)
        for label, editor, save in (
            (_("Summary of &responses:"), self.summary, self.save_summary),
            (_("You said, we &did:"), self.you_said, self.save_you_said),
        ):
            lines = editor.fontMetrics().lineSpacing()
            editor.setFixedHeight(lines * 5 + 12)
            column = QVBoxLayout()
            column.addWidget(forms.buddy(label, editor))
            column.addWidget(editor)
            column.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)
            written_layout.addLayout(column, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(asked, 1)
        top.addWidget(entry, 1)
        layout.addLayout(top)
        self.totals.setMinimumHeight(self.totals.verticalHeader().defaultSectionSize() * 6)
        layout.addWidget(forms.named(self.totals, _("Responses by channel and issue")), 1)
        layout.addWidget(written)

    def _connect_signals(self) -> None:
        self.add_question.clicked.connect(self.add_question_now)
        self.new_question.returnPressed.connect(self.add_question_now)
        self.remove_question.clicked.connect(self.remove_question_now)
        self.questions.itemChanged.connect(self._on_question_edited)
        self.coded.currentIndexChanged.connect(self._on_coding_changed)
        self.enter.clicked.connect(self.enter_now)
        self.new_title.returnPressed.connect(self.enter_now)
        self.save_summary.clicked.connect(self.save_summary_now)
        self.save_you_said.clicked.connect(self.save_you_said_now)

    # Reading ---------------------------------------------------------------------------

    def wants(self, changes: Changes) -> bool:
        """Whether changes may alter what the panel shows."""
        return changes.touches(
            kinds.ENGAGEMENT, kinds.ENGAGEMENT_COUNT, kinds.ENGAGEMENT_ISSUE, kinds.ISSUE
        )

    def refresh(self, changes: Changes) -> None:
        """Reads again what changes may have altered."""
        if self.wants(changes):
            self.read()

    def read(self) -> None:
        """Reads the consultation, its totals and the issues responses may be coded to."""

        def work(s):
            row = consultation.consultation(s, self.engagement_id)
            return (
                base.info(s, row),
                consultation.totals(s, row.id),
                consultation.issue_choices(s, row.id),
            )

        shown, sums, choices = self.desk.read(work)
        self._show_questions(shown)
        self.model.set_records(_rows(sums))
        typed = self.issue.currentText()
        self.issue.blockSignals(True)
        self.issue.clear()
        for reference, title in choices:
            self.issue.addItem(f"{reference}  {title}", reference)
        self.issue.setEditText(typed)
        self.issue.blockSignals(False)
        self._show_text(self.summary, shown.outcome)
        self._show_text(self.you_said, shown.you_said_we_did)
        self._on_coding_changed()

    def _show_questions(self, shown: EngagementInfo) -> None:
        self.questions.blockSignals(True)
        self.questions.clear()
        for text in shown.questions:
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.questions.addItem(item)
        self.questions.blockSignals(False)

    @staticmethod
    def _show_text(editor: QPlainTextEdit, text: str | None) -> None:
        """Shows stored text, unless the person has typed there and not saved yet."""
        if editor.document().isModified():
            return
        editor.setPlainText(text or "")
        editor.document().setModified(False)

    def _on_coding_changed(self) -> None:
        mode = self.coded.currentData()
        self.issue.setEnabled(mode == EXISTING)
        self.new_title.setEnabled(mode == NEW)

    # Writing ---------------------------------------------------------------------------

    def question_texts(self) -> list[str]:
        """The questions as listed."""
        return [self.questions.item(n).text() for n in range(self.questions.count())]

    def _save_questions(self, texts: list[str]) -> bool:
        ident = self.engagement_id
        done = self.desk.write(lambda s: consultation.set_questions(s, ident, texts), self)
        if done is None:
            self.read()  # refused: show what is stored
        return done is not None

    def add_question_now(self) -> None:
        """Adds the typed question at the end."""
        text = self.new_question.text().strip()
        if text and self._save_questions([*self.question_texts(), text]):
            self.new_question.clear()

    def remove_question_now(self) -> None:
        """Removes the selected question."""
        row = self.questions.currentRow()
        if row < 0:
            return
        texts = self.question_texts()
        del texts[row]
        self._save_questions(texts)

    def _on_question_edited(self, _item: QListWidgetItem) -> None:
        self._save_questions(self.question_texts())

    def enter_now(self) -> None:
        """Enters the responses as the form describes them."""
        mode = self.coded.currentData()
        issue = raise_title = None
        if mode == EXISTING:
            index = self.issue.findText(self.issue.currentText())
            typed = self.issue.currentText().strip()
            issue = self.issue.itemData(index) if index >= 0 else (typed.split() or [""])[0]
            if not issue:
                self.result.setText(_("Choose the issue the responses support."))
                return
        elif mode == NEW:
            raise_title = self.new_title.text()
        ident, channel, count = self.engagement_id, self.channel.current(), self.count.value()
        done = self.desk.write(
            lambda s: consultation.record_responses(
                s, ident, channel, count, issue=issue, raise_title=raise_title
            ),
            self,
        )
        if done is None:
            return
        self.result.setText(consultation.said(done))
        if mode == NEW:
            self.new_title.clear()

    def save_summary_now(self) -> None:
        """Saves the summary of the responses."""
        self._save_text(self.summary, "summary")

    def save_you_said_now(self) -> None:
        """Saves the "you said, we did" response."""
        self._save_text(self.you_said, "you_said_we_did")

    def _save_text(self, editor: QPlainTextEdit, field: str) -> None:
        ident, text = self.engagement_id, editor.toPlainText()
        editor.document().setModified(False)  # what is typed is what will be stored
        done = self.desk.write(lambda s: consultation.write_up(s, ident, **{field: text}), self)
        if done is None:
            editor.document().setModified(True)  # refused: keep what was typed
