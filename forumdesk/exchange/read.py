"""Reading an exchange file and checking it whole before anything is written.

The checks, in order: size, UTF-8, JSON (read strictly: no key twice in an object, no NaN
or infinity; and how deeply it nests), the format's name and major version, the JSON
Schema (jsonschema-rs, formats checked, so UUIDs and date-times really are), the field
rules a person's typing meets (:mod:`forumdesk.exchange.validate`), the content hash, the
signature, duplicate UUIDs, and that every reference names a record in the file or on
this desk. Any problem refuses the file.

The file is read a piece at a time and its records are kept in temporary files, read
back a record at a time by each check and by the merge (:mod:`forumdesk.exchange.stream`):
memory holds the envelope, a record or a batch, and a little of each record (its UUID).

A file of a newer minor version is checked and imported for what this version knows;
what it adds is left out (and counted in a note), while the hash and the signature
are still checked over the whole file.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.db.engine import IMPORT_LOCK, serialise
from forumdesk.domain.errors import InputRefused, StoreError
from forumdesk.domain.language import INTERFACE, day_month_year, local_moment
from forumdesk.exchange import authentic, document, sealed, stream, trust, validate
from forumdesk.exchange.kinds import KINDS
from forumdesk.exchange.schema import shipped
from forumdesk.i18n import N_, _, ngettext

MAX_FILE_BYTES = 1_000_000_000
MAX_DEPTH = 40
MAX_REPORTED = 20


class FileRefused(InputRefused):
    """An exchange file with problems; nothing was changed. ``problems`` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        text = _("The file was refused; nothing was changed:\n  {problems}").format(
            problems="\n  ".join(shown)
        )
        if more:
            text += "\n  " + ngettext(
                "… and {n} more problem", "… and {n} more problems", more
            ).format(n=more)
        super().__init__(text)
        self.problems = problems


class Unauthenticated(FileRefused):
    """A file refused only for its signature (unsigned, not matching, by a revoked or
    untrusted key) by a desk that trusts desks: ``allow_unsigned`` lets it in, this once.
    Each face says how (a flag, a question)."""


class UntrustedSigner(FileRefused):
    """A file signed (and intact) by a desk this desk does not trust, its only problem:
    trusting ``signer`` (after checking its fingerprint) lets it in."""

    def __init__(self, problems: list[str], signer: trust.DeskKey) -> None:
        super().__init__(problems)
        self.signer = signer


