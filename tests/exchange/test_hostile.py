"""Broken and hostile files: refused with a clear message, the database unchanged byte for byte."""

from __future__ import annotations

import copy
import hmac
import json

import pytest

from forumdesk.core import forums, issues, meetings
from forumdesk.db.store import open_database
from forumdesk.domain.errors import InputRefused
from forumdesk.exchange.document import FORMAT_VERSION, MAJOR, MINOR
from forumdesk.exchange.read import FileRefused
from tests.exchange import engagement_world
from tests.exchange.conftest import dump, load
from tests.helpers import file_bytes

KEY = b"council-key-0123456789"
NEWER = f"{MAJOR}.{MINOR + 1}"  # the next minor version of the format


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
            'issues[0] (BHF-0001) fields.support: "lots" is not of type "integer"',
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].pop("title"),
            '"title" is a required property',
        ),
        (
            lambda d: d["records"]["issues"][0].update(uuid="not-a-uuid"),
            'issues[0] (BHF-0001) uuid: "not-a-uuid" is not a "uuid"',
        ),
        (
            lambda d: d["records"]["issues"][0].update(created_at="yesterday"),
            '"yesterday" is not a "date-time"',
        ),
        (
            lambda d: d["records"]["meetings"][0]["fields"].update(date="2026-02-30"),
            '"2026-02-30" is not a "date"',
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].update(stage="co-dreaming"),
            '"co-dreaming" is not one of',
        ),
        (
            lambda d: d["records"]["issues"][0]["fields"].update(title="x" * 50_000_000),
            "is longer than 300 characters",
        ),
        (lambda d: d.update(records={}), '"forums" is a required property'),
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
    doc["format_version"] = NEWER
    doc["generator"] = {"name": "ForumDesk", "version": "3.1"}
    doc["records"]["polls"] = [{"uuid": "e3b0c442-98fc-4c14-9afb-f4c8996fb924"}]
    doc["records"]["issues"][0]["origin"] = "tablet"
    doc["records"]["issues"][0]["fields"]["priority"] = "high"


def test_a_newer_minor_version_is_imported_without_what_this_one_does_not_know(trade) -> None:
    good, office = trade
    report = office.import_(edit(good, with_what_a_newer_forumdesk_adds))
    assert any(f"format {NEWER}" in note and "4 fields" in note for note in report.notes), (
        report.notes
    )
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
        doc["format_version"] = NEWER
        doc["records"]["issues"][0]["fields"]["priority"] = "high"

    report = office.import_(edit(good, one_more_field))
    assert any("1 field this one does not know was left out" in n for n in report.notes), (
        report.notes
    )


# One validation: what a desk refuses when typed, it refuses from a file.

BAD_FIELDS = [
    ("issues", "title", "Potholes\x00", "Title: contains control characters"),
    ("issues", "title", "\x1b[2J\x1b[31mPotholes", "Title: contains control characters"),
    ("issues", "title", "Potholes \x9b2J", "Title: contains control characters"),
    ("issues", "title", "", "Title: must not be empty"),
    ("issues", "title", "   ", "Title: must not be empty"),
    ("issues", "title", "Pot\nholes", "Title: must be one line"),
    ("issues", "description", "Bell\x07", "Description: contains control characters"),
    ("issues", "due_date", "0001-01-01", "Due date: 0001-01-01 is not a plausible date"),
    ("issues", "support", 2_000_000_000, "Support: must be between 0 and 10,000,000"),
    ("issues", "reference", "BHF-\x1b[0m1", "Reference: contains control characters"),
    ("meetings", "start_time", "99:99", "Start time: '99:99' is not a time like 18:30"),
    ("meetings", "venue", "Hall\x1b]0;owned\x07", "Venue: contains control characters"),
    ("themes", "name", "Roads\x00", "Themes: contains control characters"),
]


