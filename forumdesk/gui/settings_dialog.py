"""File → Settings…: every declared setting (forumdesk.settings), in two groups by where it
is kept, each edited as its kind says and checked by the same rules as ``forumdesk config``.

Nothing is stored until OK, and then everything or nothing: every value is checked first
(a wrong one is named and the dialog stays open with what was typed), the settings kept
with the data are written in one unit, and those kept for the user after it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forumdesk import settings, user_settings
from forumdesk.core import preferences
from forumdesk.domain.errors import ForumDeskError
from forumdesk.gui import ask, forms
from forumdesk.gui.desk import Desk
from forumdesk.i18n import N_, _

_GROUPS = (
    (settings.Scope.DATABASE, N_("Kept with this database (the same on every desk's minutes)")),
    (settings.Scope.USER, N_("For you on this computer")),
)


class SettingsDialog(QDialog):
    """The settings, one field each."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(620)
        stored = desk.read(preferences.all_settings)
        stored.update(user_settings.load())
        self.fields: dict[str, QWidget] = {}
        self.started: dict[str, str] = {}
        layout = QVBoxLayout(self)
        for scope, title in _GROUPS:
            box = QGroupBox(_(title))
            form = QFormLayout(box)
            for key, declared in settings.ALL.items():
                if declared.scope is not scope:
                    continue
                value = stored.get(key, declared.default)
                field, row = self._editor(declared, value)
                self.fields[key] = field
                self.started[key] = self.value(key)
                label = QLabel(_(declared.label) + ":")
                label.setBuddy(field)
                label.setToolTip(_(declared.meaning))
                field.setToolTip(_(declared.meaning))
                field.setAccessibleName(_(declared.label))
                form.addRow(label, row)
            layout.addWidget(box)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a1c00;")  # i18n: not text
        self.warning.hide()
        layout.addWidget(self.warning)
        self.later = QLabel(
            _("The interface language and the database take effect when ForumDesk next starts.")
        )
        self.later.setWordWrap(True)
        layout.addWidget(self.later)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self._give_mnemonics()
        database = self.fields[settings.DATABASE.key]
        assert isinstance(database, QLineEdit)
        database.textChanged.connect(self._warn_about_folder)
        self._warn_about_folder(database.text())

    def _give_mnemonics(self) -> None:
        """Alt plus a letter reaches each field and button, in either language."""
        # OK and Cancel are reached by Enter and Escape, and named by Qt.
        shown = self.findChildren(QLabel) + [
            b
            for b in self.findChildren(QPushButton)
            if not isinstance(b.parent(), QDialogButtonBox)
        ]
        given = forms.give_mnemonics([widget.text() for widget in shown])
        for widget, text in zip(shown, given, strict=True):
            widget.setText(text)

    def _editor(self, declared: settings.Setting, value: str) -> tuple[QWidget, QWidget]:
        """The field for a setting, and the row it sits in (with a Choose… button)."""
        if declared.kind is settings.Kind.CHOICE:
            combo = QComboBox()
            for choice, label in declared.choices:
                combo.addItem(_(label), choice)
            combo.setCurrentIndex(max(0, combo.findData(value or declared.default)))
            return combo, combo
        if declared.kind is settings.Kind.NUMBER:
            spin = QSpinBox()
            spin.setRange(declared.minimum, declared.maximum)
            spin.setValue(int(value or declared.default))
            return spin, spin
        line = QLineEdit(value)
        line.setMaxLength(declared.limit)
        if declared.default and declared.kind is settings.Kind.TEXT:
            line.setPlaceholderText(_(declared.default))
        if declared.key == settings.DESK_NAME.key:
            line.setPlaceholderText(_("the computer's name"))
        if declared.kind is settings.Kind.DATABASE:
            line.setPlaceholderText(_("a file, or postgresql://user@server/name"))
        if declared.kind not in (settings.Kind.IMAGE, settings.Kind.DATABASE):
            return line, line
        row = QWidget()
        inner = QHBoxLayout(row)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(line, 1)
        choose = QPushButton(_("Choose…"))
        choose.setAccessibleName(_("Choose a file for {setting}").format(setting=_(declared.label)))
        choose.clicked.connect(lambda _c=False, d=declared, f=line: self._choose(d, f))
        inner.addWidget(choose)
        return line, row

    def _choose(self, declared: settings.Setting, line: QLineEdit) -> None:
        if declared.kind is settings.Kind.IMAGE:
            chosen = ask.ask_open_path(self, _("Council logo"), _("Images (*.png *.jpg *.jpeg)"))
        else:
            chosen = ask.ask_save_path(
                self,
                _("Database"),
                line.text() or "forumdesk.sqlite",  # i18n: not text
                _("ForumDesk databases (*.sqlite)"),
            )
        if chosen:
            line.setText(chosen)

    def _warn_about_folder(self, text: str) -> None:
        is_file = text.strip() and "://" not in text  # a server is shared by design
        warning = user_settings.shared_folder_warning(Path(text)) if is_file else None
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))

    def value(self, key: str) -> str:
        """What the field of a setting holds now, as ``forumdesk config set`` takes it."""
        field = self.fields[key]
        if isinstance(field, QComboBox):
            return str(field.currentData())
        if isinstance(field, QSpinBox):
            return str(field.value())
        assert isinstance(field, QLineEdit)
        return field.text()

    def changed(self) -> dict[str, str]:
        """The settings whose field differs from what the dialog opened with."""
        return {key: self.value(key) for key in self.fields if self.value(key) != self.started[key]}

    def accept(self) -> None:
        changed = self.changed()
        try:
            for key, value in changed.items():  # every value checked before any is kept
                declared = settings.ALL[key]
                settings.clean(declared, value)
                if declared.kind is settings.Kind.DATABASE and value.strip():
                    user_settings.database_value(value.strip())
        except ForumDeskError as exc:
            ask.show_error(self, str(exc))
            self._focus(changed, exc)
            return
        kept_here = {
            k: v for k, v in changed.items() if settings.ALL[k].scope is settings.Scope.DATABASE
        }
        if kept_here:

            def store(session: Session) -> bool:
                for key, value in kept_here.items():
                    preferences.set_setting(session, key, value)
                return True

            if self.desk.write(store, self) is None:
                return  # said why; the dialog stays open with what was typed
        try:
            for key, value in changed.items():
                if key not in kept_here:
                    user_settings.put(key, value)
        except ForumDeskError as exc:
            ask.show_error(self, str(exc))
            return
        super().accept()

    def _focus(self, changed: dict[str, str], exc: ForumDeskError) -> None:
        field = getattr(exc, "field", None)
        if field in self.fields:
            self.fields[field].setFocus()
