"""Erasing residents' personal data: on this desk now, and on every desk an erasure reaches.

An erasure is a record (``Erasure``) naming sign-ins by UUID and the personal fields
erased from them, never the data itself. :func:`erase` makes one and applies it;
:func:`apply_erasure` applies one that arrived in an exchange file or from the erasure
log (a restored backup), and is safe to run again. Applying it blanks the sign-ins'
fields and takes every copy of the name or contact out of this desk: free text, conflicts,
stored revisions, the search index and sealed minutes (docs/internals.md, "Erasure
everywhere"). Once the unit of work commits, the erasure is logged in the data folder
(:mod:`forumdesk.core.erasure_log`) and the write-ahead log is emptied into the database
file (:func:`settle`), so that no byte of what was erased is left in either.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Text, cast, event, exists, or_, select
from sqlalchemy.orm import Session

from forumdesk.core import _scrub, erasure_log, preferences, sync
from forumdesk.db.base import utcnow
from forumdesk.db.engine import Database
from forumdesk.db.models import (
    Attendance,
    Conflict,
    Contribution,
    Erasure,
    ExchangeLog,
    MinutesVersion,
    Offer,
    Participant,
    Person,
)
from forumdesk.domain.errors import Conflict as Refused
from forumdesk.domain.errors import InvalidValue, NotFound, StoreError
from forumdesk.domain.redaction import variants
from forumdesk.i18n import _, ngettext

#: The personal fields of a sign-in, in the order they are named.
PERSONAL_FIELDS = ("name", "contact")
#: Why data was erased: the person asked, a consent was withdrawn, the sign-in was
#: removed, or it was kept longer than the retention period.
REASONS = ("request", "consent", "removed", "retention")
#: The consent each personal field was recorded under, with the date it was given: a
#: value given (again) after an erasure, with a new consent, is not taken by it.
CONSENT_DATES = {"name": "consent_named_at", "contact": "consent_contact_at"}

#: The records besides sign-ins whose personal fields an erasure may name (format 1.5).
RECORD_MODELS: tuple[Any, ...] = (Participant, Offer, Contribution)
#: The consent each of their personal fields is held under, with its date.
RECORD_CONSENTS = {
    "name": "consent_named_at",
    "interests": "consent_named_at",
    "contact": "consent_contact_at",
}

#: What erased names and contacts become in text that stays (in a document's language).
PLACEHOLDERS = (_scrub.NAME_PLACEHOLDER, _scrub.CONTACT_PLACEHOLDER)
placeholder_in = _scrub.placeholder

_PENDING = "erasure_log_pending"  # i18n: not text (a key of Session.info)
_WATCHED = "erasure_watched"  # i18n: not text
LOG = logging.getLogger(__name__)
#: How long emptying the WAL waits for another program's write to end.
SETTLE_WAIT_S = 2.0


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

    Sealed minutes are not refused: their content is redacted (the hash stays).

    Raises:
        InvalidValue: an unknown reason or field.
        NotFound: a sign-in that does not exist.
    """
    return erase_all(
        session, [Request(tuple(attendance_ids), tuple(fields), person)], reason=reason, by=by
    )[0]


@dataclass(frozen=True)
class Request:
    """One erasure of :func:`erase_all`: these sign-ins' fields, of this person (or none)."""

    attendance_ids: tuple[int, ...]
    fields: tuple[str, ...] = PERSONAL_FIELDS
    person: Person | None = None
    #: UUIDs of engagement participants, offers and online contributions whose personal
    #: fields are erased whole (the person's, found by :func:`records_of`).
    records: tuple[str, ...] = ()


