"""Writing an exchange file: everything, one forum, one meeting, or what changed since."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.core import lookup
from forumdesk.db.base import Synced, new_uuid, utcnow
from forumdesk.db.files import write_whole
from forumdesk.db.models import (
    Attendance,
    Contribution,
    DeskIdentity,
    ExchangeLog,
    Meeting,
    Offer,
    Participant,
    issue_theme,
)
from forumdesk.domain.enums import ParticipantRole
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.progress import EVERY, Progress, quiet
from forumdesk.domain.redaction import redact
from forumdesk.domain.wire import to_wire
from forumdesk.exchange import document, redacted, trust
from forumdesk.exchange.kinds import ATTENDANCE, BY_NAME, KINDS, MINUTES, Kind
from forumdesk.i18n import _


@dataclass(frozen=True)
class Selection:
    """What to export."""

    forum: str | None = None  # code or id
    meeting: str | int | None = None
    since: str | None = None  # an earlier export's id, or a date (2026-03-04)
    personal_data: bool = False


@dataclass(frozen=True)
class Exported:
    """What was written."""

    export_id: str
    counts: dict[str, int]
    path: Path
    #: Whether the export is in this desk's exchange log (``--since`` can name it).
    recorded: bool = True


def build(
    session: Session,
    selection: Selection,
    key: bytes | None = None,
    progress: Progress = quiet,
) -> dict[str, Any]:
    """The exchange document for a selection (a dict ready to be written as JSON).

    ``progress(done, total)`` hears how many of the desk's records have been read.
    """
    since = _since(session, selection.since)
    wanted = _selected_ids(session, selection)
    # Past the retention period but not yet erased (a database that could not be written
    # to when it opened): such details do not leave, with personal data or without.
    overdue = _overdue(session) if selection.personal_data else {}
    records: dict[str, list[dict[str, Any]]] = {}
    uuid_of: dict[tuple[str, int], str] = {}
    total = sum(
        len(wanted[kind.name]) if kind.name in wanted else _count(session, kind) for kind in KINDS
    )
    done = 0
    for kind in KINDS:
        rows = _rows(session, kind, wanted.get(kind.name))
        for row in rows:
            uuid_of[(kind.name, row.id)] = row.uuid
        # Received or changed here after it: work relayed through this desk goes on.
        changed = [r for r in rows if since is None or _changed_here(r) > since]
        themes_of = _themes_of(session) if kind.name == "issues" else {}
        withheld = _withheld(session, selection.personal_data, overdue) if kind is MINUTES else {}
        made = records[kind.name] = []
        for row in changed:
            made.append(
                _record(
                    session,
                    kind,
                    row,
                    uuid_of,
                    selection.personal_data,
                    themes_of,
                    overdue.get(kind.name, frozenset()),
                )
            )
            if kind is MINUTES:
                _withhold(made[-1]["fields"], withheld.get(row.meeting_id))
            done += 1
            if done % EVERY == 0:
                progress(done, total)
        done += len(rows) - len(changed)
    progress(total, total)
    desk = session.scalars(select(DeskIdentity)).one()
    envelope: dict[str, Any] = {
        "format": document.FORMAT,
        "format_version": document.FORMAT_VERSION,
        "export_id": new_uuid(),
        "desk": {"uuid": desk.uuid, "name": desk.name},
        "exported_at": to_wire(utcnow()),
        "selection": {
            "forum": selection.forum if selection.forum is None else str(selection.forum),
            "meeting": None if selection.meeting is None else str(selection.meeting),
            "since": selection.since,
            "personal_data": selection.personal_data,
        },
        "counts": {name: len(items) for name, items in records.items()},
        "received_from": trust.received_from(session, desk.uuid),
        "records": records,
    }
    # The records' canonical bytes are made once, for the hash and both signatures.
    canonical_records = document.canonical(records)
    envelope["content_sha256"] = document.content_sha256(canonical_records)
    envelope[document.DESK_SIGNATURE] = trust.sign(
        desk.uuid, document.desk_signed_bytes(envelope, canonical_records)
    )
    if key:
        envelope["signature"] = {
            "algorithm": document.SIGNATURE_ALGORITHM,
            "value": document.signature(envelope, key, canonical_records),
        }
    return envelope


def write(
    session: Session,
    path: Path,
    selection: Selection,
    key: bytes | None = None,
    progress: Progress = quiet,
    *,
    record: bool = True,
) -> Exported:
    """Writes the file (whole or not at all: :func:`forumdesk.db.files.write_whole`) and logs it.

    ``record=False`` writes the file only, for a database that cannot be written (a
    read-only folder, a full disk): the file is as good, but this desk's log does not
    know its export id, so a later ``--since`` cannot name it.
    """
    last = [0, 0]

    def heard(done: int, total: int) -> None:
        last[:] = done, total
        progress(done, total)

    built = build(session, selection, key, heard)
    data = json.dumps(built, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    progress(*last)  # a cancel while the text was made stops here, before any file exists
    write_whole(path, data)
    if not record:
        return Exported(built["export_id"], built["counts"], path, recorded=False)
    session.add(
        ExchangeLog(
            direction="export",
            export_id=built["export_id"],
            file_sha256=None,
            desk_uuid=built["desk"]["uuid"],
            desk_name=built["desk"]["name"],
            counts=built["counts"],
            personal=carried_personal(built) or None,
        )
    )
    return Exported(built["export_id"], built["counts"], path)


def carried_personal(built: dict[str, Any]) -> list[str]:
    """The sign-ins, participants, offers and contributions (UUIDs) whose personal data
    the document carries: subject access says where a person's data was sent. A
    councillor's or officer's name travels in every export, so theirs are listed too."""
    return [
        record["uuid"]
        for kind in ("attendance", "participants", "offers", "contributions")  # i18n: not text
        for record in built["records"].get(kind, [])
        if any(record["fields"].get(name) for name in BY_NAME[kind].personal)
    ]


def _since(session: Session, since: str | None) -> datetime | None:
    if not since:
        return None
    log = session.scalars(select(ExchangeLog).where(ExchangeLog.export_id == since)).first()
    if log is not None:
        return log.at
    try:
        day = date.fromisoformat(since)
    except ValueError:
        raise InputRefused(
            _(
                "--since {value} is neither an export id this desk knows nor a date like "
                "2026-03-04."
            ).format(value=repr(since))
        ) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _changed_here(row: Synced) -> datetime:
    """When this desk last made or received a change of the record (the last edit's time for
    a record from before that was kept)."""
    return row.changed_here_at or row.updated_at


def _selected_ids(session: Session, selection: Selection) -> dict[str, set[int]]:
    """For a forum or meeting: the ids of its records of each kind and their parents."""
    if selection.forum is None and selection.meeting is None:
        return {}
    from forumdesk.exchange.selection import closure

    if selection.meeting is not None:
        meeting = lookup.meeting(session, selection.meeting)
        return closure(session, meeting_ids={meeting.id})
    forum = lookup.forum(session, selection.forum)  # type: ignore[arg-type]  # a forum, or a meeting
    return closure(session, forum_ids={forum.id})


def _count(session: Session, kind: Kind) -> int:
    return session.scalar(select(func.count()).select_from(kind.model)) or 0


def _rows(session: Session, kind: Kind, ids: set[int] | None) -> list[Any]:
    query = select(kind.model).order_by(kind.model.id)
    if ids is not None:
        if not ids:
            return []
        query = query.where(kind.model.id.in_(sorted(ids)))
    return list(session.scalars(query))


def _record(
    session: Session,
    kind: Kind,
    row: Any,
    uuid_of: dict[tuple[str, int], str],
    personal: bool,
    themes_of: dict[int, list[int]],
    overdue: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    fields = {name: to_wire(getattr(row, name)) for name in kind.fields}
    for wire, (column, target) in kind.refs.items():
        ident = getattr(row, column)
        fields[wire] = (
            None if ident is None else uuid_of.get((target, ident)) or _uuid(session, target, ident)
        )
    if kind.name == "issues":
        fields["themes"] = sorted(uuid_of[("themes", t)] for t in themes_of.get(row.id, ()))
    for name in kind.personal:
        if not _travels(row, name, personal and row.id not in overdue):
            del fields[name]
    return {
        "uuid": row.uuid,
        "vv": row.vv,
        "dots": row.dots,
        "created_at": to_wire(row.created_at),
        "updated_at": to_wire(row.updated_at),
        "deleted_at": to_wire(row.deleted_at),
        "fields": fields,
    }


def _themes_of(session: Session) -> dict[int, list[int]]:
    """Every issue's theme ids, read in one query."""
    found: dict[int, list[int]] = {}
    for issue_id, theme_id in session.execute(
        select(issue_theme.c.issue_id, issue_theme.c.theme_id)
    ):
        found.setdefault(issue_id, []).append(theme_id)
    return found


