"""The compiled schema check never accepts what the JSON Schema refuses, and passes our files."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumdesk.core import demo, minutes
from forumdesk.exchange import export, fast_schema
from forumdesk.exchange.read import MAX_DEPTH
from forumdesk.exchange.schema import shipped

VALIDATOR = jsonschema.Draft202012Validator(
    shipped(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
FAST = fast_schema.compile_schema(shipped(), max_depth=MAX_DEPTH)

# Values that sit at the edge of what a format or a type allows.
NEAR_MISSES = [
    "2026-02-28T19:00:00Z",
    "2026-02-28T19:00:00.123456Z",
    "2026-02-30T19:00:00Z",
    "2026-02-28T24:00:00Z",
    "2026-02-28T19:00:00+00:00",
    "2026-02-28t19:00:00z",
    "2026-02-28T19:00:60Z",
    "2026-02-28",
    "2026-13-01",
    "２０２６-02-28",
    "2026-02-28\n",
    "19:00",
    "19:00:00.5",
    "7:00",
    "6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10",
    "6F1C1C3E-3B0E-4D8F-9D52-4C9E1D1B7A10",
    "{6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10}",
    "6f1c1c3e3b0e4d8f9d524c9e1d1b7a10",
    "urn:uuid:6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10",
    "co-definition",
    "Co-definition",
    "1.0",
    "1.0\n",
    "2.0",
    "",
    "x" * 201,
    0,
    1,
    -1,
    1.0,
    1.5,
    2**31,
    True,
    False,
    None,
    [],
    {},
    ["6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10", "6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10"],
    ["6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10", 1],
    [1, 1.0],
    ["6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10", 3],
    ["6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10", 0],
    ["6f1c1c3e-3b0e-4d8f-9d52-4c9e1d1b7a10", 3, 4],
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def small_doc(tmp_path_factory) -> dict[str, Any]:
    """The demo with approved minutes and personal data, two records of each kind."""
    from forumdesk.db.store import open_database

    database = open_database(str(tmp_path_factory.mktemp("fast") / "demo.sqlite"))
    with database.session() as s:
        demo.fill_demo(s)
    with database.session() as s:
        minutes.approve_minutes(s, demo_closed_meeting(s), approved_by="Chair")
    with database.session() as s:
        doc = json.loads(json.dumps(export.build(s, export.Selection(personal_data=True))))
    database.dispose()
    full = copy.deepcopy(doc)
    for kind, records in doc["records"].items():
        doc["records"][kind] = records[:2]
    return {"full": full, "small": doc}


def demo_closed_meeting(session) -> int:
    from sqlalchemy import select

    from forumdesk.db.models import Meeting

    return session.scalar(select(Meeting.id).where(Meeting.status == "closed").limit(1))


def paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*here, index))
    return found


def test_our_own_files_take_the_fast_path(small_doc) -> None:
    doc = small_doc["full"]
    assert all(doc["records"][kind] for kind in doc["records"])  # every kind is exercised
    assert FAST(doc)
    assert not list(VALIDATOR.iter_errors(doc))


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    where=st.integers(min_value=0),
    how=st.sampled_from(["replace", "near-miss", "delete", "add"]),
    value=json_values,
    near=st.sampled_from(NEAR_MISSES),
    key=st.text(max_size=10),
)
def test_whatever_the_fast_check_accepts_the_schema_accepts(
    small_doc, where, how, value, near, key
) -> None:
    doc = copy.deepcopy(small_doc["small"])
    places = paths(doc)[1:]
    path = places[where % len(places)]
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "near-miss":
        parent[last] = copy.deepcopy(near)
    elif how == "delete" and isinstance(parent, dict):
        del parent[last]
    elif how == "add" and isinstance(parent[last], dict):
        parent[last][key] = value
    if FAST(doc):
        assert not [e.message for e in VALIDATOR.iter_errors(doc)], path


def test_a_file_nested_too_deeply_in_an_open_place_is_not_passed(small_doc) -> None:
    doc = copy.deepcopy(small_doc["small"])
    doc["selection"]["x"] = json.loads("[" * 39 + "]" * 39)
    assert not FAST(doc)  # 1 (envelope) + 1 (selection) + 39 > 40
    doc["selection"]["x"] = json.loads("[" * 38 + "]" * 38)
    assert FAST(doc)


def test_depth_is_measured_without_recursion() -> None:
    assert fast_schema.depth(5) == 0
    assert fast_schema.depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert fast_schema.depth(deep) == 100_001
    assert fast_schema.depth(deep, enough=40) == 41


def test_a_keyword_it_does_not_know_stops_the_compilation() -> None:
    with pytest.raises(fast_schema.Unsupported, match="patternProperties"):
        fast_schema.compile_schema({"type": "object", "patternProperties": {"^x": {}}})
    with pytest.raises(fast_schema.Unsupported, match="format 'email'"):
        fast_schema.compile_schema({"type": "string", "format": "email"})
    with pytest.raises(fast_schema.Unsupported, match="enum"):
        fast_schema.compile_schema({"enum": [1, "a"]})
