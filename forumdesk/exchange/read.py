"""Reading an exchange file and checking it whole before anything is written.

The checks, in order: size, UTF-8, JSON (read strictly: no key twice in an object, no NaN
or infinity; and how deeply it nests), the format's name and major version, the JSON
Schema (jsonschema-rs, formats checked, so UUIDs and date-times really are), the field
rules a person's typing meets (:mod:`forumdesk.exchange.validate`), the content hash, the
signature, duplicate UUIDs, and that every reference names a record in the file or on
this desk. Any problem refuses the file.

A file of a newer minor version is checked and imported for what this version knows;
what it adds is left out (and counted in a note), while the hash and the signature
are still checked over the whole file.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.domain.errors import InputRefused
from forumdesk.domain.language import INTERFACE, day_month_year, local_moment
from forumdesk.exchange import authentic, document, sealed, trust, validate
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
    session: Session, data: bytes, key: bytes | None = None, *, allow_unsigned: bool = False
) -> CheckedFile:
    """Checks a file completely.

    ``allow_unsigned`` lets in, this once, a file a desk that trusts desks would refuse
    for its signature (unsigned, signed by a desk it does not trust, not matching): the
    notes say so.

    Raises:
        UntrustedSigner: the file's only problem is that its desk is not trusted here.
        FileRefused: naming every problem found (the first ones, and how many more).
    """
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            [
                _("The file is {size:,} bytes; the limit is {limit:,}.").format(
                    size=len(data), limit=MAX_FILE_BYTES
                )
            ]
        )
    file_sha256 = hashlib.sha256(data).hexdigest()
    earlier = _earlier_import(session, file_sha256)
    if earlier is not None:
        local = local_moment(earlier.at)
        note = _(
            "This very file was imported here on {date} at {time}; everything in it is "
            "already on this desk, so nothing changes."
        ).format(date=day_month_year(local.date(), INTERFACE), time=f"{local:%H:%M}")
        return CheckedFile({}, file_sha256, [note], earlier)
    if data.startswith(document.SQLITE_HEADER):
        raise FileRefused([_(document.NOT_A_DATABASE)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            [_("The file is not UTF-8 text (byte {byte}).").format(byte=exc.start)]
        ) from exc
    doc = _parse(text)
    notes: list[str] = []
    if _check_format(doc):
        # A newer minor version may add fields: what this ForumDesk knows is checked
        # and imported; the hash and the signature still cover the whole file.
        known, left_out = _known_part(doc)
        _check_schema(known)
        if left_out:
            notes.append(
                ngettext(
                    "The file was written by a newer ForumDesk (format {version}); "
                    "{n} field this one does not know was left out.",
                    "The file was written by a newer ForumDesk (format {version}); "
                    "{n} fields this one does not know were left out.",
                    left_out,
                ).format(version=doc["format_version"], n=left_out)
            )
    else:
        known = doc
        _check_schema(doc)
    problems = validate.problems(known)
    try:
        canonical_records = document.canonical(doc["records"])  # once: hash and signatures
        content_sha256 = document.content_sha256(canonical_records)
        envelope = {key: value for key, value in doc.items() if key != "records"}
        json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:  # "\ud800" escapes: JSON allows them, Unicode does not
        raise FileRefused([f"{_where(doc, _unencodable(doc))}: {_(_NOT_UNICODE)}"]) from exc
    if content_sha256 != doc["content_sha256"]:
        problems.append(
            _(
                "The content does not match its SHA-256: the file was changed or "
                "damaged after it was exported."
            )
        )
    council = _check_signature(doc, key, problems, canonical_records)
    judged = authentic.judge(session, doc, canonical_records, allow_unsigned)
    notes = council + judged.notes + notes
    problems += judged.problems
    known = _canonical_uuids(known)  # after the hash and signature, which cover the bytes
    problems += _duplicates(known)
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


def _parse(text: str) -> dict[str, Any]:
    """The JSON of the file, read strictly: an object that names a key twice (another
    reader would see the other value), NaN, Infinity or a number too large for a float
    (the desk's next export would not be JSON) refuse the file, saying where."""
    try:
        doc = json.loads(
            text, object_pairs_hook=_unique, parse_constant=_not_finite, parse_float=_finite
        )
    except RecursionError as exc:  # the parser's own guard against runaway nesting
        raise FileRefused([_(_TOO_DEEP).format(n=MAX_DEPTH)]) from exc
    except json.JSONDecodeError as exc:
        raise FileRefused(
            [
                _("The file is not valid JSON: {problem} at line {line}, column {column}.").format(
                    problem=exc.msg, line=exc.lineno, column=exc.colno
                )
            ]
        ) from exc
    except _NotStrict as exc:
        raise FileRefused([_not_strict(text)]) from exc
    if not isinstance(doc, dict):
        raise FileRefused([_("The file is JSON but not a ForumDesk exchange file (no envelope).")])
    return doc


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


def _not_strict(text: str) -> str:
    """Says where the first strictness problem is, reading the file a second time with
    marks in place of the problems (only a refused file is read twice)."""

    def mark_twice(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        for key, value in pairs:
            if key in found and _TWICE not in found:
                found[_TWICE] = key
            found[key] = value
        return found

    def mark_number(text: str) -> Any:
        value = float(text)
        return _BAD_NUMBER if value in (math.inf, -math.inf) else value

    doc = json.loads(
        text,
        object_pairs_hook=mark_twice,
        parse_constant=lambda _word: _BAD_NUMBER,
        parse_float=mark_number,
    )
    stack: list[tuple[Any, list[Any]]] = [(doc, [])]
    while stack:
        item, path = stack.pop()
        if item is _BAD_NUMBER:
            return _(
                "{where}: the number is NaN, Infinity or too large; JSON and exchange files "
                "hold only finite numbers."
            ).format(where=_where(doc, path))
        if isinstance(item, dict):
            if _TWICE in item:
                key = item[_TWICE]
                return _(
                    "{where}: the key {key} appears twice in one object; a file must name "
                    "each key once (readers differ on which value counts)."
                ).format(where=_where(doc, [*path, key]), key=json.dumps(key, ensure_ascii=True))
            stack.extend((child, [*path, key]) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((child, [*path, n]) for n, child in reversed(list(enumerate(item))))
    return _("The JSON is not strict enough to be read.")  # pragma: no cover - found above


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


def _known_part(doc: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The file without what the shipped schema does not know (where it allows nothing
    else), and how many fields were left out."""
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

    return keep(doc, shipped()), left_out


def _check_schema(doc: dict[str, Any]) -> None:
    """The shipped JSON Schema, checked by jsonschema-rs (formats included: UUIDs, dates
    and date-times); then how deeply the places the schema leaves open nest."""
    validator = _validator()
    problems: list[str] = []
    try:
        if validator.is_valid(doc):
            _check_depth(doc)
            return
        for error in validator.iter_errors(doc):
            problems.append(f"{_where(doc, list(error.instance_path))}: {_said(error)}")
            if len(problems) > 200:
                break
    except UnicodeEncodeError as exc:  # "\ud800" escapes: JSON allows them, Unicode does not
        raise FileRefused([f"{_where(doc, _unencodable(doc))}: {_(_NOT_UNICODE)}"]) from exc
    except ValueError as exc:  # jsonschema-rs's own guard against runaway nesting
        raise FileRefused([_(_TOO_DEEP).format(n=MAX_DEPTH)]) from exc
    raise FileRefused(problems)


def _said(error: Any) -> str:
    """A schema error as a person reads it: the limit a value broke, not the keyword."""
    kind, value = error.kind.name, error.instance
    if kind == "anyOf" and isinstance(value, str):  # text, or nothing: too long is the case
        limit = _max_length(list(error.schema_path))
        if limit is not None and len(value) > limit:
            return _("is {length:,} characters long; the limit is {limit:,}").format(
                length=len(value), limit=limit
            )
    if kind in ("maximum", "minimum") and isinstance(value, int):
        return _("is {value:,}, which no count here can be").format(value=value)
    return _short(error.message)


def _max_length(schema_path: list[Any]) -> int | None:
    """The longest text the string branch of an ``anyOf`` at ``schema_path`` allows."""
    node: Any = shipped()
    for step in schema_path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    branches = node if isinstance(node, list) else []
    lengths = [b.get("maxLength") for b in branches if isinstance(b, dict) and "maxLength" in b]
    return lengths[0] if lengths else None


@cache
def _validator() -> Any:
    import jsonschema_rs  # only when a file is read

    return jsonschema_rs.Draft202012Validator(shipped(), validate_formats=True)


def _check_depth(doc: dict[str, Any]) -> None:
    """The schema leaves two places open (any JSON inside): the selection an export was
    made with and a minutes version's content. Nothing in a file nests deeper than
    MAX_DEPTH, which keeps every later step (hashing, storing) clear of Python's
    recursion limit."""
    open_places = [(doc.get("selection"), 1)]  # (value, how deep its parent is)
    open_places += [
        (record["fields"].get("content"), 5)  # envelope, records, list, record, fields
        for record in doc["records"].get("minutes_versions", ())
    ]
    for value, level in open_places:
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
    """A person's name for a place in the file: the record's reference where it has one."""
    if len(path) >= 3 and path[0] == "records" and isinstance(path[2], int):
        kind, index = path[1], path[2]
        try:
            record = doc["records"][kind][index]
            label = record.get("fields", {}).get("reference") or record.get("uuid")
        except (KeyError, IndexError, TypeError, AttributeError):
            label = None
        rest = ".".join(str(p) for p in path[3:])
        return f"{kind}[{index}]" + (f" ({label})" if label else "") + (f" {rest}" if rest else "")
    return ".".join(str(p) for p in path) or _("the file")


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:120] + " … " + message[-60:]


def _check_signature(
    doc: dict[str, Any], key: bytes | None, problems: list[str], records: bytes
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


def _canonical_uuids(doc: dict[str, Any]) -> dict[str, Any]:
    """The file with every UUID in lower case, the one form this desk compares them in.

    Record UUIDs, references between records, the desks in versions and dots, a forum's
    home desk, a timeline entry's desk, the exporting desk: ``2F0C…`` and ``2f0c…`` are
    one record (or desk), never two. The parsed file is changed in place.
    """
    lower = str.lower
    doc["desk"]["uuid"] = lower(doc["desk"]["uuid"])
    for kind in KINDS:
        names = [
            name
            for name in (*kind.refs, "home_desk", "desk_uuid", "person_uuid")
            if name in kind.fields or name in kind.refs
        ]
        for record in doc["records"].get(kind.name, ()):
            record["uuid"] = lower(record["uuid"])
            fields = record["fields"]
            for name in names:
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
    return doc


def _duplicates(doc: dict[str, Any]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for kind in KINDS:
        for record in doc["records"].get(kind.name, ()):
            uuid = record["uuid"]
            if uuid in seen:
                problems.append(
                    _("{kind} {uuid} appears twice (also in {other}).").format(
                        kind=kind.name, uuid=uuid, other=seen[uuid]
                    )
                )
            seen[uuid] = kind.name
    return problems


def _dangling(session: Session, doc: dict[str, Any]) -> list[str]:
    """References to records that exist neither in the file nor on this desk."""
    in_file = {kind.name: {r["uuid"] for r in doc["records"].get(kind.name, ())} for kind in KINDS}
    wanted: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
    users: dict[tuple[str, str], str] = {}
    for kind in KINDS:
        for record in doc["records"].get(kind.name, ()):
            fields = record["fields"]
            targets = [(wire, target) for wire, (_, target) in kind.refs.items()]
            if kind.name == "issues":
                targets += [("themes", "themes")]
            for wire, target in targets:
                values = fields.get(wire)
                for value in values if isinstance(values, list) else [values]:
                    if value and value not in in_file[target]:
                        wanted[target].add(value)
                        users.setdefault((target, value), _label(kind.name, record))
    problems = []
    for kind in KINDS:
        missing = wanted[kind.name]
        if not missing:
            continue
        found = set(session.scalars(select(kind.model.uuid).where(kind.model.uuid.in_(missing))))
        for value in sorted(missing - found):
            problems.append(
                _(
                    "{record} refers to {kind} {uuid}, which is neither in the file nor on "
                    "this desk."
                ).format(record=users[(kind.name, value)], kind=kind.name, uuid=value)
            )
    return problems


def _label(kind_name: str, record: dict[str, Any]) -> str:
    reference = record["fields"].get("reference")
    return f"{kind_name} {reference or record['uuid']}"
