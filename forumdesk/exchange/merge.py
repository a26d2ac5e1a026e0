"""Merging an exchange file into this desk: new, fast-forward, field merge, conflict, union.

For every record, its version vector is compared with this desk's copy:

* not here: created (when two issues claim one reference, the one created first keeps it
  and the other is renumbered from its own data: :mod:`forumdesk.domain.references`);
* the same version, or one this desk has already moved past: unchanged;
* a descendant of this desk's version: applied whole (fast-forward);
* concurrent: merged field by field. A field only one side changed since they parted
  takes that side's value; a field both changed becomes a **conflict**: this desk's
  value stays, theirs is kept for a person to decide. A deletion from the other desk
  of a record this desk edited meanwhile is a conflict too.

Timeline events never change once made, so they merge by union; so do erasures, which
are applied before anything else in the file, and from then on no sign-in field an
erasure here covers is taken from a file (:mod:`forumdesk.exchange.erased`). A sealed
minutes version's content is combined apart: copies redacted differently are one
version (:mod:`forumdesk.exchange.redacted`). Running the same file
twice changes nothing the second time: the merged version descends from both sides.
The decisions are :func:`forumdesk.domain.merging.decide`; this module reads and writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.orm import Session

from forumdesk.core import sync
from forumdesk.core.erasure import apply_erasures
from forumdesk.db import search, stage_clock
from forumdesk.db.base import utcnow
from forumdesk.db.engine import for_change
from forumdesk.db.models import (
    Conflict,
    Erasure,
    ExchangeLog,
    FieldRevision,
    Forum,
    Issue,
    MinutesVersion,
    issue_theme,
)
from forumdesk.domain import merging, references, versions
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.progress import EVERY, Progress, quiet
from forumdesk.domain.redaction import redact
from forumdesk.domain.versions import Order
from forumdesk.domain.wire import to_wire
from forumdesk.exchange import counted, erased, redacted, trust
from forumdesk.exchange.kinds import ATTENDANCE, BY_NAME, ERASURES, KINDS, MINUTES, Kind, from_wire
from forumdesk.exchange.labels import Labels
from forumdesk.exchange.read import CheckedFile
from forumdesk.i18n import _, ngettext

NEW, UPDATED, MERGED, UNCHANGED, CONFLICT = "new", "updated", "merged", "unchanged", "conflict"
#: A conflict's resolution when a resolution made on another desk arrived and decided it.
SETTLED = "settled"
CHUNK = 500  # rows per statement: well under SQLite's limit of bound parameters
#: Records merged at a time: a file's records are read from disk a batch at a time
#: (:mod:`forumdesk.exchange.stream`), so memory holds a batch, not the file.
BATCH = 500
MAX_LISTED = 5  # renumbered issues of this desk named in the report's note


@dataclass(frozen=True)
class Change:
    """What happened (or would happen) to one record."""

    kind: str
    label: str  # the reference, name or title a person knows it by
    action: str  # new, updated, merged, unchanged, conflict
    detail: str = ""


@dataclass
class Report:
    """The preview, or the outcome, of importing a file."""

    export_id: str
    source: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unlisted_unchanged: int = 0  # records of a file imported before, not listed one by one

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(change.action for change in self.changes)
        counted[UNCHANGED] += self.unlisted_unchanged
        return {
            action: counted.get(action, 0) for action in (NEW, UPDATED, MERGED, UNCHANGED, CONFLICT)
        }


def merge(session: Session, checked: CheckedFile, progress: Progress = quiet) -> Report:
    """Applies a checked file to the session (the caller commits, or rolls back to preview).

    ``progress(done, total)`` hears how many of the file's records are done.
    """
    if checked.earlier is not None:
        return _again(session, checked)
    doc = checked.document
    source = f"{doc['desk']['name']} ({doc['desk']['uuid']})"
    report = Report(doc["export_id"], source, notes=list(checked.notes))
    log = _log(session, checked, doc["export_id"], doc["desk"]["uuid"], doc["desk"]["name"])
    merger = _Merger(session, source, log.id, report, progress)
    merger.file_desk = (doc["desk"]["uuid"], doc["desk"]["name"])
    merger.total = sum(len(doc["records"].get(kind.name, ())) for kind in KINDS)
    merger.claims = doc["records"].references
    # Erasures first, while the sign-ins they name still hold what they erase here (so
    # that every copy of it can be found); from then on the file cannot bring it back.
    merger.each(ERASURES, doc["records"].get(ERASURES.name, ()))
    merger.erased = erased.standing(session)
    merger.erased_records = erased.records_standing(session)
    declared = counted.declared_counts(session)
    with search.bulk_load(session.connection()):
        for kind in KINDS:
            if kind is not ERASURES:
                merger.each(kind, doc["records"].get(kind.name, ()))
        session.flush()
    stage_clock.catch_up(session)
    report.notes += counted.count_once(session, doc["records"].get("engagement_counts", []))
    report.notes += counted.keep_declared(session, declared)
    merger.erase_arrived(doc["records"])
    progress(merger.total, merger.total)
    log.counts = report.counts
    session.flush()
    return report


def _log(session: Session, checked: CheckedFile, export_id: str, uuid: str, name: str) -> Any:
    log = ExchangeLog(
        direction="import",
        export_id=export_id,
        file_sha256=checked.file_sha256,
        desk_uuid=uuid,
        desk_name=name,
        signed_by=checked.signed_by,
    )
    session.add(log)
    if checked.signed_by:
        trust.record_received(session, checked.document, export_id)
    session.flush()
    return log


def _again(session: Session, checked: CheckedFile) -> Report:
    """A file imported here before: logged again, and nothing else changes."""
    earlier = checked.earlier
    assert earlier is not None
    source = f"{earlier.desk_name} ({earlier.desk_uuid})"
    report = Report(earlier.export_id, source, notes=list(checked.notes))
    report.unlisted_unchanged = earlier.records
    log = _log(session, checked, earlier.export_id, earlier.desk_uuid, earlier.desk_name)
    log.counts = report.counts
    session.flush()
    return report


class Fields:
    """Reads and writes a record's fields in their file form (references as UUIDs)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, dict[str, int]] = {kind.name: {} for kind in KINDS}
        self.renumbered: list[Any] = []  # issues given another reference, stamped when done

    def id_of(self, kind_name: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        known = self.ids[kind_name].get(uuid)
        if known is None:
            model = BY_NAME[kind_name].model
            known = self.session.scalar(select(model.id).where(model.uuid == uuid))
            assert known is not None, f"{kind_name} {uuid} was checked to exist"  # i18n: not text
            self.ids[kind_name][uuid] = known
        return known

    def uuid_of(self, kind_name: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        row = self.session.get(BY_NAME[kind_name].model, ident)
        return None if row is None else row.uuid

    def local_wire(self, kind: Kind, row: Any, name: str) -> Any:
        """A field of this desk's copy, as it would be written in a file."""
        return self.wire_of_raw(kind, name, to_wire(self.local_raw(kind, row, name)))

    def local_raw(self, kind: Kind, row: Any, name: str) -> Any:
        """A field of this desk's copy as a revision keeps it (references as local ids)."""
        if name in kind.refs:
            return getattr(row, kind.refs[name][0])
        if name == "themes":
            return sorted(t.id for t in row.themes)
        return getattr(row, name)

    def base(self, kind: Kind, row: Any, name: str, theirs_vv: dict[str, int]) -> Any:
        """``{"value": …}`` the field held before either desk changed it; None if unknown.

        That is the newest value this desk replaced whose edit the other desk had seen.
        """
        revisions = self.session.execute(
            select(FieldRevision.value, FieldRevision.dot)
            .where(
                FieldRevision.table_name == kind.model.__tablename__,
                FieldRevision.record_id == row.id,
                FieldRevision.field == name,
            )
            .order_by(FieldRevision.id.desc())
        )
        for value, dot in revisions:
            if versions.has_seen(theirs_vv, dot):
                return {"value": self.wire_of_raw(kind, name, value["value"])}
        return None

    def wire_of_raw(self, kind: Kind, name: str, raw: Any) -> Any:
        """A field as :meth:`local_raw` (or a revision) has it, as a file would carry it."""
        if name in kind.refs:
            return self.uuid_of(kind.refs[name][1], raw)
        if name == "themes":
            return sorted(self.uuid_of("themes", ident) or "" for ident in raw)
        return raw

    def set_field(self, kind: Kind, row: Any, name: str, value: Any) -> None:
        """Sets a field from its file form, keeping the value it replaces (a later base)."""
        if kind.name == "issues" and name == "reference":
            value = self.claim_reference(row, value)
        elif kind.name == "forums" and name == "code" and value != row.code:
            _refuse_taken_code(self.session, value, row.name, row.id)
        sync.remember(self.session, row, name, self.local_raw(kind, row, name))
        if name in kind.refs:
            column, target = kind.refs[name]
            setattr(row, column, self.id_of(target, value))
        elif name == "themes":
            row.themes = [
                self.session.get(BY_NAME["themes"].model, self.id_of("themes", u)) for u in value
            ]
        elif name == "deleted_at":
            row.deleted_at = None if value is None else from_wire(kind, "deleted_at", value)
        else:
            setattr(row, name, from_wire(kind, name, value))

    def claim_reference(self, row: Issue, wanted: str) -> str:
        """The reference an issue that is to hold ``wanted`` gets: the first claim keeps it.

        Another issue here holding it that was created later is renumbered (and written
        first, so that the two never hold it at once); if this one was, it is.
        """
        with self.session.no_autoflush:
            holder = self.session.scalars(
                select(Issue).where(Issue.reference == wanted, Issue.id != row.id)
            ).first()
        if holder is None:
            return wanted
        taken = _Taken(self.session)
        if references.first_claim(row.created_at, row.uuid) < references.first_claim(
            holder.created_at, holder.uuid
        ):
            renumber(self.session, holder, references.renumbered(wanted, holder.uuid, taken))
            self.session.flush()
            return wanted
        self.renumbered.append(row)
        return references.renumbered(wanted, row.uuid, taken)

    def stamp_renumbered(self) -> None:
        """Stamps the renumbering of issues given another reference as this desk's edit."""
        for row in self.renumbered:
            sync.touch(self.session, row, ["reference"])
        self.renumbered.clear()


def renumber(session: Session, issue: Issue, reference: str) -> None:
    """Gives an issue here another reference: an edit of this desk that travels."""
    sync.remember(session, issue, "reference", issue.reference)
    issue.reference = reference
    sync.touch(session, issue, ["reference"])


class _Taken:
    """Whether a reference is held here (asked only for the rare renumbered ones)."""

    def __init__(self, session: Session, also: set[str] | None = None) -> None:
        self.session = session
        self.also = also if also is not None else set()

    def __contains__(self, reference: object) -> bool:
        if reference in self.also:
            return True
        with self.session.no_autoflush:
            return (
                self.session.scalar(select(Issue.id).where(Issue.reference == reference))
                is not None
            )


class _Merger(Fields):
    """One import: goes through the file's records kind by kind."""

    def __init__(
        self, session: Session, source: str, log_id: int, report: Report, progress: Progress
    ) -> None:
        super().__init__(session)
        self.source = source
        self.log_id = log_id
        self.report = report
        self.desk = sync.desk_uuid(session)
        self.progress = progress
        self.total = 0
        self.done = 0
        self.label = Labels(session)
        self.file_desk = ("", "")
        self.open_conflicts: dict[str, list[Conflict]] = {}
        self.erased: erased.Covered = {}
        self.erased_records: dict[str, datetime] = {}
        #: Links to records of the same kind (an agenda item carried from an earlier
        #: one), made once the whole kind is in: (uuid, column, the target's uuid).
        self.later: list[tuple[str, str, str]] = []
        self.file_references: set[str] = set()  # every reference the file's issues claim
        self.claims: Counter[str] = Counter()  # how many of the file's issues claim each
        for conflict in session.scalars(select(Conflict).where(Conflict.resolved_at.is_(None))):
            self.open_conflicts.setdefault(conflict.record_uuid, []).append(conflict)

    def step(self, count: int = 1) -> None:
        """Counts records done, telling ``progress`` every few thousand."""
        before, self.done = self.done, self.done + count
        if before // EVERY != self.done // EVERY:
            self.progress(self.done, self.total)

    def each(self, kind: Kind, records: Iterable[dict[str, Any]]) -> None:
        """Merges the file's records of one kind, a batch at a time.

        The issues that claim a reference another issue of the file claims too are
        merged last, together, so that the rule on who keeps it sees every claimant.
        """
        shared: set[str] = set()
        if kind.name == "issues":
            claims = self.claims
            self.file_references = set(claims)
            shared = {reference for reference, n in claims.items() if n > 1}
        held: list[dict[str, Any]] = []
        for batch in _batches(records, BATCH):
            if shared:
                held += [r for r in batch if str(r["fields"].get("reference")) in shared]
                batch = [r for r in batch if str(r["fields"].get("reference")) not in shared]
            self.kind(kind, batch)
        self.kind(kind, held)
        table = kind.model.__table__  # type: ignore[attr-defined]  # a model's table
        for uuid, column, target_uuid in self.later:
            self.session.execute(
                update(table)
                .where(table.c.id == self.ids[kind.name][uuid])
                .values({column: self.id_of(kind.name, target_uuid)})
            )
        self.later = []

    def kind(self, kind: Kind, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        if kind is ATTENDANCE and self.erased:
            records = [erased.without_erased(r, self.erased) for r in records]
        elif kind.personal and self.erased_records:  # participants, offers, contributions
            records = [erased.without_erased_record(kind, r, self.erased_records) for r in records]
        model = kind.model
        uuids = [r["uuid"] for r in records]
        local: dict[str, tuple[int, dict[str, int]]] = {}
        # On a database server the rows here are locked until the import commits, so
        # that an officer's edit made meanwhile is merged, not overwritten (db/engine.py).
        locking = for_change(self.session)
        for start in range(0, len(uuids), CHUNK):
            query = select(model.uuid, model.id, model.vv).where(
                model.uuid.in_(uuids[start : start + CHUNK])
            )
            if locking:
                query = query.with_for_update(key_share=True, of=model)
            rows = self.session.execute(query)
            local.update({uuid: (ident, vv or {}) for uuid, ident, vv in rows})
        fresh = []
        for record in records:
            here = local.get(record["uuid"])
            if here is None:
                fresh.append(record)
                continue
            self.step()
            ident, vv = here
            self.ids[kind.name][record["uuid"]] = ident
            combined = kind is MINUTES and self.combine_content(
                record, self.session.get_one(MinutesVersion, ident)
            )
            order = versions.compare(record["vv"], vv)
            if order is Order.EQUAL and self.fill_in(kind, record, ident):
                self.note(kind, record, UPDATED, _("personal data an earlier file left out"))
            elif combined and order in (Order.EQUAL, Order.BEFORE):
                self.note(kind, record, UPDATED, _("names taken out or given back"))
            elif kind.append_only or order in (Order.EQUAL, Order.BEFORE):
                self.note(kind, record, UNCHANGED)  # decided without loading the row
            else:  # as the lock found it, not as this session may have read it before
                self.update(kind, record, self.session.get(model, ident, populate_existing=locking))
        if fresh:
            self.create_all(kind, fresh)

    def fill_in(self, kind: Kind, record: dict[str, Any], ident: int) -> bool:
        """Fills in the personal fields an earlier file of this very version left out.

        Only for the same version: one this desk moved past may have erased them.
        """
        given = {n: record["fields"][n] for n in kind.personal if record["fields"].get(n)}
        if not given:
            return False
        row = self.session.get(kind.model, ident)
        missing = merging.personal_to_fill(given, {n: getattr(row, n) for n in given})
        for name, value in missing.items():
            setattr(row, name, from_wire(kind, name, value))
        return bool(missing)

    def create_all(self, kind: Kind, records: list[dict[str, Any]]) -> None:
        """Inserts records new to this desk in bulk (a 100,000-issue file is the normal case)."""
        table = kind.model.__table__  # type: ignore[attr-defined]  # a model's table
        rows = []
        details: dict[str, str] = {}
        codes: dict[str, str] = {}  # the file's new forums: code -> name
        now = utcnow()  # received here now (the column's default is not applied in bulk)
        for record in records:
            fields = record["fields"]
            row: dict[str, Any] = {
                name: from_wire(kind, name, fields.get(name)) for name in kind.fields
            }
            for wire, (column, target) in kind.refs.items():
                if target == kind.name and fields.get(wire):
                    # A record of the same kind (an item carried from an earlier agenda)
                    # may be in this batch or a later one: linked once every id is known.
                    self.later.append((record["uuid"], column, fields[wire]))
                    row[column] = None
                else:
                    row[column] = self.id_of(target, fields.get(wire))
            row.update(
                uuid=record["uuid"],
                vv=dict(record["vv"]),
                dots=dict(record["dots"]),
                created_at=from_wire(kind, "created_at", record["created_at"]),
                updated_at=from_wire(kind, "updated_at", record["updated_at"]),
                deleted_at=from_wire(kind, "deleted_at", record["deleted_at"]),
                changed_here_at=now,
            )
            if kind.name == "forums":
                _refuse_twice(codes, row["code"], row["name"])
                _refuse_taken_code(self.session, row["code"], row["name"])
            rows.append(row)
            self.step()
        if kind.name == "issues":
            details = _References(self).settle_new(rows)
        self.ids[kind.name].update(_insert_many(self.session.connection(), table, rows))
        if kind is ERASURES:  # all in one pass over this desk's text
            apply_erasures(
                self.session,
                [
                    self.session.get_one(Erasure, self.ids[kind.name][record["uuid"]])
                    for record in records
                ],
            )
        if kind.name == "issues":
            links = [
                {"issue_id": self.ids["issues"][r["uuid"]], "theme_id": self.id_of("themes", t)}
                for r in records
                for t in r["fields"].get("themes") or ()
            ]
            if links:
                self.session.execute(insert(issue_theme), links)
        for record in records:
            self.note(kind, record, NEW, details.get(record["uuid"], ""))

    def update(self, kind: Kind, record: dict[str, Any], row: Any) -> None:
        fields = dict(record["fields"], deleted_at=record["deleted_at"])
        present = [name for name in kind.merge_fields if name in fields]
        if kind is MINUTES:  # sealed content: combined apart, whatever the versions
            present = [name for name in present if name not in ("content", "redactions")]
        mine = merging.Copy(
            row.vv or {}, row.dots or {}, {n: self.local_wire(kind, row, n) for n in present}
        )
        theirs = merging.Copy(record["vv"], record["dots"], {n: fields[n] for n in present})
        decision = merging.decide(mine, theirs)
        if kind is ATTENDANCE and decision.conflicts:
            decision = self.consented_again(record, mine, decision)
        if not decision.changes:
            self.note(kind, record, UNCHANGED)
            return
        for name in decision.take:
            self.set_field(kind, row, name, fields[name])
        for name in decision.conflicts:
            self.session.add(
                Conflict(
                    kind=kind.name,
                    record_uuid=row.uuid,
                    field=name,
                    mine={"value": mine.values[name]},
                    theirs={"value": fields[name]},
                    base=self.base(kind, row, name, record["vv"]),
                    source_desk=self.source,
                    import_id=self.log_id,
                    mine_dot=mine.dots.get(name),
                    theirs_dot=theirs.dots.get(name),
                )
            )
        row.vv, row.dots = decision.vv, decision.dots
        arrived = from_wire(kind, "updated_at", record["updated_at"])
        if decision.order is Order.AFTER:
            row.updated_at = arrived
        elif decision.take:
            row.updated_at = max(row.updated_at, arrived)
        self.stamp_renumbered()
        self.settle(kind, row, record, mine)
        if decision.conflicts:
            self.note(kind, record, CONFLICT, ", ".join(decision.conflicts))
        elif decision.order is Order.AFTER:
            self.note(
                kind, record, UPDATED if decision.take else UNCHANGED, ", ".join(decision.take)
            )
        else:
            self.note(
                kind, record, MERGED if decision.take else UNCHANGED, ", ".join(decision.take)
            )

    def consented_again(
        self, record: dict[str, Any], mine: merging.Copy, decision: merging.Decision
    ) -> merging.Decision:
        """A personal field given again with a consent dated after the erasure that blanked
        it here takes the file's value: a new consent, not a conflict with the erasure."""
        covered = self.erased.get(str(record["uuid"]).lower(), {})
        still = erased.erased_in(record, self.erased)
        again = [
            name
            for name in decision.conflicts
            if name in covered
            and name not in still
            and mine.values.get(name) is None
            and record["dots"].get(name)
        ]
        if not again:
            return decision
        dots = dict(decision.dots)
        for name in again:
            dots[name] = list(record["dots"][name])
        return replace(
            decision,
            take=(*decision.take, *again),
            conflicts=tuple(n for n in decision.conflicts if n not in again),
            dots=dots,
        )

    def combine_content(self, record: dict[str, Any], row: MinutesVersion) -> bool:
        """Keeps the more redacted of this desk's copy of a sealed version and the file's
        (:func:`forumdesk.exchange.redacted.combine`); returns whether this desk's changed.

        A copy redacted differently is the same version (``exchange/sealed.py`` refused
        any other difference), whatever the two versions' vectors say: an export that
        withheld names changed no version, and an erasure redacts every desk's copy alike.
        """
        fields = record["fields"]
        content, redactions = redacted.combine(
            row.content,
            row.redactions,
            fields["content"],
            fields.get("redactions"),
            row.content_hash,
        )
        if content == row.content and redactions == (row.redactions or []):
            return False
        row.content, row.redactions = content, redactions or None
        return True

    def erase_arrived(self, records: dict[str, list[dict[str, Any]]]) -> None:
        """Takes erased names out of the sealed minutes the file brought or combined.

        A file older than an erasure here may carry both a sign-in's name and the
        minutes that name them: the name was read as left out of the sign-in, and is
        taken out of those minutes here, recorded as that erasure's redaction.
        """
        # A meeting's UUID: (erasure, placeholder): the names or contacts it took.
        taken: dict[str, dict[tuple[str, str], set[str]]] = {}
        for record in records.get(ATTENDANCE.name, ()):
            covered = erased.erased_in(record, self.erased)
            meeting = record["fields"].get("meeting")
            for name, stand_in in (
                ("name", redacted.PLACEHOLDER),
                ("contact", redacted.CONTACT_PLACEHOLDER),
            ):
                value = record["fields"].get(name)
                if name in covered and value and meeting:
                    wanted = taken.setdefault(str(meeting).lower(), {})
                    wanted.setdefault((covered[name], stand_in), set()).add(value)
        if not taken:
            return
        for record in records.get(MINUTES.name, ()):
            held = taken.get(str(record["fields"].get("meeting")).lower())
            ident = self.ids[MINUTES.name].get(record["uuid"])
            if not held or ident is None:
                continue
            row = self.session.get_one(MinutesVersion, ident)
            content, redactions = row.content, list(row.redactions or [])
            for (erasure, stand_in), values in sorted(held.items()):
                content, redactions = redact(
                    content,
                    values,
                    redacted.placeholder(content, stand_in),
                    erasure=erasure,
                    redactions=redactions,
                )
            if content != row.content:
                row.content = content
                row.redactions = redacted.as_list(redacted.marks(redactions))
        self.session.flush()

    def settle(self, kind: Kind, row: Any, record: dict[str, Any], mine: merging.Copy) -> None:
        """Marks settled the conflicts open here that a resolution made elsewhere decided."""
        for conflict in self.open_conflicts.get(row.uuid, ()):
            if conflict.kind != kind.name or conflict.resolved_at is not None:
                continue
            if conflict.theirs_dot is None:  # recorded before conflicts kept their sides' dots
                continue
            arriving = record["dots"].get(conflict.field)
            if not merging.settles(record["vv"], arriving, conflict.mine_dot, conflict.theirs_dot):
                continue
            if (row.dots or {}).get(conflict.field) != arriving:
                continue  # this desk holds a later write of the field than the arriving one
            conflict.resolved_at = utcnow()
            conflict.resolution = SETTLED
            conflict.theirs = dict(conflict.theirs, settled_by=self.desk_name(arriving[0]))

    def desk_name(self, uuid: str) -> str:
        """A desk's name as this desk knows it (from the files it imported), or its UUID."""
        if uuid == self.file_desk[0]:
            return self.file_desk[1]
        known = self.session.scalar(
            select(ExchangeLog.desk_name)
            .where(ExchangeLog.desk_uuid == uuid, ExchangeLog.desk_name.is_not(None))
            .order_by(ExchangeLog.id.desc())
            .limit(1)
        )
        return known or uuid

    def note(self, kind: Kind, record: dict[str, Any], action: str, detail: str = "") -> None:
        self.report.changes.append(Change(kind.name, self.label(kind, record), action, detail))


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_many(
    connection: Connection, table: Table, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Inserts many rows at once; returns the id each was given, by uuid.

    On SQLite: one executemany, each value put in its stored form by its column's own
    bind processor (so rows are stored exactly as the ORM stores them, which a test
    checks), instead of a compiled statement per chunk; in the one writing transaction,
    the new rows are those after the last id there was.
    """
    if not rows:
        return {}
    if connection.dialect.name != "sqlite":  # a shared register: the portable way
        # A column the rows leave out is left empty, as on SQLite, not given its Python
        # default: an imported issue's stage_since is set from its timeline (catch_up),
        # which a default of "now" would stand in front of.
        unnamed = {
            column.name: None
            for column in table.columns
            if column.default is not None and column.name not in rows[0]
        }
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            connection.execute(insert(table), [{**unnamed, **row} for row in chunk])
        uuids = [row["uuid"] for row in rows]
        ids: dict[str, int] = {}
        for start in range(0, len(uuids), CHUNK):
            chunk = uuids[start : start + CHUNK]
            found = connection.execute(
                select(table.c.uuid, table.c.id).where(table.c.uuid.in_(chunk))
            )
            ids.update(dict(found.all()))
        return ids
    last = connection.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    names = list(rows[0])
    dialect = connection.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    pairs = list(zip(names, processors, strict=True))
    # A JSON column left at None is SQL NULL on the sending desk (the ORM writes no value),
    # where the JSON bind processor would write the text 'null' (minutes' redactions).
    values = [
        tuple(
            row[name] if process is None or row[name] is None else process(row[name])
            for name, process in pairs
        )
        for row in rows
    ]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    connection.exec_driver_sql(sql, values)
    found = connection.execute(select(table.c.uuid, table.c.id).where(table.c.id > last))
    return dict(found.all())


class _References:
    """Settles the references the new issues of one import claim, in a few queries."""

    def __init__(self, merger: _Merger) -> None:
        self.merger = merger
        self.session = merger.session

    def settle_new(self, rows: list[dict[str, Any]]) -> dict[str, str]:
        """Renumbers every issue (new or here) that lost a clash; returns notes by uuid.

        For each reference claimed more than once, the first claim (created first, then
        the lower UUID) keeps it; the others are renumbered from their own data.
        """
        claims: dict[str, list[Any]] = {}
        for row in rows:
            claims.setdefault(row["reference"], []).append(row)
        wanted = list(claims)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for issue in self.session.scalars(select(Issue).where(Issue.reference.in_(chunk))):
                claims[issue.reference].append(issue)
        # Every reference of the file: one renumbered here is not one a later batch claims.
        taken = _Taken(self.session, set(claims) | self.merger.file_references)
        notes: dict[str, str] = {}
        here: list[str] = []  # this desk's issues renumbered: "BHF-0003 → BHF-0003-3FA8"
        for reference, claimants in claims.items():
            if len(claimants) < 2:
                continue
            claimants.sort(key=lambda c: references.first_claim(*_claim(c)))
            for loser in claimants[1:]:
                uuid = _claim(loser)[1]
                new = references.renumbered(reference, uuid, taken)
                taken.also.add(new)
                if isinstance(loser, dict):
                    loser["reference"] = new
                    sync.touch_row(self.session, loser, ["reference"])
                    notes[uuid] = _(
                        "{old} is held here by an earlier issue: renumbered {new}"
                    ).format(old=reference, new=new)
                else:
                    renumber(self.session, loser, new)
                    here.append(f"{reference} → {new}")
        if here:
            self.session.flush()  # before the new issues take the references over
            shown = ", ".join(here[:MAX_LISTED]) + (", …" if len(here) > MAX_LISTED else "")
            self.merger.report.notes.append(
                ngettext(
                    "{n} issue of this desk gave its reference to an earlier issue of the "
                    "file and was renumbered: {list}.",
                    "{n} issues of this desk gave their references to earlier issues of the "
                    "file and were renumbered: {list}.",
                    len(here),
                ).format(n=len(here), list=shown)
            )
        return notes


def _claim(claimant: Any) -> tuple[Any, str]:
    """(created_at, uuid) of a new issue's row (a dict) or of an issue here."""
    if isinstance(claimant, dict):
        return claimant["created_at"], claimant["uuid"]
    return claimant.created_at, claimant.uuid


def _refuse_twice(codes: dict[str, str], code: str, name: str) -> None:
    """Refuses a file that holds two new forums with one code."""
    other = codes.get(code)
    codes[code] = name
    if other is not None:
        raise InputRefused(
            _(
                "The file holds two new forums with the code {code}: {name} and {other}; "
                "a code names one forum. Nothing was changed."
            ).format(code=code, name=repr(other), other=repr(name))
        )


def _refuse_taken_code(session: Session, code: str, name: str, ident: int | None = None) -> None:
    """Refuses a forum of the file whose code another forum here has."""
    query = select(Forum.name).where(Forum.code == code)
    if ident is not None:
        query = query.where(Forum.id != ident)
    with session.no_autoflush:
        other = session.scalar(query)
    if other is not None:
        raise InputRefused(
            _(
                "The file's forum {name} uses the code {code}, which this desk "
                "already gives to {other}; change one of the codes, then import again. "
                "Nothing was changed."
            ).format(name=repr(name), code=code, other=repr(other))
        )