def _travels(row: Any, name: str, personal: bool) -> bool:
    """Whether a personal field of a sign-in, participant, offer or contribution goes in
    the file.

    The name of someone attending in a public role (councillor, officer, partner) is
    not private: it always travels, or the receiving desk would count them as
    residents; so does a witness's, who gives evidence in public. A resident's name
    travels only when personal data was asked for and they consented to be named;
    anyone's contact details likewise (a co-opted member's register of interests goes
    with their name). An online contribution's author name was published on the
    platform: it travels when personal data is asked for.
    """
    if name == "name" and _public(row):
        return True
    if not personal:
        return False
    if isinstance(row, Contribution):
        return True
    if name == "contact":
        return bool(getattr(row, "consent_contact", False))
    return bool(getattr(row, "consent_named", False))


def _public(row: Any) -> bool:
    """Whether the record names someone in a public role."""
    if isinstance(row, Attendance):
        return bool(row.role.is_public)
    return isinstance(row, Participant) and row.role is ParticipantRole.WITNESS


def _overdue(session: Session) -> dict[str, frozenset[int]]:
    """By kind: the sign-ins, engagement participants and offers whose personal data is
    past the retention period (not erased yet)."""
    from forumdesk.core import retention

    found = retention.plan(session)
    overdue = {ATTENDANCE.name: frozenset(due.attendance_id for due in found.due)}
    for kind in ("participants", "offers"):  # i18n: not text
        overdue[kind] = frozenset(r.id for r in found.records if r.kind == kind)
    return overdue


