"""Minutes: what a meeting's minutes say, and their lifecycle from draft to approved versions.

The minuted content is gathered into a *snapshot*: plain JSON-ready data, with every
label already resolved, from which the PDF is made. Approval seals a snapshot as a
numbered version with the SHA-256 of its canonical JSON; that version's PDF can be
made again byte for byte at any time. Reopening starts the next draft and keeps every
earlier version.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from gettext import NullTranslations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import (
    _seal,
    actions,
    agenda,
    attendance,
    discussion,
    lookup,
    preferences,
    sync,
)
from forumdesk.core.engagements import offers
from forumdesk.core.issue_query import list_issues
from forumdesk.db.base import new_uuid, utcnow
from forumdesk.db.models import Action, Forum, Issue, Meeting, MinutesVersion, TimelineEvent
from forumdesk.domain import limits
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.enums import (
    AttendanceRole,
    MeetingFormat,
    OutcomeKind,
    Presence,
    TimelineKind,
)
from forumdesk.domain.errors import Conflict
from forumdesk.domain.language import Language, day_month_year, local_moment
from forumdesk.domain.records import AttendanceInfo, IssueFilter
from forumdesk.domain.stage_moves import StageMove, net_moves
from forumdesk.i18n import _, for_language

#: 2: stage moves are netted (domain.stage_moves), the language is recorded, and the
#: document is laid out as reports.minutes describes for this format.
SNAPSHOT_FORMAT = 2


@dataclass(frozen=True)
class MinutesOptions:
    """Which sections a clerk includes."""

    issues: bool = True
    actions: bool = True
    resident_names: bool = True  # names of residents who consented to be named
    # never the computer's language; a DocumentText for a bilingual document's layout
    language: Language | DocumentText = Language.ENGLISH

    def as_dict(self) -> dict[str, bool]:
        return {
            "issues": self.issues,
            "actions": self.actions,
            "resident_names": self.resident_names,
        }


@dataclass(frozen=True)
class MinutesVersionInfo:
    """A sealed version of a meeting's minutes."""

    id: int
    meeting_id: int
    version: int
    content: dict[str, Any]
    content_hash: str
    approved_by: str | None
    approved_at: datetime
    agreed_at_meeting_id: int | None
    reopened_at: datetime | None


@dataclass(frozen=True)
class MinutesState:
    """Where a meeting's minutes stand."""

    meeting_id: int
    versions: tuple[MinutesVersionInfo, ...]

    @property
    def sealed(self) -> MinutesVersionInfo | None:
        """The approved version in force (None while the minutes are a draft)."""
        last = self.versions[-1] if self.versions else None
        return last if last is not None and last.reopened_at is None else None

    @property
    def next_version(self) -> int:
        """The number the current draft will have when approved."""
        return (self.versions[-1].version + 1) if self.versions else 1


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a snapshot (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def minutes_snapshot(
    session: Session, meeting: str | int, options: MinutesOptions | None = None
) -> dict[str, Any]:
    """The minuted content of a meeting as it stands now."""
    options = options or MinutesOptions()
    row = lookup.meeting(session, meeting)
    forum = lookup.forum(session, row.forum_id)
    people = attendance.list_attendance(session, row.id)
    items = agenda.list_agenda(session, row.id)
    words = options.language.value  # labels in the minutes' language, not the interface's
    content: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        **DocumentText.of(options.language).record(),  # its language (and layout)
        "council": preferences.get_setting(session, settings.COUNCIL_NAME.key),
        "forum": {"name": forum.name, "code": forum.code},
        "meeting": {
            "format": row.format.label_in(words),
            # What the heading calls it: "the area forum meeting", never "the other".
            "kind": (
                for_language(words).gettext("meeting")
                if row.format is MeetingFormat.OTHER
                else row.format.label_in(words).lower()
            ),
            "title": row.title,
            "date": row.date.isoformat(),
            "start": _hhmm(row.start_time),
            "end": _hhmm(row.end_time),
            "venue": row.venue,
            "chair": row.chair,
            "facilitator": row.facilitator,
            "clerk": row.clerk,
        },
        "attendance": _attendance(people, row.headcount, options),
        "items": [
            {
                "number": item.position,
                "title": item.title,
                "presenter": item.presenter,
                "notes": item.notes,
                "outcomes": [_outcome(session, o) for o in item.outcomes],
            }
            for item in items
        ],
        "options": options.as_dict(),
    }
    if options.issues:
        content["issues_raised"] = _issues_raised(session, row.id, words)
        content["stage_moves"] = _stage_moves(session, row.id, words)
        # Only when there are some, so that minutes without any compose as before.
        if discussed := _issues_discussed(session, row.id, options.language):
            content["issues_discussed"] = discussed
    if options.actions:
        content["actions"] = [
            {
                "description": a.description,
                "owner": a.owner,
                "due": a.due_date.isoformat() if a.due_date else None,
                "status": a.status.label_in(words),
                "carried": a.carried,
            }
            for a in actions.list_actions(session, meeting=row.id)
        ]
    # Only when some were made, so that minutes without offers compose as before.
    if made := offers.minutes_entries(session, row.id, words, names=options.resident_names):
        content["offers"] = made
    return content


