"""The canonical bytes a desk signs, made once for the hash and both signatures."""

from __future__ import annotations

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
