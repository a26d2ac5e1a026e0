"""What the erasures standing on this desk (and in a file) cover: an erasure stands.

An erasure names sign-ins by UUID and the personal fields erased from them. Once this
desk holds it, no file brings back a value of those fields that was given before it:
an import reads them as left out (docs/exchange-format.md, "Erasures stand"), whatever
the file's age or version. A value given again afterwards, with a consent dated after
the erasure (or on a new sign-in), is a new consent, and travels like any other; this is
the rule ``core.erasure.apply_erasure`` applies on each desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.db.models import Erasure
from forumdesk.exchange.kinds import ATTENDANCE, ERASURES, Kind, from_wire

#: The consent under which each personal field of a sign-in is given, and its date.
CONSENT_DATES = {"name": "consent_named_at", "contact": "consent_contact_at"}


class Erased(NamedTuple):
    """The first erasure (by UUID) of one field of a sign-in: every desk names the same."""

    erasure: str
    at: datetime


#: A sign-in's UUID: each erased field, with its erasure.
Covered = dict[str, dict[str, Erased]]


def standing(session: Session, records: dict[str, list[dict[str, Any]]] | None = None) -> Covered:
    """The fields erased from each sign-in by the erasures here and those in ``records``."""
    covered: Covered = {}
    rows = session.execute(
        select(Erasure.uuid, Erasure.fields, Erasure.attendance, Erasure.erased_at)
    )
    for uuid, fields, attendance, erased_at in rows:
        add(covered, Erased(uuid, erased_at), fields, attendance)
    for record in (records or {}).get(ERASURES.name, ()):
        given = record.get("fields") or {}
        try:
            at = from_wire(ERASURES, "erased_at", given.get("erased_at"))
        except (TypeError, ValueError):
            continue  # not a file this desk reads: refused by its checks
        erased = Erased(str(record["uuid"]).lower(), at)
        add(covered, erased, given.get("fields"), given.get("attendance"))
    return covered


def add(
    covered: Covered, erased: Erased, fields: Iterable[str] | None, sign_ins: Iterable[str] | None
) -> None:
    """Adds one erasure of ``fields`` from ``sign_ins``."""
    for sign_in in sign_ins or ():
        held = covered.setdefault(str(sign_in).lower(), {})
        for name in fields or ():
            if name not in held or erased.erasure < held[name].erasure:
                held[name] = erased


def erased_in(record: dict[str, Any], covered: Covered) -> dict[str, str]:
    """The fields of a sign-in's record that an erasure covers, with its UUID: those not
    given again with a consent dated after the erasure."""
    held = covered.get(str(record["uuid"]).lower())
    if not held:
        return {}
    found = {}
    for name, erased in held.items():
        given = _moment(record["fields"].get(CONSENT_DATES.get(name, "")))
        if given is None or erased.at is None or given <= erased.at:
            found[name] = erased.erasure
    return found


def without_erased(record: dict[str, Any], covered: Covered) -> dict[str, Any]:
    """A sign-in's record with the fields erased here left out (the record itself if none)."""
    erased = erased_in(record, covered)
    if not any(name in record["fields"] for name in erased):
        return record
    fields = {k: v for k, v in record["fields"].items() if k not in erased}
    return dict(record, fields=fields)


def _moment(value: Any) -> datetime | None:
    try:
        moment: datetime | None = from_wire(ATTENDANCE, "consent_named_at", value)
        return moment
    except (TypeError, ValueError):
        return None


#: The consent date each personal field of a participant or an offer is given under.
RECORD_CONSENT_DATES = {
    "name": "consent_named_at",
    "interests": "consent_named_at",
    "contact": "consent_contact_at",
}


def records_standing(session: Session) -> dict[str, datetime]:
    """The participants, offers and contributions (UUIDs) whose personal fields an
    erasure here blanked, with the latest such erasure's time."""
    found: dict[str, datetime] = {}
    for records, erased_at in session.execute(select(Erasure.records, Erasure.erased_at)):
        for uuid in records or ():
            key = str(uuid).lower()
            if key not in found or erased_at > found[key]:
                found[key] = erased_at
    return found


def without_erased_record(
    kind: Kind, record: dict[str, Any], standing: dict[str, datetime]
) -> dict[str, Any]:
    """A participant's, offer's or contribution's record without the personal fields an
    erasure here took: those not given again with a consent dated after it."""
    erased_at = standing.get(str(record["uuid"]).lower())
    if erased_at is None:
        return record
    fields = record["fields"]
    taken = set()
    for name in kind.personal:
        if name not in fields:
            continue
        given = _moment(fields.get(RECORD_CONSENT_DATES.get(name, "")))
        if given is None or given <= erased_at:
            taken.add(name)
    if not taken:
        return record
    return dict(record, fields={k: v for k, v in fields.items() if k not in taken})
