"""What a person knows an exchanged record by, for import reports and conflicts: a
reference, a name, a title, what an action says; a UUID only where there is nothing else."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.domain.enums import (
    AttendanceRole,
    CountKind,
    MeetingFormat,
    OfferKind,
    OutcomeKind,
    ParticipantRole,
    TimelineKind,
    _Labelled,
)
from forumdesk.exchange.kinds import BY_NAME, Kind
from forumdesk.i18n import _, ngettext


class Labels:
    """Names the records of one import, remembering issues and actions for the records
    that refer to them (a timeline entry, a carried action)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[str, str] = {}  # an issue's or action's UUID: its label

    def __call__(self, kind: Kind, record: dict[str, Any]) -> str:
        fields, name = record["fields"], kind.name
        named = _NAMED_BY.get(name)
        label = named(fields) if named is not None else self._by_reference(name, fields)
        label = label or record["uuid"]
        if name in ("issues", "actions", "engagements"):
            self.known[record["uuid"]] = label
        return label

    def _by_reference(self, name: str, fields: dict[str, Any]) -> str:
        if name == "timeline_events":
            kind = _choice(TimelineKind, fields.get("kind"))
            return f"{self.of('issues', fields.get('issue'))}: {kind}"
        if name == "engagement_counts":
            return count_label(
                _choice(CountKind, fields.get("kind")),
                fields.get("key"),
                fields.get("option"),
                self.engagement(fields.get("engagement")),
            )
        if name == "engagement_issues":
            return _("{engagement}: {issue}").format(
                engagement=self.engagement(fields.get("engagement")),
                issue=self.of("issues", fields.get("issue")),
            )
        if name == "draws":
            return _("Jury draw of {engagement} (seed {seed})").format(
                engagement=self.engagement(fields.get("engagement")), seed=fields.get("seed")
            )
        if name == "participants":
            role = _choice(ParticipantRole, fields.get("role"))
            named = fields.get("name") or _("{role} (not named)").format(role=role)
            return _("{person}, {engagement}").format(
                person=named if fields.get("name") is None else f"{named} ({role})",
                engagement=self.engagement(fields.get("engagement")),
            )
        if name == "offers":
            return f"{_choice(OfferKind, fields.get('kind'))}: {short(fields.get('description'))}"
        if name == "action_carries":
            return _("{action} (carried forward)").format(
                action=self.of("actions", fields.get("action"))
            )
        return next(
            (str(fields[key]) for key in ("reference", "code", "title", "name") if fields.get(key)),
            "",
        )

    def engagement(self, uuid: str | None) -> str:
        """An engagement's reference (``BHF-PET-7F3A``), from this desk."""
        if uuid is None:
            return _("(none)")
        if uuid not in self.known:
            model: Any = BY_NAME["engagements"].model
            found = self.session.scalar(select(model.reference).where(model.uuid == uuid))
            self.known[uuid] = found or uuid
        return self.known[uuid]

    def of(self, kind_name: str, uuid: str | None) -> str:
        """The label of an issue or action in the file, or already on this desk."""
        if uuid is None:
            return _("(none)")
        if uuid not in self.known:
            model: Any = BY_NAME[kind_name].model
            column = model.reference if kind_name == "issues" else model.description
            found = self.session.scalar(select(column).where(model.uuid == uuid))
            self.known[uuid] = short(found) if found else uuid
        return self.known[uuid]


#: How records of a kind are named from their own fields (others: see Labels).
_NAMED_BY: dict[str, Callable[[dict[str, Any]], str]] = {
    "issues": lambda f: f.get("reference") or "",
    "engagements": lambda f: f.get("reference") or "",
    "meetings": lambda f: (
        f.get("title") or f"{_choice(MeetingFormat, f.get('format'))}, {f.get('date')}"
    ),
    "attendance": lambda f: (
        f.get("name") or _("{role} (not named)").format(role=_choice(AttendanceRole, f.get("role")))
    ),
    "actions": lambda f: short(f.get("description")),
    "outcomes": lambda f: f"{_choice(OutcomeKind, f.get('kind'))}: {short(f.get('text'))}",
    "minutes_versions": lambda f: _("Minutes, version {version}").format(version=f.get("version")),
    "erasures": lambda f: _erasure(f),
    # A person holds no personal data: what they are is their linked sign-ins.
    "people": lambda f: (
        _("A person whose personal data was erased")
        if f.get("erased_at")
        else _("A person (sign-ins linked as one)")
    ),
}


def _erasure(fields: dict[str, Any]) -> str:
    """ "Erasure of contact details from 1 sign-in (consent withdrawn)": never a name."""
    erased = set(fields.get("fields") or ())
    if erased >= {"name", "contact"}:
        what = _("name and contact details")
    elif "name" in erased:
        what = _("name")
    else:
        what = _("contact details")
    why = {
        "request": _("at the person's request"),
        "consent": _("consent withdrawn"),
        "removed": _("sign-in removed"),
        "retention": _("kept past the retention period"),
    }.get(str(fields.get("reason")), str(fields.get("reason")))
    n = len(fields.get("attendance") or ())
    said = ngettext(
        "Erasure of {what} from {n} sign-in ({why})",
        "Erasure of {what} from {n} sign-ins ({why})",
        n,
    ).format(what=what, n=n, why=why)
    others = len(fields.get("records") or ())
    if not others:
        return said
    return _("{erasure}, and of {records}").format(
        erasure=said,
        records=ngettext(
            "{n} engagement participant, offer or contribution",
            "{n} engagement participants, offers or contributions",
            others,
        ).format(n=others),
    )


def count_label(what: str, key: Any, option: Any, engagement: str) -> str:
    """ "Paper signature sheet 3 of BHF-PET-7F3A", "Ballots for an option: Yes, Box 1, of
    BHF-BAL-2C9E": one count as the clerk who entered it knows it."""
    if option:
        return _("{what}: {option}, {key}, of {engagement}").format(
            what=what, option=option, key=key or "-", engagement=engagement
        )
    if key:
        return _("{what} {key} of {engagement}").format(what=what, key=key, engagement=engagement)
    return _("{what} of {engagement}").format(what=what, engagement=engagement)


def _choice(enum: type[_Labelled], value: Any) -> str:
    return _labels_of(enum).get(value) or str(value)


@cache
def _labels_of(enum: type[_Labelled]) -> dict[str, str]:
    return {member.value: member.label for member in enum}


def short(text: Any, most: int = 60) -> str:
    """Text on one line, cut to ``most`` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"


def import_summary(counts: dict[str, int]) -> str:
    """What an import did, as a sentence: ``The file holds 3 records: 1 new, 2 unchanged.``"""
    total = sum(counts.values())
    if total == 0:
        return _("The file holds no records.")
    parts = [_counted(action, n) for action, n in counts.items() if n]
    return ngettext(
        "The file holds {n} record: {parts}.", "The file holds {n} records: {parts}.", total
    ).format(n=total, parts=", ".join(parts))


def _counted(action: str, n: int) -> str:
    """ "2 new", "1 in conflict": how many records an import left one way."""
    if action == "new":
        text = ngettext("{n} new", "{n} new", n)
    elif action == "updated":
        text = ngettext("{n} updated", "{n} updated", n)
    elif action == "merged":
        text = ngettext("{n} merged", "{n} merged", n)
    elif action == "unchanged":
        text = ngettext("{n} unchanged", "{n} unchanged", n)
    else:
        text = ngettext("{n} in conflict", "{n} in conflict", n)
    return text.format(n=n)
