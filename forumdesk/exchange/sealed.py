"""Approved minutes stay sealed on import: a file that would change them is refused whole.

``read.check`` calls :func:`problems` once the file is known to be well formed and every
reference in it to resolve, so a refusal comes before anything is written. Two rules:

* **An approved version never changes, anywhere.** A version in the file that this desk
  holds (the same record, or the same meeting and version number) must carry the same
  content, content hash, approver, approval time and meeting that agreed them; it may
  only add a reopening. Anything else is tampering. Wherever it goes, a version's content
  must hash to its content hash, and a meeting's minutes have one version of each number.
  Names taken out (``redactions``: erased, or withheld by an export) are the one
  difference allowed: :mod:`forumdesk.exchange.redacted` says what a redaction is.
* **What approved minutes record stays as it is** (``core.minutes.SEALED``: the same
  list the services refuse to change while the minutes are approved), unless the file
  also carries the reopening of those minutes, made on the sending desk.

A change is what the merge (``exchange/merge.py``) would do with the file: a record new
here, or a version newer than this desk's (or concurrent with it) that writes a sealed
field to another value, whether the merge would take it or queue it as a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core.minutes import SEALED, content_hash
from forumdesk.db.models import AgendaItem, Forum, Meeting, MinutesVersion, Outcome
from forumdesk.domain import versions
from forumdesk.domain.fields import field_label
from forumdesk.domain.versions import Order
from forumdesk.exchange import erased, redacted
from forumdesk.exchange.kinds import ATTENDANCE, BY_NAME, MEETINGS, MINUTES, Kind, from_wire
from forumdesk.exchange.labels import Labels
from forumdesk.i18n import N_, _, ngettext

#: The fields of an approved version that never change, with what a person calls them.
IMMUTABLE = {
    "meeting": N_("meeting"),
    "version": N_("version number"),
    "content": N_("content"),
    "content_hash": N_("content hash"),
    "approved_by": N_("approver"),
    "approved_at": N_("approval time"),
    "agreed_at": N_("meeting that agreed them"),
}
#: The kinds whose records belong to a meeting, in the order they are checked.
_OWNED = ("attendance", "agenda_items", "outcomes", "actions", "action_carries")
MAX_LISTED = 6  # changes named for one meeting; the rest are counted


def problems(session: Session, doc: dict[str, Any], *, relayed_vouched: bool = False) -> list[str]:
    """Every way the file would change approved minutes here (none: it may be imported).

    ``relayed_vouched``: the file is signed by a desk trusted here and its stamps passed
    the provenance check, so a reopening made on another desk and relayed through the
    sender (laptop → office → laptop) counts as that desk's reopening.
    """
    check = _Check(session, doc, relayed_vouched)
    return check.versions() + check.meetings()


def _uuid(value: Any) -> str | None:
    """A UUID in the one form this desk stores (UUIDs are compared whatever their case)."""
    return str(value).lower() if value else None


class _Check:
    """One file against this desk's approved minutes."""

    def __init__(self, session: Session, doc: dict[str, Any], relayed_vouched: bool) -> None:
        self.session = session
        self.relayed_vouched = relayed_vouched
        self.records: dict[str, list[dict[str, Any]]] = doc["records"]
        desk = doc.get("desk") or {}
        self.sender = _uuid(desk.get("uuid"))
        self.desk = "".join(c for c in str(desk.get("name", "")) if c.isprintable())
        rows = session.execute(
            select(MinutesVersion, Meeting.uuid).join(
                Meeting, Meeting.id == MinutesVersion.meeting_id
            )
        ).all()
        self.by_uuid = {row.uuid: (row, meeting) for row, meeting in rows}
        self.by_number = {(meeting, row.version): row for row, meeting in rows}
        self.file_versions = {_uuid(r["uuid"]): r for r in self.records.get(MINUTES.name, ())}
        self.labels = Labels(session)
        self._meeting_labels: dict[str | None, str] = {}
        self.item_meetings: dict[str, str] = {}  # an agenda item's UUID: its meeting's
        self.erased = erased.standing(session, self.records)

    # An approved version never changes.

    def versions(self) -> list[str]:
        found: list[str] = []
        numbers: dict[tuple[str | None, Any], int] = defaultdict(int)
        for record in self.records.get(MINUTES.name, ()):
            fields = record["fields"]
            meeting, number = _uuid(fields.get("meeting")), fields.get("version")
            numbers[(meeting, number)] += 1
            said = {"meeting": self.meeting_label(meeting), "version": number, "desk": self.desk}
            here = self.by_uuid.get(_uuid(record["uuid"]) or "")
            if not self.hashes(fields, here[0] if here is not None else None):
                found.append(
                    _(
                        "Minutes of {meeting}, version {version}: the content in the file "
                        "from desk '{desk}' does not hash to its content hash; the file was "
                        "tampered with or damaged."
                    ).format(**said)
                )
            if here is not None:
                found += self.unchanged(record, *here, said)
            elif meeting is not None and (meeting, number) in self.by_number:
                other = self.by_number[(meeting, number)]
                found.append(
                    _(
                        "Minutes of {meeting}: the file from desk '{desk}' brings another "
                        "version {version} than the one approved here (by {here}); a version "
                        "once approved never changes, so either both desks approved these "
                        "minutes separately or the file was tampered with."
                    ).format(**said, here=other.approved_by or _("no one named"))
                )
        for (meeting, number), count in numbers.items():
            if count > 1:
                found.append(
                    _(
                        "Minutes of {meeting}: the file holds version {version} twice, as two "
                        "different records; a meeting's minutes have one version of each number."
                    ).format(meeting=self.meeting_label(meeting), version=number)
                )
        return found

    @staticmethod
    def hashes(fields: dict[str, Any], row: MinutesVersion | None) -> bool:
        """Whether a version's content in the file hashes to its content hash.

        A copy with names taken out cannot, on its own: it passes when its redactions name
        texts of it, and, where this desk holds the version whole, when the content as
        approved that it is a copy of (this desk's) hashes to the hash it claims.
        """
        content, redactions = fields["content"], fields.get("redactions")
        if content_hash(content) == fields["content_hash"]:
            return True
        if not redactions or not redacted.places_exist(content, redactions):
            return False
        if (
            row is not None
            and content_hash(row.content) == row.content_hash
            and redacted.same_version(row.content, row.redactions, content, redactions)
        ):
            return bool(content_hash(row.content) == fields["content_hash"])
        return True

    def unchanged(
        self, record: dict[str, Any], row: MinutesVersion, meeting: str, said: dict[str, Any]
    ) -> list[str]:
        """Problems with the file's copy of a version this desk holds."""
        theirs = record["fields"]
        # A copy with names taken out at other places is the same content (see redacted).
        same = redacted.same_version(
            row.content, row.redactions, theirs["content"], theirs.get("redactions")
        )
        here = {
            "meeting": meeting,
            "version": row.version,
            "content": True,
            "content_hash": row.content_hash,
            "approved_by": row.approved_by,
            "approved_at": row.approved_at,
            "agreed_at": self.uuid_of("meetings", row.agreed_at_meeting_id),
        }
        given = {
            "meeting": _uuid(theirs.get("meeting")),
            "version": theirs.get("version"),
            "content": same,
            "content_hash": theirs["content_hash"],
            "approved_by": theirs.get("approved_by"),
            "approved_at": _moment(theirs.get("approved_at")),
            "agreed_at": _uuid(theirs.get("agreed_at")),
        }
        said = dict(said, meeting=self.meeting_label(meeting), version=row.version)
        differ = [name for name in IMMUTABLE if given[name] != here[name]]
        if differ:
            return [
                _(
                    "Approved minutes of {meeting}, version {version}: the file from desk "
                    "'{desk}' changes their {what}. An approved version never changes, so "
                    "the file was tampered with."
                ).format(**said, what=", ".join(_(IMMUTABLE[name]) for name in differ))
            ]
        changed = self.changed(MINUTES, record, row, ("reopened_at", "deleted_at"))
        if "deleted_at" in changed:
            return [
                _(
                    "Approved minutes of {meeting}, version {version}: the file from desk "
                    "'{desk}' deletes them. An approved version is never deleted, so the "
                    "file was tampered with."
                ).format(**said)
            ]
        if "reopened_at" in changed and row.reopened_at is not None and not theirs["reopened_at"]:
            return [
                _(
                    "Approved minutes of {meeting}, version {version}: the file from desk "
                    "'{desk}' seals them again after they were reopened. A reopened version "
                    "stays reopened, so the file was tampered with."
                ).format(**said)
            ]
        return []

    # What approved minutes record stays as it is.

    def meetings(self) -> list[str]:
        sealed: dict[str, list[MinutesVersion]] = defaultdict(list)
        for row, owner in self.by_uuid.values():
            if row.reopened_at is None:
                sealed[owner].append(row)
        sealed = {m: rows for m, rows in sealed.items() if not self.reopens(rows)}
        if not sealed:
            return []
        found = self.session.execute(
            select(Meeting.id, Meeting.uuid).where(Meeting.uuid.in_(sealed))
        )
        ids: dict[int, str] = {ident: uuid for ident, uuid in found}
        changes: dict[str, list[str]] = defaultdict(list)
        for record in self.records.get(MEETINGS.name, ()):
            uuid = _uuid(record["uuid"])
            if uuid in sealed:
                held = self.session.scalars(select(Meeting).where(Meeting.uuid == uuid)).one()
                names = self.changed(MEETINGS, record, held, _sealed_fields(MEETINGS))
                if names:
                    changes[uuid].append(
                        _("the meeting's details ({fields})").format(fields=_fields(names))
                    )
        owners = self.owners(ids)
        self.item_meetings = {
            uuid: meeting for uuid, (_row, meeting) in owners["agenda_items"].items()
        }
        for record in self.records.get("agenda_items", ()):
            item, meeting = _uuid(record["uuid"]) or "", _uuid(record["fields"].get("meeting"))
            self.item_meetings.setdefault(item, meeting or "")
        for name in _OWNED:
            kind = BY_NAME[name]
            for record in self.records.get(name, ()):
                meeting, said = self.owned(kind, record, owners, sealed)
                if meeting is not None and said:
                    changes[meeting].append(said)
        for record in self.records.get(MINUTES.name, ()):
            meeting = _uuid(record["fields"].get("meeting"))
            number = record["fields"].get("version")
            new = _uuid(record["uuid"]) not in self.by_uuid
            if meeting in sealed and new and (meeting, number) not in self.by_number:
                changes[meeting].append(
                    _("{record} (added)").format(record=self.name(MINUTES, record))
                )
        return [self.refusal(meeting, sealed[meeting], said) for meeting, said in changes.items()]

    def reopens(self, sealed: list[MinutesVersion]) -> bool:
        """Whether the file reopens these approved versions, on the desk that sent it.

        The reopening is the version's own edit: its ``reopened_at`` written by the
        sending desk in an edit this desk has not seen yet.
        """
        for row in sealed:
            record = self.file_versions.get(row.uuid)
            if record is None or not record["fields"].get("reopened_at"):
                return False
            dot = record["dots"].get("reopened_at")
            if not dot or versions.has_seen(row.vv or {}, dot):
                return False
            if _uuid(dot[0]) != self.sender and not self.relayed_vouched:
                return False
        return True

    def owners(self, sealed_ids: dict[int, str]) -> dict[str, dict[str, tuple[Any, str]]]:
        """This desk's records that belong to the approved meetings, by kind and UUID, each
        with its meeting's UUID."""
        found: dict[str, dict[str, tuple[Any, str]]] = {name: {} for name in _OWNED}
        for name in ("attendance", "agenda_items", "actions"):
            model: Any = BY_NAME[name].model
            for row in self.session.scalars(select(model).where(model.meeting_id.in_(sealed_ids))):
                found[name][row.uuid] = (row, sealed_ids[row.meeting_id])
        outcomes = self.session.execute(
            select(Outcome, AgendaItem.meeting_id)
            .join(AgendaItem, AgendaItem.id == Outcome.agenda_item_id)
            .where(AgendaItem.meeting_id.in_(sealed_ids))
        )
        for row, meeting_id in outcomes:
            found["outcomes"][row.uuid] = (row, sealed_ids[meeting_id])
        return found

    def owned(
        self,
        kind: Kind,
        record: dict[str, Any],
        owners: dict[str, dict[str, tuple[Any, str]]],
        sealed: dict[str, Any],
    ) -> tuple[str | None, str]:
        """The approved meeting a record of the file would change, and how ("": none)."""
        uuid = _uuid(record["uuid"]) or ""
        here = owners[kind.name].get(uuid)
        if kind.name == "outcomes":
            item = _uuid(record["fields"].get("agenda_item"))
            meeting = self.item_meetings.get(item or "")
        else:
            meeting = _uuid(record["fields"].get("meeting"))
        if here is not None:
            meeting = here[1]  # where it is now: moving it out of the meeting changes it too
        if meeting not in sealed:
            return None, ""
        row = here[0] if here is not None else None
        if row is None:
            row = self.session.scalars(select(kind.model).where(kind.model.uuid == uuid)).first()
        if row is None:
            return meeting, _("{record} (added)").format(record=self.name(kind, record))
        if kind.append_only:
            return None, ""
        if kind is ATTENDANCE:
            record = erased.without_erased(record, self.erased)
        names = self.changed(kind, record, row, _sealed_fields(kind))
        if kind is ATTENDANCE:
            names = [n for n in names if not _theirs_to_keep(kind, n, record["fields"])]
        if not names:
            return None, ""
        if "deleted_at" in names and record["deleted_at"]:
            return meeting, _("{record} (deleted)").format(record=self.name(kind, record))
        return meeting, _("{record}: {fields}").format(
            record=self.name(kind, record), fields=_fields(names)
        )

    def refusal(self, meeting: str, sealed: list[MinutesVersion], changes: list[str]) -> str:
        listed = "; ".join(changes[:MAX_LISTED])
        more = len(changes) - MAX_LISTED
        if more > 0:
            listed += "; " + ngettext("and {n} more change", "and {n} more changes", more).format(
                n=more
            )
        return _(
            "The minutes of {meeting} are approved here (version {version}); the file from "
            "desk '{desk}' changes what they record without a reopening this desk can "
            "accept: {changes}. To change them, reopen the minutes on that desk, then export "
            "again; a reopening made on another desk and passed on counts only in a file "
            "signed by a desk trusted here."
        ).format(
            meeting=self.meeting_label(meeting),
            version=max(row.version for row in sealed),
            desk=self.desk,
            changes=listed,
        )

    # Comparing a record of the file with this desk's copy, as the merge would.

    def changed(
        self, kind: Kind, record: dict[str, Any], row: Any, names: Iterable[str]
    ) -> list[str]:
        """The fields among ``names`` that importing the record would write here, or put in
        conflict with this desk's value."""
        mine = row.vv or {}
        order = versions.compare(record["vv"], mine)
        if order in (Order.EQUAL, Order.BEFORE):
            return []
        fields = dict(record["fields"], deleted_at=record["deleted_at"])
        found = []
        for name in names:
            if name not in fields or self.same(kind, row, name, fields[name]):
                continue
            seen = versions.has_seen(mine, record["dots"].get(name))
            if order is Order.CONCURRENT and seen and name != "deleted_at":
                continue  # this desk already has their write of it, or a later one
            found.append(name)
        return found

    def same(self, kind: Kind, row: Any, name: str, value: Any) -> bool:
        if name in kind.refs:
            column, target = kind.refs[name]
            return _uuid(value) == self.uuid_of(target, getattr(row, column))
        try:
            return bool(from_wire(kind, name, value) == getattr(row, name))
        except (ValueError, TypeError):  # not a value of the field: it would change it
            return False

    def uuid_of(self, kind_name: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        row = self.session.get(BY_NAME[kind_name].model, ident)
        return None if row is None else row.uuid

    # Names people know.

    def name(self, kind: Kind, record: dict[str, Any]) -> str:
        label = self.labels(kind, record)
        if kind is MINUTES:
            return label  # "Minutes, version 2"
        return _("{noun} '{label}'").format(noun=kind.noun, label=label)

    def meeting_label(self, uuid: str | None) -> str:
        """A meeting as people name it: its forum's code and its date ("BHF 2026-09-22")."""
        if uuid not in self._meeting_labels:
            found = self.session.execute(
                select(Forum.code, Meeting.date)
                .join(Forum, Forum.id == Meeting.forum_id)
                .where(Meeting.uuid == uuid)
            ).first()
            if found is not None:
                code, day = found.code, found.date.isoformat()
            else:
                code, day = self._from_file(uuid)
            self._meeting_labels[uuid] = (
                f"{code} {day}"  # i18n: not text (as typed: 'BHF 2026-09-22')
            )
        return self._meeting_labels[uuid]

    def _from_file(self, uuid: str | None) -> tuple[str, str]:
        meeting = next(
            (r for r in self.records.get("meetings", ()) if _uuid(r["uuid"]) == uuid), None
        )
        if meeting is None:
            return _("a meeting"), str(uuid)
        forum = _uuid(meeting["fields"].get("forum"))
        code = next(
            (
                r["fields"].get("code")
                for r in self.records.get("forums", ())
                if _uuid(r["uuid"]) == forum
            ),
            None,
        ) or self.session.scalar(select(Forum.code).where(Forum.uuid == forum))
        return str(code), str(meeting["fields"].get("date"))


#: What a sign-in of approved minutes may still change: the person it is linked to and the
#: resident's consents are the resident's, not the minutes'.
_RESIDENTS = frozenset(
    {"person", "consent_named", "consent_contact", "consent_named_at", "consent_contact_at"}
)


def _theirs_to_keep(kind: Kind, name: str, fields: dict[str, Any]) -> bool:
    """Whether a sign-in's change on approved minutes is the resident's to make: a link, a
    consent, or personal data taken out (the minutes keep what they sealed)."""
    return name in _RESIDENTS or (name in kind.personal and fields.get(name) is None)


def _sealed_fields(kind: Kind) -> list[str]:
    """The fields of a kind that approved minutes seal, in the file's order."""
    sealed = SEALED[kind.model.__tablename__]
    return [name for name in kind.merge_fields if sealed is None or name in sealed]


def _fields(names: Iterable[str]) -> str:
    return ", ".join(field_label(name) for name in names)


def _moment(value: Any) -> Any:
    try:
        return from_wire(MINUTES, "approved_at", value)
    except (ValueError, TypeError):
        return value
