"""Broken and hostile files: refused with a clear message, the database unchanged byte for byte."""

from __future__ import annotations

import copy
import hmac
import json

import pytest

from forumdesk.core import forums, issues, meetings
from forumdesk.exchange.document import FORMAT_VERSION
from forumdesk.exchange.read import FileRefused
from tests.exchange.conftest import dump, load
from tests.helpers import file_bytes

KEY = b"council-key-0123456789"


@pytest.fixture
def trade(desks):
    """A good file from a laptop, and an officer's desk with data of its own."""
    laptop, office = desks("laptop"), desks("office")

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        issues.record_issue(s, forum="BHF", title="Potholes", meeting=m.id, themes=["Roads"])

    laptop.do(setup)
    office.do(lambda s: forums.create_forum(s, code="LLF", name="Llanfair"))
    return laptop.export("good.json"), office


def refused(office, data: bytes, message: str, key: bytes | None = None) -> None:
    path = office.folder / "desk.sqlite"
    office.db.dispose()
    before = file_bytes(path)
    with pytest.raises(FileRefused) as caught:
        office.import_(data, key)
    office.db.dispose()
    assert message in str(caught.value), str(caught.value)
    assert file_bytes(path) == before


def rehash(doc: dict) -> dict:
    from forumdesk.exchange.document import content_sha256

    doc["content_sha256"] = content_sha256(doc["records"])
    return doc


def edit(good: bytes, change) -> bytes:
    doc = load(good)
    change(doc)
    return dump(rehash(doc))


def test_not_json(trade) -> None:
    _, office = trade
    refused(office, b"Minutes of the meeting\n", "not valid JSON")


def test_truncated(trade) -> None:
    good, office = trade
    refused(office, good[: len(good) // 2], "not valid JSON")


def test_not_utf8(trade) -> None:
    _, office = trade
    refused(office, '{"format": "Ffordd yr Ŵyl"}'.encode("utf-16"), "not UTF-8")


def test_wrong_format_name(trade) -> None:
    good, office = trade
    refused(
        office,
        edit(good, lambda d: d.update(format="openslides-export")),
        "not a ForumDesk exchange file",
    )


def test_newer_major_version(trade) -> None:
    good, office = trade
    refused(
        office,
        edit(good, lambda d: d.update(format_version="2.0")),
        "format version 2.0, written by a newer ForumDesk",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["records"]["issues"][0]["fields"].update(support="lots"),
            "issues[0] (BHF-0001) fields.support: 'lots' is not of type 'integer'",
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].pop("title"),
            "'title' is a required property",
        ),
        (
            lambda d: d["records"]["issues"][0].update(uuid="not-a-uuid"),
            "issues[0] (BHF-0001) uuid: 'not-a-uuid' is not a 'uuid'",
        ),
        (
            lambda d: d["records"]["issues"][0].update(created_at="yesterday"),
            "'yesterday' is not a 'date-time'",
        ),
        (
            lambda d: d["records"]["meetings"][0]["fields"].update(date="2026-02-30"),
            "'2026-02-30' is not a 'date'",
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].update(stage="co-dreaming"),
            "'co-dreaming' is not one of",
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].update(title="x" * 50_000_000),
            "is too long",
        ),
        (lambda d: d.update(records={}), "'forums' is a required property"),
    ],
    ids=[
        "wrong-type",
        "missing-field",
        "bad-uuid",
        "bad-date-time",
        "bad-date",
        "bad-enum",
        "50MB-title",
        "no-records",
    ],
)
def test_schema_violations(trade, change, message) -> None:
    good, office = trade
    refused(office, edit(good, change), message)


def test_deeply_nested(trade) -> None:
    good, office = trade
    refused(
        office,
        edit(good, lambda d: d["selection"].update(x=json.loads("[" * 100 + "]" * 100))),
        "nests deeper than",
    )


def test_duplicate_uuids(trade) -> None:
    good, office = trade

    def twice(d):
        d["records"]["issues"].append(copy.deepcopy(d["records"]["issues"][0]))

    refused(office, edit(good, twice), "appears twice")


def test_reference_to_a_record_nowhere(trade) -> None:
    good, office = trade

    def dangling(d):
        d["records"]["issues"][0]["fields"]["meeting"] = "00000000-0000-4000-8000-000000000000"

    refused(
        office,
        edit(good, dangling),
        "issues BHF-0001 refers to meetings 00000000-0000-4000-8000-000000000000, which is "
        "neither in the file nor on this desk",
    )