def erase_all(
    session: Session, requests: Sequence[Request], *, reason: str, by: str | None = None
) -> list[ErasureInfo]:
    """Makes one erasure record per request and applies them all in one pass over this
    desk's text (retention may erase thousands of sign-ins at once).

    Raises:
        InvalidValue: an unknown reason or field.
        NotFound: a sign-in that does not exist.
    """
    if reason not in REASONS:
        raise InvalidValue(
            "reason",
            _("an erasure's reason is one of {reasons}").format(reasons=", ".join(REASONS)),
        )
    wanted = {ident for request in requests for ident in request.attendance_ids}
    found: dict[int, Attendance] = {}
    for chunk in _chunks(sorted(wanted)):
        found.update(
            (row.id, row)
            for row in session.scalars(select(Attendance).where(Attendance.id.in_(chunk)))
        )
    records = []
    desk = sync.desk_uuid(session)
    now = utcnow()
    for request in requests:
        chosen = tuple(f for f in PERSONAL_FIELDS if f in set(request.fields))
        if not chosen:
            raise InvalidValue("fields", _("say which personal data to erase: name, contact"))
        missing = next((i for i in request.attendance_ids if i not in found), None)
        if missing is not None:
            raise NotFound(_("There is no attendance record with id {id}.").format(id=missing))
        held = any(
            getattr(found[i], f) is not None for i in request.attendance_ids for f in chosen
        ) or _records_hold(session, request.records)
        if reason == "request" and not held:  # a second request would only add a record
            raise Refused(
                _(
                    "There is nothing left to erase: no name or contact details are held "
                    "for it any more (erased already, or never recorded)."
                )
            )
        record = Erasure(
            reason=reason,
            fields=list(chosen),
            attendance=[found[i].uuid for i in request.attendance_ids],
            person_uuid=request.person.uuid if request.person is not None else None,
            erased_at=now,
            desk_uuid=desk,
            by=by,
            records=sorted(request.records) or None,
        )
        sync.created(session, record)
        session.add(record)
        records.append(record)
    session.flush()
    apply_erasures(session, records)
    return [info(record) for record in records]


def erase_person(session: Session, person_id: int, *, by: str | None = None) -> ErasureInfo:
    """Erases a person's name and contact from every sign-in linked to them (their request).

    Raises:
        NotFound: there is no such person.
    """
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound(_("There is no person with id {id}.").format(id=person_id))
    ids = session.scalars(select(Attendance.id).where(Attendance.person_id == person.id)).all()
    request = Request(tuple(ids), PERSONAL_FIELDS, person, tuple(records_of(session, person, ids)))
    return erase_all(session, [request], reason="request", by=by)[0]


def records_of(session: Session, person: Person, attendance_ids: Sequence[int]) -> list[str]:
    """The UUIDs of a person's engagement participants and residents' offers: linked to
    them, or made from one of their sign-ins (a volunteer who signed up at a meeting)."""
    found: list[str] = []
    for model in (Participant, Offer):
        linked = model.person_id == person.id
        if attendance_ids:
            linked = or_(linked, model.attendance_id.in_(list(attendance_ids)))
        found += session.scalars(select(model.uuid).where(linked).order_by(model.id))
    return found


def _records_hold(session: Session, uuids: Sequence[str]) -> bool:
    """Whether any of these participants, offers or contributions still holds personal data."""
    for model in RECORD_MODELS:
        for chunk in _chunks(sorted(uuids)):
            for row in session.scalars(select(model).where(model.uuid.in_(chunk))):
                if any(getattr(row, name) is not None for name in _personal(model)):
                    return True
    return False


def _personal(model: Any) -> tuple[str, ...]:
    """The personal columns of a model (name, contact, interests, author)."""
    return tuple(c.name for c in model.__table__.columns if c.info.get("personal"))


def _erase_records(session: Session, record: Erasure) -> tuple[int, list[str], list[str]]:
    """Blanks the personal fields of the participants, offers and contributions an
    erasure names (a value given again with a consent dated after it stays); returns how
    many changed, and the names and contacts taken (to take out of free text too)."""
    changed = 0
    names: list[str] = []
    contacts: list[str] = []
    for model in RECORD_MODELS:
        for chunk in _chunks(sorted(record.records or ())):
            for row in session.scalars(select(model).where(model.uuid.in_(chunk))):
                blank = {
                    f: None
                    for f in _personal(model)
                    if getattr(row, f) is not None and _given_before(row, f, record.erased_at)
                }
                if not blank:
                    continue
                for f in blank:  # a register of interests is not searched for elsewhere
                    if f == "contact":
                        contacts.append(getattr(row, f))
                    elif f in ("name", "author"):
                        names.append(getattr(row, f))
                sync.apply(session, row, blank)
                changed += 1
    return changed, names, contacts