@dataclass(frozen=True)
class EarlierImport:
    """This very file (the same bytes) was imported here before."""

    export_id: str
    desk_uuid: str
    desk_name: str
    at: datetime
    records: int  # how many records the file holds


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, ready to be planned and applied.

    A file whose bytes were imported here before is not read again (``earlier`` says
    when): everything in it is already part of this desk's versions, which only ever
    grow, so importing it again can change nothing.
    """

    document: dict[str, Any]
    file_sha256: str
    notes: list[str] = field(default_factory=list)  # what a person should know (unsigned…)
    earlier: EarlierImport | None = None
    #: The fingerprint of the desk key whose signature was verified (None: none was).
    signed_by: str | None = None


def check(
    session: Session,
    data: bytes | os.PathLike[str],
    key: bytes | None = None,
    *,
    allow_unsigned: bool = False,
) -> CheckedFile:
    """Checks a file completely: its bytes (``data``), or the file at a path, which is
    then read a piece at a time (:mod:`forumdesk.exchange.stream`) and never held whole.

    ``allow_unsigned`` lets in, this once, a file a desk that trusts desks would refuse
    for its signature (unsigned, signed by a desk it does not trust, not matching): the
    notes say so.

    Raises:
        UntrustedSigner: the file's only problem is that its desk is not trusted here.
        FileRefused: naming every problem found (the first ones, and how many more).
        StoreError: the temporary files the records are kept in cannot be written.
    """
    with _opened(data) as handle:
        size = handle.seek(0, io.SEEK_END)
        if size > MAX_FILE_BYTES:
            raise FileRefused(
                [
                    _("The file is {size:,} bytes; the limit is {limit:,}.").format(
                        size=size, limit=MAX_FILE_BYTES
                    )
                ]
            )
        handle.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(stream.CHUNK), b""):
            digest.update(block)
        file_sha256 = digest.hexdigest()
        # Imports take turns from here to their commit: on a database server another
        # officer's import of the same records would otherwise find them absent too and
        # add them twice; this one now sees what that one stored (db/engine.py).
        serialise(session, IMPORT_LOCK)
        earlier = _earlier_import(session, file_sha256)
        if earlier is not None:
            local = local_moment(earlier.at)
            note = _(
                "This very file was imported here on {date} at {time}; everything in it is "
                "already on this desk, so nothing changes."
            ).format(date=day_month_year(local.date(), INTERFACE), time=f"{local:%H:%M}")
            return CheckedFile({}, file_sha256, [note], earlier)
        handle.seek(0)
        if handle.read(len(document.SQLITE_HEADER)) == document.SQLITE_HEADER:
            raise FileRefused([_(document.NOT_A_DATABASE)])
        handle.seek(0)
        read = _read(handle)
    envelope = read.envelope
    notes: list[str] = []
    newer = _check_format(envelope)
    known, content_sha256, canonical_records, left_out = _check_records(read, newer)
    if left_out:
        notes.append(
            ngettext(
                "The file was written by a newer ForumDesk (format {version}); "
                "{n} field this one does not know was left out.",
                "The file was written by a newer ForumDesk (format {version}); "
                "{n} fields this one does not know were left out.",
                left_out,
            ).format(version=envelope["format_version"], n=left_out)
        )
    records = known["records"]
    problems = records.problems[: validate.ENOUGH] + validate.held_twice(known)
    if content_sha256 != envelope["content_sha256"]:
        problems.append(
            _(
                "The content does not match its SHA-256: the file was changed or "
                "damaged after it was exported."
            )
        )
    signed = {**envelope, "records": None}  # the records: their canonical bytes, or not signed
    council = _check_signature(signed, key, problems, canonical_records)
    judged = authentic.judge(session, signed, canonical_records, allow_unsigned)
    notes = council + judged.notes + notes
    problems += judged.problems
    known["desk"] = dict(known["desk"], uuid=known["desk"]["uuid"].lower())
    if not problems:
        problems += authentic.provenance(session, known, judged.listed)
    if not problems:
        problems += _dangling(session, known)
    if not problems:  # approved minutes stay sealed: refused before anything is written
        problems += sealed.problems(session, known, relayed_vouched=judged.listed is not None)
    if problems:
        if judged.untrusted is not None and problems == judged.problems:
            raise UntrustedSigner(problems, judged.untrusted)
        if judged.problems and problems == judged.problems and not judged.forged:
            raise Unauthenticated(problems)
        raise FileRefused(problems)
    return CheckedFile(known, file_sha256, notes, signed_by=judged.signed_by)


@contextmanager
def _opened(data: bytes | os.PathLike[str]) -> Iterator[IO[bytes]]:
    if isinstance(data, bytes | bytearray):
        yield io.BytesIO(data)
        return
    try:
        handle = open(data, "rb")  # noqa: SIM115  (closed below; an error says why in words)
    except OSError as exc:
        raise InputRefused(
            _("{path} cannot be read: {problem}.").format(
                path=os.fspath(data), problem=exc.strerror or exc
            )
        ) from exc
    with handle:
        yield handle


@dataclass
class _Read:
    """The file read once: its envelope, and its records kept on disk as they were."""

    envelope: dict[str, Any]  # without records
    records: dict[str, stream.Spool]  # each kind's records, as in the file
    odd: dict[str, Any]  # kinds whose value is not an array
    has_records: bool  # whether the file has a records object (perhaps empty)


def _read(handle: IO[bytes]) -> _Read:
    """Reads the file a piece at a time, strictly (:func:`_parse`'s rules), keeping the
    records in a temporary file."""
    envelope: dict[str, Any] = {}
    records: dict[str, stream.Spool] = {}
    odd: dict[str, Any] = {}
    has_records = False
    kind: str | None = None
    try:
        spool = stream.SpoolWriter()
        for what, name, value in stream.members(handle, _STRICT, _MARKING):
            if what in ("member", "records"):  # a records that is not an object: the schema's
                envelope[name] = value
            elif what == "open":
                has_records = True
            elif what == "record":
                spool.add(value)
            elif what == "kind":
                if kind is not None:
                    records[kind] = spool.close_kind()
                kind = name
            else:
                odd[name] = value
        if kind is not None:
            records[kind] = spool.close_kind()
    except stream.NotUtf8 as exc:
        raise FileRefused(
            [_("The file is not UTF-8 text (byte {byte}).").format(byte=exc.byte)]
        ) from exc
    except stream.Malformed as exc:
        raise FileRefused([_json_problem(exc.message, exc.line, exc.column)]) from exc
    except stream.NotAnObject as exc:
        raise FileRefused(
            [_("The file is JSON but not a ForumDesk exchange file (no envelope).")]
        ) from exc
    except RecursionError as exc:  # the parser's own guard against runaway nesting
        raise FileRefused([_(_TOO_DEEP).format(n=MAX_DEPTH)]) from exc
    except stream.TwiceAt as exc:
        raise FileRefused([_twice(exc.path[:-1], exc.path[-1])]) from exc
    except stream.NotStrict as exc:
        raise FileRefused([_not_strict(exc.marked, exc.path)]) from exc
    except OSError as exc:  # the temporary file (a full disk)
        raise _no_room(exc) from exc
    return _Read(envelope, records, odd, has_records)


def _no_room(exc: OSError) -> StoreError:
    return StoreError(
        _(
            "The file cannot be read: the temporary copy of its records cannot be written "
            "({problem}). Free some space on this computer and try again."
        ).format(problem=exc.strerror or exc)
    )


def _check_records(read: _Read, newer: bool) -> tuple[dict[str, Any], str, bytes | None, int]:
    """The envelope's schema, then each record's (with how deeply its open places nest),
    the records' content hash, and the records as this desk compares them (what it knows
    of a newer version, UUIDs in lower case), kept on disk again.

    Returns the envelope as this desk knows it with the records, their content hash,
    their canonical bytes when a signature of a
    file before format 1.6 must be checked over them (None otherwise), and how many
    fields of a newer version were left out.
    """
    envelope = read.envelope
    skeleton: dict[str, Any] = dict(envelope)
    if read.has_records:
        skeleton["records"] = {name: [] for name in read.records} | read.odd
    left_out = 0
    if newer:
        skeleton, left_out = _known_part(skeleton, shipped())
    _check_schema(skeleton)
    _check_depth(envelope.get("selection"), 1)
    try:
        json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:  # "\ud800" escapes: JSON allows them, Unicode does not
        where = _where(envelope, _unencodable(envelope))
        raise FileRefused([f"{where}: {_(_NOT_UNICODE)}"]) from exc
    known_kinds = shipped()["properties"]["records"]["properties"]
    wanted_bytes = not document.signs_envelope(envelope) and (
        document.DESK_SIGNATURE in envelope or "signature" in envelope
    )
    digest = hashlib.sha256(b"{")
    pieces: list[bytes] | None = [b"{"] if wanted_bytes else None
    checked = stream.Records()
    problems: list[str] = []  # the schema's
    checked.problems = validate.envelope_problems(envelope)  # the field rules'
    seen: dict[str, str] = {}  # every record's UUID: its kind
    writer = stream.SpoolWriter()
    try:
        for number, kind in enumerate(sorted(read.records)):
            head = (b"," if number else b"") + document.canonical(kind) + b":["
            digest.update(head)
            if pieces is not None:
                pieces.append(head)
            schema = known_kinds.get(kind, {}).get("items")
            lower = _Lower(kind)
            uuids = checked.uuids[kind] = set()
            for index, record in enumerate(read.records[kind]):
                known = record
                if schema is not None and newer:
                    known, dropped = _known_part(record, schema)
                    left_out += dropped
                if schema is not None:
                    problems += _record_schema(kind, index, known, schema)
                    if len(problems) > 200:
                        break
                if problems:
                    continue  # the schema's problems are said; nothing else is read
                if kind == "minutes_versions":
                    _check_depth(known["fields"].get("content"), 5)
                exact = (b"," if index else b"") + _exact(kind, index, record)
                digest.update(exact)
                if pieces is not None:
                    pieces.append(exact)
                if schema is None:
                    continue  # of a newer version, left out
                known = lower(known)
                _gather(checked, kind, index, known, seen, uuids)
                writer.add(known)
            digest.update(b"]")
            if pieces is not None:
                pieces.append(b"]")
            if schema is not None and not problems:
                checked[kind] = writer.close_kind()
            if len(problems) > 200:
                break
    except OSError as exc:
        raise _no_room(exc) from exc
    if problems:
        raise FileRefused(problems)
    digest.update(b"}")
    canonical_records = None
    if pieces is not None:
        pieces.append(b"}")
        canonical_records = b"".join(pieces)
    known = dict(skeleton, records=checked)
    return known, digest.hexdigest(), canonical_records, left_out


def _earlier_import(session: Session, file_sha256: str) -> EarlierImport | None:
    from forumdesk.db.models import ExchangeLog

    found = session.scalars(
        select(ExchangeLog)
        .where(ExchangeLog.direction == "import", ExchangeLog.file_sha256 == file_sha256)
        .order_by(ExchangeLog.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    return EarlierImport(
        found.export_id,
        found.desk_uuid,
        found.desk_name or "",
        found.at,
        sum((found.counts or {}).values()),
    )


def _json_problem(message: str, line: int, column: int) -> str:
    return _("The file is not valid JSON: {problem} at line {line}, column {column}.").format(
        problem=message, line=line, column=column
    )


class _NotStrict(ValueError):
    """JSON that Python reads but ForumDesk refuses (a repeated key, NaN, Infinity)."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotStrict
    return found


