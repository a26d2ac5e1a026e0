"""Every record of a file meets the field rules a person's typing meets.

The JSON Schema says what shape a file has; these are the rules of
:mod:`forumdesk.domain.rules` (no control characters, no empty title, a due date a
council could set, support within its limit, a time of day that is one), run on every
record before anything is written, so that a desk never holds from a file what it
refuses when typed, and never exports a file another desk refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from forumdesk.domain import rules
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.fields import field_label
from forumdesk.exchange.kinds import BY_NAME, KINDS
from forumdesk.i18n import _

#: The rules of each kind of record, by its name in the file.
RULES: dict[str, Mapping[str, rules.Check]] = {
    "forums": rules.FORUM,
    "themes": rules.THEME,
    "meetings": {**rules.MEETING, **rules.MEETING_OTHER},
    "attendance": rules.ATTENDANCE,
    "agenda_items": rules.AGENDA_ITEM,
    "issues": {**rules.ISSUE, **rules.ISSUE_OTHER},
    "timeline_events": {**rules.TIMELINE_EVENT, **rules.DECISION},
    "actions": rules.ACTION,
    "outcomes": {**rules.OUTCOME, **rules.DECISION},
    "minutes_versions": rules.MINUTES_VERSION,
    "engagements": {**rules.ENGAGEMENT, **rules.ENGAGEMENT_OTHER},
    "engagement_issues": rules.ENGAGEMENT_ISSUE,
    "participants": rules.PARTICIPANT,
    "engagement_counts": rules.ENGAGEMENT_COUNT,
    "draws": rules.DRAW,
    "contributions": rules.CONTRIBUTION,
    "offers": rules.OFFER,
}


#: How many problems of a file are found before the checks stop looking.
ENOUGH = 200


def envelope_problems(doc: dict[str, Any]) -> list[str]:
    """The sending desk's name, checked as a desk's name is when typed."""
    try:
        rules.DESK_NAME(doc["desk"]["name"])
    except InvalidValue as exc:
        return [_("The sending desk's {problem}").format(problem=_lower_first(str(exc)))]
    return []


def record_problems(kind_name: str, index: int, record: dict[str, Any]) -> list[str]:
    """What in one record (the ``index``-th of its kind) breaks a field rule, or carries
    personal data without the consent it is held under."""
    found: list[str] = []
    table = RULES.get(kind_name)
    if table:
        fields = record["fields"]
        for name, check in table.items():
            if name not in fields:
                continue
            try:
                check(fields[name])
            except InvalidValue as exc:
                found.append(
                    _("{record} ({kind}[{index}]): {problem}").format(
                        record=_record(BY_NAME[kind_name], record),
                        kind=kind_name,
                        index=index,
                        problem=exc,
                    )
                )
    if kind_name in ("participants", "offers"):  # i18n: not text
        found += _without_consent(BY_NAME[kind_name], index, record)
    return found


#: The personal fields of a participant or an offer, and the consent each is held under.
CONSENTS = {"name": "consent_named", "interests": "consent_named", "contact": "consent_contact"}


def _without_consent(kind: Any, index: int, record: dict[str, Any]) -> list[str]:
    """A participant's or offer's name or contact detail given without the consent it is
    held under: a desk never holds it (a witness, who gives evidence in public, is named
    without one), so a file that carries it is refused, as typing it is."""
    found = []
    fields = record["fields"]
    witness = kind.name == "participants" and fields.get("role") == "witness"
    for name, consent in CONSENTS.items():
        if not fields.get(name) or fields.get(consent) is True:
            continue
        if witness and name == "name":
            continue
        found.append(
            _(
                "{record} ({kind}[{index}]): {field} is given without the person's "
                "consent ('{consent}' is not set); a desk holds it only with consent."
            ).format(
                record=_record(kind, record),
                kind=kind.name,
                index=index,
                field=field_label(name),
                consent=field_label(consent),
            )
        )
    return found


def held_twice(doc: dict[str, Any]) -> list[str]:
    """Two records of the file that no desk can hold both of: two forums with one code.
    (Two versions of one meeting's minutes with one number are exchange/sealed.py's.)"""
    found = []
    twice: list[tuple[str, str, Callable[[dict[str, Any]], object]]] = [
        ("forums", "code", lambda f: str(f.get("code", "")).upper()),
    ]
    for kind_name, name, key in twice:
        seen: dict[Any, str] = {}
        kind = next(kind for kind in KINDS if kind.name == kind_name)
        for index, record in enumerate(doc["records"].get(kind_name, ())):
            if record.get("deleted_at"):
                continue
            value = key(record["fields"])
            if value in seen:
                found.append(
                    _(
                        "{record} ({kind}[{index}]): {field} {value} is also that of {other} "
                        "in this file; a desk can hold only one of them."
                    ).format(
                        record=_record(kind, record),
                        kind=kind_name,
                        index=index,
                        field=field_label(name),
                        value=record["fields"].get(name),
                        other=seen[value],
                    )
                )
            else:
                seen[value] = _record(kind, record)
    return found


def _record(kind: Any, record: dict[str, Any]) -> str:
    """A record as a person knows it: an issue by its reference, a forum by its name,
    anything else by its kind and UUID."""
    fields = record["fields"]
    reference = fields.get("reference")
    if isinstance(reference, str) and reference.isprintable() and reference:
        return f"{kind.noun} {reference}"
    name = fields.get("name") if kind.name == "forums" else None
    if isinstance(name, str) and name.isprintable() and name.strip():
        return f"{kind.noun} '{name.strip()[:80]}' ({record['uuid']})"
    return f"{kind.noun} {record['uuid']}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
