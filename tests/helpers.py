"""Helpers shared by tests: a content snapshot of a database, read without writing to it."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path


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
