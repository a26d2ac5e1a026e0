"""Conflicts left by imports: list them, show them, resolve them (mine, theirs, or a merge)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from forumdesk.core import sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.base import utcnow
from forumdesk.db.models import Conflict, Engagement, EngagementCount, Meeting
from forumdesk.domain.errors import Conflict as ConflictError
from forumdesk.domain.errors import InvalidValue, NotFound
from forumdesk.exchange.kinds import BY_NAME, from_wire
from forumdesk.exchange.labels import count_label, short
from forumdesk.exchange.merge import SETTLED, Fields
from forumdesk.i18n import _

CHOICES = ("mine", "theirs", "merged")


@dataclass(frozen=True)
class ConflictInfo:
    """A field two desks changed concurrently."""

    id: int
    kind: str
    record_uuid: str
    label: str
    field: str
    mine: Any
    theirs: Any
    base: Any  # what both desks had before either changed it
    base_known: bool
    shown: dict[str, str]  # base, mine, theirs as a person reads them (names, not UUIDs)
    source_desk: str
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None  # mine, theirs, merged, or settled (by a resolution that arrived)
    settled_by: str | None = None  # the desk whose resolution settled it here

    @property
    def resolution_shown(self) -> str:
        """How it was resolved, as a person reads it ("settled by Office")."""
        if self.resolution == SETTLED and self.settled_by:
            return _("settled by {desk}").format(desk=self.settled_by)
        return self.resolution or ""


def list_conflicts(
    session: Session, *, include_resolved: bool = False, rows: RowLimit | None = None
) -> list[ConflictInfo]:
    """Conflicts, oldest first (open ones only unless asked; ``rows``: at most that many,
    counted in SQL)."""
    query = select(Conflict).order_by(Conflict.id)
    if not include_resolved:
        query = query.where(Conflict.resolved_at.is_(None))
    if rows is not None:
        query = rows.apply(session, query)
    return [_info(session, row) for row in session.scalars(query)]


def get_conflict(session: Session, ident: int) -> ConflictInfo:
    """One conflict."""
    return _info(session, _row(session, ident))


def resolve(session: Session, ident: int, choice: str, value: Any = None) -> ConflictInfo:
    """Settles a conflict; the result is a new version of the record that later exports carry.

    Args:
        choice: "mine" keeps this desk's value, "theirs" takes the other desk's,
            "merged" writes ``value`` (in the file's form: text, a date as 2026-03-04…).
    """
    if choice not in CHOICES:
        raise InvalidValue(
            "choice",
            _("{value} is not one of: {choices}").format(
                value=repr(choice), choices=", ".join(CHOICES)
            ),
        )
    conflict = _row(session, ident)
    if conflict.resolved_at is not None:
        raise ConflictError(
            _("Conflict {id} was already resolved ({resolution}).").format(
                id=ident, resolution=_info(session, conflict).resolution_shown
            )
        )
    kind = BY_NAME[conflict.kind]
    record = session.scalars(
        select(kind.model).where(kind.model.uuid == conflict.record_uuid)
    ).one()
    access = Fields(session)
    if choice == "theirs":
        new = conflict.theirs["value"]
    elif choice == "merged":
        if value is None and conflict.field != "deleted_at":
            raise InvalidValue("value", _("a merged value must be given"))
        new = _from_person(kind, conflict.field, value)
    else:
        new = access.local_wire(kind, record, conflict.field)
    try:
        if new != access.local_wire(kind, record, conflict.field):
            access.set_field(kind, record, conflict.field, new)
    except (ValueError, TypeError) as exc:
        raise InvalidValue(
            conflict.field,
            _("{value} is not a value this field can hold").format(value=repr(new)),
        ) from exc
    access.stamp_renumbered()
    sync.touch(session, record, [conflict.field])  # descends from both sides now
    conflict.resolved_at = utcnow()
    conflict.resolution = choice
    # Other conflicts open here over the same field (with a third desk) are decided too.
    for other in session.scalars(
        select(Conflict).where(
            Conflict.record_uuid == conflict.record_uuid,
            Conflict.kind == conflict.kind,
            Conflict.field == conflict.field,
            Conflict.resolved_at.is_(None),
            Conflict.id != conflict.id,
        )
    ):
        other.resolved_at, other.resolution = conflict.resolved_at, choice
    session.flush()
    return _info(session, conflict)


def _from_person(kind: Any, field: str, value: Any) -> Any:
    """A typed value in its file form: a choice may be written as it is shown ("Resolved")."""
    if field not in kind.fields or not isinstance(value, str):
        return value
    column_type = kind.model.__table__.columns[field].type
    choices = getattr(column_type, "enum_class", None)
    if choices is None or not hasattr(choices, "parse"):
        return value
    try:
        return choices.parse(value).value
    except ValueError as exc:
        raise InvalidValue(field, str(exc)) from exc


def _row(session: Session, ident: int) -> Conflict:
    row = session.get(Conflict, ident)
    if row is None:
        raise NotFound(_("There is no conflict with id {id}.").format(id=ident))
    return row


def _label(record: Any, fallback: str) -> str:
    """What a person knows a record by: a reference, a name, what an action says."""
    if isinstance(record, EngagementCount):  # "Paper signature sheet 3 of BHF-PET-7F3A"
        session = object_session(record)
        engagement = session.get(Engagement, record.engagement_id) if session else None
        reference = engagement.reference if engagement is not None else fallback
        return count_label(record.kind.label, record.key, record.option, reference)
    for name in ("reference", "code", "title", "name", "description", "text", "date"):
        value = getattr(record, name, None)
        if value:
            return short(value)
    role = getattr(record, "role", None)  # a sign-in without a name
    if role is not None:
        return _("{role} (not named)").format(role=role.label)
    return fallback


def _minutes_label(session: Session, version: Any) -> str | None:
    """A minutes version as the clerk knows it: "Minutes of BHF 2026-09-22, version 1"."""
    meeting = session.get(Meeting, version.meeting_id) if version.meeting_id else None
    if meeting is None or meeting.forum is None:
        return None
    return _("Minutes of {meeting}, version {version}").format(
        meeting=f"{meeting.forum.code} {meeting.date.isoformat()}", version=version.version
    )


def describe(session: Session, kind_name: str, field: str, value: Any) -> str:
    """A field's value in a file's form as a person reads it: references by name."""
    kind = BY_NAME[kind_name]
    if value is None:
        return _("(empty)")
    targets = {wire: target for wire, (_, target) in kind.refs.items()}
    targets["themes"] = "themes"
    if field in targets:
        model = BY_NAME[targets[field]].model
        uuids = value if isinstance(value, list) else [value]
        records = {r.uuid: r for r in session.scalars(select(model).where(model.uuid.in_(uuids)))}
        names = [_label(records[u], u) if u in records else u for u in uuids]
        return ", ".join(names) if names else _("(none)")
    if field in kind.fields:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            label = getattr(from_wire(kind, field, value), "label", None)  # "In progress"
            if label:
                return str(label)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _info(session: Session, row: Conflict) -> ConflictInfo:
    kind = BY_NAME[row.kind]
    record = session.scalars(select(kind.model).where(kind.model.uuid == row.record_uuid)).first()
    label = row.record_uuid if record is None else _label(record, row.record_uuid)
    if record is not None and row.kind == "minutes_versions":
        label = _minutes_label(session, record) or label
    values = {
        "base": (row.base or {}).get("value"),
        "mine": row.mine.get("value"),
        "theirs": row.theirs.get("value"),
    }
    shown = {side: describe(session, row.kind, row.field, v) for side, v in values.items()}
    if row.base is None:
        shown["base"] = _("(not known here)")
    return ConflictInfo(
        id=row.id,
        kind=row.kind,
        record_uuid=row.record_uuid,
        label=label,
        field=row.field,
        mine=row.mine.get("value"),
        theirs=row.theirs.get("value"),
        base=(row.base or {}).get("value"),
        base_known=row.base is not None,
        shown=shown,
        source_desk=row.source_desk,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolution=row.resolution,
        settled_by=row.theirs.get("settled_by"),
    )
