"""Writing an exchange file: everything, one forum, one meeting, or what changed since."""

from __future__ import annotations

import contextlib
import hashlib
import json
import json.encoder
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.core import lookup
from forumdesk.db.base import Synced, new_uuid, utcnow
from forumdesk.db.files import check_target, not_written, write_whole
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


#: Rows read from the database at a time while exporting.
BATCH = 1000
#: Bytes read at a time from the export's temporary file.
CHUNK = 1 << 20
#: Where the records go in the envelope's text: ``json.dumps(indent=1)`` writes the top
#: level's "records" so, and no other: a JSON string holds no raw newline.
_RECORDS_AT = '\n "records": '  # i18n: not text
_STAND_IN = "@records@"  # i18n: not text; in the records' place until the text is split
#: Where a record's lines begin in the file: document, "records", kind's list, record.
_RECORD_DEPTH = "\n   "  # i18n: not text
#: A string as json.dumps(..., ensure_ascii=False) writes it (in C where it can).
_string: Callable[[str], str] = json.encoder.encode_basestring
_PERSONAL_KINDS = ("attendance", "participants", "offers", "contributions")  # i18n: not text


def build(
    session: Session,
    selection: Selection,
    key: bytes | None = None,
    progress: Progress = quiet,
) -> dict[str, Any]:
    """The exchange document for a selection (a dict ready to be written as JSON).

    It holds every record in memory (for callers that want the dict): :func:`write`
    streams the same file instead.
    ``progress(done, total)`` hears how many of the desk's records have been read.
    """
    records: dict[str, list[dict[str, Any]]] = {kind.name: [] for kind in KINDS}
    for kind, record in _stream(session, selection, progress):
        records[kind.name].append(record)
    counts = {name: len(items) for name, items in records.items()}
    envelope = _envelope(session, selection, counts, document.content_sha256(records), key)
    envelope["records"] = records
    return envelope


def content_sha256(session: Session, selection: Selection | None = None) -> str:
    """The content hash of the records an export of ``selection`` (by default the whole
    desk, personal data included) would hold: two databases holding the same desk give
    the same hash. Nothing is written and nothing signed."""
    records: dict[str, list[dict[str, Any]]] = {kind.name: [] for kind in KINDS}
    for kind, record in _stream(session, selection or Selection(personal_data=True), quiet):
        records[kind.name].append(record)
    return document.content_sha256(records)


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

    The records are written as they are read, a batch of rows at a time, to one
    temporary file beside the target, as the file shows them; their content hash is
    made on the way. The envelope (counts, hash, signatures: they cover the envelope
    only, :mod:`forumdesk.exchange.document`) is then signed, and the file put together
    from the envelope's text and the temporary file. Memory holds a batch of rows, not
    the file; the bytes are those of ``json.dumps(build(...), indent=1, sort_keys=True,
    ensure_ascii=False)``.

    ``record=False`` writes the file only, for a database that cannot be written (a
    read-only folder, a full disk): the file is as good, but this desk's log does not
    know its export id, so a later ``--since`` cannot name it.
    """
    last = [0, 0]

    def heard(done: int, total: int) -> None:
        last[:] = done, total
        progress(done, total)

    check_target(path)  # a folder or a device is refused before the work, not after it
    with _beside(path) as shown:
        try:
            counts, personal, digest = _write_records(session, selection, heard, shown)
            shown.flush()  # what the disk cannot take is said here, about the target
        except OSError as exc:  # the temporary file: a full disk, a failing stick
            raise not_written(path, exc) from exc
        envelope = _envelope(session, selection, counts, digest, key)
        envelope["records"] = _STAND_IN
        text = json.dumps(envelope, ensure_ascii=False, sort_keys=True, indent=1)
        head, tail = text.split(_RECORDS_AT + json.dumps(_STAND_IN), 1)
        head += _RECORDS_AT
        progress(*last)  # a cancel while the records were written stops here, before any file

        def pieces() -> Iterator[bytes]:
            yield head.encode("utf-8")
            shown.seek(0)
            yield from iter(lambda: shown.read(CHUNK), b"")
            yield tail.encode("utf-8")

        write_whole(path, pieces())
    if not record:
        return Exported(envelope["export_id"], counts, path, recorded=False)
    session.add(
        ExchangeLog(
            direction="export",
            export_id=envelope["export_id"],
            file_sha256=None,
            desk_uuid=envelope["desk"]["uuid"],
            desk_name=envelope["desk"]["name"],
            counts=counts,
            personal=personal or None,
        )
    )
    return Exported(envelope["export_id"], counts, path)


def _envelope(
    session: Session,
    selection: Selection,
    counts: dict[str, int],
    content_sha256: str,
    key: bytes | None,
) -> dict[str, Any]:
    """The document without its records, signed: by this desk, and with the council key
    when given. From format 1.6 the signatures cover the envelope, which holds the
    records' hash, so they are made without the records."""
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
        "counts": counts,
        "received_from": trust.received_from(session, desk.uuid),
        "content_sha256": content_sha256,
    }
    assert document.signs_envelope(envelope)  # else the signatures would need the records
    envelope[document.DESK_SIGNATURE] = trust.sign(desk.uuid, document.desk_signed_bytes(envelope))
    if key:
        envelope["signature"] = {
            "algorithm": document.SIGNATURE_ALGORITHM,
            "value": document.signature(envelope, key),
        }
    return envelope


