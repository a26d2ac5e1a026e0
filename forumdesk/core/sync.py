"""The one public API for stamping versioned writes of records that travel between desks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.db.base import Synced, utcnow
from forumdesk.db.models import DeskIdentity, FieldRevision
from forumdesk.domain import references, versions
from forumdesk.domain.wire import to_wire


def desk_uuid(session: Session) -> str:
    """The UUID of the desk this session writes for (set by Database.session)."""
    known = session.info.get("desk_uuid")
    if known is None:
        known = session.scalars(select(DeskIdentity.uuid)).first()
        if known is None:
            raise RuntimeError(
                "the database has no desk identity; open it with open_database"  # i18n: not text
            )
        session.info["desk_uuid"] = known
    return str(known)


def desk_mark(session: Session) -> str:
    """The two letters this desk's issue references carry in forums another desk made.

    Made from the desk's UUID on first need (:func:`forumdesk.domain.references.mark_of`)
    and stored by the first issue that carries it; reading it writes nothing, so it may be
    asked in a reading unit of work.
    """
    stored = session.scalars(select(DeskIdentity.mark)).first()
    return stored or references.mark_of(desk_uuid(session))


def keep_mark(session: Session) -> str:
    """:func:`desk_mark`, stored on the desk if it was not yet (a writing unit of work)."""
    desk = session.scalars(select(DeskIdentity)).first()
    if desk is None:
        return desk_mark(session)
    if not desk.mark:
        desk.mark = references.mark_of(desk.uuid)
    return desk.mark


def created(session: Session, record: Synced) -> None:
    """Gives a new record its first version: this desk, counter 1.

    Fields carry no dots until they are edited: a field without one still holds
    the value every desk received with the record's creation.
    """
    record.vv = {desk_uuid(session): 1}
    record.dots = {}


def touch(session: Session, record: Synced, fields: Iterable[str]) -> None:
    """Records an edit of ``fields`` by this desk: bumps the vector and stamps the fields."""
    fields = list(fields)
    if not fields:
        return
    record.vv, record.dots = stamped(session, record.vv or {}, record.dots or {}, fields)
    record.updated_at = utcnow()


def touch_row(session: Session, row: dict[str, Any], fields: Iterable[str]) -> None:
    """:func:`touch` for a record not yet written, held as a dict of its columns (bulk work)."""
    fields = list(fields)
    if fields:
        row["vv"], row["dots"] = stamped(session, row["vv"] or {}, row["dots"] or {}, fields)
        row["updated_at"] = utcnow()


def stamped(
    session: Session, vv: Mapping[str, int], dots: Mapping[str, Any], fields: list[str]
) -> tuple[dict[str, int], dict[str, Any]]:
    """The version and dots after this desk edits ``fields``."""
    desk = desk_uuid(session)
    new_vv = versions.bump(vv, desk)
    return new_vv, versions.stamp(dots, fields, desk, new_vv[desk])


def apply(session: Session, record: Synced, changes: Mapping[str, Any]) -> list[str]:
    """Sets the fields whose value differs, records the edit, and returns the changed names."""
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    for name in changed:
        remember(session, record, name, getattr(record, name))
        setattr(record, name, changes[name])
    touch(session, record, changed)
    return changed


def remember(session: Session, record: Synced, column: str, old: Any) -> None:
    """Keeps the value a field held before an edit replaces it, with the dot that wrote it.

    Call before the record's dots change. A record not yet written has no past to keep:
    no other desk can have seen its first values. Personal data (names and contact
    details) is never kept: once erased here, it is gone.
    """
    ident = getattr(record, "id", None)
    if ident is None:
        return
    stored = record.__table__.columns.get(column)  # type: ignore[attr-defined]  # a model's table
    if stored is not None and stored.info.get("personal"):
        return
    field = versions.field_name(column)
    session.add(
        FieldRevision(
            table_name=record.__tablename__,
            record_id=ident,
            field=field,
            value={"value": to_wire(old)},
            dot=(record.dots or {}).get(field),
        )
    )


def tombstone(session: Session, record: Synced) -> None:
    """Marks a record deleted; the row stays so that the deletion can travel to other desks."""
    if record.deleted_at is None:
        remember(session, record, "deleted_at", None)
        record.deleted_at = utcnow()
        touch(session, record, ["deleted_at"])


def revive(session: Session, record: Synced) -> None:
    """Undoes a deletion (undo in the GUI): a new version with ``deleted_at`` cleared."""
    if record.deleted_at is not None:
        remember(session, record, "deleted_at", record.deleted_at)
        record.deleted_at = None
        touch(session, record, ["deleted_at"])