def test_checksum_mismatch(trade) -> None:
    good, office = trade
    doc = load(good)
    doc["records"]["issues"][0]["fields"]["title"] = "Potholes everywhere"
    refused(office, dump(doc), "does not match its SHA-256")


def test_a_changed_byte_under_a_valid_signature(desks, trade) -> None:
    _, office = trade
    signer = desks("signer")
    signer.do(lambda s: forums.create_forum(s, code="SGN", name="Signed forum"))
    signed = signer.export("signed.json", key=KEY)
    verified = "The signature was verified with the council key."
    assert office.preview(signed, KEY).notes[0] == verified
    tampered = edit(signed, lambda d: d["records"]["forums"][0]["fields"].update(name="Forged"))
    refused(office, tampered, "The signature does not match", key=KEY)
    wrong_key = hmac.new(b"x", b"y", "sha256").digest()
    refused(office, signed, "signed with another key", key=wrong_key)
    # Without the council key, the desk's own signature is what is said.
    assert [n for n in office.preview(signed).notes if "council key" in n] == []
    assert office.preview(signed).notes[0].startswith("Signed by desk ")


def test_an_unsigned_file_is_said_to_be_unsigned(trade) -> None:
    good, office = trade
    assert office.preview(good, KEY).notes[0] == "The file is not signed with the council key."


def test_a_lone_surrogate_escape_is_refused_with_where_it_is(trade) -> None:
    good, office = trade
    doc = load(good)
    doc["records"]["issues"][0]["fields"]["title"] = "Potholes \ud800"
    data = json.dumps(doc).encode()  # ASCII escapes: valid JSON, but not valid Unicode
    refused(office, data, "issues[0] (BHF-0001) fields.title: the text holds a lone surrogate")


def test_a_lone_surrogate_in_the_envelope_is_refused_too(trade) -> None:
    good, office = trade
    doc = load(good)
    doc["desk"]["name"] = "Laptop \udfff"
    refused(office, json.dumps(doc).encode(), "desk.name: the text holds a lone surrogate")


def with_what_a_newer_forumdesk_adds(doc: dict) -> None:
    """What a later minor version could write: a field in the envelope, a new kind of
    record, a new key on a record and a new field among an issue's fields."""
    doc["format_version"] = "1.4"
    doc["generator"] = {"name": "ForumDesk", "version": "3.1"}
    doc["records"]["polls"] = [{"uuid": "e3b0c442-98fc-4c14-9afb-f4c8996fb924"}]
    doc["records"]["issues"][0]["origin"] = "tablet"
    doc["records"]["issues"][0]["fields"]["priority"] = "high"


def test_a_newer_minor_version_is_imported_without_what_this_one_does_not_know(trade) -> None:
    good, office = trade
    report = office.import_(edit(good, with_what_a_newer_forumdesk_adds))
    assert any("format 1.4" in note and "4 fields" in note for note in report.notes), report.notes
    office.do(lambda s: issues.get_issue(s, "BHF-0001"))  # what it knows arrived
    assert office.content()["issues"][0]["fields"]["title"] == "Potholes"


@pytest.mark.parametrize("version", [FORMAT_VERSION, "1.0"])
def test_the_same_additions_under_this_or_an_older_version_are_refused(trade, version) -> None:
    good, office = trade

    def not_newer(doc: dict) -> None:
        with_what_a_newer_forumdesk_adds(doc)
        doc["format_version"] = version

    refused(office, edit(good, not_newer), "Additional properties are not allowed")


def test_what_a_newer_version_adds_is_still_covered_by_the_hash(trade) -> None:
    good, office = trade
    doc = load(edit(good, with_what_a_newer_forumdesk_adds))
    doc["records"]["issues"][0]["fields"]["priority"] = "low"  # changed after export
    refused(office, dump(doc), "does not match its SHA-256")


def test_problems_left_unlisted_are_counted_in_words() -> None:
    one_more = str(FileRefused([f"problem {n}" for n in range(21)]))
    two_more = str(FileRefused([f"problem {n}" for n in range(22)]))
    assert one_more.endswith("problem 19\n  … and 1 more problem")
    assert two_more.endswith("problem 19\n  … and 2 more problems")


def test_one_field_a_newer_version_adds_is_counted_as_one(trade) -> None:
    good, office = trade

    def one_more_field(doc: dict) -> None:
        doc["format_version"] = "1.4"
        doc["records"]["issues"][0]["fields"]["priority"] = "high"

    report = office.import_(edit(good, one_more_field))
    assert any("1 field this one does not know was left out" in n for n in report.notes), (
        report.notes
    )