def minutes_state(session: Session, meeting: str | int) -> MinutesState:
    """Every approved version of a meeting's minutes, oldest first."""
    row = lookup.meeting(session, meeting)
    versions = session.scalars(
        select(MinutesVersion)
        .where(MinutesVersion.meeting_id == row.id)
        .order_by(MinutesVersion.version)
    )
    return MinutesState(row.id, tuple(_info(v) for v in versions))


def approve_minutes(
    session: Session,
    meeting: str | int,
    *,
    approved_by: str | None = None,
    agreed_at: str | int | None = None,
    options: MinutesOptions | None = None,
    extra: dict[str, Any] | None = None,
) -> MinutesVersionInfo:
    """Seals the minuted content (with ``extra``, such as the logo) as the next version.

    Raises:
        Conflict: the minutes are already approved (reopen them first).
    """
    row = lookup.meeting(session, meeting)
    state = minutes_state(session, row.id)
    if state.sealed is not None:
        raise Conflict(
            _(
                "The minutes of this meeting are already approved as version {version}; "
                "reopen them to change them."
            ).format(version=state.sealed.version)
        )
    agreed_id = lookup.meeting(session, agreed_at).id if agreed_at is not None else None
    content = minutes_snapshot(session, row.id, options) | (extra or {})
    version = MinutesVersion(
        meeting_id=row.id,
        version=state.next_version,
        content=content,
        content_hash=content_hash(content),
        approved_by=limits.text("approved_by", approved_by, limits.SHORT_TEXT),
        approved_at=utcnow(),
        agreed_at_meeting_id=agreed_id,
        uuid=new_uuid(),
    )
    sync.created(session, version)
    session.add(version)
    session.flush()
    return _info(version)


def reopen_minutes(
    session: Session, meeting: str | int, *, reason: str | None = None
) -> MinutesVersionInfo:
    """Starts the next draft; the approved version and its hash stay on record.

    Raises:
        Conflict: the minutes are not approved, so there is nothing to reopen.
    """
    row = lookup.meeting(session, meeting)
    sealed = minutes_state(session, row.id).sealed
    if sealed is None:
        raise Conflict(_("The minutes of this meeting are a draft; there is nothing to reopen."))
    version = session.get(MinutesVersion, sealed.id)
    assert version is not None
    # A versioned edit made here, so that the reopening travels: a desk that holds these
    # minutes approved accepts changes to what they record only with it.
    reopening = {
        "reopened_at": utcnow(),
        "reopen_reason": limits.text("reason", reason, limits.LONG_TEXT),
    }
    sync.apply(session, version, reopening)
    session.flush()
    return _info(version)