@pytest.mark.parametrize(
    ("kind", "name", "value", "message"),
    BAD_FIELDS,
    ids=[f"{kind}.{name}:{value!r}"[:40] for kind, name, value, _ in BAD_FIELDS],
)
def test_a_value_the_desk_refuses_when_typed_is_refused_from_a_file(
    trade, kind, name, value, message
) -> None:
    good, office = trade

    def bad(doc: dict) -> None:
        doc["records"][kind][0]["fields"][name] = value

    doc = load(good)
    record = doc["records"][kind][0]
    label = {"issues": "Issue BHF-0001", "meetings": "Meeting", "themes": "Theme"}[kind]
    if kind != "issues" or name == "reference":  # a bad reference is not shown either
        label = f"{label.split()[0]} {record['uuid']}"
    refused(office, edit(good, bad), f"{label} ({kind}[0]): {message}")


TYPED = [bad for bad in BAD_FIELDS if bad[0] != "themes" and bad[1] != "reference"]


@pytest.mark.parametrize(("kind", "name", "value", "message"), TYPED)
def test_typing_the_same_value_is_refused_with_the_same_words(
    trade, kind, name, value, message
) -> None:
    from forumdesk.domain.errors import InvalidValue

    _, office = trade
    office.do(lambda s: forums.create_forum(s, code="BHF", name="Brixton Hill"))
    with pytest.raises(InvalidValue) as caught:
        if kind == "issues":
            fields = {"title": "Potholes", name: value}
            office.do(lambda s: issues.record_issue(s, forum="BHF", **fields))
        else:
            fields = {"date": "2026-03-04", name: value}
            office.do(
                lambda s: meetings.create_meeting(s, forum="BHF", format="area-forum", **fields)
            )
    assert message in str(caught.value)


def test_a_time_in_other_digits_is_refused_naming_the_meeting(trade) -> None:
    good, office = trade
    arabic_indic = "\u0661\u0668:\u0663\u0660"  # 18:30
    data = edit(good, lambda d: d["records"]["meetings"][0]["fields"].update(end_time=arabic_indic))
    refused(office, data, "meetings[0]")
    refused(office, data, "end_time")


def test_a_desk_name_with_terminal_controls_is_refused(trade) -> None:
    good, office = trade
    for name in ("Laptop\x1b[2J", "Laptop\rOffice", "Laptop\x07"):
        refused(
            office,
            edit(good, lambda d, name=name: d["desk"].update(name=name)),
            "The sending desk's name: ",
        )


# JSON read strictly: what two readers could read differently is refused.


def test_a_key_given_twice_is_refused_saying_where(trade) -> None:
    good, office = trade
    text = good.decode()
    assert text.count('"title": "Potholes"') == 1
    twice = text.replace('"title": "Potholes"', '"title": "Potholes", "title": "Forged"')
    refused(office, twice.encode(), 'issues[0] (BHF-0001) fields.title: the key "title" appears')


def test_a_key_given_twice_in_the_envelope_is_refused(trade) -> None:
    good, office = trade
    twice = good.decode().replace('"desk": {', '"desk": {"name": "Other", ', 1)
    refused(office, twice.encode(), 'desk.name: the key "name" appears twice')


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_numbers_json_cannot_hold_are_refused(trade, number) -> None:
    good, office = trade
    doc = load(good)
    doc["selection"]["limit"] = "HERE"
    text = dump(doc).decode().replace('"HERE"', number)
    refused(office, text.encode(), "selection.limit: the number is NaN, Infinity or too large")


def test_nan_inside_minutes_content_is_refused(desks) -> None:
    from forumdesk.core import minutes

    laptop, office = desks("laptop"), desks("office")

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        minutes.approve_minutes(s, m.id, approved_by="Chair", extra={"score": 1.5})

    laptop.do(setup)
    text = laptop.export("minutes.json").decode()
    assert text.count('"score": 1.5') == 1
    for number in ("NaN", "1e999"):
        refused(
            office,
            text.replace('"score": 1.5', f'"score": {number}').encode(),
            "minutes_versions[0] (",
        )


# How deeply a file nests is limited where the schema leaves it open.


def test_nesting_in_an_open_place_is_limited_to_the_depth_allowed(trade) -> None:
    good, office = trade
    deep = edit(good, lambda d: d["selection"].update(x=json.loads("[" * 39 + "]" * 39)))
    refused(office, deep, "nests deeper than 40 levels")  # 1 (envelope) + 1 + 39 > 40
    office.import_(edit(good, lambda d: d["selection"].update(x=json.loads("[" * 38 + "]" * 38))))


