"""The canonical bytes a desk signs, made once for the hash and both signatures."""

from __future__ import annotations

import pytest

from forumdesk.exchange import document


def test_canonical_without_reuses_the_records_bytes_and_equals_the_canonical_form() -> None:
    doc = {
        "format": "forumdesk-exchange",
        "desk": {"uuid": "u", "name": "Swyddfa Ŵyl"},
        "records": {"issues": [{"uuid": "a", "fields": {"title": "Ffordd yr Ŵyl"}}]},
        "signature": {"value": "x"},
        "desk_signature": {"value": "y"},
        "zzz": [1, 2],
    }
    records = document.canonical(doc["records"])
    without = {k: v for k, v in doc.items() if k not in document.SIGNATURES}
    assert document.desk_signed_bytes(doc, records) == document.canonical(without)
    assert document.desk_signed_bytes(doc) == document.canonical(without)
    council = {k: v for k, v in doc.items() if k != "signature"}
    assert document.canonical_without(doc, ("signature",), records) == document.canonical(council)
    assert document.canonical_without({"signature": 1}, document.SIGNATURES) == b"{}"


def test_from_format_1_6_the_signatures_cover_the_envelope_not_the_records() -> None:
    doc = {
        "format": "forumdesk-exchange",
        "format_version": "1.6",
        "content_sha256": "ab" * 32,
        "records": {"issues": [{"uuid": "a"}]},
        "desk_signature": {"value": "y"},
        "signature": {"value": "x"},
    }
    envelope = {k: v for k, v in doc.items() if k not in ("records", *document.SIGNATURES)}
    assert document.signs_envelope(doc)
    assert document.desk_signed_bytes(doc) == document.canonical(envelope)
    # The records may change only with the content hash, which is signed.
    doc["records"] = {}
    assert document.desk_signed_bytes(doc) == document.canonical(envelope)
    doc["content_sha256"] = "cd" * 32
    assert document.desk_signed_bytes(doc) != document.canonical(envelope)
    for older in ("1.5", "1.2", "1.x", ""):
        assert not document.signs_envelope({"format_version": older})
    assert document.signs_envelope({"format_version": "1.17"})


def _as_format_1_5(data: bytes, desk_uuid: str, key: bytes) -> dict:
    """A file as ForumDesk wrote format 1.5: both signatures over the whole document."""
    import hashlib
    import hmac
    import json

    from forumdesk.exchange import trust

    doc = json.loads(data)
    doc["format_version"] = "1.5"
    doc[document.DESK_SIGNATURE] = trust.sign(
        desk_uuid, document.canonical_without(doc, document.SIGNATURES)
    )
    council = document.canonical_without(doc, ("signature",))
    doc["signature"]["value"] = hmac.new(key, council, hashlib.sha256).hexdigest()
    return doc


def test_a_file_signed_the_format_1_5_way_is_still_verified_and_refused_when_changed(
    desks,
) -> None:
    import json

    from forumdesk.core import forums
    from forumdesk.exchange import trust
    from forumdesk.exchange.read import FileRefused

    key = b"council-shared-key-0123456789"
    laptop, office = desks("laptop"), desks("office")
    laptop.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill"))
    made = laptop.export("new.json", key=key)
    assert json.loads(made)["format_version"] == document.FORMAT_VERSION
    doc = _as_format_1_5(made, laptop.db.desk_uuid, key)
    old = json.dumps(doc, ensure_ascii=False).encode()
    office.do(lambda s: trust.trust(s, trust.signer_of_file(old)))  # a desk it trusts
    notes = office.preview(old, key).notes
    assert "The signature was verified with the council key." in notes
    assert any(n.startswith("Signed by desk ") and "trusted here" in n for n in notes)
    # A record changed and the hash made again: the whole-document signatures see it.
    doc["records"]["forums"][0]["fields"]["name"] = "Forged"
    doc["content_sha256"] = document.content_sha256(doc["records"])
    changed = json.dumps(doc, ensure_ascii=False).encode()
    with pytest.raises(FileRefused) as caught:
        office.import_(changed, key)
    said = str(caught.value)
    assert "The signature does not match" in said
    assert "The desk signature does not match" in said
    assert office.do(lambda s: forums.list_forums(s)) == []
