"""Merging an exchange file into this desk: new, fast-forward, field merge, conflict, union.

For every record, its version vector is compared with this desk's copy:

* not here: created (an issue whose reference is taken here is renumbered);
* the same version, or one this desk has already moved past: unchanged;
* a descendant of this desk's version: applied whole (fast-forward);
* concurrent: merged field by field. A field only one side changed since they parted
  takes that side's value; a field both changed becomes a **conflict**: this desk's
  value stays, theirs is kept for a person to decide. A deletion from the other desk
  of a record this desk edited meanwhile is a conflict too.

Timeline events never change once made, so they merge by union. Running the same file
twice changes nothing the second time: the merged version descends from both sides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.orm import Session

from forumdesk.core import _sync
from forumdesk.db import search
from forumdesk.db.models import Conflict, ExchangeLog, FieldRevision, Forum, Issue, issue_theme
from forumdesk.domain import versions
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.progress import EVERY, Progress, quiet
from forumdesk.domain.versions import Order
from forumdesk.domain.wire import to_wire
from forumdesk.exchange import trust
from forumdesk.exchange.kinds import BY_NAME, KINDS, Kind, from_wire
from forumdesk.exchange.labels import Labels
from forumdesk.exchange.read import CheckedFile
from forumdesk.i18n import _

NEW, UPDATED, MERGED, UNCHANGED, CONFLICT = "new", "updated", "merged", "unchanged", "conflict"
CHUNK = 500  # rows per statement: well under SQLite's limit of bound parameters


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
    merger.total = sum(len(doc["records"].get(kind.name, ())) for kind in KINDS)
    with search.bulk_load(session.connection()):
        for kind in KINDS:
            merger.kind(kind, doc["records"].get(kind.name, ()))
        session.flush()
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
        _sync.remember(self.session, row, name, self.local_raw(kind, row, name))
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


class _Merger(Fields):
    """One import: goes through the file's records kind by kind."""

    def __init__(
        self, session: Session, source: str, log_id: int, report: Report, progress: Progress
    ) -> None:
        super().__init__(session)
        self.source = source
        self.log_id = log_id
        self.report = report
        self.desk = _sync.desk_uuid(session)
        self.progress = progress
        self.total = 0
        self.done = 0
        self.label = Labels(session)

    def step(self, count: int = 1) -> None:
        """Counts records done, telling ``progress`` every few thousand."""
        before, self.done = self.done, self.done + count
        if before // EVERY != self.done // EVERY:
            self.progress(self.done, self.total)

    def kind(self, kind: Kind, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        model = kind.model
        uuids = [r["uuid"] for r in records]
        local: dict[str, tuple[int, dict[str, int]]] = {}
        for start in range(0, len(uuids), CHUNK):
            rows = self.session.execute(
                select(model.uuid, model.id, model.vv).where(
                    model.uuid.in_(uuids[start : start + CHUNK])
                )
            )
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
            order = versions.compare(record["vv"], vv)
            if order is Order.EQUAL and self.fill_in(kind, record, ident):
                self.note(kind, record, UPDATED, _("personal data an earlier file left out"))
            elif kind.append_only or order in (Order.EQUAL, Order.BEFORE):
                self.note(kind, record, UNCHANGED)  # decided without loading the row
            else:
                self.update(kind, record, self.session.get(model, ident))
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
        missing = {n: v for n, v in given.items() if getattr(row, n) is None}
        for name, value in missing.items():
            setattr(row, name, from_wire(kind, name, value))
        return bool(missing)

    def create_all(self, kind: Kind, records: list[dict[str, Any]]) -> None:
        """Inserts records new to this desk in bulk (a 100,000-issue file is the normal case)."""
        table = kind.model.__table__  # type: ignore[attr-defined]
        rows = []
        details: dict[str, str] = {}
        numbers = _Numbers(self.session) if kind.name == "issues" else None
        later: list[tuple[str, str, str]] = []
        for record in records:
            fields = record["fields"]
            row: dict[str, Any] = {
                name: from_wire(kind, name, fields.get(name)) for name in kind.fields
            }
            for wire, (column, target) in kind.refs.items():
                if target == kind.name and fields.get(wire):
                    # A record of the same kind (an item carried from an earlier agenda)
                    # may be in this very batch: linked once every id is known.
                    later.append((record["uuid"], column, fields[wire]))
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
            )
            if kind.name == "forums":
                self.refuse_taken_code(row["code"], row["name"])
            if numbers is not None:
                note = numbers.claim(row, self.desk)
                if note:
                    details[record["uuid"]] = note
            rows.append(row)
            self.step()
        self.ids[kind.name].update(_insert_many(self.session.connection(), table, rows))
        if later:
            for uuid, column, target_uuid in later:
                self.session.execute(
                    update(table)
                    .where(table.c.id == self.ids[kind.name][uuid])
                    .values({column: self.id_of(kind.name, target_uuid)})
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

    def refuse_taken_code(self, code: str, name: str) -> None:
        other = self.session.scalar(select(Forum.name).where(Forum.code == code))
        if other is not None:
            raise InputRefused(
                _(
                    "The file's forum {name} uses the code {code}, which this desk "
                    "already gives to {other}; change one of the codes, then import again. "
                    "Nothing was changed."
                ).format(name=repr(name), code=code, other=repr(other))
            )

    def update(self, kind: Kind, record: dict[str, Any], row: Any) -> None:
        theirs_vv = record["vv"]
        order = versions.compare(theirs_vv, row.vv or {})
        if order in (Order.EQUAL, Order.BEFORE):
            self.note(kind, record, UNCHANGED)
            return
        fields = dict(record["fields"], deleted_at=record["deleted_at"])
        present = [name for name in kind.merge_fields if name in fields]
        if order is Order.AFTER:  # theirs descends from ours: take it whole
            changed = [n for n in present if self.local_wire(kind, row, n) != fields[n]]
            for name in changed:
                self.set_field(kind, row, name, fields[name])
            row.vv = dict(theirs_vv)
            row.dots = dict(record["dots"])
            row.updated_at = from_wire(kind, "updated_at", record["updated_at"])
            self.note(kind, record, UPDATED if changed else UNCHANGED, ", ".join(changed))
            return
        self.concurrent(kind, record, row, fields, present)

    def concurrent(
        self,
        kind: Kind,
        record: dict[str, Any],
        row: Any,
        fields: dict[str, Any],
        present: list[str],
    ) -> None:
        theirs_vv, theirs_dots = record["vv"], record["dots"]
        mine_vv, mine_dots = dict(row.vv or {}), dict(row.dots or {})
        taken, conflicts = [], []
        if fields.get("deleted_at") and row.deleted_at is None:
            # They deleted it; if this desk edited it meanwhile, a person decides.
            edited_here = any(not versions.has_seen(theirs_vv, dot) for dot in mine_dots.values())
            if edited_here:
                conflicts.append("deleted_at")
        new_dots = dict(mine_dots)
        for name in present:
            if name in conflicts:
                continue
            mine, theirs = self.local_wire(kind, row, name), fields[name]
            if mine == theirs:
                continue
            their_dot, my_dot = theirs_dots.get(name), mine_dots.get(name)
            if versions.has_seen(mine_vv, their_dot):
                continue  # this desk already has their write of it, or a later one
            if versions.has_seen(theirs_vv, my_dot):
                self.set_field(kind, row, name, theirs)
                taken.append(name)
                if their_dot:
                    new_dots[name] = their_dot
                continue
            conflicts.append(name)
        for name in conflicts:
            self.session.add(
                Conflict(
                    kind=kind.name,
                    record_uuid=row.uuid,
                    field=name,
                    mine={"value": self.local_wire(kind, row, name)},
                    theirs={"value": fields[name]},
                    base=self.base(kind, row, name, theirs_vv),
                    source_desk=self.source,
                    import_id=self.log_id,
                )
            )
        row.vv = versions.merge(mine_vv, theirs_vv)
        row.dots = new_dots
        if taken:
            row.updated_at = max(
                row.updated_at, from_wire(kind, "updated_at", record["updated_at"])
            )
        if conflicts:
            self.note(kind, record, CONFLICT, ", ".join(conflicts))
        else:
            self.note(kind, record, MERGED if taken else UNCHANGED, ", ".join(taken))

    def note(self, kind: Kind, record: dict[str, Any], action: str, detail: str = "") -> None:
        self.report.changes.append(Change(kind.name, self.label(kind, record), action, detail))


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
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start : start + CHUNK])
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
    values = [
        tuple(row[name] if process is None else process(row[name]) for name, process in pairs)
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


class _Numbers:
    """Issue numbers and references already taken here, per forum, read once per import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.taken: dict[int, tuple[set[int], set[str], str]] = {}

    def claim(self, row: dict[str, Any], desk: str) -> str:
        """Keeps the issue's number, or gives it the forum's next one here if it is taken."""
        forum = row["forum_id"]
        if forum not in self.taken:
            numbers = set(self.session.scalars(select(Issue.number).where(Issue.forum_id == forum)))
            references = set(
                self.session.scalars(select(Issue.reference).where(Issue.forum_id == forum))
            )
            code = self.session.scalar(select(Forum.code).where(Forum.id == forum)) or ""
            self.taken[forum] = (numbers, references, code)
        numbers, references, code = self.taken[forum]
        note = ""
        if row["number"] in numbers or row["reference"] in references:
            old = row["reference"]
            number = max(numbers | {0}) + 1
            row["number"], row["reference"] = number, f"{code}-{number:04d}"
            # An edit made here, so that the new reference travels back.
            row["vv"] = versions.bump(row["vv"], desk)
            row["dots"] = versions.stamp(
                row["dots"], ["number", "reference"], desk, row["vv"][desk]
            )
            note = _("{old} is taken here: renumbered {new}").format(old=old, new=row["reference"])
        numbers.add(row["number"])
        references.add(row["reference"])
        return note
