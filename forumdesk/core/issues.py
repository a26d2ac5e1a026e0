"""Issues: record one fast, edit, move through the policy cycle, comment, respond, delete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from forumdesk.core import _edit, convert, lookup, sync
from forumdesk.core.engagements import decisions
from forumdesk.db.base import new_uuid, utcnow
from forumdesk.db.models import (
    Action,
    Forum,
    Issue,
    Meeting,
    ReferenceCounter,
    Theme,
    TimelineEvent,
    issue_theme,
)
from forumdesk.domain import limits, references, rules
from forumdesk.domain.enums import (
    DecisionMethod,
    IssueStatus,
    Mechanism,
    PolicyStage,
    TimelineKind,
)
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from forumdesk.domain.records import IssueDetail, IssueInfo, TimelineEntry
from forumdesk.i18n import _, ngettext

_CHECKS: dict[str, _edit.Check] = {
    **rules.ISSUE,
    "meeting_id": _edit.optional_id("meeting_id"),
    "agenda_item_id": _edit.optional_id("agenda_item_id"),
    "raised_by_id": _edit.optional_id("raised_by_id"),
}


# Statements of the capture path, built once so that only parameters change per call.
_TARGET = select(Forum.id, Forum.code, Forum.home_desk).where(Forum.deleted_at.is_(None))
_TARGET_BY_ID = _TARGET.where(Forum.id == bindparam("ident"))
_TARGET_BY_CODE = _TARGET.where(Forum.code == bindparam("code"))
# The last number of a series, its row locked until the issue is recorded: a second
# officer recording an issue in the forum waits here for the first one's commit, then
# reads the number that one gave (SQLite's writers take turns anyway; it has no FOR UPDATE).
_COUNTER = (
    select(ReferenceCounter.last)
    .where(
        ReferenceCounter.forum_id == bindparam("forum"),
        ReferenceCounter.prefix == bindparam("low"),
    )
    .with_for_update()
)
_SET_COUNTER = (
    update(ReferenceCounter)
    .where(
        ReferenceCounter.forum_id == bindparam("forum"),
        ReferenceCounter.prefix == bindparam("low"),
    )
    .values(last=bindparam("number"))
)
# A series without a counter yet (a desk's first issue in another desk's forum): the
# highest number among the references that start with its prefix (``BHF-`` or
# ``BHF-KT-``) and go on with a digit: a range of the reference index, on any database.
_LAST_NUMBER = select(func.coalesce(func.max(Issue.number), 0)).where(
    Issue.forum_id == bindparam("forum"),
    Issue.reference >= bindparam("low"),
    Issue.reference < bindparam("high"),
    func.substr(Issue.reference, bindparam("digit"), 1).between("0", "9"),
)
_HELD = select(Issue.id).where(Issue.reference == bindparam("reference"))
_MEETING_FORUM = select(Meeting.forum_id).where(
    Meeting.id == bindparam("ident"), Meeting.deleted_at.is_(None)
)
_INSERT_ISSUE = insert(Issue.__table__)
_INSERT_EVENT = insert(TimelineEvent.__table__)


def check_new_issue(
    *,
    title: str,
    stage: PolicyStage | str = PolicyStage.CO_DEFINITION,
    description: str | None = None,
    ward: str | None = None,
    place: str | None = None,
    mechanism: Mechanism | str | None = None,
    support: int = 0,
    owner: str | None = None,
    due_date: date | str | None = None,
    response_due: date | str | None = None,
) -> dict[str, Any]:
    """A new issue's own fields, checked and cleaned without reading the database (the
    window checks a capture with it before the capture is saved on another thread).

    Raises:
        InvalidValue: a field is wrong.
    """
    values = _edit.clean(
        {
            "title": title,
            "description": description,
            "ward": ward,
            "place": place,
            "mechanism": mechanism,
            "support": support,
            "owner": owner,
            "due_date": due_date,
            "response_due": response_due,
        },
        _CHECKS,
    )
    values["stage"] = _edit.enum_value("stage", PolicyStage)(stage)
    return values


def record_issue(
    session: Session,
    *,
    forum: str | int,
    title: str,
    stage: PolicyStage | str = PolicyStage.CO_DEFINITION,
    description: str | None = None,
    ward: str | None = None,
    place: str | None = None,
    themes: Sequence[str] = (),
    mechanism: Mechanism | str | None = None,
    support: int = 0,
    owner: str | None = None,
    due_date: date | str | None = None,
    response_due: date | str | None = None,
    meeting: str | int | None = None,
    agenda_item: int | None = None,
    raised_by: int | None = None,
    author: str | None = None,
) -> IssueInfo:
    """Records an issue residents raised, with its "raised" timeline event.

    The forum's next reference is given to it: ``BHF-0043`` on the forum's home desk,
    ``BHF-KT-0007`` (this desk's mark) on any other (:mod:`forumdesk.domain.references`).
    When a meeting is named it must belong to the forum; so must an agenda item and
    attendance.

    Raises:
        InvalidValue: a field is wrong. NotFound: a reference does not exist.
    """
    values = check_new_issue(
        title=title,
        stage=stage,
        description=description,
        ward=ward,
        place=place,
        mechanism=mechanism,
        support=support,
        owner=owner,
        due_date=due_date,
        response_due=response_due,
    )
    author = limits.text("author", author, limits.SHORT_TEXT)
    forum_id, code, mark = _capture_target(session, forum)
    if agenda_item is None and raised_by is None:
        links = {
            "meeting_id": _meeting_of_forum(session, meeting, forum_id),
            "agenda_item_id": None,
            "raised_by_id": None,
        }
    else:
        links = _links(session, forum_id, meeting, agenda_item, raised_by)
    theme_rows = _theme_rows(session, themes)
    # Numbered last, just before the issue is written: the series' counter stays locked
    # until the commit, and another officer recording an issue in the forum waits for it.
    reference = _next_reference(session.connection(), forum_id, code, mark)
    # Core inserts rather than the unit of work: capture is the hot path of a live
    # meeting, and this keeps one issue's commit within 3x of raw sqlite3
    # (benchmarks/store.py).
    desk = sync.desk_uuid(session)
    now = utcnow()
    row = {
        "forum_id": forum_id,
        "number": reference[1],
        "reference": reference[0],
        "status": IssueStatus.OPEN,
        "uuid": new_uuid(),
        "vv": {desk: 1},
        "dots": {},
        "created_at": now,
        "updated_at": now,
        "stage_since": now,
        **links,
        **values,
    }
    connection = session.connection()
    inserted = connection.execute(_INSERT_ISSUE, row)
    issue_id = inserted.inserted_primary_key[0]  # type: ignore[index]  # one row: its key is there
    if theme_rows:
        session.flush()
        session.execute(
            insert(issue_theme), [{"issue_id": issue_id, "theme_id": t.id} for t in theme_rows]
        )
    connection.execute(
        _INSERT_EVENT,
        dict(
            issue_id=issue_id,
            kind=TimelineKind.RAISED,
            at=now,
            to_stage=values["stage"],
            to_status=IssueStatus.OPEN,
            meeting_id=links["meeting_id"],
            author=author,
            desk_uuid=desk,
            uuid=new_uuid(),
            vv={desk: 1},
            dots={},
            created_at=now,
            updated_at=now,
        ),
    )
    return IssueInfo(
        id=issue_id,
        uuid=row["uuid"],
        reference=row["reference"],
        forum_id=forum_id,
        forum_code=code,
        title=values["title"],
        description=values["description"],
        ward=values["ward"],
        place=values["place"],
        stage=values["stage"],
        status=IssueStatus.OPEN,
        mechanism=values["mechanism"],
        support=values["support"],
        owner=values["owner"],
        due_date=values["due_date"],
        meeting_id=links["meeting_id"],
        agenda_item_id=links["agenda_item_id"],
        raised_by_id=links["raised_by_id"],
        themes=tuple(t.name for t in theme_rows),
        created_at=now,
        updated_at=now,
        response_due=values.get("response_due"),
        stage_since=now,
    )


def _capture_target(session: Session, forum: str | int) -> tuple[int, str, str | None]:
    """The forum's id and code, and the mark this desk's references carry there (None on
    the forum's home desk)."""
    connection = session.connection()
    if isinstance(forum, int) or str(forum).strip().isdigit():
        found = connection.execute(_TARGET_BY_ID, {"ident": int(forum)}).first()
    else:
        found = connection.execute(_TARGET_BY_CODE, {"code": str(forum).strip().upper()}).first()
    if found is None:
        lookup.forum(session, forum)  # raises NotFound with the usual sentence
        raise AssertionError("unreachable")
    forum_id, code, home = found
    mark = None if home == sync.desk_uuid(session) else sync.keep_mark(session)
    return forum_id, code, mark


def _next_reference(
    connection: Connection, forum_id: int, code: str, mark: str | None
) -> tuple[str, int]:
    """The reference and number the next issue of this desk in the forum takes; the
    series' counter is locked, and moved on, in the transaction that records it."""
    start = references.prefix(code, mark)  # numbered apart from the home desk's issues
    series = {"forum": forum_id, "low": start}
    number = _last_number(connection, series)
    while True:  # a reference a file brought into another forum is passed over
        number += 1
        made = references.reference(code, mark, number)
        if connection.execute(_HELD, {"reference": made}).first() is None:
            connection.execute(_SET_COUNTER, {**series, "number": number})
            return made, number


def _last_number(connection: Connection, series: dict[str, Any]) -> int:
    """The last number given in a forum's series, its counter locked for this transaction
    (made from the issues there when the series has none yet)."""
    last = connection.execute(_COUNTER, series).scalar()
    if last is not None:
        return int(last)
    start = series["low"]
    last = connection.execute(
        _LAST_NUMBER,
        {
            **series,
            "high": start[:-1] + chr(ord(start[-1]) + 1),
            "digit": len(start) + 1,
        },
    ).scalar_one()
    values = {"forum_id": series["forum"], "prefix": start, "last": last}
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        # Another officer's first issue in the series may be making the row too: the
        # second insert waits for the first, does nothing, and reads the row it made.
        connection.execute(pg_insert(ReferenceCounter).on_conflict_do_nothing(), values)
        return int(connection.execute(_COUNTER, series).scalar_one())
    connection.execute(insert(ReferenceCounter), values)
    return int(last)


def _meeting_of_forum(session: Session, meeting: str | int | None, forum_id: int) -> int | None:
    """The id of a live meeting of this forum, or None when no meeting is named."""
    if meeting is None:
        return None
    if isinstance(meeting, int):
        owner = session.connection().execute(_MEETING_FORUM, {"ident": meeting}).scalar()
        if owner is None:
            raise NotFound(_("There is no meeting with id {id}.").format(id=meeting))
        meeting_id = meeting
    else:
        row = lookup.meeting(session, meeting)
        owner, meeting_id = row.forum_id, row.id
    if owner != forum_id:
        raise InvalidValue(
            "meeting", _("meeting {id} belongs to another forum").format(id=meeting_id)
        )
    return meeting_id


def edit_issue(session: Session, ref: str | int, changes: Mapping[str, Any]) -> IssueInfo:
    """Changes an issue's fields; stage and status have their own services (they leave events)."""
    row = lookup.issue(session, ref)
    if "stage" in changes or "status" in changes:
        field = "stage" if "stage" in changes else "status"
        raise InvalidValue(
            field, _("is changed by moving the issue, which records it on the timeline")
        )
    changes = dict(changes)
    themes = changes.pop("themes", None)
    values = _edit.clean(changes, _CHECKS)
    link_keys = {"meeting_id", "agenda_item_id", "raised_by_id"} & set(values)
    if link_keys:
        merged = {
            k: values.get(k, getattr(row, k))
            for k in ("meeting_id", "agenda_item_id", "raised_by_id")
        }
        values.update(
            _links(
                session,
                row.forum_id,
                merged["meeting_id"],
                merged["agenda_item_id"],
                merged["raised_by_id"],
            )
        )
    changed = sync.apply(session, row, values)
    if themes is not None:
        new_rows = _theme_rows(session, themes)
        if [t.id for t in new_rows] != [t.id for t in row.themes]:
            sync.remember(session, row, "themes", sorted(t.id for t in row.themes))
            row.themes = new_rows
            sync.touch(session, row, ["themes"])
            changed.append("themes")
    session.flush()
    return get_issue(session, row.id)


def move_issue(
    session: Session,
    ref: str | int,
    stage: PolicyStage | str,
    *,
    meeting: str | int | None = None,
    note: str | None = None,
    author: str | None = None,
    decided_by: DecisionMethod | str | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> IssueInfo:
    """Moves an issue to another policy stage, recording from, to, where and why; a move
    to co-decision may say how it was decided (and a show of hands' votes)."""
    row = lookup.issue(session, ref)
    new = _edit.enum_value("stage", PolicyStage)(stage)
    if new == row.stage:
        raise Conflict(
            _("{reference} is already at {stage}.").format(
                reference=row.reference, stage=new.label.lower()
            )
        )
    decided = decisions.decision(decided_by, votes_for, votes_against, votes_abstain)
    if new is not PolicyStage.CO_DECISION and decided["decided_by"] is not None:
        raise InvalidValue(
            "decided_by", _("only a move to co-decision making records how it was decided")
        )
    note = limits.text("note", note, limits.LONG_TEXT)
    meeting_id = lookup.meeting(session, meeting).id if meeting is not None else None
    old = row.stage
    sync.apply(session, row, {"stage": new})
    moved = _event(
        session,
        row,
        TimelineKind.STAGE_MOVED,
        from_stage=old,
        to_stage=new,
        meeting_id=meeting_id,
        text=note,
        author=author,
        **decided,
    )
    row.stage_since = moved.at
    return get_issue(session, row.id)


def record_decision(
    session: Session,
    ref: str | int,
    text: str,
    *,
    decided_by: DecisionMethod | str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    meeting: str | int | None = None,
    author: str | None = None,
) -> TimelineEntry:
    """Records on the timeline a decision about an issue already at co-decision making
    (a ballot's result, say), and how it was decided.

    Raises:
        InvalidValue: no method, or votes without a show of hands.
        Conflict: the issue is not at co-decision making (move it there instead).
    """
    row = lookup.issue(session, ref)
    if row.stage is not PolicyStage.CO_DECISION:
        raise Conflict(
            _("{reference} is not at co-decision making: move it there with the decision.").format(
                reference=row.reference
            )
        )
    decided = decisions.decision(decided_by, votes_for, votes_against, votes_abstain)
    if decided["decided_by"] is None:
        raise InvalidValue("decided_by", _("must be given"))
    body = limits.required_text("text", text, limits.LONG_TEXT)
    meeting_id = lookup.meeting(session, meeting).id if meeting is not None else None
    return convert.timeline_entry(
        _event(
            session,
            row,
            TimelineKind.COMMENT,
            text=body,
            meeting_id=meeting_id,
            author=author,
            **decided,
        )
    )


def change_status(
    session: Session,
    ref: str | int,
    status: IssueStatus | str,
    *,
    meeting: str | int | None = None,
    note: str | None = None,
    author: str | None = None,
) -> IssueInfo:
    """Changes an issue's status, recording it on the timeline (and where, when at a meeting)."""
    row = lookup.issue(session, ref)
    new = _edit.enum_value("status", IssueStatus)(status)
    if new == row.status:
        raise Conflict(
            _("{reference} is already {status}.").format(
                reference=row.reference, status=new.label.lower()
            )
        )
    note = limits.text("note", note, limits.LONG_TEXT)
    meeting_id = lookup.meeting(session, meeting).id if meeting is not None else None
    old = row.status
    sync.apply(session, row, {"status": new})
    _event(
        session,
        row,
        TimelineKind.STATUS_CHANGED,
        from_status=old,
        to_status=new,
        meeting_id=meeting_id,
        text=note,
        author=author,
    )
    return get_issue(session, row.id)


def comment(
    session: Session, ref: str | int, text: str, *, author: str | None = None
) -> TimelineEntry:
    """Adds a comment to an issue's timeline."""
    row = lookup.issue(session, ref)
    body = limits.required_text("comment", text, limits.LONG_TEXT)
    return convert.timeline_entry(
        _event(session, row, TimelineKind.COMMENT, text=body, author=author)
    )


def respond(
    session: Session, ref: str | int, text: str, *, author: str | None = None
) -> TimelineEntry:
    """Records what was said back to residents ("you said, we did")."""
    row = lookup.issue(session, ref)
    body = limits.required_text("response", text, limits.LONG_TEXT)
    return convert.timeline_entry(
        _event(session, row, TimelineKind.RESPONSE, text=body, author=author)
    )


def mark_discussed(
    session: Session, ref: str | int, meeting: str | int, *, note: str | None = None
) -> TimelineEntry:
    """Records that an issue was discussed at a meeting."""
    row = lookup.issue(session, ref)
    at = lookup.meeting(session, meeting)
    body = limits.text("note", note, limits.LONG_TEXT)
    return convert.timeline_entry(
        _event(session, row, TimelineKind.DISCUSSED, meeting_id=at.id, text=body)
    )


def delete_issue(session: Session, ref: str | int) -> IssueInfo:
    """Deletes an issue (a tombstone that travels); its reference is never reused."""
    row = lookup.issue(session, ref)
    sync.tombstone(session, row)
    return _info(session, row)


def restore_issue(session: Session, ident: int) -> IssueInfo:
    """Undoes a deletion."""
    row = session.get(Issue, ident)
    if row is None:
        lookup.issue(session, ident)  # raises NotFound
        raise AssertionError("unreachable")
    sync.revive(session, row)
    return _info(session, row)


def get_issue(session: Session, ref: str | int) -> IssueInfo:
    """One issue by id or reference."""
    return _info(session, lookup.issue(session, ref))


def issue_detail(session: Session, ref: str | int) -> IssueDetail:
    """An issue with its timeline (oldest first) and its actions."""
    row = lookup.issue(session, ref)
    events = session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.issue_id == row.id, TimelineEvent.deleted_at.is_(None))
        .order_by(TimelineEvent.at, TimelineEvent.id)
    )
    actions = session.scalars(
        select(Action)
        .where(Action.issue_id == row.id, Action.deleted_at.is_(None))
        .order_by(Action.id)
    )
    return IssueDetail(
        issue=_info(session, row),
        timeline=tuple(convert.timeline_entry(e) for e in events),
        actions=tuple(convert.action_info(a) for a in actions),
    )


def _info(session: Session, row: Issue) -> IssueInfo:
    code = session.scalar(select(Forum.code).where(Forum.id == row.forum_id)) or ""
    return convert.issue_info(row, code, tuple(t.name for t in row.themes))


def _event(session: Session, issue: Issue, kind: TimelineKind, **fields: Any) -> TimelineEvent:
    """Appends a timeline event; events are never edited, so each is created once."""
    if "author" in fields:
        fields["author"] = limits.text("author", fields["author"], limits.SHORT_TEXT)
    event = TimelineEvent(issue_id=issue.id, kind=kind, desk_uuid=sync.desk_uuid(session), **fields)
    sync.created(session, event)
    session.add(event)
    session.flush()
    return event


def _links(
    session: Session,
    forum_id: int,
    meeting: str | int | None,
    agenda_item: int | None,
    raised_by: int | None,
) -> dict[str, int | None]:
    """Resolves where an issue was raised, refusing links into another forum or meeting."""
    meeting_row = lookup.meeting(session, meeting) if meeting is not None else None
    if meeting_row is not None and meeting_row.forum_id != forum_id:
        raise InvalidValue(
            "meeting", _("meeting {id} belongs to another forum").format(id=meeting_row.id)
        )
    item_id = None
    if agenda_item is not None:
        item = lookup.agenda_item(session, agenda_item)
        if meeting_row is None:
            meeting_row = lookup.meeting(session, item.meeting_id)
        if item.meeting_id != meeting_row.id or meeting_row.forum_id != forum_id:
            raise InvalidValue(
                "agenda_item",
                _("agenda item {id} is not on this meeting's agenda").format(id=item.id),
            )
        item_id = item.id
    person_id = None
    if raised_by is not None:
        person = lookup.attendance(session, raised_by)
        if meeting_row is None or person.meeting_id != meeting_row.id:
            raise InvalidValue(
                "raised_by", _("attendance {id} is not of this meeting").format(id=person.id)
            )
        person_id = person.id
    return {
        "meeting_id": meeting_row.id if meeting_row is not None else None,
        "agenda_item_id": item_id,
        "raised_by_id": person_id,
    }


def _theme_rows(session: Session, names: Iterable[str] | str) -> list[Theme]:
    """Theme rows for the names given (matched ignoring case), created when new."""
    if isinstance(names, str):
        names = names.split(",")
    wanted: dict[str, str] = {}
    for raw in names:
        name = limits.text("themes", raw, rules.THEME_NAME)
        if name:
            wanted.setdefault(name.casefold(), name)
    if len(wanted) > limits.MAX_THEMES:
        raise InvalidValue(
            "themes",
            ngettext(
                "at most {limit} theme, not {n}",
                "at most {limit} themes, not {n}",
                limits.MAX_THEMES,
            ).format(limit=limits.MAX_THEMES, n=len(wanted)),
        )
    if not wanted:
        return []
    existing = {
        t.name.casefold(): t
        for t in session.scalars(select(Theme).where(func.lower(Theme.name).in_(list(wanted))))
    }
    rows = []
    for key, name in wanted.items():
        row = existing.get(key)
        if row is None:
            row = Theme(name=name)
            sync.created(session, row)
            session.add(row)
        elif row.deleted_at is not None:
            sync.revive(session, row)
        rows.append(row)
    return sorted(rows, key=lambda t: t.name.casefold())
