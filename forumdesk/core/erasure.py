"""Erasing residents' personal data: on this desk now, and on every desk an erasure reaches.

An erasure is a record (``Erasure``) naming sign-ins by UUID and the personal fields
erased from them, never the data itself. :func:`erase` makes one and applies it;
:func:`apply_erasure` applies one that arrived in an exchange file or from the erasure
log (a restored backup), and is safe to run again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import sync
from forumdesk.db.base import utcnow
from forumdesk.db.models import Attendance, Erasure, Person
from forumdesk.domain.errors import InvalidValue, NotFound
from forumdesk.i18n import _

#: The personal fields of a sign-in, in the order they are named.
PERSONAL_FIELDS = ("name", "contact")
#: Why data was erased: the person asked, a consent was withdrawn, the sign-in was
#: removed, or it was kept longer than the retention period.
REASONS = ("request", "consent", "removed", "retention")


@dataclass(frozen=True)
class ErasureInfo:
    """What an erasure did: never the data it erased."""

    id: int
    uuid: str
    reason: str
    fields: tuple[str, ...]
    attendance: tuple[str, ...]
    person_uuid: str | None
    erased_at: datetime
    by: str | None


def erase(
    session: Session,
    attendance_ids: Iterable[int],
    *,
    reason: str,
    fields: Iterable[str] = PERSONAL_FIELDS,
    person: Person | None = None,
    by: str | None = None,
) -> ErasureInfo:
    """Erases ``fields`` of the given sign-ins on this desk and records the erasure.

    Raises:
        InvalidValue: an unknown reason or field.
        NotFound: a sign-in that does not exist.
    """
    if reason not in REASONS:
        raise InvalidValue(
            "reason",
            _("an erasure's reason is one of {reasons}").format(reasons=", ".join(REASONS)),
        )
    chosen = tuple(f for f in PERSONAL_FIELDS if f in set(fields))
    if not chosen:
        raise InvalidValue("fields", _("say which personal data to erase: name, contact"))
    rows = []
    for ident in attendance_ids:
        row = session.get(Attendance, ident)
        if row is None:
            raise NotFound(_("There is no attendance record with id {id}.").format(id=ident))
        rows.append(row)
    record = Erasure(
        reason=reason,
        fields=list(chosen),
        attendance=[row.uuid for row in rows],
        person_uuid=person.uuid if person is not None else None,
        erased_at=utcnow(),
        desk_uuid=sync.desk_uuid(session),
        by=by,
    )
    sync.created(session, record)
    session.add(record)
    session.flush()
    apply_erasure(session, record)
    return info(record)


def erase_person(session: Session, person_id: int, *, by: str | None = None) -> ErasureInfo:
    """Erases a person's name and contact from every sign-in linked to them (their request).

    Raises:
        NotFound: there is no such person.
    """
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound(_("There is no person with id {id}.").format(id=person_id))
    ids = session.scalars(select(Attendance.id).where(Attendance.person_id == person.id)).all()
    done = erase(session, ids, reason="request", person=person, by=by)
    if person.erased_at is None:
        sync.apply(session, person, {"erased_at": done.erased_at})
    return done


def apply_erasure(session: Session, record: Erasure) -> int:
    """Blanks the erased fields of every sign-in the erasure names that this desk holds.

    Returns how many sign-ins were changed; running it again changes nothing.
    """
    if not record.attendance:
        return 0
    rows = session.scalars(select(Attendance).where(Attendance.uuid.in_(record.attendance)))
    changed = 0
    for row in rows:
        blank = {f: None for f in record.fields if getattr(row, f) is not None}
        if blank:
            sync.apply(session, row, blank)
            changed += 1
    session.flush()
    return changed


def info(record: Erasure) -> ErasureInfo:
    """The erasure as lists and the command line show it."""
    return ErasureInfo(
        id=record.id,
        uuid=record.uuid,
        reason=record.reason,
        fields=tuple(record.fields),
        attendance=tuple(record.attendance),
        person_uuid=record.person_uuid,
        erased_at=record.erased_at,
        by=record.by,
    )
