"""The envelope of an exchange file: canonical form, content hash and signatures.

Two signatures can cover a file:

* ``desk_signature`` (since format 1.2): Ed25519 by the exporting desk's own key, over
  the canonical form of the document without either signature. Every export has one.
* ``signature``: HMAC-SHA256 with the council's shared key, over the canonical form of
  the document without ``signature`` (so it covers ``desk_signature`` too). Files made
  before desk keys carry only this one; an export still adds it when given the key,
  for desks not yet updated.

Since format 1.6 both signatures cover the **envelope** only (the document without its
``records``): the envelope holds ``content_sha256``, the SHA-256 of the records'
canonical form, so the signature covers the records through it. The hash is made while
the records stream past, so a file of any size is written and checked without holding
it (an Ed25519 signature cannot be made or checked in pieces). Files of formats 1.2 to
1.5 are still checked the old way, over the whole canonical document
(:func:`signs_envelope` tells which), whose records' canonical bytes are then made once
and reused for the hash and both signatures (:func:`canonical_without`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import Any

from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import N_, _

FORMAT = "forumdesk-exchange"
FORMAT_VERSION = "1.6"  # 1.1: action_carries; 1.2: desk signatures, forums' home_desk;
# 1.3: people, erasures, dated consents, minutes redactions; 1.4: issues' response_due
# 1.5: engagements, their issues, participants, counts, draws, contributions, offers;
# meetings held for an engagement; how co-decisions were decided; erasures of their records
# 1.6: the signatures cover the envelope (with the records' content_sha256), not the records
MAJOR, MINOR = (int(part) for part in FORMAT_VERSION.split("."))
SIGNATURE_ALGORITHM = "HMAC-SHA256"
DESK_SIGNATURE = "desk_signature"  # i18n: not text
DESK_ALGORITHM = "Ed25519"  # i18n: not text
SIGNATURES = ("signature", DESK_SIGNATURE)  # i18n: not text
#: The first format whose signatures cover the envelope rather than the whole document.
ENVELOPE_SIGNED = (1, 6)


def signs_envelope(document: dict[str, Any]) -> bool:
    """Whether the file's signatures cover its envelope (format 1.6 and later), whose
    content hash covers the records; False: they cover the whole canonical document."""
    version = str(document.get("format_version", ""))
    major, _dot, minor = version.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return False
    return (int(major), int(minor)) >= ENVELOPE_SIGNED


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that hashes and signatures are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical_without(
    document: dict[str, Any], left_out: tuple[str, ...], records: bytes | None = None
) -> bytes:
    """``canonical({k: v for k, v in document.items() if k not in left_out})``, with the
    records' canonical bytes given (``records``) rather than made again.

    The canonical form of an object is its members in key order, ``"key":value``, joined
    by commas between braces: exactly what :func:`canonical` writes.
    """
    parts = [b"{"]
    for key in sorted(k for k in document if k not in left_out):
        value = records if key == "records" and records is not None else canonical(document[key])
        parts += (canonical(key), b":", value, b",")
    if len(parts) == 1:
        return b"{}"
    parts[-1] = b"}"  # in place of the last comma
    return b"".join(parts)  # one copy of the records' bytes, not one per concatenation


def content_sha256(records: dict[str, Any] | bytes) -> str:
    """SHA-256 of the canonical form of the records (or of those bytes, made already)."""
    data = records if isinstance(records, bytes) else canonical(records)
    return hashlib.sha256(data).hexdigest()


def signature(document: dict[str, Any], key: bytes, records: bytes | None = None) -> str:
    """HMAC-SHA256 over the canonical document without its (council) signature (and
    without its records, from format 1.6: :func:`signs_envelope`)."""
    return hmac.new(key, _signed(document, ("signature",), records), hashlib.sha256).hexdigest()


def desk_signed_bytes(document: dict[str, Any], records: bytes | None = None) -> bytes:
    """What a desk signs: the canonical document without either signature (and without
    its records, from format 1.6: :func:`signs_envelope`). ``records``, the records'
    canonical bytes when made already, is needed only by files of earlier formats."""
    return _signed(document, SIGNATURES, records)


def _signed(document: dict[str, Any], left_out: tuple[str, ...], records: bytes | None) -> bytes:
    if signs_envelope(document):
        return canonical_without(document, (*left_out, "records"))
    return canonical_without(document, left_out, records)


def private_file_problem(path: Path) -> str | None:
    """Why a key file must not be used (others on this computer can read or change it),
    as a sentence saying how to fix it; None when it is private to its owner."""
    if os.name == "nt":  # Windows keeps access in ACLs, not in these bits
        return None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None  # reading it says what is wrong
    if mode & 0o077:
        return _(
            "The key file {path} can be read or changed by other users of this computer "
            "(permissions {mode}); make it private with: chmod 600 {path}"
        ).format(path=path, mode=f"{mode:o}")
    return None


def read_key(path: str | None) -> bytes | None:
    """The council key in a key file (None when no file is named).

    Raises:
        InputRefused: the file cannot be read, can be read by others, or holds a key too
            short to be safe.
    """
    if not path or not path.strip():
        return None
    file = Path(path.strip()).expanduser()
    shared = private_file_problem(file)
    if shared:
        raise InputRefused(shared)
    try:
        key = file.read_bytes().strip()
    except OSError as exc:
        raise InputRefused(
            _("The key file {path} cannot be read: {problem}.").format(
                path=path, problem=exc.strerror
            )
        ) from exc
    if len(key) < 16:
        raise InputRefused(
            _("The key in {path} is too short; use at least 16 characters.").format(path=path)
        )
    return key


def signature_matches(document: dict[str, Any], key: bytes, records: bytes | None = None) -> bool:
    """Whether the document's council signature was made with this key over this content."""
    claimed = document.get("signature", {}).get("value", "")
    return hmac.compare_digest(claimed, signature(document, key, records))


#: How every SQLite database file begins (a ForumDesk database, or a backup of one).
SQLITE_HEADER = b"SQLite format 3\x00"

NOT_A_DATABASE = N_(
    "The file is a database (a ForumDesk database or a backup of one), not a file made "
    "for import. To take a desk's work, open that database and export from it; to put a "
    "backup back, use Restore (forumdesk restore)."
)
