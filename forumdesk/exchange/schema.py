"""The JSON Schema of the exchange file, generated from the models and shipped in resources/.

`python -m forumdesk.exchange.schema > resources/exchange.schema.json` writes it again; a
test checks that the shipped file is what the models say.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Integer, String, Text, Time

from forumdesk.domain import limits
from forumdesk.exchange import document
from forumdesk.exchange.kinds import KINDS, Kind
from forumdesk.paths import resources_dir

UUID = {"type": "string", "format": "uuid"}
STAMP = {"type": "string", "format": "date-time", "maxLength": 40}
MAX_RECORDS = 5_000_000
SCHEMA_FILE = "exchange.schema.json"
#: JSON columns holding lists of UUIDs, and lists of text (format 1.5).
UUID_LISTS = {("draws", "pool"), ("draws", "chosen"), ("erasures", "records")}
TEXT_LISTS = {
    ("engagements", "questions"),
    ("engagements", "options"),
    ("draws", "strata"),
}


def _column_schema(kind: Kind, name: str) -> dict[str, Any]:
    column = kind.model.__table__.columns[name]  # type: ignore[attr-defined]  # a model's table
    kind_type = column.type
    impl = getattr(kind_type, "impl", kind_type)
    schema: dict[str, Any]
    if isinstance(kind_type, Enum):
        schema = {"type": "string", "enum": list(kind_type.enums)}
    elif isinstance(impl, DateTime):
        schema = dict(STAMP)
    elif isinstance(impl, Date):
        schema = {"type": "string", "format": "date", "maxLength": 10}
    elif isinstance(impl, Time):
        schema = {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$"}
    elif isinstance(impl, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(impl, Integer):
        schema = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
    elif isinstance(impl, Text):
        schema = {"type": "string", "maxLength": limits.LONG_TEXT}
    elif isinstance(impl, String):
        schema = {"type": "string", "maxLength": impl.length or limits.SHORT_TEXT}
    elif isinstance(impl, JSON):
        if name == "wards":
            schema = {
                "type": "array",
                "maxItems": 50,
                "items": {"type": "string", "maxLength": limits.SHORT_TEXT},
            }
        elif kind.name == "engagements" and name in ("questions", "options"):
            schema = {  # lists of text: a consultation's questions, a ballot's options
                "type": "array",
                "maxItems": 200,
                "items": {"type": "string", "maxLength": limits.LONG_TEXT},
            }
        elif kind.name == "erasures" and name in ("attendance", "fields"):
            schema = {
                "type": "array",
                "maxItems": MAX_RECORDS,
                "items": UUID if name == "attendance" else {"enum": ["name", "contact"]},
                "uniqueItems": True,
            }
        elif name == "redactions":  # places in sealed minutes, and the erasure of each
            schema = {
                "type": "array",
                "maxItems": MAX_RECORDS,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["path", "erasure"],
                    "properties": {
                        "path": {
                            "type": "array",
                            "maxItems": 50,
                            "items": {"type": ["string", "integer"], "maxLength": 200},
                        },
                        "erasure": {"anyOf": [UUID, {"type": "null"}]},
                    },
                },
            }
        elif (kind.name, name) in UUID_LISTS:  # participants in the order drawn, erased records
            schema = {
                "type": "array",
                "maxItems": MAX_RECORDS,
                "items": UUID,
                "uniqueItems": True,
            }
        elif (kind.name, name) in TEXT_LISTS:  # a consultation's questions, a ballot's options
            schema = {
                "type": "array",
                "maxItems": 200,
                "items": {"type": "string", "maxLength": limits.LONG_TEXT},
            }
        elif (kind.name, name) == ("draws", "quotas"):
            schema = {
                "type": "object",
                "maxProperties": 10_000,
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10_000},
            }
        else:
            schema = {"type": "object"}
    else:  # pragma: no cover - a new column type must be described here
        raise TypeError(f"no schema for {kind.name}.{name} ({kind_type!r})")  # i18n: not text
    if column.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _kind_schema(kind: Kind) -> dict[str, Any]:
    properties = {name: _column_schema(kind, name) for name in kind.fields}
    for wire in kind.refs:
        properties[wire] = {"anyOf": [UUID, {"type": "null"}]}
    if "home_desk" in properties:  # a desk's UUID, or null: a forum from before 1.2
        properties["home_desk"] = {"anyOf": [UUID, {"type": "null"}]}
    if kind.name == "erasures":  # the desk that erased, and the person erased (or null)
        properties["desk_uuid"] = UUID
        properties["person_uuid"] = {"anyOf": [UUID, {"type": "null"}]}
    if kind.name == "issues":
        properties["themes"] = {
            "type": "array",
            "items": UUID,
            "maxItems": limits.MAX_THEMES,
            "uniqueItems": True,
        }
    required = sorted(set(properties) - set(kind.personal) - set(kind.added))
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["uuid", "vv", "dots", "created_at", "updated_at", "deleted_at", "fields"],
        "properties": {
            "uuid": UUID,
            "vv": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 10_000,
                "propertyNames": {"format": "uuid", "maxLength": 36},
                "additionalProperties": {"type": "integer", "minimum": 1},
            },
            "dots": {
                "type": "object",
                "maxProperties": 100,
                "propertyNames": {"enum": sorted(kind.merge_fields)},
                "additionalProperties": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": 2,
                    "prefixItems": [UUID, {"type": "integer", "minimum": 1}],
                },
            },
            "created_at": STAMP,
            "updated_at": STAMP,
            "deleted_at": {"anyOf": [STAMP, {"type": "null"}]},
            "fields": {
                "type": "object",
                "additionalProperties": False,
                "required": required,
                "properties": properties,
            },
        },
    }


def generate() -> dict[str, Any]:
    """The schema of format version 1."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://forumdesk.example/schemas/exchange-1.json",
        "title": "ForumDesk exchange file, format version 1",  # i18n: not text
        "type": "object",
        "additionalProperties": False,
        "required": [
            "format",
            "format_version",
            "export_id",
            "desk",
            "exported_at",
            "selection",
            "counts",
            "content_sha256",
            "records",
        ],
        "properties": {
            "format": {"const": document.FORMAT},
            "format_version": {"type": "string", "pattern": r"^1\.[0-9]+$"},
            "export_id": UUID,
            "desk": {
                "type": "object",
                "additionalProperties": False,
                "required": ["uuid", "name"],
                "properties": {
                    "uuid": UUID,
                    "name": {"type": "string", "maxLength": limits.SHORT_TEXT},
                },
            },
            "exported_at": STAMP,
            "selection": {"type": "object", "maxProperties": 20},
            "counts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
            "content_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "signature": {
                "type": "object",
                "additionalProperties": False,
                "required": ["algorithm", "value"],
                "properties": {
                    "algorithm": {"const": document.SIGNATURE_ALGORITHM},
                    "value": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                },
            },
            document.DESK_SIGNATURE: {
                "type": "object",
                "additionalProperties": False,
                "required": ["algorithm", "public_key", "value"],
                "properties": {
                    "algorithm": {"const": document.DESK_ALGORITHM},
                    "public_key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "value": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
                },
            },
            "received_from": {
                "type": "array",
                "maxItems": 10_000,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["uuid", "name", "fingerprint"],
                    "properties": {
                        "uuid": UUID,
                        "name": {"type": "string", "maxLength": limits.SHORT_TEXT},
                        "fingerprint": {
                            "type": "string",
                            "pattern": "^[0-9a-f]{4}( [0-9a-f]{4}){7}$",
                        },
                    },
                },
            },
            "records": {
                "type": "object",
                "additionalProperties": False,
                "required": [kind.name for kind in KINDS if kind.since == 0],
                "properties": {
                    kind.name: {
                        "type": "array",
                        "maxItems": MAX_RECORDS,
                        "items": _kind_schema(kind),
                    }
                    for kind in KINDS
                },
            },
        },
    }


@cache
def shipped() -> dict[str, Any]:
    """The schema file that ships in resources/."""
    schema: dict[str, Any] = json.loads((resources_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


if __name__ == "__main__":
    json.dump(generate(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
