"""Taking an erased name or contact out of everything else this desk holds.

A sign-in's own fields are blanked by :mod:`forumdesk.core.erasure`; a copy of the name
or contact may also sit in free text (an issue's description, a comment, an agenda
item's notes), in the values of conflicts and stored revisions, in the search index and
in sealed minutes. Each is rewritten here in place, without a new version: every desk
that applies the same erasure rewrites its copy the same way, so the desks agree without
an edit travelling (docs/internals.md, "Erasure everywhere").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import JSON, Column, Enum, String, Table, Text, cast, or_, select, update
from sqlalchemy.orm import Session

from forumdesk.db import search
from forumdesk.db.base import Base
from forumdesk.db.models import MinutesVersion
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.language import Language
from forumdesk.domain.redaction import Finder, matcher, redact_each, scrub
from forumdesk.i18n import N_, for_language

#: What an erased name becomes in text that stays ("raised by a resident").
NAME_PLACEHOLDER = N_("a resident")
#: What an erased contact detail becomes in text that stays.
CONTACT_PLACEHOLDER = N_("(contact details erased)")

# Columns rewritten elsewhere, or never holding a person's words: the sign-ins' own
# personal fields (blanked), sealed content (redacted with a record of each place), the
# erasure records themselves (UUIDs only), version stamps and identities.
_LEFT = {
    "attendance": {"name", "contact"},
    "minutes_version": {"content", "redactions"},
    "erasure": None,
    "desk": None,
    "trusted_desk": None,
}
_STAMPS = {"uuid", "vv", "dots", "mine_dot", "theirs_dot", "desk_uuid", "record_uuid"}
_LONGEST_KEY = 64  # uuids, codes, references and hashes are shorter: no name fits in them


def placeholder(text: str, language: Language | DocumentText) -> str:
    """A placeholder in a document's language (both, in a bilingual one)."""
    return for_language(language.value).gettext(text)


def text_columns() -> Iterator[tuple[Table, Column[Any]]]:
    """Every column of every table that can hold a person's words."""
    for table in Base.metadata.sorted_tables:
        left = _LEFT.get(table.name, set())
        if left is None:
            continue
        for column in table.columns:
            if column.primary_key or column.name in left or column.name in _STAMPS:
                continue
            kind = column.type
            if isinstance(kind, Enum):
                continue
            if isinstance(kind, JSON | Text) or (
                isinstance(kind, String) and (kind.length is None or kind.length > _LONGEST_KEY)
            ):
                yield table, column


def everywhere(
    session: Session,
    names: Iterable[str],
    contacts: Iterable[str],
    language: Language | DocumentText,
) -> set[int]:
    """Replaces ``names`` and ``contacts`` wherever they occur in free text on this desk.

    Returns:
        The ids of the issues whose searchable text changed (see :func:`reindex`).
    """
    # Contacts first: an e-mail address holds words a name may be ("al.k@example.org"
    # for "Al"), and must go whole.
    rules = [
        (pattern, placeholder(text, language), needles)
        for found, text in ((contacts, CONTACT_PLACEHOLDER), (names, NAME_PLACEHOLDER))
        if (needles := sorted({v.strip() for v in found if v and v.strip()}))
        and (pattern := matcher(needles)) is not None
    ]
    if not rules:
        return set()
    session.flush()
    wanted = [needle for _p, _t, needles in rules for needle in needles]
    # A few needles: SQLite picks the rows that hold one (LIKE). Many (retention, an
    # import of many erasures): every row is read once and its words pick the needles.
    finder = Finder(wanted) if len(wanted) > LIKE_AT_MOST else None
    touched: set[int] = set()
    for table, column in text_columns():
        keys = list(table.primary_key.columns)
        where = (
            column.is_not(None)
            if finder is not None
            else _contains_any(column, wanted, json_text=_is_json(column))
        )
        hits = session.execute(select(*keys, column).where(where)).all()
        for *key, value in hits:
            here = rules if finder is None else _rules_in(value, rules, finder)
            changed = False
            for pattern, stand_in, _needles in here:
                value, hit = scrub(value, pattern, stand_in)
                changed = changed or hit
            if not changed:
                continue  # LIKE ignores case; the names are matched as recorded
            where = [k == v for k, v in zip(keys, key, strict=True)]
            session.execute(update(table).where(*where).values({column.name: value}))
            if table.name == "issue":
                touched.add(key[0])
            elif table.name == "timeline_event":
                owner = session.execute(select(table.c.issue_id).where(*where)).scalar_one_or_none()
                if owner is not None:
                    touched.add(owner)
    session.expire_all()
    return touched