ensure_minutes_open = _seal.ensure_minutes_open
#: What approved minutes seal, by table (see core/_seal.py): imports are held to it too.
SEALED = _seal.SEALED


def meeting_label(session: Session, meeting_id: int, language: Language | DocumentText) -> str:
    """ "Brixton Hill Area Forum, 22 September 2026", even for a meeting deleted since."""
    tr = DocumentText.of(language)
    row = session.get(Meeting, meeting_id)
    if row is None:
        return tr.gettext("meeting {id}").format(id=meeting_id)
    forum = session.get(Forum, row.forum_id)
    name = forum.name if forum is not None else tr.gettext("a forum")
    return f"{name}, {day_month_year(row.date, language)}"


def version_by_hash(session: Session, digest: str) -> MinutesVersionInfo | None:
    """The approved version whose content has this SHA-256, if any."""
    found = session.scalars(
        select(MinutesVersion).where(MinutesVersion.content_hash == digest.lower())
    ).first()
    return None if found is None else _info(found)


def _info(row: MinutesVersion) -> MinutesVersionInfo:
    return MinutesVersionInfo(
        id=row.id,
        meeting_id=row.meeting_id,
        version=row.version,
        content=row.content,
        content_hash=row.content_hash,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        agreed_at_meeting_id=row.agreed_at_meeting_id,
        reopened_at=row.reopened_at,
    )


def _hhmm(value: Any) -> str | None:
    return value.strftime("%H:%M") if value else None


def _attendance(
    people: list[AttendanceInfo], headcount: int, options: MinutesOptions
) -> dict[str, Any]:
    named: dict[str, list[str]] = {
        "councillor": [],
        "officer": [],
        "partner": [],
        "resident": [],
        "other": [],
    }
    unnamed_residents = 0
    unnamed_public: Counter[AttendanceRole] = Counter()
    apologies: list[str] = []
    left_early: list[str] = []
    # Those not named are counted where they are listed, so the minutes read the same on
    # a desk that received no residents' names, apart from the names.
    unnamed_apologies: Counter[AttendanceRole] = Counter()
    unnamed_leavers: Counter[AttendanceRole] = Counter()
    for person in people:
        public_role = person.role.is_public
        shown = (
            person.name
            if person.name and (public_role or (person.consent_named and options.resident_names))
            else None
        )
        if person.presence is Presence.APOLOGIES:
            if shown:
                apologies.append(shown)
            else:
                unnamed_apologies[person.role] += 1
            continue
        if person.presence is Presence.LEFT_EARLY:
            if shown:
                left_early.append(shown)
            else:
                unnamed_leavers[person.role] += 1
        if shown:
            named[person.role.value].append(shown)
        elif public_role:
            unnamed_public[person.role] += 1
        else:
            unnamed_residents += 1
    tr = for_language(options.language.value)  # the minutes' language, not the interface's
    for role, number in unnamed_public.items():  # an officer without a name is no resident
        named[role.value].append(_not_named(tr, role, number))
    for role, number in sorted(unnamed_apologies.items()):
        apologies.append(_not_named(tr, role, number))
    for role, number in sorted(unnamed_leavers.items()):
        left_early.append(_not_named(tr, role, number))
    return {
        "councillors": named["councillor"],
        "officers": named["officer"],
        "partners": named["partner"],
        "residents": named["resident"] + named["other"],
        "other_residents": unnamed_residents + headcount,
        "apologies": apologies,
        "left_early": left_early,
    }


