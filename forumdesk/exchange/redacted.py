"""Sealed minutes with names taken out: two copies of one version, compared and combined.

A version's ``content`` may travel with names taken out (``redactions``: the places, and
the erasure that took each out, or null where an export withheld it). Two copies of one
version are the same version when they differ only at those places; combining them keeps
the more redacted value at each place (an erasure over a withheld name over the name),
and gives the names back only when a copy carries the content exactly as approved (it
hashes to the version's content hash) and nothing in the other was erased. These are
pure functions: no database.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from typing import Any

from forumdesk.core.minutes import content_hash
from forumdesk.domain.redaction import at
from forumdesk.i18n import N_, for_language

#: What stands in a sealed text where a person's name was taken out, and where contact
#: details were: the same words an erasure writes on this desk (core/erasure.py), so that
#: every desk redacts a text alike.
PLACEHOLDER = N_("a resident")
CONTACT_PLACEHOLDER = N_("(contact details erased)")
_ABSENT = object()

Marks = dict[tuple[Any, ...], str | None]  # a place: the erasure that took it out (None: withheld)


def placeholder(content: dict[str, Any], text: str = PLACEHOLDER) -> str:
    """A placeholder in the language the minutes were written in."""
    return for_language(str(content.get("language") or "en")).gettext(text)


def _stand_ins(content: dict[str, Any]) -> tuple[str, ...]:
    return (placeholder(content), placeholder(content, CONTACT_PLACEHOLDER))


def marks(redactions: Iterable[dict[str, Any]] | None) -> Marks:
    """The places of a list of redactions; an erasure wins over a withholding at one place
    (and the first erasure by UUID over another, so every desk keeps the same one)."""
    found: Marks = {}
    for entry in redactions or ():
        path = tuple(entry.get("path") or ())
        found[path] = _stronger(found.get(path, _ABSENT), entry.get("erasure"))
    return found


def as_list(found: Marks) -> list[dict[str, Any]]:
    """Redactions in the one order every desk writes them."""
    return [
        {"path": list(path), "erasure": erasure}
        for path, erasure in sorted(found.items(), key=lambda item: json.dumps(item[0]))
    ]


def places_exist(content: Any, redactions: Iterable[dict[str, Any]] | None) -> bool:
    """Whether every redaction names a text of the content."""
    for path in marks(redactions):
        try:
            if not isinstance(at(content, path), str):
                return False
        except (KeyError, IndexError, TypeError):
            return False
    return True


def differences(one: Any, other: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]] | None:
    """The places where two contents hold different texts; None when they differ otherwise
    (another shape, another number, a text where the other has none)."""
    if isinstance(one, dict) and isinstance(other, dict):
        if one.keys() != other.keys():
            return None
        found: list[tuple[Any, ...]] = []
        for key in one:
            inner = differences(one[key], other[key], (*path, key))
            if inner is None:
                return None
            found += inner
        return found
    if isinstance(one, list) and isinstance(other, list):
        if len(one) != len(other):
            return None
        found = []
        for index, (a, b) in enumerate(zip(one, other, strict=True)):
            inner = differences(a, b, (*path, index))
            if inner is None:
                return None
            found += inner
        return found
    if isinstance(one, str) and isinstance(other, str):
        return [] if one == other else [path]
    if type(one) is not type(other) or one != other:
        return None
    return []


def same_version(
    mine: dict[str, Any],
    my_redactions: list[dict[str, Any]] | None,
    theirs: dict[str, Any],
    their_redactions: list[dict[str, Any]] | None,
) -> bool:
    """Whether two copies differ only at places one of them took a name out of."""
    found = differences(mine, theirs)
    if found is None:
        return False
    my_marks, their_marks = marks(my_redactions), marks(their_redactions)
    stands_in = _stand_ins(mine)
    for path in found:
        if path in my_marks and path in their_marks:
            continue
        if path in my_marks and redaction_of(at(theirs, path), at(mine, path), stands_in):
            continue
        if path in their_marks and redaction_of(at(mine, path), at(theirs, path), stands_in):
            continue
        return False
    return True


def redaction_of(text: str, redacted: str, stands_in: Iterable[str]) -> bool:
    """Whether ``redacted`` is ``text`` with some words replaced by placeholders (and
    nothing else changed): a text changed otherwise is no redaction, whatever it claims."""
    either = "|".join(re.escape(p) for p in sorted(set(stands_in), key=len, reverse=True))
    pieces = re.split(either, redacted)
    if len(pieces) < 2:
        return False
    pattern = r"(?<!\w).+?(?!\w)".join(re.escape(piece) for piece in pieces)
    return re.fullmatch(pattern, text, flags=re.DOTALL) is not None


def combine(
    mine: dict[str, Any],
    my_redactions: list[dict[str, Any]] | None,
    theirs: dict[str, Any],
    their_redactions: list[dict[str, Any]] | None,
    sealed_hash: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One copy of a version from two that :func:`same_version` says are the same.

    At each place either took a name out of, the more redacted text stays: erased over
    withheld over the name. Two different redactions of one text (two erasures of two
    people named in one sentence) leave only the placeholder there, so that neither name
    comes back. Withheld names come back only from a copy that hashes to the sealed hash,
    into a copy from which nothing was erased. The result is the same whichever copy is
    called ``mine``.
    """
    my_marks, their_marks = marks(my_redactions), marks(their_redactions)
    for whole, other in ((mine, their_marks), (theirs, my_marks)):
        if content_hash(whole) == sealed_hash and all(e is None for e in other.values()):
            return copy.deepcopy(whole), []
    result = copy.deepcopy(mine)
    kept: Marks = {}
    stands_in = _stand_ins(mine)
    for path in my_marks.keys() | their_marks.keys():
        one, other = at(mine, path), at(theirs, path)
        mark_one, mark_other = my_marks.get(path, _ABSENT), their_marks.get(path, _ABSENT)
        if mark_one is _ABSENT and not (one == other or redaction_of(one, other, stands_in)):
            mark_other = _ABSENT  # not a redaction of this text: keep it
        if mark_other is _ABSENT and not (one == other or redaction_of(other, one, stands_in)):
            mark_one = _ABSENT
        if mark_one is _ABSENT and mark_other is _ABSENT:
            continue
        if one == other or _rank(mark_one) == _rank(mark_other):
            value = one if one == other else placeholder(mine)
            kept[path] = _stronger(mark_one, mark_other)
        elif _rank(mark_one) > _rank(mark_other):
            value, kept[path] = one, mark_one  # type: ignore[assignment]  # ranked above: a mark
        else:
            value, kept[path] = other, mark_other  # type: ignore[assignment]  # ranked above: a mark
        _put(result, path, value)
    return result, as_list(kept)


def _rank(mark: Any) -> int:
    """How much a mark takes out: nothing (0), a withheld name (1), an erased one (2)."""
    if mark is _ABSENT:
        return 0
    return 1 if mark is None else 2


def _stronger(one: Any, other: Any) -> Any:
    if _rank(one) != _rank(other):
        return one if _rank(one) > _rank(other) else other
    if _rank(one) == 2:
        return min(one, other)
    return one


def _put(content: Any, path: tuple[Any, ...], value: str) -> None:
    parent = at(content, path[:-1])
    parent[path[-1]] = value
