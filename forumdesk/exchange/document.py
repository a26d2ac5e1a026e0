"""The envelope of an exchange file: canonical form, content hash and signature."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _

FORMAT = "forumdesk-exchange"
FORMAT_VERSION = "1.2"  # 1.1: action_carries; 1.2: forums' home_desk
MAJOR, MINOR = (int(part) for part in FORMAT_VERSION.split("."))
SIGNATURE_ALGORITHM = "HMAC-SHA256"


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that hashes and signatures are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_sha256(records: dict[str, Any]) -> str:
    """SHA-256 of the canonical form of the records."""
    return hashlib.sha256(canonical(records)).hexdigest()


def signature(document: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 over the canonical document without its signature."""
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return hmac.new(key, canonical(unsigned), hashlib.sha256).hexdigest()


def read_key(path: str | None) -> bytes | None:
    """The council key in a key file (None when no file is named).

    Raises:
        InputRefused: the file cannot be read, or holds a key too short to be safe.
    """
    if not path or not path.strip():
        return None
    try:
        key = Path(path.strip()).expanduser().read_bytes().strip()
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


def signature_matches(document: dict[str, Any], key: bytes) -> bool:
    """Whether the document's signature was made with this key over this content."""
    claimed = document.get("signature", {}).get("value", "")
    return hmac.compare_digest(claimed, signature(document, key))
