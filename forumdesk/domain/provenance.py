"""Which desks' edits a file may carry: a pure check over the records' stamps.

Every record carries stamps: the desks in its version vector (``vv``) and in the dots of
its fields (``dots``), each with a counter. A file may carry only edits its own desk made
or received in signed files:

* **This desk's own stamps.** A record stamped with the importing desk's UUID at a
  counter above the one this desk's copy holds claims an edit this desk never made
  (the "counter bumped by 100" forgery). Refused whoever signed the file.
* **Other desks' stamps.** In a file signed by a desk this desk trusts, a stamp of a
  desk that is neither the sender nor listed in the file's ``received_from`` (the desks
  whose signed files the sender received, directly or relayed) is an edit the sender
  cannot have received. A listed desk whose fingerprint differs from the one this desk
  trusts it with is refused too.

The caller reads the database; this module only computes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from forumdesk.i18n import _

MAX_NAMED = 20  # records named in one finding


def stamps(record: Mapping[str, Any]) -> dict[str, int]:
    """Each desk stamped on a record, with the highest counter it is stamped at."""
    found: dict[str, int] = {}
    for desk, counter in (record.get("vv") or {}).items():
        key = str(desk).lower()
        found[key] = max(found.get(key, 0), int(counter))
    for dot in (record.get("dots") or {}).values():
        if isinstance(dot, list | tuple) and len(dot) == 2:
            key = str(dot[0]).lower()
            found[key] = max(found.get(key, 0), int(dot[1]))
    return found


def _desks(records: Mapping[str, Iterable[Mapping[str, Any]]]) -> set[Any]:
    """Every desk key written in any stamp, as written (one pass, no lowering)."""
    seen: set[Any] = set()
    for items in records.values():
        for record in items:
            seen.update(record.get("vv") or ())
            seen.update(
                dot[0]
                for dot in (record.get("dots") or {}).values()
                if isinstance(dot, list | tuple) and dot
            )
    return seen


def _touching(
    records: Mapping[str, Iterable[Mapping[str, Any]]], keys: set[Any]
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The records with a stamp written as one of ``keys`` (one at a time: a file's
    records may be read from disk, and a desk's own file back is stamped by it all over)."""
    for kind, items in records.items():
        for record in items:
            written = set(record.get("vv") or ())
            written.update(
                dot[0]
                for dot in (record.get("dots") or {}).values()
                if isinstance(dot, list | tuple) and dot
            )
            if written & keys:
                yield kind, record


def stamped_by(
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    desk: str,
    written: set[Any] | None = None,
) -> list[str]:
    """The UUIDs of the records stamped by ``desk`` (whose own counters must be read);
    ``written``: every desk key written in a stamp, when gathered already."""
    desk = desk.lower()
    written = _desks(records) if written is None else written
    keys = {key for key in written if str(key).lower() == desk}
    if not keys:
        return []
    return [str(record["uuid"]).lower() for _, record in _touching(records, keys)]


def check(
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    own_desk: str,
    made_here: Mapping[str, int],
    sender: str,
    listed: Sequence[Mapping[str, Any]] | None,
    known: Mapping[str, str],
    written: set[Any] | None = None,
) -> list[str]:
    """What in a file's stamps no honest desk could have written, one sentence each.

    Args:
        records: the file's records by kind, as in the file.
        own_desk: the importing desk's UUID.
        made_here: for each record UUID (lower case), the counter this desk's own copy
            holds for this desk (absent: the record is not here, so 0).
        sender: the UUID of the desk the file is from.
        listed: the file's ``received_from`` when its desk signature is checked and
            trusted; None to leave other desks' stamps unchecked (an unsigned file let in
            on purpose, or a desk that trusts none).
        known: desk UUID → fingerprint this desk checked itself (its own, trusted desks).
        written: every desk key written in a stamp of the records, when gathered already.
    """
    own_desk, sender = own_desk.lower(), sender.lower()
    problems: list[str] = []
    allowed: set[str] | None = None
    if listed is not None:
        allowed = {sender, own_desk}
        for entry in listed:
            uuid = str(entry.get("uuid", "")).lower()
            claimed = str(entry.get("fingerprint", ""))
            if uuid in known and known[uuid] != claimed:
                problems.append(
                    _(
                        "The file says its desk received signed files from desk {name} "
                        "({uuid}) with key {claimed}, but this desk knows that desk by key "
                        "{known}."
                    ).format(
                        name=entry.get("name", "?"), uuid=uuid, claimed=claimed, known=known[uuid]
                    )
                )
            allowed.add(uuid)
    # One cheap pass over the distinct desks; records are named only when one is suspect.
    lowered = {key: str(key).lower() for key in (_desks(records) if written is None else written)}
    suspect = {key for key, desk in lowered.items() if desk == own_desk}
    if allowed is not None:
        suspect |= {key for key, desk in lowered.items() if desk not in allowed}
    forged: list[str] = []
    strangers: dict[str, list[str]] = {}
    for kind, record in _touching(records, suspect) if suspect else ():
        found = stamps(record)
        uuid = str(record.get("uuid", "")).lower()
        mine = found.get(own_desk)
        if mine is not None and mine > made_here.get(uuid, 0):
            forged.append(
                _(
                    "{record} carries an edit stamped as this desk (counter {counter}) "
                    "that this desk never made (its own count there is {here})."
                ).format(record=_label(kind, record), counter=mine, here=made_here.get(uuid, 0))
            )
        if allowed is not None:
            for desk in found.keys() - allowed:
                strangers.setdefault(desk, []).append(_label(kind, record))
    problems += forged[:MAX_NAMED]
    for desk, labels in sorted(strangers.items()):
        problems.append(
            _(
                "{records} carry edits stamped by desk {desk}, which the file's desk never "
                "received in a signed file (it is not in the file's received_from)."
            ).format(records=_some(labels), desk=desk)
        )
    return problems


def _label(kind: str, record: Mapping[str, Any]) -> str:
    fields = record.get("fields") or {}
    return f"{kind} {fields.get('reference') or record.get('uuid')}"


def _some(labels: Iterable[str]) -> str:
    labels = list(labels)
    shown = ", ".join(labels[:5])
    return shown + (f" (+{len(labels) - 5})" if len(labels) > 5 else "")
