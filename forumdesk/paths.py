"""Where ForumDesk keeps things: the data folder, the default database, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ForumDesk"  # i18n: not text (the folder name platformdirs makes)
DB_ENV = "FORUMDESK_DB"
DATA_ENV = "FORUMDESK_DATA_DIR"
LOG_ENV = "FORUMDESK_LOG_DIR"


def data_dir() -> Path:
    """The user's ForumDesk data folder (``FORUMDESK_DATA_DIR`` overrides it)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Where the log file is written: ``FORUMDESK_LOG_DIR``, else ``logs`` in a data folder
    chosen by ``FORUMDESK_DATA_DIR``, else the user's log folder (on Linux
    ``~/.local/state/ForumDesk/log``)."""
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    if os.environ.get(DATA_ENV):
        return data_dir() / "logs"
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def default_database() -> str:
    """The database used without ``--db`` and without a choice in the settings
    (:func:`forumdesk.user_settings.default_database`): ``FORUMDESK_DB``, else a file in
    the data folder."""
    return os.environ.get(DB_ENV) or str(data_dir() / "forumdesk.sqlite")


def backup_dir(database: Path) -> Path:
    """Automatic backups of a database file live beside it."""
    return database.parent / f"{database.stem}-backups"


def resources_dir() -> Path:
    """The ``resources/`` folder, in the source tree, an installed wheel or a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"


def docs_dir() -> Path:
    """The user guides (``docs/``): in the source tree, an installed wheel
    (``forumdesk/docs``) or a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "docs"
    here = Path(__file__).resolve().parent
    for candidate in (here / "docs", here.parent / "docs"):
        if candidate.is_dir():
            return candidate
    return here.parent / "docs"


def migrations_dir() -> Path:
    """Alembic's script directory, shipped inside the package."""
    return Path(__file__).resolve().parent / "db" / "migrations"
