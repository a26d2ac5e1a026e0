"""A throwaway PostgreSQL server for the tests: its own data folder, 127.0.0.1 only.

The server is started from the system's PostgreSQL binaries (``initdb``, ``pg_ctl``:
Debian's ``postgresql`` package puts them in /usr/lib/postgresql/N/bin) under a temporary
folder, listens on a free port of 127.0.0.1 and trusts local connections (no password:
nothing but the test process reaches it). Each test gets an empty database of its own.

``FORUMDESK_TEST_POSTGRES`` names a server to use instead (a URL without a database
name, e.g. ``postgresql+psycopg://forumdesk@127.0.0.1:5432``); the tests create and drop
their databases in it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

#: The role the throwaway server is made with; it owns every test database.
ROLE = "forumdesk"


def binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL's server programs, or None."""
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(command: list[str]) -> list[str]:
    """PostgreSQL's server refuses to run as root: as root, run it as ``nobody``."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@dataclass
class Server:
    """A running PostgreSQL server; ``url`` has no database name."""

    url: str
    folder: Path | None = None  # None: a server the tests did not start
    bin: Path | None = None

    def database(self, template: str | None = None) -> str:
        """Creates a database and returns its URL: empty, or a copy of ``template`` (the
        URL of a database nobody is connected to; copying it is a file copy, far cheaper
        than running the migrations again)."""
        name = "t_" + uuid.uuid4().hex[:16]
        if template is None:
            self._admin(f'CREATE DATABASE "{name}"')
        else:
            source = template.rsplit("/", 1)[1]
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        return f"{self.url}/{name}"

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.plain_url() + "/postgres", autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]  # i18n: not text

    def plain_url(self) -> str:
        """The URL as psycopg itself takes it (no SQLAlchemy driver name)."""
        return self.url.replace("postgresql+psycopg://", "postgresql://", 1)

    def stop(self) -> None:
        if self.folder is None or self.bin is None or not self.folder.exists():
            return
        subprocess.run(
            _as_user(
                [str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop"]
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """Starts a throwaway server in a new folder of the system's temporary folder (owned
    by the server's user: a test's own tmp_path is not open to another user).

    Raises:
        RuntimeError: no PostgreSQL is installed, or the server did not start (the
            message says which, with the server's own log).
    """
    given = os.environ.get("FORUMDESK_TEST_POSTGRES")
    if given:
        return Server(given.rstrip("/"))
    bin_folder = binaries()
    if bin_folder is None:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb): install the Debian package "
            "'postgresql', or set FORUMDESK_TEST_POSTGRES to a server's URL."
        )
    folder = Path(tempfile.mkdtemp(prefix="forumdesk-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
    data, log = folder / "data", folder / "server.log"
    made = subprocess.run(
        _as_user(
            [
                str(bin_folder / "initdb"),
                "-D",
                str(data),
                "-U",
                ROLE,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        raise RuntimeError(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
    port = _free_port()
    options = (
        f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        _as_user(
            [
                str(bin_folder / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode != 0:
        said = log.read_text(errors="replace") if log.exists() else started.stderr
        raise RuntimeError(f"the PostgreSQL test server did not start: {said.strip()[-2000:]}")
    server = Server(f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}", folder, bin_folder)
    # Stopped at exit too, when a run is interrupted before the fixture's teardown (a
    # killed run leaves it to .ci/run, which stops every server under forumdesk-postgres-*).
    atexit.register(server.stop)
    return server