def _not_named(tr: NullTranslations, role: AttendanceRole, number: int) -> str:
    """ "2 officers not named", in the minutes' language."""
    if role is AttendanceRole.COUNCILLOR:
        text = tr.ngettext("{n} councillor not named", "{n} councillors not named", number)
    elif role is AttendanceRole.OFFICER:
        text = tr.ngettext("{n} officer not named", "{n} officers not named", number)
    elif role is AttendanceRole.PARTNER:
        text = tr.ngettext("{n} partner not named", "{n} partners not named", number)
    else:  # a resident, or someone signed in as "other"
        text = tr.ngettext("{n} resident not named", "{n} residents not named", number)
    return text.format(n=number)


def _outcome(session: Session, outcome: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": outcome.kind.value, "text": outcome.text}
    if outcome.kind is OutcomeKind.ACTION and outcome.action_id is not None:
        action = session.get(Action, outcome.action_id)  # even if deleted since
        if action is not None:
            entry["owner"] = action.owner
            entry["due"] = action.due_date.isoformat() if action.due_date else None
    if outcome.kind is OutcomeKind.DECISION and outcome.decided_by is not None:
        # Only when said, so that minutes approved before keep their content hash.
        entry["decided_by"] = outcome.decided_by.value
        entry["votes"] = [outcome.votes_for, outcome.votes_against, outcome.votes_abstain]
    return entry


def _issues_raised(session: Session, meeting_id: int, words: str) -> list[dict[str, Any]]:
    page = list_issues(session, IssueFilter(meeting_id=meeting_id))
    return [
        {
            "reference": i.reference,
            "title": i.title,
            "where": ", ".join(dict.fromkeys(p for p in (i.ward, i.place) if p)) or None,
            "stage": f"{i.stage.number}. {i.stage.label_in(words)}",
            "status": i.status.label_in(words),
        }
        for i in page.items
    ]


def _issues_discussed(
    session: Session, meeting_id: int, language: Language | DocumentText
) -> list[dict[str, Any]]:
    """Earlier issues brought to the meeting: what was said, what moved, what residents
    were told (core/discussion.py), with every label in the minutes' language."""
    words = language.value
    found = []
    for d in discussion.discussed_at(session, meeting_id):
        i = d.issue
        raised = (
            meeting_label(session, i.meeting_id, language) if i.meeting_id is not None else None
        )
        response = d.response
        found.append(
            {
                "reference": i.reference,
                "title": i.title,
                "description": i.description,
                "raised_at": raised,
                "raised_on": local_moment(i.created_at).date().isoformat(),
                "said": list(d.said),
                "stage": f"{i.stage.number}. {i.stage.label_in(words)}",
                "status": i.status.label_in(words),
                "moved_from": d.from_stage.label_in(words) if d.from_stage else None,
                "moved_to": d.to_stage.label_in(words) if d.to_stage else None,
                "status_from": d.from_status.label_in(words) if d.from_status else None,
                "status_to": d.to_status.label_in(words) if d.to_status else None,
                "response": (
                    {
                        "text": response.text,
                        "on": local_moment(response.at).date().isoformat(),
                    }
                    if response is not None
                    else None
                ),
            }
        )
    return found


def _stage_moves(session: Session, meeting_id: int, words: str) -> list[dict[str, Any]]:
    """The net stage moves of the meeting; the timeline keeps every step, undos included."""
    rows = session.execute(
        select(TimelineEvent, Issue.reference, Issue.title)
        .join(Issue, Issue.id == TimelineEvent.issue_id)
        .where(
            TimelineEvent.meeting_id == meeting_id,
            TimelineEvent.kind == TimelineKind.STAGE_MOVED,
            Issue.deleted_at.is_(None),
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    ).all()
    titles = {reference: title for _event, reference, title in rows}
    moves = net_moves(
        StageMove(reference, event.from_stage, event.to_stage, event.text)
        for event, reference, _title in rows
    )
    return [
        {
            "reference": m.issue,
            "title": titles[m.issue],
            "from": m.from_stage.label_in(words) if m.from_stage else None,
            "to": m.to_stage.label_in(words) if m.to_stage else None,
            "note": m.note,
        }
        for m in moves
    ]
