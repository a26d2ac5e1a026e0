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
import unicodedata
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
    rules = [(name, placeholder, erasure) for name in names]
    return redact_each(content, rules, redactions=redactions)


def redact_each(
    content: dict[str, Any],
    rules: Iterable[tuple[str, str, str | None]],
    *,
    redactions: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """:func:`redact` for many erasures in one walk over the content.

    ``rules`` are ``(needle, placeholder, erasure)``: each needle found whole is replaced
    with its placeholder, and a place changed is recorded under the erasure of the first
    (longest) needle found there.
    """
    done = list(redactions or [])
    table: dict[str, tuple[str, str | None]] = {}
    for needle, stand_in, erasure in rules:
        if needle and needle.strip():
            table.setdefault(needle.strip(), (stand_in, erasure))
    if not table:
        return copy.deepcopy(content), done
    finder = Finder(table)
    seen = {tuple(r["path"]) for r in done}

    def walk(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            return {key: walk(item, [*path, key]) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, [*path, index]) for index, item in enumerate(value)]
        if not isinstance(value, str):
            return value
        present = finder.present(value)
        pattern = matcher(present) if present else None
        if pattern is None:
            return value
        found = pattern.findall(value)
        if not found:
            return value
        if tuple(path) not in seen:
            seen.add(tuple(path))
            done.append({"path": path, "erasure": table[found[0]][1]})
        return pattern.sub(lambda match: table[match.group(0)][0], value)

    return walk(content, []), done


def matcher(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``names`` as a whole word (longest first); None for none.

    Whole means no letter or digit before or after it, nor a hyphen joining it to one:
    erasing "Al" leaves "Al-Amin" and "Jo-Al" alone ("Al's" is still Al).
    """
    wanted = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile(
        r"(?<!\w)(?<!\w-)(?:" + "|".join(re.escape(n) for n in wanted) + r")(?!\w)(?!-\w)"
    )


def variants(text: str, *, any_case: bool = False) -> set[str]:
    """The forms a name or contact may have been typed in elsewhere: as recorded, in
    either Unicode normal form (an accent as one character or two), in capitals, and,
    for contact details (``any_case``), in small letters too."""
    found = {text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    cases = {form.upper() for form in found}
    if any_case:
        cases |= {form.lower() for form in found}
    return found | cases


class Finder:
    """Which of many needles occur in a text, found in one pass over its words.

    A regular expression of thousands of alternatives (retention erasing two years of
    sign-ins, an import bringing many erasures) is slow to try at every position of every
    text. A needle that a :func:`matcher` would find in a text has its first word as a
    whole word of that text (the matcher wants no letter before or after the needle), so
    the text's words pick the few needles worth looking for.
    """

    def __init__(self, needles: Iterable[str]) -> None:
        self._by_word: dict[str, set[str]] = {}
        self._always: set[str] = set()  # needles without a word in them (rare)
        for needle in {n.strip() for n in needles if n and n.strip()}:
            words = _WORD.findall(needle)
            if words:
                self._by_word.setdefault(words[0], set()).add(needle)
            else:
                self._always.add(needle)

    def present(self, text: str) -> set[str]:
        """The needles that occur in ``text`` (a superset of those a matcher matches)."""
        words = set(_WORD.findall(text)) & self._by_word.keys()
        maybe = {needle for word in words for needle in self._by_word[word]} | self._always
        return {needle for needle in maybe if needle in text}


_WORD = re.compile(r"\w+")


def scrub(value: Any, pattern: re.Pattern[str], placeholder: str) -> tuple[Any, bool]:
    """``value`` (a string or any JSON value) with every match replaced, and whether any was.

    Keys of objects are left as they are: they are names of fields, not text.
    """
    if isinstance(value, str):
        replaced, count = pattern.subn(placeholder, value)
        return replaced, count > 0
    if isinstance(value, dict):
        pairs = {key: scrub(item, pattern, placeholder) for key, item in value.items()}
        return {k: v for k, (v, _c) in pairs.items()}, any(c for _v, c in pairs.values())
    if isinstance(value, list):
        items = [scrub(item, pattern, placeholder) for item in value]
        return [v for v, _c in items], any(c for _v, c in items)
    return value, False


def at(content: Any, path: Iterable[str | int]) -> Any:
    """The value at ``path`` in ``content`` (KeyError/IndexError when there is none)."""
    value = content
    for step in path:
        value = value[step]
    return value