def _withheld(
    session: Session, personal: bool, overdue: dict[str, frozenset[int]] | None = None
) -> dict[int, dict[str, set[str]]]:
    """By meeting: the names and the contact details the file leaves out of its sign-ins,
    of the offers of help made at it, and of the participants of the engagement it was
    held for (minutes may name them too)."""
    overdue = overdue or {}
    found: dict[int, dict[str, set[str]]] = {}

    def left_out(row: Any, meetings: list[int], kind: str) -> None:
        for name in ("name", "contact"):
            value = getattr(row, name)
            late = row.id in overdue.get(kind, frozenset())
            if value and not _travels(row, name, personal and not late):
                for meeting in meetings:
                    found.setdefault(meeting, {}).setdefault(name, set()).add(value)

    for row in session.scalars(
        select(Attendance).where((Attendance.name.is_not(None)) | (Attendance.contact.is_not(None)))
    ):
        left_out(row, [row.meeting_id], ATTENDANCE.name)
    for offer in session.scalars(
        select(Offer).where(
            Offer.meeting_id.is_not(None), (Offer.name.is_not(None)) | (Offer.contact.is_not(None))
        )
    ):
        if offer.meeting_id is not None:  # always: the query
            left_out(offer, [offer.meeting_id], "offers")  # i18n: not text
    held: dict[int | None, list[int]] = {}  # by engagement (never None: the query)
    for meeting, engagement in session.execute(
        select(Meeting.id, Meeting.engagement_id).where(Meeting.engagement_id.is_not(None))
    ):
        held.setdefault(engagement, []).append(meeting)
    if held:
        for participant in session.scalars(
            select(Participant).where(
                Participant.engagement_id.in_(list(held)),
                (Participant.name.is_not(None)) | (Participant.contact.is_not(None)),
            )
        ):
            left_out(participant, held[participant.engagement_id], "participants")  # i18n: not text
    return found


def _withhold(fields: dict[str, Any], left_out: dict[str, set[str]] | None) -> None:
    """Takes out of a sealed version's content what the file leaves out of its sign-ins.

    Each place is recorded as a redaction with no erasure (withheld, not erased): the
    receiving desk knows the content as approved differed there, and fills the names in
    from a later file that carries the content whole.
    """
    if not left_out:
        return
    content, redactions = fields["content"], fields.get("redactions")
    for name, stand_in in (
        ("name", redacted.PLACEHOLDER),
        ("contact", redacted.CONTACT_PLACEHOLDER),
    ):
        content, redactions = redact(
            content,
            left_out.get(name, ()),
            redacted.placeholder(content, stand_in),
            redactions=redactions,
        )
    if content != fields["content"]:
        fields["content"] = content
        fields["redactions"] = redacted.as_list(redacted.marks(redactions))


def _uuid(session: Session, kind_name: str, ident: int) -> str:
    row = session.get(BY_NAME[kind_name].model, ident)
    assert row is not None
    return row.uuid