def _given_before(row: Any, field: str, erased_at: datetime) -> bool:
    """Whether a record's personal field was given under a consent the erasure took."""
    consent = RECORD_CONSENTS.get(field)
    given = getattr(row, consent, None) if consent else None
    return given is None or given <= erased_at


def apply_erasure(session: Session, record: Erasure) -> int:
    """Erases what ``record`` names from everything this desk holds.

    Blanks the erased fields of every sign-in it names that this desk holds (unless a
    value was given again after it, with a new consent), blanks them in conflicts, takes
    the name and contact out of free text, stored revisions, the search index and sealed
    minutes, and marks the person erased. The erasure is logged once the unit of work
    commits.

    Returns:
        How many sign-ins were changed; running it again changes nothing.
    """
    return apply_erasures(session, [record])


def apply_erasures(session: Session, records: Sequence[Erasure]) -> int:
    """:func:`apply_erasure` for many records, reading this desk's text once for all.

    Returns:
        How many sign-ins were changed; running it again changes nothing.
    """
    _watch(session)
    desk = sync.desk_uuid(session)
    pending = session.info.setdefault(_PENDING, [])
    wanted = sorted({uuid for record in records for uuid in record.attendance})
    rows: dict[str, Attendance] = {}
    for chunk in _chunks(wanted):
        rows.update(
            (row.uuid, row)
            for row in session.scalars(select(Attendance).where(Attendance.uuid.in_(chunk)))
        )
    changed = 0
    erased: list[tuple[str, list[str], list[str]]] = []
    for record in records:
        pending.append(erasure_log.line(record, desk))
        names: list[str] = []
        contacts: list[str] = []
        for uuid in record.attendance:
            row = rows.get(uuid)
            if row is None:
                continue
            blank = {f: None for f in record.fields if _held_under(row, f, record.erased_at)}
            if blank:
                if "name" in blank and row.name:
                    names.append(row.name)
                if "contact" in blank and row.contact:
                    contacts.append(row.contact)
                sync.apply(session, row, blank)
                changed += 1
        if record.records:
            more, taken_names, taken_contacts = _erase_records(session, record)
            changed += more
            names += taken_names
            contacts += taken_contacts
        _mark_person(session, record)
        if names or contacts:
            erased.append((record.uuid, names, contacts))
    session.flush()
    _blank_conflicts(session, records)
    if erased:
        language = preferences.document_language(session)
        issues = _scrub.everywhere(  # as typed in free text: other forms too
            session,
            [v for _u, names, _c in erased for n in names for v in variants(n)],
            [
                v
                for _u, _n, contacts in erased
                for c in contacts
                for v in variants(c, any_case=True)
            ],
            language,
        )
        _scrub.sealed_minutes(session, erased)
        _scrub.reindex(session, issues)
    return changed


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """``values`` in slices that fit in one SQL ``IN (...)`` (SQLite allows 32,766)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def standing(
    session: Session, attendance_uuid: str, field: str, consent_at: datetime | None
) -> Erasure | None:
    """The newest erasure of ``field`` of a sign-in that a value given under a consent
    dated ``consent_at`` (None: undated) would go against: one made after that consent."""
    found = session.scalars(
        select(Erasure)
        .where(
            Erasure.deleted_at.is_(None),
            cast(Erasure.attendance, Text).like(f"%{attendance_uuid}%"),
        )
        .order_by(Erasure.erased_at.desc())
    )
    for record in found:
        if attendance_uuid in record.attendance and field in record.fields:
            if consent_at is None or consent_at <= record.erased_at:
                return record
            return None
    return None


def revoke_unsent(session: Session, attendance_uuid: str, fields: Iterable[str]) -> bool:
    """Takes back this desk's newest erasure of ``fields`` of a sign-in, if no export
    has been written since it was made: an undo, before any other desk could know of it.

    Returns:
        Whether an erasure was revoked; when not, a value given again is a new consent
        (:data:`CONSENT_DATES`) and the erasure stands.
    """
    wanted = set(fields)
    mine = session.scalars(
        select(Erasure)
        .where(Erasure.desk_uuid == sync.desk_uuid(session), Erasure.deleted_at.is_(None))
        .order_by(Erasure.id.desc())
    )
    found = next(
        (e for e in mine if attendance_uuid in e.attendance and wanted & set(e.fields)), None
    )
    if found is None:
        return False
    sent = session.scalar(
        select(
            exists().where(ExchangeLog.direction == "export", ExchangeLog.at >= found.created_at)
        )
    )
    if sent:
        return False
    _watch(session)
    session.info.setdefault(_PENDING, []).append(
        erasure_log.revocation(found.uuid, sync.desk_uuid(session))
    )
    session.delete(found)
    session.flush()
    return True


def settle(engine: Engine) -> None:
    """Empties the write-ahead log into the database file and truncates it (SQLite).

    Called once a unit of work that erased has committed (the erasure's session does it
    by itself); until then the WAL may still hold pages with the data erased. It runs on
    a connection of its own: the pool's may still hold the finished unit's statements.
    """
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return
    try:
        connection = sqlite3.connect(engine.url.database, timeout=SETTLE_WAIT_S)
    except sqlite3.Error as exc:
        LOG.warning("the WAL could not be emptied: %s", exc)  # i18n: not text
        return
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error as exc:  # another program reading: its next checkpoint empties it
        LOG.warning("the WAL could not be emptied: %s", exc)  # i18n: not text
    finally:
        connection.close()


def reapply_logged(db: Database) -> int:
    """Applies again every erasure logged for this desk whose sign-ins this database
    holds unerased.

    A database put back from a backup taken before an erasure (the same desk) gets it
    again, its erasure record included (so that it travels again). The faces call this when they
    open a database; a database opened for viewing only is left as it is.

    Returns:
        How many sign-ins were erased again (a notice is added to ``db.warnings``).
    """
    if db.read_only or db.opened_on_full_disk:
        return 0
    logged = erasure_log.read(db.desk_uuid)
    if not logged:
        return 0
    try:
        with db.read_session() as session:
            due = _due(session, logged)
        if not due:
            return 0
        with db.session() as session:
            records = []
            for entry in due:
                record = session.scalars(select(Erasure).where(Erasure.uuid == entry.uuid)).first()
                if record is None:
                    record = _recreated(entry)
                    session.add(record)
                    session.flush()
                records.append(record)
            changed = apply_erasures(session, records)
    except StoreError as exc:  # locked by another program, say: the database still opens
        db.warnings.append(
            _(
                "Erasures made since this copy of the database was made could not be "
                "applied to it again: {problem} They are applied when it is next opened."
            ).format(problem=exc)
        )
        return 0
    if changed:
        db.warnings.append(
            ngettext(
                "Personal data of {n} sign-in was erased after this copy of the database "
                "was made; it was erased again.",
                "Personal data of {n} sign-ins was erased after this copy of the database "
                "was made; it was erased again.",
                changed,
            ).format(n=changed)
        )
    return changed


def redactions(session: Session, version_id: int) -> list[dict[str, Any]]:
    """The places personal data was taken out of a sealed minutes version (none: [])."""
    found = session.scalar(select(MinutesVersion.redactions).where(MinutesVersion.id == version_id))
    return list(found or [])


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


def _held_under(row: Attendance, field: str, erased_at: datetime) -> bool:
    """Whether a sign-in still holds a value of ``field`` that the erasure took."""
    if getattr(row, field) is None:
        return False
    given = getattr(row, CONSENT_DATES[field])
    return given is None or given <= erased_at


def _mark_person(session: Session, record: Erasure) -> None:
    if record.person_uuid is None:
        return
    person = session.scalars(select(Person).where(Person.uuid == record.person_uuid)).first()
    if person is None or person.erased_at is not None:
        return
    if record.desk_uuid == sync.desk_uuid(session):
        sync.apply(session, person, {"erased_at": record.erased_at})
    else:  # the erasing desk's own edit travels; each desk marks it the same meanwhile
        person.erased_at = record.erased_at


def _blank_conflicts(session: Session, records: Sequence[Erasure]) -> None:
    """Conflicts over the erased fields keep no copy of either side's value."""
    erased = {(uuid, f) for record in records for uuid in record.attendance for f in record.fields}
    personal = {name for model in RECORD_MODELS for name in _personal(model)}
    for record in records:  # participants, offers, contributions: every personal field
        erased |= {(uuid, f) for uuid in record.records or () for f in personal}
    if not erased:
        return
    blank = {"value": None}
    for chunk in _chunks(sorted({uuid for uuid, _f in erased})):
        for conflict in session.scalars(
            select(Conflict).where(
                Conflict.kind.in_(("attendance", "participants", "offers", "contributions")),
                Conflict.record_uuid.in_(chunk),
            )
        ):
            if (conflict.record_uuid, conflict.field) not in erased:
                continue
            conflict.mine = blank
            conflict.theirs = blank
            if conflict.base is not None:
                conflict.base = blank
    session.flush()


