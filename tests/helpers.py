"""Helpers shared by tests: a content snapshot of a database, read without writing to it."""

from __future__ import annotations

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
