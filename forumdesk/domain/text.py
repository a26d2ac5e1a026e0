"""Small pieces of English the faces share."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 issue``, ``3 issues``; ``plural`` where adding an s is wrong."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
