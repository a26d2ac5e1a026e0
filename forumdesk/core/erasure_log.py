"""The erasure log: every erasure this user's desk made or received, in the data folder.

One JSON object a line, appended, never rewritten: what was erased (the sign-ins' and
the person's UUIDs, the fields), when, why and by whom, and the desk whose database it
was applied to; never the name or contact. A database put back from an older backup
(the same desk) is erased again from it when it opens
(:func:`forumdesk.core.erasure.reapply_logged`). An erasure undone before any export
carried it is revoked by a later line, not removed. The file is readable by its owner
only.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from forumdesk.db import files
from forumdesk.db.base import utcnow
from forumdesk.db.models import Erasure
from forumdesk.paths import data_dir

FILE_NAME = "erasures.log"  # i18n: not text
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Logged:
    """An erasure as the log holds it."""

    uuid: str
    reason: str
    fields: tuple[str, ...]
    attendance: tuple[str, ...]
    person_uuid: str | None
    erased_at: datetime
    desk_uuid: str
    by: str | None
    vv: dict[str, int]
    #: Engagement participants, offers and contributions it erased (issue 14).
    records: tuple[str, ...] = ()


def log_path() -> Path:
    """Where the log is kept: the user's data folder."""
    return data_dir() / FILE_NAME


def line(record: Erasure, on: str) -> dict[str, Any]:
    """The log line of an erasure record applied to the database of desk ``on`` (UUIDs
    and words of the record only)."""
    return {
        "on": on,
        "erasure": record.uuid,
        "reason": record.reason,
        "fields": list(record.fields),
        "attendance": list(record.attendance),
        "person": record.person_uuid,
        "erased_at": record.erased_at.isoformat(),
        "desk": record.desk_uuid,
        "by": record.by,
        "vv": dict(record.vv or {}),
        "records": list(record.records or ()),
        "logged_at": utcnow().isoformat(),
    }


def revocation(uuid: str, on: str) -> dict[str, Any]:
    """The log line saying an erasure was undone before it left desk ``on``."""
    return {"on": on, "revoked": uuid, "logged_at": utcnow().isoformat()}


def append(lines: Iterable[dict[str, Any]], path: Path | None = None) -> int:
    """Appends the lines not yet logged; returns how many were written.

    The file is made readable and writable by its owner only, whatever the umask.
    """
    path = path or log_path()
    known = _known(path)
    fresh = [entry for entry in lines if _key(entry) not in known]
    if not fresh:
        return 0
    files.private_folder(path.parent)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(handle, 0o600)
        data = "".join(json.dumps(e, sort_keys=True, ensure_ascii=True) + "\n" for e in fresh)
        os.write(handle, data.encode("ascii"))
        os.fsync(handle)
    finally:
        os.close(handle)
    return len(fresh)


def read(on: str, path: Path | None = None) -> list[Logged]:
    """The erasures logged for the database of desk ``on`` that stand (not revoked),
    oldest first; lines that cannot be read are skipped."""
    erasures: dict[str, Logged] = {}
    revoked: set[str] = set()
    for entry in _lines(path or log_path()):
        if entry.get("on") != on:
            continue
        if "revoked" in entry:
            revoked.add(str(entry["revoked"]))
            continue
        try:
            found = Logged(
                uuid=str(entry["erasure"]),
                reason=str(entry["reason"]),
                fields=tuple(str(f) for f in entry["fields"]),
                attendance=tuple(str(a) for a in entry["attendance"]),
                person_uuid=entry.get("person"),
                erased_at=datetime.fromisoformat(entry["erased_at"]),
                desk_uuid=str(entry["desk"]),
                by=entry.get("by"),
                vv={str(k): int(v) for k, v in (entry.get("vv") or {}).items()},
                records=tuple(str(r) for r in entry.get("records") or ()),
            )
        except (KeyError, TypeError, ValueError):
            LOG.warning("a line of the erasure log cannot be read")  # i18n: not text
            continue
        erasures.setdefault(found.uuid, found)
    return [e for uuid, e in erasures.items() if uuid not in revoked]


def _known(path: Path) -> set[tuple[Any, Any, Any]]:
    return {_key(e) for e in _lines(path)}


def _key(entry: dict[str, Any]) -> tuple[Any, Any, Any]:
    return entry.get("on"), entry.get("erasure"), entry.get("revoked")


def _lines(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        LOG.warning("the erasure log cannot be read: %s", exc.strerror)  # i18n: not text
        return []
    found = []
    for raw in text.splitlines():
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        if isinstance(entry, dict):
            found.append(entry)
    return found