#: Up to this many names and contacts, the rows holding one are found with LIKE.
LIKE_AT_MOST = 40


def _rules_in(
    value: Any, rules: list[tuple[Any, str, list[str]]], finder: Finder
) -> list[tuple[Any, str, list[str]]]:
    """The rules narrowed to the needles that occur in ``value`` (none: nothing to do)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    present = finder.present(text)
    if not present:
        return []
    narrowed = []
    for _pattern, stand_in, needles in rules:
        mine = [n for n in needles if n in present]
        if mine and (pattern := matcher(mine)) is not None:
            narrowed.append((pattern, stand_in, mine))
    return narrowed


def sealed_minutes(session: Session, erased: list[tuple[str, list[str], list[str]]]) -> int:
    """Takes the names and contacts of erasures (UUID, names, contacts) out of sealed
    minutes content in one reading of the versions, recording each place under its
    erasure.

    The content hash stays the hash of the content as approved (see
    :mod:`forumdesk.domain.redaction`); the placeholder is in the minutes' language.

    Returns:
        How many places were redacted.
    """
    wanted = [n.strip() for _u, names, contacts in erased for n in names + contacts if n.strip()]
    if not wanted:
        return 0
    finder = Finder(wanted)
    owners: dict[str, list[int]] = {}
    for index, (_u, names, contacts) in enumerate(erased):
        for needle in names + contacts:
            owners.setdefault(needle.strip(), []).append(index)
    session.flush()
    query = select(MinutesVersion.id, MinutesVersion.content, MinutesVersion.redactions)
    if len(wanted) <= LIKE_AT_MOST:  # a few: SQLite picks the versions that hold one
        content = MinutesVersion.__table__.c.content
        query = query.where(_contains_any(content, wanted, json_text=True))
    places = 0
    for ident, sealed, before in session.execute(query).all():
        present = finder.present(json.dumps(sealed, ensure_ascii=False))
        which = sorted({index for needle in present for index in owners.get(needle, [])})
        if not which:
            continue
        language = DocumentText.recorded(sealed)
        name_in = placeholder(NAME_PLACEHOLDER, language)
        contact_in = placeholder(CONTACT_PLACEHOLDER, language)
        rules = [
            rule
            for index in which
            for rule in (
                *((n, name_in, erased[index][0]) for n in erased[index][1]),
                *((c, contact_in, erased[index][0]) for c in erased[index][2]),
            )
        ]
        new, done = redact_each(sealed, rules, redactions=list(before or []))
        if new != sealed:
            places += len(done) - len(before or [])
            session.execute(
                update(MinutesVersion)
                .where(MinutesVersion.id == ident)
                .values(content=new, redactions=done)
            )
    session.expire_all()
    return places


def reindex(session: Session, issue_ids: set[int]) -> None:
    """Indexes the issues again and rewrites the index whole, so that no erased word is
    left behind in it: FTS5 keeps a deleted word in its segments until they are merged."""
    connection = session.connection()
    if not issue_ids or connection.dialect.name != "sqlite":
        return
    ids = ", ".join(str(int(i)) for i in sorted(issue_ids))
    connection.exec_driver_sql(f"DELETE FROM issue_search WHERE rowid IN ({ids})")
    connection.exec_driver_sql(search.index_rows(ids))
    connection.exec_driver_sql("INSERT INTO issue_search (issue_search) VALUES ('optimize')")


def _is_json(column: Column[Any]) -> bool:
    return isinstance(column.type, JSON)


def _contains_any(column: Any, needles: list[str], *, json_text: bool) -> Any:
    """``column`` holds one of ``needles`` (as stored: JSON escapes non-ASCII letters)."""
    forms = set(needles)
    if json_text:
        forms |= {json.dumps(n)[1:-1] for n in needles}
    text = cast(column, Text)  # the JSON as text (PostgreSQL has no LIKE on json)
    return or_(*(text.like(f"%{_escape(f)}%", escape="\\") for f in sorted(forms)))


def _escape(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)