def _due(session: Session, logged: list[erasure_log.Logged]) -> list[erasure_log.Logged]:
    """The logged erasures that name a sign-in here still holding what they erased."""
    wanted = {uuid for entry in logged for uuid in entry.attendance}
    rows: dict[str, Attendance] = {}
    chunk = sorted(wanted)
    for start in range(0, len(chunk), 500):
        part = chunk[start : start + 500]
        rows.update(
            (row.uuid, row)
            for row in session.scalars(select(Attendance).where(Attendance.uuid.in_(part)))
        )
    recorded = set(session.scalars(select(Erasure.uuid)))
    due = []
    for entry in logged:
        held = [rows[u] for u in entry.attendance if u in rows]
        others = _records_held(session, entry) if entry.records else None
        if not held and others is None:
            continue  # another database's sign-ins
        if (
            entry.uuid not in recorded
            or any(_held_under(row, f, entry.erased_at) for row in held for f in entry.fields)
            or others
        ):
            due.append(entry)
    return due


def _records_held(session: Session, entry: erasure_log.Logged) -> bool | None:
    """Whether a logged erasure's participants, offers or contributions still hold what
    it erased here (None: this database holds none of them)."""
    found = False
    for model in RECORD_MODELS:
        for chunk in _chunks(sorted(entry.records)):
            for row in session.scalars(select(model).where(model.uuid.in_(chunk))):
                found = True
                if any(
                    getattr(row, f) is not None and _given_before(row, f, entry.erased_at)
                    for f in _personal(model)
                ):
                    return True
    return False if found else None


def _recreated(entry: erasure_log.Logged) -> Erasure:
    """The erasure record a restored backup lacks, as it was made (it travels again)."""
    return Erasure(
        uuid=entry.uuid,
        reason=entry.reason,
        fields=list(entry.fields),
        attendance=list(entry.attendance),
        person_uuid=entry.person_uuid,
        erased_at=entry.erased_at,
        desk_uuid=entry.desk_uuid,
        by=entry.by,
        vv=dict(entry.vv) or {entry.desk_uuid: 1},
        dots={},
        records=list(entry.records) or None,
    )


def _watch(session: Session) -> None:
    """Once the unit of work commits: log its erasures and empty the WAL (see settle)."""
    if session.info.get(_WATCHED):
        return
    session.info[_WATCHED] = True
    event.listen(session, "after_commit", _committed)
    event.listen(session, "after_rollback", _rolled_back)


def _committed(session: Session) -> None:
    lines = session.info.pop(_PENDING, [])
    if not lines:
        return
    try:
        erasure_log.append(lines)
    except OSError as exc:  # the erasure stands; the log is its safety net for backups
        LOG.warning("the erasure log cannot be written: %s", exc.strerror)  # i18n: not text
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    settle(engine)


def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