def _stream(
    session: Session, selection: Selection, progress: Progress
) -> Iterator[tuple[Kind, dict[str, Any]]]:
    """Every record of the selection, kind by kind in the file's (alphabetical) order,
    read from the database in batches: nothing holds more than a batch of rows."""
    since = _since(session, selection.since)
    wanted = _selected_ids(session, selection)
    # Past the retention period but not yet erased (a database that could not be written
    # to when it opened): such details do not leave, with personal data or without.
    overdue = _overdue(session) if selection.personal_data else {}
    uuids = _Uuids(session)
    total = sum(
        len(wanted[kind.name]) if kind.name in wanted else _count(session, kind) for kind in KINDS
    )
    done = 0
    for kind in sorted(KINDS, key=lambda kind: kind.name):
        themes_of = _themes_of(session) if kind.name == "issues" else {}
        withheld = _withheld(session, selection.personal_data, overdue) if kind is MINUTES else {}
        for row in _rows(session, kind, wanted.get(kind.name)):
            done += 1
            # Received or changed here after it: work relayed through this desk goes on.
            if since is None or _changed_here(row) > since:
                made = _record(
                    kind,
                    row,
                    uuids,
                    selection.personal_data,
                    themes_of,
                    overdue.get(kind.name, frozenset()),
                )
                if kind is MINUTES:
                    _withhold(made["fields"], withheld.get(row.meeting_id))
                yield kind, made
            if done % EVERY == 0:
                progress(done, total)
    progress(total, total)


class _Uuids:
    """The UUID of each record a record refers to, read kind by kind when first needed
    (an id and a UUID a row: far less than the records themselves)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[str, dict[int, str]] = {}

    def of(self, kind_name: str, ident: int) -> str:
        known = self._known.get(kind_name)
        if known is None:
            model: Any = BY_NAME[kind_name].model
            rows = self._session.execute(select(model.id, model.uuid))
            known = self._known[kind_name] = {ident: uuid for ident, uuid in rows}
        return known[ident]


@contextlib.contextmanager
def _beside(path: Path) -> Iterator[IO[bytes]]:
    """An anonymous temporary file in the target's folder (gone when closed, never seen
    there): a full disk or a folder that cannot be written is said about the target,
    and the system's temporary folder may be held in memory."""
    folder = Path(os.path.realpath(path.expanduser())).parent
    try:  # only the opening is caught here: the work in the block says its own errors
        scratch = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115  (closed below)
    except OSError as exc:
        raise not_written(path, exc) from exc
    try:
        yield scratch
    finally:
        # Closing flushes what is left in its buffer: on a full disk that fails again,
        # and the error already said (or the file written) must not be hidden by it.
        with contextlib.suppress(OSError):
            scratch.close()


