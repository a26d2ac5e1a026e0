"""Shared fixtures: a migrated temporary database, a sample forum, the environment tests need."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forumdesk.db.engine import Database
from forumdesk.db.store import open_database
from tests import postgres
from tests.helpers import copy_database


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user's data folder, database or window settings (a window
    started in a subprocess keeps its settings under $XDG_CONFIG_HOME)."""
    monkeypatch.setenv("FORUMDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("FORUMDESK_DB", raising=False)
    # The demo's meetings have fixed dates: retention counts from a fixed day too, so
    # that the suite does not start erasing the demo's residents in 2028.
    monkeypatch.setenv("FORUMDESK_RETENTION_TODAY", "2026-12-01")


WELSH = "cy_GB.UTF-8"


@pytest.fixture(scope="session")
def locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the Welsh locale (LOCPATH), built with localedef: what a computer
    set to Welsh gives ForumDesk. Needs the Debian package `locales`."""
    if shutil.which("localedef") is None:
        pytest.fail(
            "localedef is not installed, so the Welsh locale this test needs cannot be "
            "built: install the Debian package 'locales' (apt-get install locales)."
        )
    folder = tmp_path_factory.mktemp("locales")
    made = subprocess.run(
        ["localedef", "-i", "cy_GB", "-f", "UTF-8", str(folder / WELSH)],
        capture_output=True,
        text=True,
        check=False,
    )
    if not (folder / WELSH).is_dir():
        pytest.fail(f"localedef could not build the Welsh locale {WELSH}: {made.stderr.strip()}")
    return folder


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """A throwaway PostgreSQL server for this test process (tests/postgres.py).

    Where none can be started the test is skipped, saying why; under CI (``CI=true``)
    it fails instead: CI installs PostgreSQL, so a server that does not start is a fault.
    """
    try:
        server = postgres.start()
    except RuntimeError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed under CI: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: postgres.Server) -> Iterator[str]:
    """The URL of an empty PostgreSQL database of this test's own, dropped after it."""
    url = postgres_server.database()
    yield url
    postgres_server.drop(url)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "forum.sqlite"


#: The suites whose tests run on both databases (tests/<folder>/...): the stores, the
#: services and engagements, exchange and reports. A test there that takes ``db`` (or
#: ``sample``, ``demo_db``, ``db_url``, the exchange's ``desks``) runs as ``[sqlite]``
#: and as ``[postgres]``, unless it is marked ``sqlite_only`` (it is about a SQLite file).
BOTH_DATABASES = ("core", "db", "exchange", "reports")
BACKENDS = ("sqlite", "postgres")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    tests = Path(__file__).parent
    folder = metafunc.definition.path.relative_to(tests).parts[0]
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is not None and not only.kwargs.get("reason"):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
    if folder not in BOTH_DATABASES or only is not None:
        return  # the ``backend`` fixture's default: SQLite
    if "db_path" in metafunc.fixturenames:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid} runs on both databases but takes db_path, a "
            "SQLite file: use db.url / db_url, or mark it sqlite_only with the reason."
        )
    metafunc.parametrize("backend", BACKENDS, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``postgres_xfail(reason=...)``: the ``[postgres]`` run of a test is expected to fail
    (strictly: it fails the run once it passes) until the work the reason names lands."""
    for item in items:
        marker = item.get_closest_marker("postgres_xfail")
        callspec = getattr(item, "callspec", None)
        if marker and callspec is not None and callspec.params.get("backend") == "postgres":
            item.add_marker(pytest.mark.xfail(strict=True, reason=marker.kwargs["reason"]))


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database this test runs on: "sqlite" (a file) or "postgres" (a server)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_template(postgres_server: postgres.Server) -> str:
    """A database at the current schema (migrated once per server, no desk identity yet):
    each test's database is a copy of it. Nobody stays connected to it."""
    from forumdesk.db import migrate

    url = postgres_server.database()
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_demo_template(postgres_server: postgres.Server, postgres_template: str) -> str:
    """The demo (``forumdesk demo``) on PostgreSQL, filled once per server and copied."""
    from forumdesk.core import demo

    url = postgres_server.database(template=postgres_template)
    database = open_database(url)
    with database.session() as s:
        demo.fill_demo(s)
    database.dispose()
    return url


#: This test's PostgreSQL database, once made (by ``db_url``, or first by ``demo_db``).
_POSTGRES_DB = pytest.StashKey[str]()


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``--db`` names for this test's database: ``db_path`` on SQLite, the URL of a
    database of the test's own (dropped after it) on PostgreSQL; the demo when the test
    asked for ``demo_db`` first."""
    if backend == "sqlite":
        yield str(request.getfixturevalue("db_path"))
        return
    url = request.node.stash.get(_POSTGRES_DB, None)
    if url is not None:  # demo_db made it, and drops it
        yield url
        return
    server: postgres.Server = request.getfixturevalue("postgres_server")
    url = server.database(template=request.getfixturevalue("postgres_template"))
    request.node.stash[_POSTGRES_DB] = url
    yield url
    server.drop(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the current schema (no desk identity yet), migrated once per test
    process: a test's new database is a copy of it (migrating costs a second or more)."""
    from forumdesk.db import migrate

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(db_url: str, backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """This test's database, open (a new one at the current schema, or the demo's copy)."""
    if backend == "sqlite" and not Path(db_url).exists():
        copy_database(request.getfixturevalue("sqlite_template"), Path(db_url)).chmod(0o600)
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (``forumdesk demo``), made once per test process: filling it
    costs seconds, copying it milliseconds. Tests about the demo itself still make it."""
    from forumdesk.core import demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        demo.fill_demo(s)
    database.dispose()
    return path


@pytest.fixture
def demo_db(backend: str, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """This test's database holding the demo, as ``forumdesk demo`` leaves it (ask for it
    before ``db``, ``db_url`` or a window, which open it): ``db_path`` on SQLite, a URL
    on PostgreSQL."""
    if backend == "sqlite":
        db_path: Path = request.getfixturevalue("db_path")
        assert not db_path.exists(), "demo_db must come before the fixtures that open db_path"
        yield copy_database(request.getfixturevalue("demo_template"), db_path)
        return
    assert _POSTGRES_DB not in request.node.stash, "demo_db must come before db and db_url"
    server: postgres.Server = request.getfixturevalue("postgres_server")
    url = server.database(template=request.getfixturevalue("postgres_demo_template"))
    request.node.stash[_POSTGRES_DB] = url
    yield url
    server.drop(url)


@dataclass
class SmallDisk:
    """A real file system of a few megabytes (a tmpfs), to fill up or make read-only.

    Root ignores file permissions, so ``chmod`` cannot make a folder read-only for the
    tests; a read-only mount is refused to root too, and a full tmpfs fails writes with
    ENOSPC exactly as a full laptop disk does.
    """

    folder: Path

    def read_only(self) -> None:
        """Remounts the file system read-only (every writer refused, root included)."""
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def writable(self) -> None:
        subprocess.run(["mount", "-o", "remount,rw", str(self.folder)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 4 MB tmpfs mounted for the test (skipped only where mounting is impossible)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(
            "a full or read-only disk is simulated with a tmpfs mount, which needs root "
            f"(CAP_SYS_ADMIN): {mounted.stderr.strip()}"
        )
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@dataclass(frozen=True)
class Sample:
    """A forum with one meeting, two attendees and three issues."""

    forum_code: str
    meeting_id: int
    resident_id: int
    issue_refs: tuple[str, ...]


@pytest.fixture
def sample(db: Database) -> Sample:
    from forumdesk.core import attendance, forums, issues, meetings

    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum", wards=["Brixton Hill"])
        meeting = meetings.create_meeting(
            s, forum="BHF", format="area-forum", date="2026-03-04", venue="St Saviour's Hall"
        )
        resident = attendance.add_attendance(
            s, meeting.id, role="resident", name="Aled Jones", consent_named=True
        )
        refs = tuple(
            issues.record_issue(
                s, forum="BHF", title=title, meeting=meeting.id, ward=ward, themes=themes
            ).reference
            for title, ward, themes in (
                ("Potholes on Brixton Hill", "Brixton Hill", ["Roads"]),
                ("Street lights out on Ffordd yr Ŵyl", "Tulse Hill", ["Safety", "Lighting"]),
                ("Library opening hours", None, []),
            )
        )
    return Sample("BHF", meeting.id, resident.id, refs)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keeps the interpreter's final garbage collection away from what the tests left.

    After some long GUI runs PySide6 6.12 aborted the interpreter in that last
    collection ("deallocating True or False", a reference-count error in its bindings):
    every test had passed, and the run failed. Frozen objects are not collected at exit.
    """
    gc.collect()
    gc.freeze()
