"""Bringing a database to the schema this ForumDesk expects, safely.

Before an existing SQLite file is upgraded it is backed up with the online backup
API. The upgrade runs in one transaction on a connection with foreign keys off
(a batch migration's table copy would otherwise cascade-delete child rows), then
``foreign_key_check`` and per-table row counts must come out clean before it
commits. On any failure the file is restored from the backup.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine import make_url

from forumdesk.db import backup, schema
from forumdesk.db.engine import is_sqlite, make_engine
from forumdesk.domain.errors import MigrationFailed, NewerDatabase, ServerNotReady, StoreError
from forumdesk.i18n import _, ngettext
from forumdesk.paths import migrations_dir

APPLICATION_ID = schema.APPLICATION_ID


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Keeps autogenerate away from the FTS5 index and its shadow tables (docs/internals.md)."""
    return not (type_ == "table" and name is not None and name.startswith("issue_search"))


def alembic_config(url: str, script_location: Path | None = None) -> Config:
    """An Alembic Config built in code: no alembic.ini, no logging set-up."""
    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision(script_location: Path | None = None) -> str:
    """The single head of the migration history.

    Raises:
        StoreError: if the history has more than one head (a packaging mistake).
    """
    script = ScriptDirectory.from_config(alembic_config("sqlite://", script_location))
    heads = script.get_heads()
    if len(heads) != 1:
        raise StoreError(
            ngettext(
                "ForumDesk's migrations have {n} head instead of one.",
                "ForumDesk's migrations have {n} heads instead of one.",
                len(heads),
            ).format(n=len(heads))
        )
    return heads[0]


def known_revisions(script_location: Path | None = None) -> set[str]:
    """Every revision this ForumDesk can upgrade from."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://", script_location))
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in a database, or None for a fresh one."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str, *, script_location: Path | None = None) -> bool:
    """Upgrades a database to head; returns whether anything was done.

    Raises:
        NewerDatabase: the database carries a revision this ForumDesk does not know.
        MigrationFailed: the upgrade failed and the file was restored.
    """
    head = head_revision(script_location)
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
            connection.rollback()
        if current == head:
            return False
        if current is not None and current not in known_revisions(script_location):
            raise NewerDatabase(
                _(
                    "The database was written by a newer ForumDesk (schema {schema}); "
                    "install the newer version to open it."
                ).format(schema=current)
            )
        safety_copy = _backup_before(url, current)
        try:
            _run_upgrade(engine, url, script_location)
        except ServerNotReady:
            raise  # its own sentence: nothing was changed, and what to run to go on
        except Exception as exc:
            engine.dispose()
            if safety_copy is not None:
                backup.write_pages(safety_copy, Path(engine.url.database or ""))
            reason = exc if isinstance(exc, MigrationFailed) else f"{type(exc).__name__}: {exc}"
            raise MigrationFailed(
                (
                    _(
                        "Upgrading the database failed ({problem}); "
                        "it was restored from the backup taken first."
                    )
                    if safety_copy
                    else _("Upgrading the database failed ({problem}); nothing was changed.")
                ).format(problem=reason)
            ) from exc
        return True
    finally:
        engine.dispose()


def _backup_before(url: str, current: str | None) -> Path | None:
    """A verified copy of an existing SQLite database, taken before it is migrated."""
    if current is None or not is_sqlite(url):
        return None
    database = Path(make_url(url).database or "")
    return backup.rotating_backup(database, reason=f"before-upgrade-from-{current}")


def _run_upgrade(engine: Engine, url: str, script_location: Path | None) -> None:
    config = alembic_config(url, script_location)
    with engine.begin() as connection:
        sqlite = connection.dialect.name == "sqlite"
        before = _row_counts(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if not sqlite:
            return
        violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise MigrationFailed(
                ngettext(
                    "{n} row would break foreign keys",
                    "{n} rows would break foreign keys",
                    len(violations),
                ).format(n=len(violations))
            )
        after = _row_counts(connection)
        lost = {t: (n, after[t]) for t, n in before.items() if t in after and after[t] < n}
        if lost:
            detail = ", ".join(f"{t} {a}→{b}" for t, (a, b) in sorted(lost.items()))
            raise MigrationFailed(_("rows would be lost: {detail}").format(detail=detail))
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _row_counts(connection: Connection) -> dict[str, int]:
    names = [n for n in inspect(connection).get_table_names() if include_name(n, "table", None)]
    return {
        name: connection.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one()
        for name in names
    }
