"""File → Settings…: the declared settings, edited in the window, kept where they belong."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox

from forumdesk import user_settings
from forumdesk.core import preferences
from forumdesk.gui.settings_dialog import SettingsDialog


def _dialog(window, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(window.desk, window)
    qtbot.addWidget(dialog)
    return dialog


def test_the_menu_opens_every_setting_with_its_value(window, qtbot) -> None:
    seen = {}

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog))
        seen.update({key: dialog.value(key) for key in dialog.fields})
        dialog.reject()

    QTimer.singleShot(0, look)
    window.settings_action.trigger()
    assert seen["council_name"] == "Your Council"
    assert seen["backups_kept"] == "10"
    assert seen["interface_language"] == "system"
    assert seen["desk_name"]  # the computer's name until someone names the desk


def test_ok_keeps_each_setting_where_it_belongs(window, qtbot) -> None:
    dialog = _dialog(window, qtbot)
    name = dialog.fields["council_name"]
    assert isinstance(name, QLineEdit)
    name.setText("Lambeth Council")
    kept = dialog.fields["backups_kept"]
    assert isinstance(kept, QSpinBox)
    kept.setValue(30)
    language = dialog.fields["interface_language"]
    assert isinstance(language, QComboBox)
    language.setCurrentIndex(language.findData("cy"))
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    stored = window.desk.read(preferences.all_settings)
    assert stored["council_name"] == "Lambeth Council"
    assert stored["backups_kept"] == "30"
    assert user_settings.get("interface_language") == "cy"


def test_a_bad_value_is_named_and_nothing_is_kept(window, qtbot, dialogs) -> None:
    dialog = _dialog(window, qtbot)
    name = dialog.fields["council_name"]
    assert isinstance(name, QLineEdit)
    name.setText("Lambeth Council")
    desk_name = dialog.fields["desk_name"]
    assert isinstance(desk_name, QLineEdit)
    desk_name.setText("Office\x07desk")
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert any("control characters" in message for message in dialogs.errors)
    assert window.desk.read(preferences.all_settings)["council_name"] == "Your Council"
    assert name.text() == "Lambeth Council"  # what was typed stays


def test_a_database_in_a_sync_folder_is_warned_against_as_it_is_typed(
    window, qtbot, tmp_path: Path
) -> None:
    dialog = _dialog(window, qtbot)
    dialog.show()
    field = dialog.fields["database"]
    assert isinstance(field, QLineEdit)
    field.setText(str(tmp_path / "OneDrive - Council" / "forumdesk.sqlite"))
    assert dialog.warning.isVisible()
    assert "OneDrive" in dialog.warning.text()
    field.setText(str(tmp_path / "forumdesk.sqlite"))
    assert not dialog.warning.isVisible()


def test_an_officer_can_choose_a_database_on_a_postgresql_server(
    window, qtbot, postgres_url: str
) -> None:
    dialog = _dialog(window, qtbot)
    dialog.show()
    field = dialog.fields["database"]
    assert isinstance(field, QLineEdit)
    assert "postgresql://" in field.placeholderText()
    field.setText(postgres_url)
    assert not dialog.warning.isVisible()  # a server is no sync folder
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert user_settings.get("database") == postgres_url
    assert user_settings.default_database() == postgres_url


def test_a_postgresql_url_with_a_password_is_refused_in_the_settings(
    window, qtbot, dialogs, postgres_url: str
) -> None:
    dialog = _dialog(window, qtbot)
    field = dialog.fields["database"]
    assert isinstance(field, QLineEdit)
    field.setText(postgres_url.replace("forumdesk@", "forumdesk:s3cret@", 1))
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert any(".pgpass" in message for message in dialogs.errors)
    assert not any("s3cret" in message for message in dialogs.errors)
    assert user_settings.get("database") == ""


def test_a_postgresql_database_of_another_program_is_refused_in_the_settings(
    window, qtbot, dialogs, postgres_url: str
) -> None:
    import psycopg

    with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql", 1)) as c:
        c.execute("CREATE TABLE payroll (id integer)")
    dialog = _dialog(window, qtbot)
    field = dialog.fields["database"]
    assert isinstance(field, QLineEdit)
    field.setText(postgres_url)
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert any("another program" in message for message in dialogs.errors)
