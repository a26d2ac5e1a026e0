"""What the erasures standing on this desk (and in a file) cover: an erasure stands for good.

An erasure names sign-ins by UUID and the personal fields erased from them. Once this
desk holds it, no file brings those fields back for those sign-ins, whatever its age or
version: an import reads them as left out (docs/exchange-format.md, "Erasures"). A
resident who consents again is signed in afresh: a new sign-in, which no erasure names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.db.models import Erasure

#: A sign-in's UUID: each erased field, with the UUID of the first erasure of it.
Covered = dict[str, dict[str, str]]


def standing(session: Session, records: dict[str, list[dict[str, Any]]] | None = None) -> Covered:
    """The fields erased from each sign-in by the erasures here and those in ``records``."""
    covered: Covered = {}
    rows = session.execute(
        select(Erasure.uuid, Erasure.fields, Erasure.attendance).order_by(Erasure.uuid)
    )
    for uuid, fields, attendance in rows:
        add(covered, uuid, fields, attendance)
    for record in (records or {}).get("erasures", ()):
        given = record.get("fields") or {}
        add(covered, str(record["uuid"]).lower(), given.get("fields"), given.get("attendance"))
    return covered


def add(
    covered: Covered, uuid: str, fields: Iterable[str] | None, attendance: Iterable[str] | None
) -> None:
    """Adds one erasure (the first by UUID names a field of a sign-in, for every desk alike)."""
    for sign_in in attendance or ():
        erased = covered.setdefault(str(sign_in).lower(), {})
        for name in fields or ():
            if name not in erased or uuid < erased[name]:
                erased[name] = uuid


def without_erased(record: dict[str, Any], covered: Covered) -> dict[str, Any]:
    """A sign-in's record with the fields erased here left out (the record itself if none)."""
    erased = covered.get(str(record["uuid"]).lower())
    if not erased or not any(name in record["fields"] for name in erased):
        return record
    fields = {k: v for k, v in record["fields"].items() if k not in erased}
    return dict(record, fields=fields)
