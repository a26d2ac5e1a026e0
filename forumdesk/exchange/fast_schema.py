"""A fast yes/no check of a document against the shipped JSON Schema.

`jsonschema` walks a 100,000-issue file in about half a minute, most of it spent
building a validator object for every value. The schema of the exchange format uses a
small set of keywords, so this module compiles the schema once into plain Python
closures that answer one question: is the document certainly valid?

The answer is *sound*, never more lenient than the schema: where this module is unsure
(an integer written as ``1.0``, a UUID in braces, a repeated item of a non-string
array) it says no, and the caller then asks `jsonschema` itself, which stays the
authority and writes the messages. A keyword this module does not know stops the
compilation (`Unsupported`), and the caller falls back to `jsonschema` for every file.
Tests check on generated documents that whatever this module accepts `jsonschema`
accepts too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that describe without constraining.
_IGNORED = frozenset({"$id", "$schema", "title", "description"})

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STAMP = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]{1,6})?Z")


class Unsupported(ValueError):
    """The schema uses a keyword (or a form of one) this module does not compile."""


def _is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def _is_date(value: str) -> bool:
    if _DATE.fullmatch(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_stamp(value: str) -> bool:
    """RFC 3339 in the one spelling ForumDesk writes: seconds, optional fraction, "Z"."""
    found = _STAMP.fullmatch(value)
    if found is None:
        return False
    try:
        datetime.fromisoformat(found.group(1))
    except ValueError:
        return False
    return True


_FORMATS: dict[str, Callable[[str], bool]] = {
    "uuid": _is_uuid,
    "date": _is_date,
    "date-time": _is_stamp,
}

_TYPES: dict[str, Check] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,  # not bool; 1.0 is left to jsonschema
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


def compile_schema(schema: dict[str, Any], max_depth: int | None = None, _level: int = 1) -> Check:
    """A function that says whether a document is certainly valid against ``schema``.

    With ``max_depth``, it also says no to a document whose lists and objects nest deeper
    than that, including inside values the schema leaves open.

    Raises:
        Unsupported: the schema uses a keyword this module does not compile.
    """
    if not isinstance(schema, dict):
        raise Unsupported(f"a schema that is not an object: {schema!r}")  # i18n: not text
    unknown = set(schema) - _KNOWN
    if unknown:
        raise Unsupported(f"keywords {sorted(unknown)}")
    if schema.get("type") == "string" and set(schema) - _IGNORED <= _STRING_KEYWORDS:
        return _string(schema)
    deeper = (max_depth, _level + 1)
    checks = [build(schema, *deeper) for name, build in _SIMPLE.items() if name in schema]
    if not _OBJECT_KEYWORDS.isdisjoint(schema):
        checks.append(_object(schema, *deeper))
    if not _ARRAY_KEYWORDS.isdisjoint(schema):
        checks.append(_array(schema, *deeper))
    if max_depth is not None:
        checks += _open_depth(schema, max_depth - _level + 1)
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    first, *rest = checks

    def every(value: Any) -> bool:
        if not first(value):
            return False
        for check in rest:  # noqa: SIM110 - no generator per value: this runs millions of times
            if not check(value):
                return False
        return True

    return every


def _type(schema: dict[str, Any], *_: Any) -> Check:
    name = schema["type"]
    if not isinstance(name, str) or name not in _TYPES:
        raise Unsupported(f"type {name!r}")
    return _TYPES[name]


def _strings(values: Any, keyword: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Unsupported(f"{keyword} with values other than strings")  # i18n: not text
    return frozenset(values)


def _enum(schema: dict[str, Any], *_: Any) -> Check:
    allowed = _strings(schema["enum"], "enum")
    return lambda v: type(v) is str and v in allowed


def _const(schema: dict[str, Any], *_: Any) -> Check:
    (allowed,) = _strings([schema["const"]], "const")
    return lambda v: type(v) is str and v == allowed


def _format(schema: dict[str, Any], *_: Any) -> Check:
    test = _FORMATS.get(schema["format"])
    if test is None:
        raise Unsupported(f"format {schema['format']!r}")
    return lambda v: type(v) is not str or test(v)


def _pattern(schema: dict[str, Any], *_: Any) -> Check:
    search = re.compile(schema["pattern"]).search  # the same search jsonschema makes
    return lambda v: type(v) is not str or search(v) is not None


def _max_length(schema: dict[str, Any], *_: Any) -> Check:
    limit = schema["maxLength"]
    return lambda v: type(v) is not str or len(v) <= limit


def _minimum(schema: dict[str, Any], *_: Any) -> Check:
    low = schema["minimum"]
    return lambda v: type(v) not in (int, float) or v >= low


def _maximum(schema: dict[str, Any], *_: Any) -> Check:
    high = schema["maximum"]
    return lambda v: type(v) not in (int, float) or v <= high


def _string(schema: dict[str, Any]) -> Check:
    """A string's checks in one function (most values in a file are strings)."""
    limit = schema.get("maxLength")
    allowed = _enum(schema) if "enum" in schema else None
    formatted = _FORMATS.get(schema["format"]) if "format" in schema else None
    if "format" in schema and formatted is None:
        raise Unsupported(f"format {schema['format']!r}")
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None
    if "const" in schema:
        allowed = _const(schema)

    def check(v: Any) -> bool:
        if type(v) is not str:
            return False
        if limit is not None and len(v) > limit:
            return False
        if allowed is not None and not allowed(v):
            return False
        if formatted is not None and not formatted(v):
            return False
        return search is None or search(v) is not None

    return check


