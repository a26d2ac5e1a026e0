"""Attendance: who came (with consent rules for personal data) and the anonymous headcount."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, _seal, convert, erasure, lookup, sync
from forumdesk.db.base import utcnow
from forumdesk.db.models import Attendance
from forumdesk.domain import rules
from forumdesk.domain.enums import AttendanceRole, Presence
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from forumdesk.domain.records import AttendanceInfo
from forumdesk.i18n import _

_CHECKS: dict[str, _edit.Check] = dict(rules.ATTENDANCE)
#: The consent each personal field is recorded under.
_CONSENTS = {"name": "consent_named", "contact": "consent_contact"}
#: Each personal field and the consent it is recorded under.
CONSENT_FIELDS = _CONSENTS


def add_attendance(
    session: Session,
    meeting: str | int,
    *,
    role: AttendanceRole | str = AttendanceRole.RESIDENT,
    name: str | None = None,
    presence: Presence | str = Presence.PRESENT,
    consent_named: bool = False,
    consent_contact: bool = False,
    contact: str | None = None,
) -> AttendanceInfo:
    """Signs a person in. A resident's name, and anyone's contact details, need their consent.

    Raises:
        InvalidValue: personal data given without the matching consent.
    """
    owner = lookup.meeting(session, meeting)
    _seal.ensure_minutes_open(session, owner.id)
    values = _edit.clean(
        {
            "role": role,
            "name": name,
            "presence": presence,
            "consent_named": consent_named,
            "consent_contact": consent_contact,
            "contact": contact,
        },
        _CHECKS,
    )
    _check_consent(values)
    row = Attendance(meeting_id=owner.id, **values, **_consent_dates(None, values))
    sync.created(session, row)
    session.add(row)
    session.flush()
    return convert.attendance_info(row)


def edit_attendance(
    session: Session, ident: int, changes: Mapping[str, Any], *, undo: bool = False
) -> AttendanceInfo:
    """Changes an attendance record. Withdrawing a consent erases the data it covered.

    The erasure is a record that travels (reason "consent"). A consent given again with
    a value takes back this desk's erasure of it if no export has carried the erasure
    yet (an undo); otherwise the value is a new consent, dated, which the older erasure
    leaves alone.
    """
    row = lookup.attendance(session, ident)
    _seal.ensure_minutes_open(session, row.meeting_id)
    values = _edit.clean(changes, _CHECKS)
    merged = {name: values.get(name, getattr(row, name)) for name in _CHECKS}
    if merged["consent_contact"] is False and "contact" not in values:
        merged["contact"] = None
    if _needs_name_consent(merged["role"]) and not merged["consent_named"] and "name" not in values:
        merged["name"] = None
    _check_consent(merged)
    withdrawn = [
        field
        for field, consent in _CONSENTS.items()
        if getattr(row, field) is not None
        and merged[field] is None
        and getattr(row, consent)
        and not merged[consent]
    ]
    if withdrawn:
        erasure.erase(session, [row.id], reason="consent", fields=withdrawn)
    given = [
        field
        for field, consent in _CONSENTS.items()
        if merged[consent] and not getattr(row, consent) and merged[field] is not None
    ]
    merged |= _given_again(session, row, given, undo=undo)
    _refuse_erased(session, row, merged, given)
    sync.apply(session, row, {**_consent_dates(row, merged), **merged})
    session.flush()
    return convert.attendance_info(row)


def delete_attendance(session: Session, ident: int) -> AttendanceInfo:
    """Removes a sign-in (a tombstone with its personal data erased, reason "removed")."""
    row = lookup.attendance(session, ident)
    _seal.ensure_minutes_open(session, row.meeting_id)
    held = [field for field in _CONSENTS if getattr(row, field) is not None]
    if held:
        erasure.erase(session, [row.id], reason="removed", fields=held)
    sync.apply(session, row, {"name": None, "contact": None})
    sync.tombstone(session, row)
    return convert.attendance_info(row)


def restore_attendance(session: Session, previous: AttendanceInfo) -> AttendanceInfo:
    """Undoes a removal, putting back what the record held (the undo stack kept it).

    The removal's erasure is taken back if no export has carried it yet; otherwise the
    undo is refused: other desks may have erased the name already, and an undo is not
    the person's consent given again.
    """
    row = session.get(Attendance, previous.id)
    if row is None:
        raise NotFound(_("There is no attendance record with id {id}.").format(id=previous.id))
    sync.revive(session, row)
    session.flush()
    back = as_changes(previous)
    erased = [f for f in _CONSENTS if back[f] is not None and getattr(row, f) is None]
    dated = _given_again(session, row, erased, undo=True)
    if dated:
        sync.apply(session, row, dated)
    return edit_attendance(session, row.id, back)


def _refuse_erased(
    session: Session, row: Attendance, merged: Mapping[str, Any], given: list[str]
) -> None:
    """Refuses to put back a name or contact an erasure took, unless it comes with the
    consent given again in this very change (a stale copy, say a window's undo after an
    erasure made elsewhere, must not bring it back).

    Raises:
        InvalidValue: naming the field and when it was erased.
    """
    for field in _CONSENTS:
        if merged[field] is None or getattr(row, field) is not None or field in given:
            continue
        since = merged.get(erasure.CONSENT_DATES[field]) or getattr(
            row, erasure.CONSENT_DATES[field]
        )
        standing = erasure.standing(session, row.uuid, field, since)
        if standing is not None:
            raise InvalidValue(
                field,
                _(
                    "it was erased on {date}; to record it again, sign the person in "
                    "again with their consent"
                ).format(date=standing.erased_at.date().isoformat()),
            )


def _given_again(
    session: Session, row: Attendance, fields: list[str], *, undo: bool = False
) -> dict[str, Any]:
    """The dates of the consents under which ``fields`` are given now.

    None when this desk's erasure of them is taken back instead (no export carried it
    yet); otherwise an older erasure leaves what is given now alone: a consent given
    again, dated now. An ``undo`` is not a new consent: once the erasure has left in an
    export it is refused.

    Raises:
        Conflict: an undo of a withdrawal that other desks may already have.
    """
    if not fields or erasure.revoke_unsent(session, row.uuid, fields):
        return {}
    if undo:
        raise Conflict(
            _(
                "This withdrawal of consent has already left this desk in an export, so it "
                "cannot be undone. To record the details again, tick the consent again and "
                "type them, with the person's agreement."
            )
        )
    now = utcnow()
    return {erasure.CONSENT_DATES[field]: now for field in fields}


def as_changes(person: AttendanceInfo) -> dict[str, Any]:
    """Everything a sign-in holds, as changes that put it back (undo)."""
    return {name: getattr(person, name) for name in _CHECKS}


def list_attendance(session: Session, meeting: str | int) -> list[AttendanceInfo]:
    """A meeting's sign-ins in the order they were made."""
    owner = lookup.meeting(session, meeting)
    rows = session.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == owner.id, Attendance.deleted_at.is_(None))
        .order_by(Attendance.id)
    )
    return [convert.attendance_info(r) for r in rows]


def _consent_dates(row: Attendance | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """When each consent was given: now for one given by this change, kept while it
    stands, cleared when it is withdrawn (subject access shows the dates)."""
    dates = {}
    for consent in ("consent_named", "consent_contact"):  # i18n: not text
        given = bool(values[consent])
        before = row is not None and bool(getattr(row, consent))
        at = getattr(row, f"{consent}_at") if row is not None else None
        dates[f"{consent}_at"] = (at if before else utcnow()) if given else None
    return dates


def _needs_name_consent(role: AttendanceRole) -> bool:
    return not role.is_public


def _check_consent(values: Mapping[str, Any]) -> None:
    if values["name"] and _needs_name_consent(values["role"]) and not values["consent_named"]:
        raise InvalidValue(
            "name", _("a resident's name is recorded only with their consent to be named")
        )
    if values["contact"] and not values["consent_contact"]:
        raise InvalidValue(
            "contact", _("contact details are recorded only with consent to be contacted")
        )