def test_depth_is_measured_without_recursion() -> None:
    from forumdesk.exchange.read import depth

    assert depth(5) == 0
    assert depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert depth(deep) == 100_001
    assert depth(deep, enough=40) == 41


def test_our_own_files_pass_every_check(desks) -> None:
    """The demo with approved minutes and personal data: every kind of record."""
    from forumdesk.core import minutes

    laptop, office = desks("laptop", demo=True), desks("office")
    laptop.do(engagement_world.fill)  # an engagement of every kind, whatever the demo holds
    closed = laptop.do(
        lambda s: next(m.id for m in meetings.list_meetings(s) if m.status.value == "closed")
    )
    laptop.do(lambda s: minutes.approve_minutes(s, closed, approved_by="Chair"))
    data = laptop.export("all.json", personal_data=True)
    doc = load(data)
    assert all(doc["records"][kind] for kind in doc["records"]), [
        kind for kind in doc["records"] if not doc["records"][kind]
    ]
    report = office.import_(data)
    assert report.counts["new"] == sum(len(r) for r in doc["records"].values())


# Two records no desk can hold both of: refused by name, not by a database constraint.


def test_two_new_forums_with_one_code_are_refused(trade) -> None:
    good, office = trade

    def second_bhf(doc: dict) -> None:
        twin = copy.deepcopy(doc["records"]["forums"][0])
        twin["uuid"] = "0b7e4d9a-5c1f-4e2b-9a3d-6f8e1c2b3a4d"
        twin["fields"]["name"] = "Brixton Hill again"
        doc["records"]["forums"].append(twin)

    refused(
        office,
        edit(good, second_bhf),
        "Forum 'Brixton Hill again' (0b7e4d9a-5c1f-4e2b-9a3d-6f8e1c2b3a4d) (forums[1]): Code BHF "
        "is also that of Forum 'Brixton Hill' (",
    )


def test_two_minutes_versions_with_one_number_are_refused(desks) -> None:
    from forumdesk.core import minutes

    laptop, office = desks("laptop"), desks("office")

    def setup(s):
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        m = meetings.create_meeting(s, forum="BHF", format="area-forum", date="2026-03-04")
        minutes.approve_minutes(s, m.id, approved_by="Chair")

    laptop.do(setup)

    def twin_version(doc: dict) -> None:
        twin = copy.deepcopy(doc["records"]["minutes_versions"][0])
        twin["uuid"] = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        doc["records"]["minutes_versions"].append(twin)

    refused(
        office,
        edit(laptop.export("minutes.json"), twin_version),
        "Minutes of BHF 2026-03-04: the file holds version 1 twice",
    )


def test_a_database_given_for_import_is_named_as_one(trade, tmp_path) -> None:
    _good, office = trade
    open_database(str(tmp_path / "laptop.sqlite")).dispose()  # a laptop's database file
    database = (tmp_path / "laptop.sqlite").read_bytes()
    refused(office, database, "The file is a database")
    from forumdesk.exchange import csv_log

    with pytest.raises(InputRefused, match="The file is a database"):
        office.db.dispose()
        with office.db.session() as s:
            csv_log.import_csv(s, database)


def test_limits_are_said_as_limits_not_as_schema_keywords(trade) -> None:
    good, office = trade

    def long_description(doc: dict) -> None:
        doc["records"]["issues"][0]["fields"]["description"] = "x" * 30_000

    refused(
        office,
        edit(good, long_description),
        "fields.description: is 30,000 characters long; the limit is 20,000",
    )

    def huge_support(doc: dict) -> None:
        doc["records"]["issues"][0]["fields"]["support"] = 10**12

    refused(office, edit(good, huge_support), "is 1,000,000,000,000, which no count here can be")

    def old_version(doc: dict) -> None:
        doc["format_version"] = "0.9"

    refused(office, edit(good, old_version), "format version 0.9, older than any ForumDesk")