def _write_records(
    session: Session, selection: Selection, progress: Progress, shown: IO[bytes]
) -> tuple[dict[str, int], list[str], str]:
    """Writes the ``records`` object as the file shows it (``indent=1``, at its depth in
    the document) to ``shown``; returns the counts (in the kinds' order, as
    :func:`build` gives them), the records carrying personal data
    (:func:`carried_personal`) and the content hash (of the records' canonical form)."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {kind.name: 0 for kind in KINDS}
    personal: dict[str, list[str]] = {kind: [] for kind in _PERSONAL_KINDS}
    names = sorted(counts)
    opened = 0  # how many of the kinds (in the file's order) have been opened

    def both(pretty: bytes, exact: bytes) -> None:
        shown.write(pretty)
        digest.update(exact)

    def open_until(name: str | None) -> None:
        """Opens the kinds' lists up to ``name`` (all of them: None), closing each
        list before the next; a kind with no record is an empty list."""
        nonlocal opened
        while opened < len(names):
            if opened:
                before = names[opened - 1]
                both(b"\n  ]," if counts[before] else b"],", b"],")
            key = json.dumps(names[opened]).encode("utf-8")
            both(b"\n  " + key + b": [", key + b":[")
            opened += 1
            if names[opened - 1] == name:
                return

    both(b"{", b"{")
    for kind, record in _stream(session, selection, progress):
        if opened == 0 or names[opened - 1] != kind.name:
            open_until(kind.name)
        comma = b"," if counts[kind.name] else b""
        both(
            comma + b"\n   " + shown_json(record, _RECORD_DEPTH).encode("utf-8"),
            comma + document.canonical(record),
        )
        counts[kind.name] += 1
        if kind.name in _PERSONAL_KINDS and _carries_personal(kind.name, record):
            personal[kind.name].append(record["uuid"])
    open_until(None)
    both(b"\n  ]\n }" if counts[names[-1]] else b"]\n }", b"]}")
    return counts, [uuid for kind in _PERSONAL_KINDS for uuid in personal[kind]], digest.hexdigest()


def shown_json(value: Any, indent: str = "\n") -> str:
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)`` for a value
    whose first line is at ``indent`` (a newline and the spaces before it), the same
    text made about four times faster: with ``indent``, ``json.dumps`` encodes in
    Python, not in C (``tests/exchange/test_streaming.py`` compares the two)."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = sorted(value.items())  # as sort_keys does
        return (
            "{"
            + ",".join([inner + _key(key) + ": " + shown_json(item, inner) for key, item in items])
            + indent
            + "}"
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + ",".join([inner + shown_json(item, inner) for item in value]) + indent + "]"
    kind = type(value).__name__
    raise TypeError(f"Object of type {kind} is not JSON serializable")  # i18n: not text


def _key(key: Any) -> str:
    """A member's name as ``json.dumps`` writes it (a number or a constant in quotes)."""
    if isinstance(key, str):
        return _string(key)
    if key is None or isinstance(key, (bool, int, float)):
        return _string(shown_json(key))
    kind = type(key).__name__
    raise TypeError(f"keys must be str, int, float, bool or None, not {kind}")  # i18n: not text


def _float(value: float) -> str:
    """A number as ``json.dumps`` writes it (``allow_nan``: its default)."""
    if value != value:
        return "NaN"  # i18n: not text
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"  # i18n: not text
    return float.__repr__(value)


def carried_personal(built: dict[str, Any]) -> list[str]:
    """The sign-ins, participants, offers and contributions (UUIDs) whose personal data
    the document carries: subject access says where a person's data was sent. A
    councillor's or officer's name travels in every export, so theirs are listed too."""
    return [
        record["uuid"]
        for kind in _PERSONAL_KINDS
        for record in built["records"].get(kind, [])
        if _carries_personal(kind, record)
    ]


def _carries_personal(kind_name: str, record: dict[str, Any]) -> bool:
    return any(record["fields"].get(name) for name in BY_NAME[kind_name].personal)


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


def _rows(session: Session, kind: Kind, ids: set[int] | None) -> Iterator[Any]:
    """The kind's rows (those of ``ids`` only, when given) in id order, fetched a batch
    at a time."""
    query = select(kind.model).order_by(kind.model.id).execution_options(yield_per=BATCH)
    if ids is None:
        yield from session.scalars(query)
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield from session.scalars(query.where(kind.model.id.in_(ordered[start : start + BATCH])))


def _record(
    kind: Kind,
    row: Any,
    uuids: _Uuids,
    personal: bool,
    themes_of: dict[int, list[int]],
    overdue: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    fields = {name: to_wire(getattr(row, name)) for name in kind.fields}
    for wire, (column, target) in kind.refs.items():
        ident = getattr(row, column)
        fields[wire] = None if ident is None else uuids.of(target, ident)
    if kind.name == "issues":
        fields["themes"] = sorted(uuids.of("themes", t) for t in themes_of.get(row.id, ()))
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
