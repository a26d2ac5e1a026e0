"""Taking names out of sealed content: pure functions, no database.

Approved minutes keep the content they were sealed with and its hash. When a person's
personal data is erased (or an export leaves personal data out), their name is taken out
of that content and a placeholder put in its place; each place is recorded as a
*redaction* (its path in the content, and the erasure that caused it), so that a reader
knows the content no longer hashes to the sealed hash and why, and a check of an older
PDF can treat those places as the only ones allowed to differ.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

#: A path into the content: keys of objects and indexes of arrays, outermost first.
Path = list[str | int]


def redact(
    content: dict[str, Any],
    names: Iterable[str],
    placeholder: str,
    *,
    erasure: str | None = None,
    redactions: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A copy of ``content`` with every whole-word occurrence of ``names`` replaced.

    Returns the new content and the redactions: those given plus one
    ``{"path": [...], "erasure": erasure}`` per string changed. Names are matched
    whole (not inside another word), case-sensitively as they were recorded; a
    string already redacted at the same path is recorded once.
    """
    wanted = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    done = list(redactions or [])
    if not wanted:
        return copy.deepcopy(content), done
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in wanted) + r")(?!\w)")
    seen = {tuple(r["path"]) for r in done}

    def walk(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            return {key: walk(item, [*path, key]) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, [*path, index]) for index, item in enumerate(value)]
        if isinstance(value, str) and pattern.search(value):
            if tuple(path) not in seen:
                seen.add(tuple(path))
                done.append({"path": path, "erasure": erasure})
            return pattern.sub(placeholder, value)
        return value

    return walk(content, []), done


def at(content: Any, path: Iterable[str | int]) -> Any:
    """The value at ``path`` in ``content`` (KeyError/IndexError when there is none)."""
    value = content
    for step in path:
        value = value[step]
    return value
