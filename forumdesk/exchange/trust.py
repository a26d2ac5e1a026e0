"""This desk's signing key, and the desks whose signed files it trusts.

Each desk signs its exports with its own Ed25519 key, made on first use and kept
private in the data folder: ``<data folder>/keys/<desk uuid>.key`` (PEM, PKCS #8),
readable by its owner only (file 0600, folder 0700). A key file others can read is
refused. A person checks a desk's key by its **fingerprint**: the first 128 bits of the
SHA-256 of the raw 32-byte public key, as eight groups of four hex digits, read over
the phone (``3f2a 9c01 77b2 e0d4 5a6c 0b18 c3f9 2e47``).

``cryptography`` is imported only when a key is used: the window's start-up does not
pay for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core.paging import RowLimit
from forumdesk.db.base import utcnow
from forumdesk.db.files import private_folder
from forumdesk.db.models import DeskIdentity, ExchangeLog, TrustedDesk
from forumdesk.domain import limits
from forumdesk.domain.errors import InputRefused, NotFound
from forumdesk.exchange import document
from forumdesk.i18n import N_, _
from forumdesk.paths import data_dir

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEYS_FOLDER = "keys"  # i18n: not text
RELAYED = "relayed"  # exchange_log rows of desks heard of through another desk's signed file


@dataclass(frozen=True)
class DeskKey:
    """A desk and the public key it signs with (as a file claims it, or as trusted)."""

    uuid: str
    name: str
    public_key: str  # the raw 32 bytes, as hex
    fingerprint: str


@dataclass(frozen=True)
class ThisDesk:
    """What ``forumdesk desk show`` prints."""

    uuid: str
    name: str
    mark: str | None
    fingerprint: str
    key_path: Path


@dataclass(frozen=True)
class TrustedInfo:
    """A desk this desk trusts, or trusted until it was revoked."""

    uuid: str
    name: str
    fingerprint: str
    trusted_at: datetime
    revoked_at: datetime | None


class Standing(Enum):
    """How this desk stands towards the key that signed a file."""

    OWN = "own"  # this desk's own key
    IMPOSTOR = "impostor"  # claims to be this desk, signed with another key
    TRUSTED = "trusted"
    REVOKED = "revoked"  # the key trusted for that desk, since revoked
    OTHER_KEY = "other-key"  # the desk is trusted, with another key
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TrustOutcome:
    """What ``trust`` did: ``new``, ``already`` (nothing to do) or ``replaced`` (a new key)."""

    desk: TrustedInfo
    change: str
    previous_fingerprint: str | None = None


def fingerprint(public_key_hex: str) -> str:
    """What a person reads over the phone to check a key: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def key_path(desk_uuid: str) -> Path:
    """Where this desk's private key lives."""
    return data_dir() / KEYS_FOLDER / f"{desk_uuid.lower()}.key"


