"""A database on a server (PostgreSQL): its URL, reaching it, and recognising it as ours.

A server's URL may carry a password; it is never shown (:func:`shown`), and every
sentence about the server names it by host, port and database only. The documented
ways to give a password are a ``.pgpass`` file and the ``PGPASSWORD`` variable, which
psycopg (libpq) reads itself.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import CheckConstraint, Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from forumdesk.db import schema, search
from forumdesk.domain.errors import NewerDatabase, NotAForumDeskDatabase, StoreError
from forumdesk.i18n import _

#: The driver ForumDesk talks to PostgreSQL with (psycopg 3).
DRIVER = "postgresql+psycopg"  # i18n: not text
#: How the driver is installed: the ``postgres`` extra of the package.
INSTALL_DRIVER = 'pip install "forumdesk[postgres]"'  # i18n: not text
#: The table every ForumDesk database holds, made by the first migration.
DESK_TABLE = "desk"  # i18n: not text


#: What libpq says when the server cannot be reached (its own words, not text).
_UNREACHABLE = (
    "connection refused",  # i18n: not text
    "could not connect",  # i18n: not text
    "connection failed",  # i18n: not text
    "failed to resolve host",  # i18n: not text
    "could not translate host name",  # i18n: not text
    "name or service not known",  # i18n: not text
    "timeout expired",  # i18n: not text
    "server closed the connection",  # i18n: not text
    "network is unreachable",  # i18n: not text
    "no route to host",  # i18n: not text
    "terminating connection",  # i18n: not text
)


def normalise(url: URL) -> URL:
    """A PostgreSQL URL with psycopg 3 as its driver (``postgresql://`` and
    ``postgres://``, as libpq writes them, would otherwise ask for psycopg2)."""
    if url.get_backend_name() in ("postgresql", "postgres") and url.drivername != DRIVER:
        return url.set(drivername=DRIVER)
    return url


def shown(url: str | URL) -> str:
    """The URL as a person may see it: the password, if any, as ``***``."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)


def masked(text: str) -> str:
    """Text that may be a URL SQLAlchemy cannot read, with what may be a password hidden."""
    return _USER_PASSWORD.sub(r"\1***@", text)


_USER_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def where(url: str | URL) -> str:
    """The server a URL names, in words: ``host:port`` (the default port left out)."""
    parsed = make_url(url) if isinstance(url, str) else url
    host = parsed.host or "localhost"  # i18n: not text (libpq's own default)
    return f"{host}:{parsed.port}" if parsed.port else host


def driver_missing() -> StoreError:
    """The sentence for a PostgreSQL URL on an installation without the driver."""
    return StoreError(
        _(
            "ForumDesk cannot reach a PostgreSQL database here: its driver, psycopg, is not "
            "installed. Install it with: {command}"
        ).format(command=INSTALL_DRIVER)
    )


def describe_error(exc: DBAPIError, url: str | URL) -> str | None:
    """One sentence for a failure to reach or log in to a server, or None for any other
    error (a refused change is said by the caller). Never holds the password."""
    detail = str(exc.orig if exc.orig is not None else exc)
    lowered = detail.lower()
    parsed = make_url(url) if isinstance(url, str) else url
    server, user, name = where(parsed), parsed.username or "", parsed.database or ""
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return _(
            "The PostgreSQL server at {server} did not accept the password of {user}. "
            "Give the password in a .pgpass file or the PGPASSWORD variable (see "
            "docs/shared-register.md), not in the URL."
        ).format(server=server, user=user)
    if f'database "{name}" does not exist' in detail:
        return _(
            "There is no database {name} on the PostgreSQL server at {server}: ask whoever "
            "runs the server to create it (docs/shared-register.md)."
        ).format(name=name, server=server)
    if re.search(r'role "[^"]*" does not exist', detail):  # i18n: not text
        return _("The PostgreSQL server at {server} has no role (user) called {user}.").format(
            server=server, user=user
        )
    if "pg_hba.conf" in lowered or "permission denied for database" in lowered:
        return _(
            "The PostgreSQL server at {server} does not let {user} connect to the "
            "database {name} from this computer."
        ).format(server=server, user=user, name=name)
    if any(words in lowered for words in _UNREACHABLE):
        return _(
            "The PostgreSQL server at {server} cannot be reached: check the address in "
            "the URL, that the server is running, and that this computer may connect to it."
        ).format(server=server)
    return None


def recognise(engine: Engine, url: str) -> str | None:
    """Refuses a server database that is not ForumDesk's, reading it without writing.

    Returns:
        The schema revision it carries, or None for an empty database (ForumDesk may
        make its tables there).

    Raises:
        NotAForumDeskDatabase: it holds tables and no ForumDesk schema; nothing was made.
        NewerDatabase: a newer ForumDesk made it; it was not changed.
        StoreError: the server cannot be reached or logged in to (one sentence).
    """
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")  # i18n: not text
                ).scalar()
            connection.rollback()
    except DBAPIError as exc:
        raise StoreError(describe_error(exc, url) or _problem(exc)) from exc
    if not tables:
        return None
    if revision is None or DESK_TABLE not in tables:
        raise NotAForumDeskDatabase(
            _(
                "The database {url} holds tables of another program, not a ForumDesk "
                "database; nothing was made in it. Give ForumDesk an empty database of "
                "its own."
            ).format(url=shown(url))
        )
    if revision != schema.HEAD:
        from forumdesk.db import migrate  # Alembic only when there is work for it

        if revision not in migrate.known_revisions():
            raise NewerDatabase(
                _(
                    "{url} was written by a newer ForumDesk (schema {schema}); install the "
                    "newer version to open it."
                ).format(url=shown(url), schema=revision)
            )
    return str(revision)


def _problem(exc: DBAPIError) -> str:
    detail = str(exc.orig if exc.orig is not None else exc).strip().rstrip(".")
    return _("The database could not be read: {problem}.").format(problem=detail)


def check(connection: Connection) -> list[str]:
    """What is wrong with a ForumDesk database on a server (an empty list: sound).

    The server keeps its own files sound; what ForumDesk checks is that the schema is at
    the revision this version expects, that every table, key, foreign key, unique
    constraint and index of that schema is there and validated (a constraint added
    ``NOT VALID`` by hand is not enforced on the rows already there), and the search
    index (``search.problems``: the extension, the folding function, the GIN index, the
    triggers, and exactly the live issues indexed).
    """
    from forumdesk.db import models  # noqa: F401  (registers every table)
    from forumdesk.db.base import Base

    problems = []
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != schema.HEAD:
        problems.append(
            _("the schema is at revision {found}, not {head}").format(
                found=revision, head=schema.HEAD
            )
        )
    present = {
        name: valid
        for name, valid in connection.execute(
            text(
                "SELECT c.conname, c.convalidated FROM pg_constraint c "  # i18n: not text
                "JOIN pg_namespace n ON n.oid = c.connamespace "
                "WHERE n.nspname = current_schema()"
            )
        )
    }
    indexes = set(
        connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        ).scalars()
    )
    tables = set(inspect(connection).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            problems.append(_("the table {table} is missing").format(table=table.name))
            continue
        for constraint in table.constraints:
            name = str(constraint.name)
            if isinstance(constraint, CheckConstraint):
                continue  # some are left to the application (the migrations say which)
            if name not in present:
                problems.append(
                    _("the constraint {name} of the table {table} is missing").format(
                        name=name, table=table.name
                    )
                )
        for index in table.indexes:
            if str(index.name) not in indexes:
                problems.append(
                    _("the index {name} of the table {table} is missing").format(
                        name=index.name, table=table.name
                    )
                )
    for name, valid in sorted(present.items()):
        if not valid:
            problems.append(
                _("the constraint {name} is not validated for the rows already there").format(
                    name=name
                )
            )
    problems.extend(search.problems(connection))
    return problems


def backup_advice(url: str, dest: str | None = None) -> str:
    """What a person asking ForumDesk for a backup of a server database is told."""
    return _(
        "{database} is on a PostgreSQL server, whose backups are taken with the "
        "server's own tool, pg_dump, not by ForumDesk. To take one now, run:\n  "
        "{command}\n(docs/shared-register.md says how to take one every night)."
    ).format(database=shown(url), command=dump_command(url, dest))


def dump_command(url: str, dest: str | None = None) -> str:
    """The ``pg_dump`` command that backs up the server database ``url`` (password left
    out: pg_dump reads .pgpass or PGPASSWORD, as ForumDesk does)."""
    address = _libpq_address(url)
    target = dest or f"forumdesk-{make_url(url).database}-{date.today():%Y%m%d}.dump"
    return f'pg_dump --format=custom --file="{target}" "{address}"'  # i18n: not text


def restore_command(url: str, source: str) -> str:
    """The ``pg_restore`` command that puts a dump back into an empty database ``url``."""
    return f'pg_restore --no-owner --dbname="{_libpq_address(url)}" "{source}"'  # i18n: not text


def _libpq_address(url: str) -> str:
    """The URL as PostgreSQL's own tools take it: no driver name, no password."""
    return without_password(url, drivername="postgresql")  # i18n: not text


def without_password(url: str, drivername: str | None = None) -> str:
    """The URL with no password at all (as typed when .pgpass or PGPASSWORD gives it)."""
    parsed = make_url(url)
    plain = URL.create(
        drivername or parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return plain.render_as_string(hide_password=False)
