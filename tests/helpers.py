"""Helpers shared by tests: a content snapshot of a database, read without writing to it."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any


def snapshot(path: Path) -> list[str]:
    """Every schema and row statement of a SQLite file, read-only (WAL contents included)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def file_bytes(path: Path) -> dict[str, bytes]:
    """The bytes of a file and of any -wal/-shm companions, to prove nothing was written."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            found[suffix] = candidate.read_bytes()
    return found


def fill_disk(folder: Path) -> Path:
    """Fills the file system holding ``folder`` to the last byte; returns the filler file."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(handle)
    return filler


def corrupt_pages(path: Path, *pages: int) -> None:
    """Overwrites whole pages of a SQLite file, as a failing disk or a torn write would."""
    size = int.from_bytes(path.read_bytes()[16:18], "big")  # the header's page size
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xde\xad\xbe\xef" * (size // 4))


def copy_of_the_source(folder: Path) -> Path:
    """The repository's source tree in ``folder``, without what a checkout gathers (so a
    build leaves the checkout untouched). Left out too: what other test workers write in
    the checkout while this one copies it (hypothesis's examples, a catalogue's temporary
    file), which can vanish between listing and copying."""
    import shutil

    source = folder / "source"
    shutil.copytree(
        Path(__file__).resolve().parent.parent,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "__pycache__",
            "*.egg-info",
            "build",
            "dist",
            ".ruff_cache",
            ".hypothesis",
            ".pytest_cache",
            ".mypy_cache",
            "*.tmp",
        ),
    )
    return source


def build(source: Path, kind: str, out: Path) -> Path:
    """Builds ``kind`` ("sdist" or "wheel") of the source tree with setuptools, as pip
    would, into ``out``; returns the file made."""
    import subprocess
    import sys

    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; from setuptools import build_meta; build_meta.build_{kind}(sys.argv[1])",
            str(out),
        ],
        cwd=source,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    (made,) = out.glob("forumdesk-*.tar.gz" if kind == "sdist" else "forumdesk-*.whl")
    return made


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a closed database at ``target`` (SQLite's backup API: WAL and all)."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()
    return target


def table_rows(target: str, skip: tuple[str, ...] = ()) -> dict[str, dict[Any, tuple[Any, ...]]]:
    """Every row of every table of ForumDesk's models in a database (a SQLite file, read
    read-only, or a PostgreSQL URL), by table and primary key: to compare a database
    before and after, on both. ``skip``: tables whose names start with one of these.
    """
    from sqlalchemy import create_engine, select
    from sqlalchemy.engine import make_url

    import forumdesk.db.models  # noqa: F401  (the tables)
    from forumdesk.db.base import Base
    from forumdesk.db.store import to_url

    url = to_url(target)
    if make_url(url).get_backend_name() == "sqlite":
        path = Path(make_url(url).database or "")
        url = f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows: dict[str, dict[Any, tuple[Any, ...]]] = {}
            for table in Base.metadata.sorted_tables:
                if table.name.startswith(skip):
                    continue
                key = [table.columns.keys().index(c.name) for c in table.primary_key.columns]
                rows[table.name] = {
                    (row[key[0]] if len(key) == 1 else tuple(row[i] for i in key)): tuple(row)
                    for row in connection.execute(select(table))
                }
            return rows
    finally:
        engine.dispose()