def signing_key(desk_uuid: str) -> Ed25519PrivateKey:
    """The desk's private key, made (owner-only) the first time it is needed.

    Raises:
        InputRefused: the key file can be read by others, or is damaged.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path(desk_uuid)
    if not path.exists():
        _make_key(path)
    shared = document.private_file_problem(path)
    if shared:
        raise InputRefused(shared)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise InputRefused(
            _(
                "The desk key file {path} cannot be read as a key ({problem}). Move it "
                "away and a new key is made; the desks that trust this one must then "
                "trust it again."
            ).format(path=path, problem=getattr(exc, "strerror", None) or _("damaged"))
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputRefused(
            _("The desk key file {path} holds another kind of key than Ed25519.").format(path=path)
        )
    return key


def _make_key(path: Path) -> None:
    """Writes a new key whole, readable by its owner only; if another program made one
    meanwhile, that one is kept (``os.link`` fails on an existing name)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = path.parent
    private_folder(folder)  # the data folder too, if this makes it
    if os.name != "nt":
        os.chmod(folder, 0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = folder / f".{path.name}.{os.getpid()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def public_key_hex(desk_uuid: str) -> str:
    """This desk's public key (raw bytes as hex)."""
    from cryptography.hazmat.primitives import serialization

    raw = (
        signing_key(desk_uuid)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return raw.hex()


def sign(desk_uuid: str, message: bytes) -> dict[str, str]:
    """The ``desk_signature`` of a file: algorithm, public key and signature (hex)."""
    key = signing_key(desk_uuid)
    return {
        "algorithm": document.DESK_ALGORITHM,
        "public_key": public_key_hex(desk_uuid),
        "value": key.sign(message).hex(),
    }


def verify(claimed: dict[str, Any], message: bytes) -> bool:
    """Whether ``claimed`` (a ``desk_signature``) is its key's signature of ``message``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(claimed["public_key"]))
        public.verify(bytes.fromhex(claimed["value"]), message)
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def signer_of(doc: dict[str, Any]) -> DeskKey | None:
    """The desk and key a file says signed it (not yet verified); None: no desk signature."""
    claimed = doc.get(document.DESK_SIGNATURE)
    if not isinstance(claimed, dict) or not isinstance(claimed.get("public_key"), str):
        return None
    desk = doc.get("desk")
    if not isinstance(desk, dict):
        desk = {}
    public = claimed["public_key"].lower()
    try:
        shown = fingerprint(public)
    except ValueError:
        return None
    return DeskKey(str(desk.get("uuid", "")).lower(), clean_name(desk.get("name")), public, shown)


def clean_name(name: Any) -> str:
    """A desk's name as it may be shown and kept: one line, no control characters."""
    text = "".join(
        c for c in str(name or "") if not unicodedata.category(c).startswith(("C", "Z")) or c == " "
    )
    return " ".join(text.split())[: limits.SHORT_TEXT] or "?"


def signer_of_file(data: bytes | Path) -> DeskKey:
    """The desk that signed an exchange file, its signature checked (for ``desk trust``).

    From format 1.6 the signature covers the envelope: the file is read a piece at a time
    and its records are not kept (their hash is the import's to check). A file of an
    earlier format is read whole, its signature covering the records too.

    Raises:
        InputRefused: the file is not an exchange file, is not signed by its desk, or its
            signature does not match.
    """
    try:
        doc = _envelope_of(data)
        if not document.signs_envelope(doc):
            whole = data if isinstance(data, bytes) else data.read_bytes()
            doc = json.loads(whole.decode("utf-8-sig"))
    except OSError as exc:
        raise InputRefused(
            _("{path} cannot be read: {problem}.").format(path=data, problem=exc.strerror)
        ) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputRefused(_("The file is not a ForumDesk exchange file.")) from exc
    if not isinstance(doc, dict) or doc.get("format") != document.FORMAT:
        raise InputRefused(_("The file is not a ForumDesk exchange file."))
    signer = signer_of(doc)
    if signer is None:
        raise InputRefused(
            _(
                "The file is not signed by its desk (it was made before desks had keys, or "
                "its signature was removed), so it cannot tell which key to trust. Ask that "
                "desk for a new export."
            )
        )
    records = None if document.signs_envelope(doc) else document.canonical(doc.get("records"))
    if not verify(doc[document.DESK_SIGNATURE], document.desk_signed_bytes(doc, records)):
        raise InputRefused(
            _(
                "The desk signature of the file does not match: it was changed after desk "
                "{name} signed it (fingerprint {fingerprint}). Trust nothing from it."
            ).format(name=signer.name, fingerprint=signer.fingerprint)
        )
    return signer


def _envelope_of(data: bytes | Path) -> dict[str, Any]:
    """A file's members but its records, read a piece at a time.

    Raises:
        ValueError: the file is not JSON, or not an object.
        OSError: it cannot be read.
    """
    from forumdesk.exchange import stream

    plain = json.JSONDecoder()
    with io.BytesIO(data) if isinstance(data, bytes) else data.open("rb") as handle:
        return {
            name: value
            for what, name, value in stream.members(handle, plain, plain)
            if what == "member"
        }


def this_desk(session: Session) -> ThisDesk:
    """This desk's name, UUID, mark and fingerprint (its key is made if it has none)."""
    desk = session.scalars(select(DeskIdentity)).one()
    return ThisDesk(
        desk.uuid,
        desk.name,
        _mark(session, desk),
        fingerprint(public_key_hex(desk.uuid)),
        key_path(desk.uuid),
    )


def _mark(session: Session, desk: DeskIdentity) -> str | None:
    from forumdesk.core.sync import desk_mark

    return desk_mark(session)


def standing(session: Session, signer: DeskKey) -> tuple[Standing, TrustedDesk | None]:
    """How this desk stands towards the desk and key that signed a file."""
    own = session.scalars(select(DeskIdentity.uuid)).one().lower()
    if signer.uuid == own:
        mine = public_key_hex(own)
        return (Standing.OWN if signer.public_key == mine else Standing.IMPOSTOR), None
    rows = list(session.scalars(select(TrustedDesk).where(TrustedDesk.uuid == signer.uuid)))
    for row in rows:
        if row.public_key.lower() == signer.public_key:
            return (Standing.REVOKED if row.revoked_at else Standing.TRUSTED), row
    current = next((row for row in rows if row.revoked_at is None), None)
    if current is not None:
        return Standing.OTHER_KEY, current
    return Standing.UNKNOWN, None


def trusts_any(session: Session) -> bool:
    """Whether this desk has trusted any desk: then it refuses files no trusted desk
    signed. Revoking every desk it trusted does not open it to any file again."""
    return session.scalars(select(TrustedDesk.id).limit(1)).first() is not None


def trusted_desks(session: Session, rows: RowLimit | None = None) -> list[TrustedInfo]:
    """Every desk this desk trusts or once trusted, by name (``rows``: at most that many,
    counted in SQL)."""
    query = select(TrustedDesk).order_by(TrustedDesk.name, TrustedDesk.uuid)
    if rows is not None:
        query = rows.apply(session, query)
    return [_info(row) for row in session.scalars(query)]


def _info(row: TrustedDesk) -> TrustedInfo:
    return TrustedInfo(row.uuid, row.name, row.fingerprint, row.trusted_at, row.revoked_at)


def trust(session: Session, signer: DeskKey) -> TrustOutcome:
    """Trusts the desk that signed a file (whose signature was checked). A desk's new key
    takes the place of its old one, which is revoked and stays on record.

    Raises:
        InputRefused: it is this desk (or a file claiming so), or the key was revoked here.
    """
    own = session.scalars(select(DeskIdentity.uuid)).one().lower()
    if signer.uuid == own:
        if signer.public_key != public_key_hex(own):
            raise InputRefused(_(IMPOSTOR).format(fingerprint=signer.fingerprint))
        raise InputRefused(
            _("The file was exported by this very desk; a desk always trusts its own files.")
        )
    found, row = standing(session, signer)
    if found is Standing.REVOKED:
        assert row is not None
        raise InputRefused(
            _(
                "Desk {name}'s key {fingerprint} was revoked here on {date}; it cannot be "
                "trusted again. That desk needs a new key: move its key file away there "
                "and export again."
            ).format(name=row.name, fingerprint=row.fingerprint, date=f"{row.revoked_at:%Y-%m-%d}")
        )
    if found is Standing.TRUSTED:
        assert row is not None
        return TrustOutcome(_info(row), "already")
    previous = None
    if found is Standing.OTHER_KEY:
        assert row is not None
        previous = row.fingerprint
        row.revoked_at = utcnow()  # replaced: never trusted again
    added = TrustedDesk(
        uuid=signer.uuid,
        name=signer.name,
        public_key=signer.public_key,
        fingerprint=signer.fingerprint,
    )
    session.add(added)
    session.flush()
    if previous is None:
        return TrustOutcome(_info(added), "new")
    return TrustOutcome(_info(added), "replaced", previous)


IMPOSTOR = N_(
    "The file claims to come from this very desk, but it is not signed with this desk's "
    "key (it is signed with {fingerprint}): it was forged, or made from a copy of this "
    "desk's database. Nothing was changed."
)


def revoke(session: Session, which: str) -> TrustedInfo:
    """Stops trusting a desk named by its name, UUID or the start of its fingerprint.

    Raises:
        NotFound: no trusted desk answers to ``which``.
        InputRefused: several do, or it was revoked already.
    """
    wanted = which.strip().lower()
    hexes = "".join(wanted.split())
    rows = list(session.scalars(select(TrustedDesk)))
    found = [
        row
        for row in rows
        if row.uuid.lower() == wanted
        or row.name.lower() == wanted
        or (
            len(hexes) >= 4
            and all(c in "0123456789abcdef" for c in hexes)
            and "".join(row.fingerprint.split()).startswith(hexes)
        )
    ]
    if not found:
        raise NotFound(
            _(
                "No trusted desk is named {which}, has that UUID or a fingerprint starting "
                "so; see forumdesk desk list."
            ).format(which=repr(which))
        )
    current = [row for row in found if row.revoked_at is None]
    if len(current) == 1:  # a desk's revoked older key answers to its name too
        found = current
    if len(found) > 1:
        raise InputRefused(
            _("{which} names several desks ({names}); give the UUID instead.").format(
                which=repr(which), names=", ".join(f"{r.name} ({r.uuid})" for r in found)
            )
        )
    row = found[0]
    if row.revoked_at is not None:
        raise InputRefused(
            _("Desk {name} ({fingerprint}) was revoked already, on {date}.").format(
                name=row.name, fingerprint=row.fingerprint, date=f"{row.revoked_at:%Y-%m-%d}"
            )
        )
    row.revoked_at = utcnow()
    session.flush()
    return _info(row)


def known_keys(session: Session) -> dict[str, str]:
    """The fingerprints this desk checked itself: its own and those of desks it trusts."""
    own = session.scalars(select(DeskIdentity.uuid)).one().lower()
    # A desk's key in force, or else its last one (revoked): each desk once.
    rows = session.scalars(
        select(TrustedDesk).order_by(TrustedDesk.revoked_at.is_(None), TrustedDesk.id)
    )
    known = {row.uuid.lower(): row.fingerprint for row in rows}
    known[own] = fingerprint(public_key_hex(own))
    return known


def received_from(session: Session, own_uuid: str) -> list[dict[str, str]]:
    """The desks whose signed files this desk has received, directly or relayed through
    another desk's signed file, with the fingerprints they signed with: the ``received_from``
    of its exports."""
    rows = session.execute(
        select(ExchangeLog.desk_uuid, ExchangeLog.desk_name, ExchangeLog.signed_by)
        .where(ExchangeLog.signed_by.is_not(None))
        .order_by(ExchangeLog.id)
    )
    # The latest key each desk was heard signing with: a desk that was given a new key
    # is listed with that one (an older one would contradict what others trust).
    found: dict[str, tuple[str, str]] = {}
    for uuid, name, signed_by in rows:
        if uuid.lower() != own_uuid.lower() and signed_by is not None:  # never None here
            found[uuid.lower()] = (clean_name(name), signed_by)
    return [
        {"uuid": uuid, "name": name, "fingerprint": signed_by}
        for uuid, (name, signed_by) in sorted(found.items())
    ]


def record_received(session: Session, doc: dict[str, Any], export_id: str) -> None:
    """Remembers the desks a signed file says its desk received, so that this desk's own
    exports can carry their edits on (one ``relayed`` log row per desk and key)."""
    own = session.scalars(select(DeskIdentity.uuid)).one().lower()
    known = {
        (uuid.lower(), signed_by)
        for uuid, signed_by in session.execute(
            select(ExchangeLog.desk_uuid, ExchangeLog.signed_by).where(
                ExchangeLog.signed_by.is_not(None)
            )
        )
    }
    for entry in doc.get("received_from", ()):
        pair = (entry["uuid"].lower(), entry["fingerprint"])
        if pair[0] == own or pair in known:
            continue
        known.add(pair)
        session.add(
            ExchangeLog(
                direction=RELAYED,
                export_id=export_id,
                desk_uuid=pair[0],
                desk_name=clean_name(entry.get("name")),
                signed_by=pair[1],
                counts={},
            )
        )