def _not_finite(word: str) -> Any:
    raise _NotStrict(word)


def _finite(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise _NotStrict(text)
    return value


_TWICE = object()  # marks, in a second reading, an object with a key given twice
_BAD_NUMBER = object()  # marks where NaN, Infinity or a too large number was


def _mark_twice(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
    found: dict[Any, Any] = {}
    for key, value in pairs:
        if key in found and _TWICE not in found:
            found[_TWICE] = key
        found[key] = value
    return found


def _mark_number(text: str) -> Any:
    value = float(text)
    return _BAD_NUMBER if value in (math.inf, -math.inf) else value


#: The file's JSON, read strictly: an object that names a key twice (another reader would
#: see the other value), NaN, Infinity or a number too large for a float (the desk's next
#: export would not be JSON) refuse the file, saying where.
_STRICT = json.JSONDecoder(
    object_pairs_hook=_unique, parse_constant=_not_finite, parse_float=_finite
)
#: The same, marking what the strict reading refuses instead (only a refused value is
#: read this way, to say where the problem is).
_MARKING = json.JSONDecoder(
    object_pairs_hook=_mark_twice,
    parse_constant=lambda _word: _BAD_NUMBER,
    parse_float=_mark_number,
)


def _not_strict(marked: Any, path: list[Any]) -> str:
    """Where the first strictness problem is in a value (at ``path`` in the file) read by
    the marking decoder."""
    stack: list[tuple[Any, list[Any]]] = [(marked, [])]
    while stack:
        item, inner = stack.pop()
        if item is _BAD_NUMBER:
            return _(
                "{where}: the number is NaN, Infinity or too large; JSON and exchange files "
                "hold only finite numbers."
            ).format(where=_located(path, marked, inner))
        if isinstance(item, dict):
            if _TWICE in item:
                return _twice([*path, *inner], item[_TWICE], marked, len(path))
            stack.extend((child, [*inner, key]) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((child, [*inner, n]) for n, child in reversed(list(enumerate(item))))
    return _("The JSON is not strict enough to be read.")  # pragma: no cover - found above


def _twice(path: list[Any], key: Any, marked: Any = None, depth_of_value: int = 0) -> str:
    """Says that ``key`` appears twice in the object at ``path``."""
    where = _located(path[:depth_of_value], marked, [*path[depth_of_value:], key])
    return _(
        "{where}: the key {key} appears twice in one object; a file must name "
        "each key once (readers differ on which value counts)."
    ).format(where=where, key=json.dumps(key, ensure_ascii=True))


def _located(path: list[Any], value: Any, inner: list[Any]) -> str:
    """A person's name for the place ``inner`` in ``value``, which is at ``path``."""
    if len(path) == 3 and path[0] == "records" and isinstance(path[2], int):
        return _record_where(path[1], path[2], value, inner)
    return ".".join(str(p) for p in [*path, *inner]) or _("the file")


_TOO_DEEP = N_("The JSON nests deeper than {n} levels; an exchange file never does.")


def _check_format(doc: dict[str, Any]) -> bool:
    """Refuses another format or a newer major version; True for a newer minor version."""
    found = doc.get("format")
    if found != document.FORMAT:
        said = (
            _("The file is not a ForumDesk exchange file: it has no 'format' field.")
            if found is None
            else _(
                "The file is not a ForumDesk exchange file: its format is {found}, not {wanted}."
            ).format(found=repr(str(found)[:80]), wanted=repr(document.FORMAT))
        )
        raise FileRefused([said])
    version = str(doc.get("format_version", ""))
    major = version.split(".")[0]
    if not major.isdigit():
        raise FileRefused(
            [
                _("The format version {version} is not a version number.").format(
                    version=repr(version)
                )
            ]
        )
    if int(major) > document.MAJOR:
        raise FileRefused(
            [
                _(
                    "The file is in format version {version}, written by a newer "
                    "ForumDesk; this one reads version {major}.x. Install "
                    "the newer ForumDesk to import it."
                ).format(version=version, major=document.MAJOR)
            ]
        )
    if int(major) < document.MAJOR:
        raise FileRefused(
            [
                _(
                    "The file is in format version {version}, older than any ForumDesk has "
                    "written; this one reads version {major}.x."
                ).format(version=version, major=document.MAJOR)
            ]
        )
    minor = version.split(".")[1] if version.count(".") == 1 else ""
    return int(major) == document.MAJOR and minor.isdigit() and int(minor) > document.MINOR


def _known_part(value: Any, schema: dict[str, Any]) -> tuple[Any, int]:
    """The value without what the shipped schema (at ``schema``) does not know (where it
    allows nothing else), and how many fields were left out."""
    left_out = 0

    def keep(value: Any, schema: dict[str, Any]) -> Any:
        nonlocal left_out
        if isinstance(value, dict) and "properties" in schema:
            known = schema["properties"]
            closed = schema.get("additionalProperties") is False
            kept = {}
            for name, child in value.items():
                if name in known:
                    kept[name] = keep(child, known[name])
                elif closed:
                    left_out += 1
                else:
                    kept[name] = child
            return kept
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [keep(item, schema["items"]) for item in value]
        return value

    return keep(value, schema), left_out


def _check_schema(doc: dict[str, Any]) -> None:
    """The shipped JSON Schema, checked by jsonschema-rs (formats included: UUIDs, dates
    and date-times), over the envelope (with the records' kinds but none of the records,
    which :func:`_record_schema` checks one by one)."""
    problems = _schema_problems(
        _validator(None), doc, lambda path: _where(doc, path), ("properties",)
    )
    if problems:
        raise FileRefused(problems)


def _record_schema(kind: str, index: int, record: Any, schema: dict[str, Any]) -> list[str]:
    """The shipped schema of a record of ``kind`` over one record (at most 201 problems)."""
    return _schema_problems(
        _validator(kind),
        record,
        lambda path: _record_where(kind, index, record, path),
        ("properties", "records", "properties", kind, "items"),
    )


def _schema_problems(validator: Any, value: Any, where: Any, at: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    try:
        if validator.is_valid(value):
            return problems
        for error in validator.iter_errors(value):
            problems.append(f"{where(list(error.instance_path))}: {_said(error, at)}")
            if len(problems) > 200:
                break
    except UnicodeEncodeError as exc:  # "\ud800" escapes: JSON allows them, Unicode does not
        raise FileRefused([f"{where(_unencodable(value))}: {_(_NOT_UNICODE)}"]) from exc
    except ValueError as exc:  # jsonschema-rs's own guard against runaway nesting
        raise FileRefused([_(_TOO_DEEP).format(n=MAX_DEPTH)]) from exc
    return problems


def _said(error: Any, at: tuple[str, ...]) -> str:
    """A schema error as a person reads it: the limit a value broke, not the keyword."""
    kind, value = error.kind.name, error.instance
    if kind == "anyOf" and isinstance(value, str):  # text, or nothing: too long is the case
        limit = _max_length([*at[1:], *error.schema_path] if at[0] == "properties" else [])
        if limit is not None and len(value) > limit:
            return _("is {length:,} characters long; the limit is {limit:,}").format(
                length=len(value), limit=limit
            )
    if kind in ("maximum", "minimum") and isinstance(value, int):
        return _("is {value:,}, which no count here can be").format(value=value)
    return _short(error.message)


def _max_length(schema_path: list[Any]) -> int | None:
    """The longest text the string branch of an ``anyOf`` at ``schema_path`` (below the
    schema's ``properties``) allows."""
    node: Any = shipped()["properties"]
    for step in schema_path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    branches = node if isinstance(node, list) else []
    lengths = [b.get("maxLength") for b in branches if isinstance(b, dict) and "maxLength" in b]
    return lengths[0] if lengths else None


@cache
def _validator(kind: str | None) -> Any:
    """The shipped schema's validator: of the whole file, or of one record of ``kind``."""
    import jsonschema_rs  # only when a file is read

    schema = shipped()
    if kind is not None:
        schema = schema["properties"]["records"]["properties"][kind]["items"]
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def _check_depth(value: Any, level: int) -> None:
    """The schema leaves two places open (any JSON inside): the selection an export was
    made with (``level`` 1: under the envelope) and a minutes version's content (5:
    envelope, records, list, record, fields). Nothing in a file nests deeper than
    MAX_DEPTH, which keeps every later step (hashing, storing) clear of Python's
    recursion limit."""
    if level + depth(value, MAX_DEPTH - level) > MAX_DEPTH:
        raise FileRefused([_(_TOO_DEEP).format(n=MAX_DEPTH)])


def depth(value: Any, enough: int | None = None) -> int:
    """How deeply lists and objects nest in a value (a scalar is 0, ``[]`` is 1).

    Iterative, so that no nesting is too deep to measure; with ``enough``, it stops as soon
    as the value is known to nest deeper than that.
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if type(item) is dict:
            item = list(item.values())
        elif type(item) is not list:
            continue
        if level > deepest:
            deepest = level
            if enough is not None and deepest > enough:
                break
        stack.extend((child, level + 1) for child in item if type(child) in (dict, list))
    return deepest


_NOT_UNICODE = N_(
    "the text holds a lone surrogate escape (such as \\ud800), which is not a character; "
    "the file was damaged or made by a faulty program."
)


def _unencodable(value: Any, path: tuple[Any, ...] = ()) -> list[Any]:
    """Where the first text that cannot be written as UTF-8 is (keys included)."""
    stack = [(value, list(path))]
    while stack:
        item, here = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return here
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, here))
                stack.append((child, [*here, key]))
        elif isinstance(item, list):
            stack.extend((child, [*here, index]) for index, child in enumerate(item))
    return []


def _where(doc: dict[str, Any], path: list[Any]) -> str:
    """A person's name for a place in the envelope."""
    return ".".join(str(p) for p in path) or _("the file")


def _record_where(kind: str, index: int, record: Any, path: list[Any]) -> str:
    """A person's name for a place in a record: the record's reference where it has one."""
    try:
        label = record.get("fields", {}).get("reference") or record.get("uuid")
    except AttributeError:
        label = None
    rest = ".".join(str(p) for p in path)
    return f"{kind}[{index}]" + (f" ({label})" if label else "") + (f" {rest}" if rest else "")


def _gather(
    records: stream.Records,
    kind: str,
    index: int,
    record: dict[str, Any],
    seen: dict[str, str],
    uuids: set[str],
) -> None:
    """What the later checks need of a record, gathered as it goes past: its field
    rules' problems, a UUID given twice, the desks in its stamps, an issue's reference."""
    if len(records.problems) < validate.ENOUGH:
        records.problems += validate.record_problems(kind, index, record)
    uuid = record["uuid"]
    if uuid in seen:
        records.problems.append(
            _("{kind} {uuid} appears twice (also in {other}).").format(
                kind=kind, uuid=uuid, other=seen[uuid]
            )
        )
    seen[uuid] = kind
    uuids.add(uuid)
    records.desks.update(record["vv"])
    records.desks.update(dot[0] for dot in record["dots"].values())
    if kind == "issues":
        records.references[str(record["fields"].get("reference"))] += 1
    _refers(records, kind, record)


def _exact(kind: str, index: int, record: Any) -> bytes:
    """The record's canonical bytes (hashed as they stream past)."""
    try:
        return document.canonical(record)
    except UnicodeEncodeError as exc:  # "\ud800" escapes: JSON allows them, Unicode does not
        where = _record_where(kind, index, record, _unencodable(record))
        raise FileRefused([f"{where}: {_(_NOT_UNICODE)}"]) from exc


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:120] + " … " + message[-60:]


def _check_signature(
    doc: dict[str, Any], key: bytes | None, problems: list[str], records: bytes | None
) -> list[str]:
    """The council's shared key (HMAC): checked when this desk holds it."""
    signed = "signature" in doc
    if signed and key:
        if not document.signature_matches(doc, key, records):
            problems.append(
                _(
                    "The signature does not match: the file was changed after it was "
                    "signed, or it was signed with another key."
                )
            )
        return [_("The signature was verified with the council key.")]
    if signed and document.DESK_SIGNATURE not in doc:
        return [_("The file is signed, but this desk has no council key to verify it with.")]
    if key:
        return [_("The file is not signed with the council key.")]
    return []


class _Lower:
    """Puts every UUID of a record in lower case, the one form this desk compares them in.

    Record UUIDs, references between records, the desks in versions and dots, a forum's
    home desk, a timeline entry's desk: ``2F0C…`` and ``2f0c…`` are one record (or desk),
    never two. Made after the hash, which covers the bytes as they are.
    """

    def __init__(self, kind_name: str) -> None:
        kind = next((kind for kind in KINDS if kind.name == kind_name), None)
        self.names = (
            []
            if kind is None
            else [
                name
                for name in (*kind.refs, "home_desk", "desk_uuid", "person_uuid")
                if name in kind.fields or name in kind.refs
            ]
        )

    def __call__(self, record: dict[str, Any]) -> dict[str, Any]:
        lower = str.lower
        record["uuid"] = lower(record["uuid"])
        fields = record["fields"]
        for name in self.names:
            if isinstance(fields.get(name), str):
                fields[name] = lower(fields[name])
        for listed in ("themes", "attendance"):  # an issue's themes, an erasure's sign-ins
            if isinstance(fields.get(listed), list):
                fields[listed] = [lower(u) if isinstance(u, str) else u for u in fields[listed]]
        vv: dict[str, int] = {}
        for desk, count in record["vv"].items():
            vv[lower(desk)] = max(count, vv.get(lower(desk), 0))
        record["vv"] = vv
        for dot in record["dots"].values():
            dot[0] = lower(dot[0])
        return record


def _dangling(session: Session, doc: dict[str, Any]) -> list[str]:
    """References to records that exist neither in the file nor on this desk (gathered as
    the records were read: :func:`_refers`)."""
    records: stream.Records = doc["records"]
    wanted = {target: dict(users) for target, users in records.wanted.items()}
    for target, users in records.later.items():
        in_file = records.uuids.get(target, set())
        for value, user in users.items():
            if value not in in_file:
                wanted.setdefault(target, {}).setdefault(value, user)
    problems = []
    for kind in KINDS:
        missing = wanted.get(kind.name)
        if not missing:
            continue
        found = set(session.scalars(select(kind.model.uuid).where(kind.model.uuid.in_(missing))))
        for value in sorted(set(missing) - found):
            problems.append(
                _(
                    "{record} refers to {kind} {uuid}, which is neither in the file nor on "
                    "this desk."
                ).format(record=missing[value], kind=kind.name, uuid=value)
            )
    return problems


def _refers(records: stream.Records, kind: str, record: dict[str, Any]) -> None:
    """Notes the records a record refers to: checked at once against a kind read whole
    already (kinds are read in name order), kept for the end otherwise (a kind read
    later, or its own)."""
    fields = record["fields"]
    for wire, target in _TARGETS.get(kind, ()):
        values = fields.get(wire)
        for value in values if isinstance(values, list) else (values,):
            if not value:
                continue
            done = records.uuids.get(target) if target != kind else None
            if done is None:
                users = records.later.setdefault(target, {})
            elif value not in done:
                users = records.wanted.setdefault(target, {})
            else:
                continue
            if value not in users:
                users[value] = _label(kind, record)


#: By kind: the fields that name another record, and that record's kind.
_TARGETS: dict[str, list[tuple[str, str]]] = {
    kind.name: [(wire, target) for wire, (_, target) in kind.refs.items()]
    + ([("themes", "themes")] if kind.name == "issues" else [])
    for kind in KINDS
}


def _label(kind_name: str, record: dict[str, Any]) -> str:
    reference = record["fields"].get("reference")
    return f"{kind_name} {reference or record['uuid']}"