def _any_of(schema: dict[str, Any], max_depth: int | None, level: int) -> Check:
    # The options describe the same value as the schema around them: the same level.
    options = [compile_schema(option, max_depth, level - 1) for option in schema["anyOf"]]
    if len(options) == 2 and schema["anyOf"].count({"type": "null"}) == 1:
        # A nullable value, the usual case: None first, then the other option alone.
        (other,) = [
            o for o, s in zip(options, schema["anyOf"], strict=True) if s != {"type": "null"}
        ]
        return lambda v: v is None or other(v)
    return lambda v: any(option(v) for option in options)


def _object(schema: dict[str, Any], max_depth: int | None, level: int) -> Check:
    """properties, required, additionalProperties, propertyNames, min/maxProperties."""
    properties = {
        name: compile_schema(s, max_depth, level)
        for name, s in schema.get("properties", {}).items()
    }
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    if extra is False:
        other: Check | None = lambda v: False  # noqa: E731 - a check like the others
    elif extra is True and max_depth is None:
        other = None
    else:
        other = compile_schema({} if extra is True else extra, max_depth, level)
    names = compile_schema(schema["propertyNames"]) if "propertyNames" in schema else None
    low = schema.get("minProperties", 0)
    high = schema.get("maxProperties")

    def check(value: Any) -> bool:
        if type(value) is not dict:
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            if names is not None and not names(name):
                return False
            known = properties.get(name)
            if known is not None:
                if not known(item):
                    return False
            elif other is not None and not other(item):
                return False
        return True

    return check


def _array(schema: dict[str, Any], max_depth: int | None, level: int) -> Check:
    """items, prefixItems, minItems, maxItems, uniqueItems."""
    prefix = [compile_schema(s, max_depth, level) for s in schema.get("prefixItems", ())]
    if "items" in schema:
        rest: Check | None = compile_schema(schema["items"], max_depth, level)
    elif max_depth is not None:
        rest = compile_schema({}, max_depth, level)
    else:
        rest = None
    low = schema.get("minItems", 0)
    high = schema.get("maxItems")
    unique = schema.get("uniqueItems", False)

    def check(value: Any) -> bool:
        if type(value) is not list:
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        for item, test in zip(value, prefix, strict=False):
            if not test(item):
                return False
        if rest is not None:
            for item in value[len(prefix) :]:
                if not rest(item):
                    return False
        if unique:
            # Sure only for strings; anything else is left to jsonschema.
            if not all(type(item) is str for item in value):
                return False
            if len(set(value)) != len(value):
                return False
        return True

    return check


_OBJECT_KEYWORDS = frozenset(
    {
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
    }
)
_ARRAY_KEYWORDS = frozenset({"items", "prefixItems", "minItems", "maxItems", "uniqueItems"})


def _open_depth(schema: dict[str, Any], budget: int) -> list[Check]:
    """A depth check for lists and objects the schema leaves open (none where it has a say)."""
    if {"enum", "const", "anyOf"} & set(schema):
        return []
    open_types: tuple[type, ...] = ()
    if schema.get("type", "object") == "object" and _OBJECT_KEYWORDS.isdisjoint(schema):
        open_types += (dict,)
    if schema.get("type", "array") == "array" and _ARRAY_KEYWORDS.isdisjoint(schema):
        open_types += (list,)
    if not open_types:
        return []
    return [lambda v: type(v) not in open_types or depth(v, budget) <= budget]


def depth(value: Any, enough: int | None = None) -> int:
    """How deeply lists and objects nest in a value (a scalar is 0, ``[]`` is 1).

    Iterative, so that no nesting is too deep to measure; with ``enough``, it stops as soon
    as the value is known to nest deeper than that.
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if type(item) is dict:
            item = list(item.values())
        elif type(item) is not list:
            continue
        if level > deepest:
            deepest = level
            if enough is not None and deepest > enough:
                break
        stack.extend((child, level + 1) for child in item if type(child) in (dict, list))
    return deepest


#: Keywords checked on their own, cheapest and most telling first.
_SIMPLE: dict[str, Callable[..., Check]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "format": _format,
    "pattern": _pattern,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "anyOf": _any_of,
}
_STRING_KEYWORDS = frozenset({"type", "maxLength", "enum", "const", "format", "pattern"})
_KNOWN = _IGNORED | set(_SIMPLE) | _OBJECT_KEYWORDS | _ARRAY_KEYWORDS
