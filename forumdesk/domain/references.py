"""Issue references that desks never fight over: desk marks, and the one rule for a clash.

The scheme is described for readers of the file in docs/exchange-format.md
("Issue references"):

* issues raised on a forum's home desk are ``BHF-0043``; on any other desk they carry
  that desk's mark, ``BHF-KT-0007``, numbered per forum and mark;
* when two issues still hold one reference (two desks with the same mark, a file from an
  older ForumDesk, a hostile file), the one created first (``created_at``, then
  ``uuid``) keeps it and the other takes one made only from its own data,
  ``BHF-0007-3FA8``: every desk that meets the clash writes the same value.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime

#: Letters of desk marks: no I or O, which read as 1 and 0.
MARK_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
MARK_LENGTH = 2
#: How many of the UUID's hex digits a renumbered reference takes, in turn, when the
#: shorter one is held too.
SUFFIX_LENGTHS = (4, 6, 8, 12)


def mark_of(desk_uuid: str) -> str:
    """The two letters a desk's issue references carry, made from its UUID."""
    value = int(desk_uuid.replace("-", ""), 16)
    letters = []
    for _ in range(MARK_LENGTH):
        value, index = divmod(value, len(MARK_LETTERS))
        letters.append(MARK_LETTERS[index])
    return "".join(letters)


def prefix(code: str, mark: str | None) -> str:
    """What every reference a desk gives in a forum starts with: ``BHF-`` or ``BHF-KT-``."""
    return f"{code}-{mark}-" if mark else f"{code}-"


def reference(code: str, mark: str | None, number: int) -> str:
    """``BHF-0043`` (the forum's home desk) or ``BHF-KT-0007`` (another desk)."""
    return f"{prefix(code, mark)}{number:04d}"


def first_claim(created_at: datetime, uuid: str) -> tuple[datetime, str]:
    """Orders the issues that claim one reference: the least keeps it."""
    return created_at, uuid.lower()


def renumbered(reference: str, uuid: str, taken: Container[str]) -> str:
    """The reference an issue that lost a clash takes: its own, and part of its UUID.

    Made from the issue's own data only, so every desk renumbers it alike; a longer part
    of the UUID is taken only if the shorter is held too (``taken``).
    """
    digits = uuid.replace("-", "").upper()
    for length in SUFFIX_LENGTHS:
        candidate = f"{reference}-{digits[:length]}"
        if candidate not in taken:
            return candidate
    return f"{reference}-{digits}"
