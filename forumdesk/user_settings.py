"""The settings kept for this user on this computer (``settings.Scope.USER``).

They live in ``settings.json`` in the user's configuration folder (on Linux
``~/.config/ForumDesk``; ``XDG_CONFIG_HOME`` moves it), written whole or not at all. A
file that cannot be read is treated as empty, and said so by :func:`problem`: a damaged
settings file must never keep ForumDesk from starting.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from forumdesk import settings
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _

FILE_NAME = "settings.json"  # i18n: not text

#: Folders that a sync client copies to the cloud and back, by a part of their path.
SYNC_FOLDERS = (
    ("onedrive", "OneDrive"),  # i18n: not text
    ("dropbox", "Dropbox"),  # i18n: not text
    ("google drive", "Google Drive"),  # i18n: not text
    ("googledrive", "Google Drive"),  # i18n: not text
    ("my drive", "Google Drive"),  # i18n: not text
    ("icloud drive", "iCloud Drive"),  # i18n: not text
    ("mobile documents", "iCloud Drive"),  # i18n: not text
    ("nextcloud", "Nextcloud"),  # i18n: not text
    ("owncloud", "ownCloud"),  # i18n: not text
    ("box sync", "Box"),  # i18n: not text
)
#: File systems of network shares (Linux /proc/mounts names).
NETWORK_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs"}
)


def config_dir() -> Path:
    """The user's ForumDesk configuration folder."""
    from platformdirs import user_config_dir

    from forumdesk.paths import APP_NAME

    return Path(user_config_dir(APP_NAME, appauthor=False))


def _path() -> Path:
    return config_dir() / FILE_NAME


def load() -> dict[str, str]:
    """Every user setting that was changed from its default (an unreadable file: none)."""
    try:
        stored = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {
        key: value
        for key, value in stored.items()
        if key in settings.ALL and isinstance(value, str)
    }


def problem() -> str | None:
    """Why the settings file cannot be used, or None (no file yet is no problem)."""
    path = _path()
    if not path.exists():
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return _("The settings file {path} cannot be read: {problem}.").format(
            path=path, problem=exc.strerror
        )
    except ValueError:
        return _("The settings file {path} is damaged; the defaults are used.").format(path=path)
    if not isinstance(stored, dict):
        return _("The settings file {path} is damaged; the defaults are used.").format(path=path)
    return None


def get(key: str) -> str:
    """A user setting's value, or its default."""
    declared = settings.declared(key)
    return load().get(key) or declared.default


def put(key: str, value: str) -> str:
    """Changes a user setting ("" restores the default); returns the value now in force.

    Raises:
        InvalidValue: the value is not one the setting can hold.
        StoreError: the settings file cannot be written.
    """
    from forumdesk.db.files import private_folder, write_whole

    declared = settings.declared(key)
    if declared.scope is not settings.Scope.USER:
        raise InvalidValue(key, _("is kept with the data, not for this user"))
    cleaned = settings.clean(declared, value)
    if declared.kind is settings.Kind.DATABASE and cleaned:
        cleaned = database_value(cleaned)
    stored = load()
    if cleaned:
        stored[key] = cleaned
    else:
        stored.pop(key, None)
    folder = config_dir()
    private_folder(folder)
    data = json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_whole(_path(), data.encode("utf-8"))
    return cleaned or declared.default


def default_database() -> str:
    """The database opened without ``--db``: ``FORUMDESK_DB``, else the one chosen in the
    settings (``config set database``), else the one in the data folder."""
    from forumdesk import paths

    return os.environ.get(paths.DB_ENV) or load().get("database") or paths.default_database()


def database_value(value: str) -> str:
    """The database setting as it is kept: a file's absolute path (:func:`database_path`),
    or a PostgreSQL URL with no password in it whose database can be reached and is
    ForumDesk's or empty (ForumDesk prepares it when it first opens it).

    Raises:
        InvalidValue: the value is not one of those, or its database cannot be used.
    """
    if "://" not in value:
        return str(database_path(value))
    from sqlalchemy.engine import make_url

    from forumdesk.db import server
    from forumdesk.db.engine import is_sqlite, make_engine
    from forumdesk.db.store import to_url
    from forumdesk.domain.errors import ForumDeskError

    try:
        url = to_url(value)
        if is_sqlite(url):
            return str(database_path(make_url(url).database or ""))
        if make_url(url).password:
            raise InvalidValue(
                settings.DATABASE.key,
                _(
                    "the URL holds a password, which would be kept in the settings file and "
                    "shown in the window: give it in a .pgpass file or the PGPASSWORD variable "
                    "instead"
                ),
            )
        engine = make_engine(url)
        try:
            server.recognise(engine, url)
        finally:
            engine.dispose()
    except InvalidValue:
        raise
    except ForumDeskError as exc:
        raise InvalidValue(settings.DATABASE.key, str(exc)) from exc
    return value


def database_path(value: str) -> Path:
    """A database file's path as given, made absolute, once its folder is known to exist
    and, if the file is there, that it is a ForumDesk database (a new one is made on first
    use; something else is never turned into one).

    Raises:
        InvalidValue: the folder does not exist, the path is a folder, or the file is not
            a ForumDesk database.
    """
    path = Path(value).expanduser()
    path = path if path.is_absolute() else Path.cwd() / path
    if path.is_dir():
        raise InvalidValue(
            settings.DATABASE.key,
            _("{path} is a folder; give a database file's name in it").format(path=path),
        )
    if not path.parent.is_dir():
        raise InvalidValue(
            settings.DATABASE.key, _("the folder {path} does not exist").format(path=path.parent)
        )
    if path.exists():
        from forumdesk.db.store import open_database
        from forumdesk.domain.errors import ForumDeskError

        try:
            open_database(str(path), create=False).dispose()
        except ForumDeskError as exc:
            raise InvalidValue(settings.DATABASE.key, str(exc)) from exc
    return path


def shared_folder(path: Path, mounts: str | None = None) -> str | None:
    """What shares a folder with other computers (a sync client, a network share), or None.

    SQLite's locking, which keeps two programs from corrupting one database, does not
    hold across a sync client's copies or on many network file systems. ``mounts`` is
    the mount table in /proc/mounts' form (read from there when not given).
    """
    parts = [part.lower() for part in Path(os.path.abspath(path)).parts]
    for part in parts:
        for marker, service in SYNC_FOLDERS:
            if part == marker or part.startswith(marker + " ") or part.startswith(marker + "-"):
                return service
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return _("a network share")
    mount = _mount_of(Path(os.path.abspath(path)), mounts)
    if mount is not None and mount in NETWORK_FILE_SYSTEMS:
        return _("a network share ({kind})").format(kind=mount)
    return None


def shared_folder_warning(path: Path) -> str | None:
    """A sentence warning against keeping the database at ``path``, or None."""
    service = shared_folder(path)
    if service is None:
        return None
    return _(
        "{path} is in a folder shared through {service}. Keep the database on this "
        "computer's own disk: a sync client copies the file while ForumDesk writes it, "
        "and locking across a network does not keep two programs apart, so work can be "
        "lost or the database damaged. To share work, export and import exchange files."
    ).format(path=path, service=service)


def _mount_of(path: Path, mounts: str | None = None) -> str | None:
    """The file-system type of the mount that holds ``path`` (Linux only; None elsewhere)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return None
    lines = mounts.splitlines()
    best, kind = "", None
    text = str(path)
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind
