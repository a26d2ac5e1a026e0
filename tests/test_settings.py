"""Settings: declared once, checked the same from the command line and the window, kept
with the data or for the user, and the warning against a database in a shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumdesk import settings, user_settings
from forumdesk.core import preferences
from forumdesk.db import backup
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import chosen_language
from forumdesk.user_settings import default_database


def test_every_setting_has_a_default_that_its_own_rules_accept() -> None:
    for declared in settings.ALL.values():
        assert settings.clean(declared, declared.default) == declared.default
        assert declared.label and declared.meaning


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("backups_kept", "0", "between 1 and 500"),
        ("backups_kept", "ten", "whole number"),
        ("backups_kept", "٣", "whole number"),  # Arabic-Indic three: not a number here
        ("interface_language", "fr", "'fr' is not one of: system, en, cy"),
        ("desk_name", "Office\x1b[31m", "control characters"),
        ("council_name", "A\nB", "one line"),
        ("council_name", "x" * 201, "limit is 200"),
    ],
)
def test_a_bad_value_is_refused_with_a_sentence(key: str, value: str, said: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        settings.clean(settings.ALL[key], value)
    assert said in str(refused.value)
    assert str(refused.value).startswith(settings.ALL[key].label.split()[0])


def test_settings_kept_with_the_data_change_and_restore(db) -> None:
    with db.session() as s:
        assert preferences.get_setting(s, "backups_kept") == "10"
        preferences.set_setting(s, "backups_kept", "3")
        preferences.set_setting(s, "desk_name", "Brixton laptop")
    with db.read_session() as s:
        assert preferences.get_setting(s, "backups_kept") == "3"
        assert preferences.get_setting(s, "desk_name") == "Brixton laptop"
    with db.session() as s:
        preferences.set_setting(s, "backups_kept", "")
        assert preferences.get_setting(s, "backups_kept") == "10"
        # An empty name is the computer's name again, never no name.
        assert preferences.set_setting(s, "desk_name", "") != ""


def test_the_number_of_backups_kept_is_the_databases_own(db, db_path: Path) -> None:
    with db.session() as s:
        preferences.set_setting(s, "backups_kept", "2")
    for _ in range(4):
        backup.rotating_backup(db_path, reason="test")
    assert len(backup.list_backups(db_path)) == 2


def test_user_settings_persist_and_a_damaged_file_keeps_the_defaults() -> None:
    assert user_settings.get("interface_language") == "system"
    user_settings.put("interface_language", "cy")
    assert user_settings.get("interface_language") == "cy"
    with pytest.raises(InvalidValue):
        user_settings.put("council_name", "x")  # kept with the data, not for the user
    path = user_settings.config_dir() / user_settings.FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    assert user_settings.get("interface_language") == "system"
    assert "damaged" in (user_settings.problem() or "")


def test_the_database_setting_is_the_one_opened_without_db(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("FORUMDESK_DB", raising=False)
    chosen = tmp_path / "office" / "register.sqlite"
    with pytest.raises(InvalidValue, match="does not exist"):
        user_settings.put("database", str(chosen))
    chosen.parent.mkdir()
    user_settings.put("database", str(chosen))
    assert default_database() == str(chosen)
    user_settings.put("database", "")
    assert default_database().endswith("forumdesk.sqlite")
    assert default_database() != str(chosen)


@pytest.mark.parametrize(
    "folder",
    [
        "/home/ana/OneDrive - Lambeth Council/ForumDesk",
        "/home/ana/Dropbox/forums",
        "/Users/ana/Library/Mobile Documents/com~apple~CloudDocs",
        "/home/ana/Google Drive/My Drive",
    ],
)
def test_a_database_in_a_sync_folder_is_warned_against(folder: str) -> None:
    warning = user_settings.shared_folder_warning(Path(folder) / "forumdesk.sqlite")
    assert warning is not None and "own disk" in warning


def test_a_database_on_a_network_share_is_warned_against() -> None:
    mounts = "/dev/sda1 / ext4 rw 0 0\nfiler:/council /mnt/council nfs4 rw 0 0\n"
    assert user_settings.shared_folder(Path("/mnt/council/fd.sqlite"), mounts) == (
        "a network share (nfs4)"
    )
    assert user_settings.shared_folder(Path("/home/ana/fd.sqlite"), mounts) is None
    assert user_settings.shared_folder(Path("//server/share/fd.sqlite")) == "a network share"


@pytest.mark.parametrize(
    ("environment", "setting", "language"),
    [
        ({"LANG": "cy_GB.UTF-8"}, "system", "cy"),
        ({"LANG": "fr_FR.UTF-8"}, "system", "en"),
        ({"LANGUAGE": "cy:en", "LANG": "en_GB.UTF-8"}, "system", "cy"),
        ({"LANG": "cy_GB.UTF-8"}, "en", "en"),
        ({"LANG": "C"}, "cy", "cy"),
    ],
)
def test_the_interface_language_follows_the_system_unless_set(
    monkeypatch, environment: dict[str, str], setting: str, language: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert chosen_language(setting) == language


def test_before_any_database_the_users_own_settings_can_be_listed_and_set(
    capsys, monkeypatch
) -> None:
    from forumdesk.cli import main

    monkeypatch.delenv("FORUMDESK_DB", raising=False)
    assert main(["config", "set", "interface_language", "cy"]) == 0
    assert main(["config", "list"]) == 0
    out, err = capsys.readouterr()
    assert "interface_language  cy" in out
    assert "There is no ForumDesk database" in err
    assert main(["config", "set", "council_name", "Lambeth"]) == 3  # kept with the data


def test_a_file_that_is_not_a_database_is_refused_as_the_database(tmp_path: Path) -> None:
    exchange = tmp_path / "laptop.forumdesk.json"
    exchange.write_text("{}", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"(not a|no) ForumDesk database"):
        user_settings.put("database", str(exchange))
    assert user_settings.get("database") == ""


def test_a_new_desk_is_told_apart_from_its_look_alikes(db, tmp_path: Path) -> None:
    from forumdesk.db.store import open_database

    other = open_database(str(tmp_path / "other.sqlite"))
    try:
        with db.read_session() as s, other.read_session() as t:
            mine, theirs = (
                preferences.get_setting(s, "desk_name"),
                preferences.get_setting(t, "desk_name"),
            )
    finally:
        other.dispose()
    assert mine != theirs  # the same computer, two desks: two names
    assert mine.split()[-1] == db.desk_uuid[:4]
