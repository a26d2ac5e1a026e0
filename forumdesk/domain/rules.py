"""The one set of field rules, whoever brings the value: a person typing it or a file.

Each table maps a field to its check: a function that returns the value as it is stored
or raises :class:`~forumdesk.domain.errors.InvalidValue` naming the field. The services
run what a person types through the tables (``forumdesk.core._edit.clean``); an import
runs every record of an exchange file through the same tables before anything is written
(``forumdesk.exchange.validate``), so a desk never holds from a file what it would refuse
when typed.

The tables whose name ends in ``_OTHER`` hold fields a person does not edit directly (a
stage, a status, a headcount, a reference) but that their own services set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, time
from functools import partial
from typing import Any

from forumdesk.domain import limits
from forumdesk.domain.enums import (
    ActionStatus,
    AttendanceRole,
    BallotRule,
    Channel,
    CountKind,
    DecisionMethod,
    EngagementKind,
    EngagementStatus,
    IssueStatus,
    LinkRole,
    Mechanism,
    MeetingFormat,
    MeetingStatus,
    OfferKind,
    OfferStatus,
    OutcomeKind,
    ParticipantRole,
    PolicyStage,
    Presence,
)
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _, ngettext

Check = Callable[[Any], Any]

MAX_WARDS = 50
THEME_NAME = 100
REFERENCE = 32  # an issue's reference (BHF-0042), which its desk gives it


def optional_text(field: str, limit: int, *, one_line: bool = False) -> Check:
    """A check for an optional text field."""
    return partial(limits.text, field, limit=limit, one_line=one_line)


def required_text(field: str, limit: int, *, one_line: bool = False) -> Check:
    """A check for a text field that must not be empty."""
    return partial(limits.required_text, field, limit=limit, one_line=one_line)


def enum_value(field: str, cls: type, *, optional: bool = False) -> Check:
    """A check that accepts a member of ``cls`` or text naming one."""

    by_value = {member.value: member for member in cls}  # type: ignore[attr-defined]  # an enum

    def check(value: Any) -> Any:
        if value is None or value == "":
            if optional:
                return None
            raise InvalidValue(field, _("must be given"))
        if isinstance(value, cls):
            return value
        if isinstance(value, str) and value in by_value:  # the stored spelling, as files carry it
            return by_value[value]
        if not isinstance(value, str):
            raise InvalidValue(
                field, _("expected text, got {kind}").format(kind=type(value).__name__)
            )
        try:
            return cls.parse(value)  # type: ignore[attr-defined]  # our enums all have parse()
        except ValueError as exc:
            raise InvalidValue(field, str(exc)) from exc

    return check


def date_value(field: str, *, optional: bool = True) -> Check:
    """A check for a date (a ``date`` or ISO text such as 2026-03-04) that a meeting or a
    deadline could have (:func:`forumdesk.domain.limits.plausible_date`)."""

    def check(value: Any) -> date | None:
        if value is None or value == "":
            if optional:
                return None
            raise InvalidValue(field, _("must be given"))
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError as exc:
                raise InvalidValue(
                    field, _("{value} is not a date like 2026-03-04").format(value=repr(value))
                ) from exc
        if not isinstance(value, date):
            raise InvalidValue(
                field, _("expected a date, got {kind}").format(kind=type(value).__name__)
            )
        return limits.plausible_date(field, value)

    return check


def time_value(field: str) -> Check:
    """A check for an optional time of day (a ``time`` or text such as 18:30, in the
    digits 0-9: ``time.fromisoformat`` alone accepts other scripts' digits)."""

    def check(value: Any) -> time | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            text = value.strip()
            try:
                if not text.isascii():
                    raise ValueError(text)
                value = time.fromisoformat(text)
            except ValueError as exc:
                raise InvalidValue(
                    field, _("{value} is not a time like 18:30").format(value=repr(value))
                ) from exc
        if not isinstance(value, time):
            raise InvalidValue(
                field, _("expected a time, got {kind}").format(kind=type(value).__name__)
            )
        return value.replace(tzinfo=None)

    return check


def flag(field: str) -> Check:
    """A check for a yes/no field."""

    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise InvalidValue(
                field, _("expected yes or no, got {value}").format(value=repr(value))
            )
        return value

    return check


def whole_number(field: str, maximum: int) -> Check:
    """A check for a count from 0 to ``maximum``."""
    return partial(limits.count, field, maximum=maximum)


def wards(value: Any) -> list[str]:
    """A forum's wards: a list of names (or one text separated by commas), each a short
    text, duplicates dropped, at most :data:`MAX_WARDS`."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Sequence):
        raise InvalidValue("wards", _("expected a list of ward names"))
    names = [limits.text("wards", str(v), limits.SHORT_TEXT) for v in value]
    cleaned = list(dict.fromkeys(n for n in names if n))
    if len(cleaned) > MAX_WARDS:
        raise InvalidValue(
            "wards",
            ngettext(
                "at most {limit} ward, not {n}", "at most {limit} wards, not {n}", MAX_WARDS
            ).format(limit=MAX_WARDS, n=len(cleaned)),
        )
    return cleaned


FORUM: Mapping[str, Check] = {
    "code": limits.forum_code,
    "name": required_text("name", limits.SHORT_TEXT),
    "area": optional_text("area", limits.SHORT_TEXT),
    "wards": wards,
    "description": optional_text("description", limits.LONG_TEXT),
}
THEME: Mapping[str, Check] = {"name": required_text("themes", THEME_NAME)}
MEETING: Mapping[str, Check] = {
    "format": enum_value("format", MeetingFormat),
    "title": optional_text("title", limits.TITLE, one_line=True),
    "date": date_value("date", optional=False),
    "start_time": time_value("start_time"),
    "end_time": time_value("end_time"),
    "venue": optional_text("venue", limits.SHORT_TEXT),
    "chair": optional_text("chair", limits.SHORT_TEXT),
    "facilitator": optional_text("facilitator", limits.SHORT_TEXT),
    "clerk": optional_text("clerk", limits.SHORT_TEXT),
}
MEETING_OTHER: Mapping[str, Check] = {
    "status": enum_value("status", MeetingStatus),
    "headcount": whole_number("headcount", limits.MAX_HEADCOUNT),
}
ATTENDANCE: Mapping[str, Check] = {
    "name": optional_text("name", limits.SHORT_TEXT),
    "role": enum_value("role", AttendanceRole),
    "presence": enum_value("presence", Presence),
    "consent_named": flag("consent_named"),
    "consent_contact": flag("consent_contact"),
    "contact": optional_text("contact", limits.SHORT_TEXT),
}
AGENDA_ITEM: Mapping[str, Check] = {
    "title": required_text("title", limits.TITLE, one_line=True),
    "presenter": optional_text("presenter", limits.SHORT_TEXT),
    "notes": optional_text("notes", limits.LONG_TEXT),
    "discussed": flag("discussed"),
}
ISSUE: Mapping[str, Check] = {
    "title": required_text("title", limits.TITLE, one_line=True),
    "description": optional_text("description", limits.LONG_TEXT),
    "ward": optional_text("ward", limits.SHORT_TEXT),
    "place": optional_text("place", limits.SHORT_TEXT),
    "mechanism": enum_value("mechanism", Mechanism, optional=True),
    "support": whole_number("support", limits.MAX_SUPPORT),
    "owner": optional_text("owner", limits.SHORT_TEXT),
    "due_date": date_value("due_date"),
    "response_due": date_value("response_due"),
}
ISSUE_OTHER: Mapping[str, Check] = {
    "reference": optional_text("reference", REFERENCE, one_line=True),
    "stage": enum_value("stage", PolicyStage),
    "status": enum_value("status", IssueStatus),
}
TIMELINE_EVENT: Mapping[str, Check] = {
    "text": optional_text("text", limits.LONG_TEXT),  # a comment's, a response's or a note
    "author": optional_text("author", limits.SHORT_TEXT),
}
ACTION: Mapping[str, Check] = {
    "description": required_text("description", limits.LONG_TEXT),
    "owner": optional_text("owner", limits.SHORT_TEXT),
    "due_date": date_value("due_date"),
    "status": enum_value("status", ActionStatus),
}
OUTCOME: Mapping[str, Check] = {
    "kind": enum_value("kind", OutcomeKind),
    "text": required_text("text", limits.LONG_TEXT),
}
MINUTES_VERSION: Mapping[str, Check] = {
    "approved_by": optional_text("approved_by", limits.SHORT_TEXT),
    "reopen_reason": optional_text("reason", limits.LONG_TEXT),
}
#: At most this many questions (a consultation) or options (a ballot).
MAX_CHOICES = 50
#: A count entered by hand: signatures on a sheet, ballots in a box, responses.
MAX_COUNT = 10_000_000


def text_list(field: str, limit: int = limits.TITLE) -> Check:
    """A check for a list of one-line texts (questions, options): blanks dropped."""

    def check(value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise InvalidValue(field, _("expected a list of texts"))
        texts = [limits.text(field, str(v), limit, one_line=True) for v in value]
        cleaned = [t for t in texts if t]
        seen: set[str] = set()
        for text in cleaned:
            folded = " ".join(text.casefold().split())
            if folded in seen:
                raise InvalidValue(field, _("{text!r} is given twice").format(text=text))
            seen.add(folded)
        if len(cleaned) > MAX_CHOICES:
            raise InvalidValue(
                field,
                ngettext(
                    "at most {limit} entry, not {n}",
                    "at most {limit} entries, not {n}",
                    MAX_CHOICES,
                ).format(limit=MAX_CHOICES, n=len(cleaned)),
            )
        return cleaned

    return check


def optional_number(field: str, maximum: int) -> Check:
    """:func:`whole_number`, or None."""
    whole = whole_number(field, maximum)
    return lambda value: None if value is None else whole(value)


ENGAGEMENT: Mapping[str, Check] = {
    "title": required_text("title", limits.TITLE, one_line=True),
    "wording": optional_text("wording", limits.LONG_TEXT),
    "opens": date_value("opens"),
    "closes": date_value("closes"),
    "status": enum_value("status", EngagementStatus),
    "outcome": optional_text("outcome", limits.LONG_TEXT),
    "response_due": date_value("response_due"),
    "responded_at": date_value("responded_at"),
    "threshold_response": optional_number("threshold_response", MAX_COUNT),
    "threshold_debate": optional_number("threshold_debate", MAX_COUNT),
    "response_days": optional_number("response_days", 3650),
    "questions": text_list("questions", limits.LONG_TEXT),
    "options": text_list("options"),
    "you_said_we_did": optional_text("you_said_we_did", limits.LONG_TEXT),
    "committee": optional_text("committee", limits.SHORT_TEXT),
    "electorate": optional_number("electorate", MAX_COUNT),
    "rule": enum_value("rule", BallotRule, optional=True),
    "rule_threshold": optional_number("rule_threshold", 100),
    "binding": flag("binding"),
    "platform": optional_text("platform", limits.SHORT_TEXT),
}
ENGAGEMENT_OTHER: Mapping[str, Check] = {
    "kind": enum_value("kind", EngagementKind),
    "reference": optional_text("reference", REFERENCE, one_line=True),
}
ENGAGEMENT_ISSUE: Mapping[str, Check] = {
    "stage": enum_value("stage", PolicyStage),
    "role": enum_value("role", LinkRole),
}
PARTICIPANT: Mapping[str, Check] = {
    "role": enum_value("role", ParticipantRole),
    "name": optional_text("name", limits.SHORT_TEXT),
    "contact": optional_text("contact", limits.SHORT_TEXT),
    "consent_named": flag("consent_named"),
    "consent_contact": flag("consent_contact"),
    "ward": optional_text("ward", limits.SHORT_TEXT),
    "age_band": optional_text("age_band", 20, one_line=True),
    "voting": flag("voting"),
    "term_from": date_value("term_from"),
    "term_to": date_value("term_to"),
    "interests": optional_text("interests", limits.LONG_TEXT),
}
ENGAGEMENT_COUNT: Mapping[str, Check] = {
    "kind": enum_value("kind", CountKind),
    "key": optional_text("key", limits.SHORT_TEXT, one_line=True),
    "option": optional_text("option", limits.SHORT_TEXT, one_line=True),
    "count": whole_number("count", MAX_COUNT),
    "channel": enum_value("channel", Channel, optional=True),
    "note": optional_text("note", limits.LONG_TEXT),
    "entered_on": date_value("entered_on"),
}
DRAW: Mapping[str, Check] = {
    "seed": required_text("seed", limits.SHORT_TEXT, one_line=True),
    "size": whole_number("size", 10_000),
    "witnesses": optional_text("witnesses", limits.LONG_TEXT),
}
CONTRIBUTION: Mapping[str, Check] = {
    "external_id": required_text("external_id", limits.SHORT_TEXT, one_line=True),
    "title": required_text("title", limits.TITLE, one_line=True),
    "text": optional_text("text", limits.LONG_TEXT),
    "author": optional_text("author", limits.SHORT_TEXT),
    "supports": whole_number("supports", MAX_COUNT),
}
OFFER: Mapping[str, Check] = {
    "kind": enum_value("kind", OfferKind),
    "description": required_text("description", limits.LONG_TEXT),
    "status": enum_value("status", OfferStatus),
    "name": optional_text("name", limits.SHORT_TEXT),
    "contact": optional_text("contact", limits.SHORT_TEXT),
    "consent_named": flag("consent_named"),
    "consent_contact": flag("consent_contact"),
    "offered_on": date_value("offered_on"),
    "delivered_on": date_value("delivered_on"),
    "delivered": optional_text("delivered", limits.LONG_TEXT),
}
#: How a co-decision was decided, with the votes of a show of hands.
DECISION: Mapping[str, Check] = {
    "decided_by": enum_value("decided_by", DecisionMethod, optional=True),
    "votes_for": optional_number("votes_for", limits.MAX_HEADCOUNT),
    "votes_against": optional_number("votes_against", limits.MAX_HEADCOUNT),
    "votes_abstain": optional_number("votes_abstain", limits.MAX_HEADCOUNT),
}
#: The name a desk gives itself, which travels in every file it exports.
DESK_NAME: Check = optional_text("name", limits.SHORT_TEXT, one_line=True)
