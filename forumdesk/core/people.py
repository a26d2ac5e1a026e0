"""People: the sign-ins a facilitator links as one human being, found, shown and accounted for.

A person holds no personal data: names and contact details stay on the sign-ins. Linking
is always a person's decision: :func:`suggestions` offers sign-ins that carry exactly the
same name or contact detail, and nothing here links them without being asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from forumdesk.core import sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.base import utcnow
from forumdesk.db.models import (
    Attendance,
    DeskIdentity,
    ExchangeLog,
    Forum,
    Issue,
    Meeting,
    Offer,
    Participant,
    Person,
)
from forumdesk.db.models import Engagement as EngagementRow
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from forumdesk.domain.people import (
    SIGN_IN_PREFIX,
    Engagement,
    Entry,
    PersonDetail,
    PersonOffer,
    RaisedIssue,
    Received,
    Sent,
    SignIn,
    SubjectAccess,
    Suggestion,
    TakingPart,
)
from forumdesk.i18n import _, ngettext


@dataclass(frozen=True)
class Linked:
    """What a link, merge or unlink did."""

    person_id: int | None  # the person the sign-ins belong to now (None: unlinked)
    created: bool  # a new person was made
    moved: tuple[int, ...]  # the sign-ins whose person changed
    merged: tuple[int, ...] = ()  # people folded into this one (now removed)
    removed: tuple[int, ...] = ()  # people left with no sign-in (removed)


# -- reading ----------------------------------------------------------------------------


#: The columns a SignIn is made of, in its fields' order (columns, not ORM objects: the
#: list of everyone is read on every keystroke of the People page's search).
_SIGN_IN_COLUMNS = (
    Attendance.id,
    Attendance.uuid,
    Meeting.id,
    Forum.code,
    Forum.name,
    Meeting.date,
    Meeting.format,
    Meeting.title,
    Attendance.role,
    Attendance.presence,
    Attendance.name,
    Attendance.contact,
    Attendance.consent_named,
    Attendance.consent_named_at,
    Attendance.consent_contact,
    Attendance.consent_contact_at,
    Attendance.person_id,
)


def _sign_ins(session: Session, *conditions: ColumnElement[bool]) -> list[SignIn]:
    """Live sign-ins matching ``conditions``, with their meeting and forum, oldest first."""
    query = (
        select(*_SIGN_IN_COLUMNS)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .join(Forum, Meeting.forum_id == Forum.id)
        .where(Attendance.deleted_at.is_(None), *conditions)
        .order_by(Meeting.date, Attendance.id)
    )
    rows = session.execute(query)
    return [SignIn(*row) for row in rows]  # type: ignore[call-arg]  # the columns are its fields


def _entry(
    sign_ins: Sequence[SignIn], person: Person | None, attendance_id: int | None = None
) -> Entry:
    newest = list(reversed(sign_ins))
    return Entry(
        person_id=None if person is None else person.id,
        attendance_id=attendance_id,
        uuid=person.uuid if person is not None else sign_ins[0].uuid,
        name=next((s.name for s in newest if s.name), None),
        contact=next((s.contact for s in newest if s.contact), None),
        sign_ins=len(sign_ins),
        forums=tuple(dict.fromkeys(s.forum_code for s in sign_ins)),
        last_attended=max((s.meeting_date for s in sign_ins), default=None),
        erased_at=None if person is None else person.erased_at,
    )


def _sort_key(entry: Entry) -> tuple[bool, str, bool, int]:
    """By name (any case, spaces aside), people before sign-ins of the same name."""
    ident = entry.person_id if entry.person_id is not None else entry.attendance_id
    return (entry.name is None, _folded(entry.name or ""), entry.person_id is None, ident or 0)


#: Above this many ids a query reads every row rather than name each id (SQLite caps the
#: number of parameters of one statement).
_MOST_NAMED = 500


def list_people(
    session: Session, only: set[int] | None = None, rows: RowLimit | None = None
) -> list[Entry]:
    """Every person (or those of ``only``), with how many sign-ins, which forums and when
    they last came, by name.

    ``rows`` (with every person): at most that many, counted and chosen in SQL, by their
    newest name as SQL's ``lower`` compares it (ASCII case only), then sorted as ever.
    """
    query = select(Person).where(Person.deleted_at.is_(None))
    linked = Attendance.person_id.is_not(None)
    if only is not None and len(only) <= _MOST_NAMED:
        query = query.where(Person.id.in_(only))
        linked = Attendance.person_id.in_(only)
    if rows is not None and only is None:
        named = _newest_name()
        query = rows.apply(session, query.order_by(named.is_(None), func.lower(named), Person.id))
        people = list(session.scalars(query))
        if len(people) < rows.total and len(people) <= _MOST_NAMED:
            linked = Attendance.person_id.in_([p.id for p in people])
    else:
        people = [p for p in session.scalars(query) if only is None or p.id in only]
    grouped: dict[int | None, list[SignIn]] = defaultdict(list)
    for sign_in in _sign_ins(session, linked):
        grouped[sign_in.person_id].append(sign_in)
    entries = [_person_entry(p, grouped.get(p.id, [])) for p in people]
    return sorted(entries, key=_sort_key)


def _newest_name() -> Any:
    """A person's newest name (of their live sign-ins, newest meeting first), in SQL."""
    return (
        select(Attendance.name)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.person_id == Person.id,
            Attendance.deleted_at.is_(None),
            Attendance.name.is_not(None),
            Attendance.name != "",
        )
        .order_by(Meeting.date.desc(), Attendance.id.desc())
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )


def _person_entry(person: Person, sign_ins: Sequence[SignIn]) -> Entry:
    if sign_ins:
        return _entry(sign_ins, person)
    return Entry(person.id, None, person.uuid, None, None, 0, (), None, person.erased_at)


def find(session: Session, text: str = "") -> list[Entry]:
    """People and unlinked sign-ins whose name or contact holds ``text`` (any case).

    With no text: every person, and every sign-in not linked to anyone that holds a name
    or contact detail (one without either cannot be told from anyone else).
    """
    wanted = " ".join(text.split()).casefold()
    holding = _holding(session, wanted) if wanted else None
    if holding is not None and not holding.sign_ins:
        return []
    unlinked: ColumnElement[bool] = Attendance.person_id.is_(None)
    if holding is not None and len(holding.sign_ins) <= _MOST_NAMED:
        unlinked = unlinked & Attendance.id.in_(holding.sign_ins)
    found = list_people(session, None if holding is None else holding.people)
    found += [
        _entry([s], None, s.id)
        for s in _sign_ins(session, unlinked)
        if (s.name or s.contact) and (holding is None or s.id in holding.sign_ins)
    ]
    return sorted(found, key=_sort_key)


@dataclass(frozen=True)
class _Holding:
    people: set[int]
    sign_ins: set[int]


def _holding(session: Session, wanted: str) -> _Holding:
    """The people and sign-ins whose names or contacts contain ``wanted`` (folded)."""
    rows = session.execute(
        select(Attendance.id, Attendance.person_id, Attendance.name, Attendance.contact).where(
            Attendance.deleted_at.is_(None)
        )
    )
    people: set[int] = set()
    sign_ins: set[int] = set()
    for ident, person, name, contact in rows:
        if any(wanted in " ".join(v.split()).casefold() for v in (name, contact) if v):
            sign_ins.add(ident)
            if person is not None:
                people.add(person)
    return _Holding(people, sign_ins)


def person_detail(session: Session, person_id: int) -> PersonDetail:
    """Everything held about a person: sign-ins, consents with their dates, contact
    details, issues raised, and the forums they took part in.

    Raises:
        NotFound: there is no such person.
    """
    person = _person(session, person_id)
    sign_ins = _sign_ins(session, Attendance.person_id == person.id)
    return _detail(session, _person_entry(person, sign_ins), sign_ins)


def sign_in_detail(session: Session, attendance_id: int) -> PersonDetail:
    """What one sign-in holds, as :func:`person_detail` shows a person (it may be linked).

    Raises:
        NotFound: there is no such sign-in.
    """
    sign_ins = _sign_ins(session, Attendance.id == attendance_id)
    if not sign_ins:
        raise NotFound(_("There is no sign-in with id {id}.").format(id=attendance_id))
    if sign_ins[0].person_id is not None:
        return person_detail(session, sign_ins[0].person_id)
    return _detail(session, _entry(sign_ins, None, attendance_id), sign_ins)


def detail(session: Session, key: str | int) -> PersonDetail:
    """A person by id (``4``) or an unlinked sign-in by ``s`` and its id (``s12``)."""
    kind, ident = parse_key(key)
    return person_detail(session, ident) if kind == "person" else sign_in_detail(session, ident)


def _detail(session: Session, entry: Entry, sign_ins: Sequence[SignIn]) -> PersonDetail:
    by_id = {s.id: s for s in sign_ins}
    raised = (
        session.execute(
            select(Issue, Forum.code)
            .join(Forum, Issue.forum_id == Forum.id)
            .where(Issue.raised_by_id.in_(list(by_id)), Issue.deleted_at.is_(None))
            .order_by(Issue.id)
        ).all()
        if by_id
        else []
    )
    issues = tuple(
        RaisedIssue(
            id=issue.id,
            reference=issue.reference,
            title=issue.title,
            forum_code=code,
            sign_in_id=issue.raised_by_id,
            meeting=by_id[issue.raised_by_id].meeting,
        )
        for issue, code in raised
        if issue.raised_by_id is not None  # always: the query asks for these sign-ins
    )
    forums: dict[str, list[SignIn]] = defaultdict(list)
    for s in sign_ins:
        forums[s.forum_code].append(s)
    engagements = tuple(
        Engagement(
            forum_code=code,
            forum_name=group[0].forum_name,
            meetings=len({s.meeting_id for s in group}),
            first=min(s.meeting_date for s in group),
            last=max(s.meeting_date for s in group),
            roles=tuple(dict.fromkeys(s.role for s in group)),
        )
        for code, group in forums.items()
    )
    taking_part, offers = _engagement_records(session, entry.person_id, list(by_id))
    held: list[SignIn | TakingPart | PersonOffer] = [*sign_ins, *taking_part, *offers]
    return PersonDetail(
        entry=entry,
        sign_ins=tuple(sign_ins),
        names=tuple(dict.fromkeys(s.name for s in held if s.name)),
        contacts=tuple(dict.fromkeys(s.contact for s in held if s.contact)),
        issues=issues,
        engagements=engagements,
        taking_part=taking_part,
        offers=offers,
    )


def _engagement_records(
    session: Session, person_id: int | None, attendance_ids: list[int]
) -> tuple[tuple[TakingPart, ...], tuple[PersonOffer, ...]]:
    """A person's participants and offers (live): linked to the person, or made from one
    of their sign-ins."""

    def mine(model: Any) -> Any:
        linked = model.attendance_id.in_(attendance_ids)
        if person_id is not None:
            linked = or_(linked, model.person_id == person_id)
        return linked

    taking_part = tuple(
        TakingPart(
            uuid=row.uuid,
            reference=engagement.reference,
            title=engagement.title,
            kind=engagement.kind,
            role=row.role,
            name=row.name,
            contact=row.contact,
            interests=row.interests,
            consent_named=row.consent_named,
            consent_named_at=row.consent_named_at,
            consent_contact=row.consent_contact,
            consent_contact_at=row.consent_contact_at,
        )
        for row, engagement in session.execute(
            select(Participant, EngagementRow)
            .join(EngagementRow, EngagementRow.id == Participant.engagement_id)
            .where(mine(Participant), Participant.deleted_at.is_(None))
            .order_by(Participant.id)
        )
    )
    offers = tuple(
        PersonOffer(
            uuid=row.uuid,
            kind=row.kind,
            description=row.description,
            status=row.status,
            offered_on=row.offered_on,
            name=row.name,
            contact=row.contact,
            consent_named=row.consent_named,
            consent_named_at=row.consent_named_at,
            consent_contact=row.consent_contact,
            consent_contact_at=row.consent_contact_at,
        )
        for row in session.scalars(
            select(Offer).where(mine(Offer), Offer.deleted_at.is_(None)).order_by(Offer.id)
        )
    )
    return taking_part, offers


def parse_key(key: str | int) -> tuple[str, int]:
    """``("person", 4)`` for ``4``, ``("sign-in", 12)`` for ``s12``.

    Raises:
        InvalidValue: neither.
    """
    text = str(key).strip().lower()
    kind = "person"  # i18n: not text
    if text.startswith(SIGN_IN_PREFIX):
        kind, text = "sign-in", text[len(SIGN_IN_PREFIX) :]  # i18n: not text
    if not text.isdigit() or int(text) < 1:
        raise InvalidValue(
            "person",
            _(
                "{value} names neither a person (their number, such as 4) nor a sign-in "
                "(s and its number, such as s12)"
            ).format(value=repr(str(key))),
        )
    return kind, int(text)


def suggestions(session: Session, key: str | int) -> list[Suggestion]:
    """Sign-ins that may be the same person as ``key`` (a person or a sign-in): they carry
    exactly the same name (any case, spaces aside) or the same contact detail.

    Only offered: linking them is for a person to confirm (:func:`link`).
    """
    held = detail(session, key)
    mine = {s.id for s in held.sign_ins}
    names = {_folded(n) for n in held.names}
    contacts = {_folded(c, spaces=False) for c in held.contacts}
    if not names and not contacts:
        return []
    # The names and contacts of everyone are compared first (plain columns); only the
    # sign-ins that match are read with their meetings.
    rows = session.execute(
        select(Attendance.id, Attendance.name, Attendance.contact).where(
            Attendance.deleted_at.is_(None)
        )
    )
    matching = {
        ident
        for ident, name, contact in rows
        if ident not in mine
        and (
            (name and _folded(name) in names)
            or (contact and _folded(contact, spaces=False) in contacts)
        )
    }
    if not matching:
        return []
    chosen = Attendance.id.in_(matching) if len(matching) <= _MOST_NAMED else true()
    found = []
    for other in _sign_ins(session, chosen):
        if other.id in mine or other.id not in matching:
            continue
        if held.entry.person_id is not None and other.person_id == held.entry.person_id:
            continue
        same_name = bool(other.name) and _folded(other.name or "") in names
        same_contact = bool(other.contact) and _folded(other.contact or "", spaces=False) in (
            contacts
        )
        if same_name or same_contact:
            found.append(
                Suggestion(
                    attendance_id=other.id,
                    person_id=other.person_id,
                    meeting=other.meeting,
                    name=other.name,
                    contact=other.contact,
                    same_name=same_name,
                    same_contact=same_contact,
                )
            )
    return found


def look_alikes_left_out(session: Session, key: str | int) -> str | None:
    """What a subject access answer for ``key`` leaves out: the sign-ins that look like
    the same person but are not linked (None: none), in a sentence for the officer."""
    alike = suggestions(session, key)
    if not alike:
        return None
    return ngettext(
        "{n} other sign-in looks like the same person ({keys}) and is not in this "
        "answer: link it with 'forumdesk person merge' first if it is theirs.",
        "{n} other sign-ins look like the same person ({keys}) and are not in this "
        "answer: link them with 'forumdesk person merge' first if they are theirs.",
        len(alike),
    ).format(n=len(alike), keys=", ".join(f"s{a.attendance_id}" for a in alike))


def _folded(text: str, *, spaces: bool = True) -> str:
    """A name compared any case, spaces aside; a contact detail with no spaces at all."""
    return (" ".join(text.split()) if spaces else "".join(text.split())).casefold()


def subject_access(session: Session, key: str | int) -> SubjectAccess:
    """What a subject access request is answered with: everything held about the person,
    the exports that carried their name or contact detail, and the imports that brought
    their sign-ins here."""
    held = detail(session, key)
    desk = session.scalars(select(DeskIdentity)).one()
    uuids = {s.uuid: s.meeting for s in held.sign_ins}
    uuids |= {p.uuid: p.reference for p in held.taking_part}
    uuids |= {o.uuid: o.description for o in held.offers}  # in the words it was recorded in
    logs = session.scalars(select(ExchangeLog).order_by(ExchangeLog.at, ExchangeLog.id)).all()
    sent = tuple(
        Sent(
            export_id=log.export_id,
            at=log.at,
            sign_ins=tuple(uuids[u] for u in uuids if u in set(log.personal or ())),
        )
        for log in logs
        if log.direction == "export" and set(log.personal or ()) & uuids.keys()  # i18n: not text
    )
    received = _received(session, held.sign_ins, desk.uuid, logs)
    return SubjectAccess(
        detail=held,
        desk_uuid=desk.uuid,
        desk_name=desk.name,
        made_at=utcnow(),
        sent=sent,
        received=received,
    )


def _received(
    session: Session, sign_ins: Sequence[SignIn], mine: str, logs: Sequence[ExchangeLog]
) -> tuple[Received, ...]:
    """The import that brought each sign-in another desk wrote: the one whose log names it,
    else the first import from a desk that wrote it made after the sign-in was, else (a
    relayed sign-in) the first import made after it."""
    imports = [log for log in logs if log.direction == "import"]  # i18n: not text
    brought: dict[int, list[str]] = defaultdict(list)
    for sign_in in sign_ins:
        row = session.get(Attendance, sign_in.id)
        assert row is not None
        writers = set(row.vv or {}) - {mine}
        if not writers:
            continue
        named = [log for log in imports if sign_in.uuid in (log.personal or ())]
        after = [log for log in imports if log.at >= row.created_at]
        # Relayed through a desk that did not edit it: the first import after it was made.
        first = next((log for log in after if log.desk_uuid in writers), None) or next(
            iter(after), None
        )
        for log in named or ([first] if first is not None else []):
            brought[log.id].append(sign_in.meeting)
    return tuple(
        Received(
            export_id=log.export_id,
            at=log.at,
            desk_uuid=log.desk_uuid,
            desk_name=log.desk_name,
            sign_ins=tuple(brought[log.id]),
        )
        for log in imports
        if log.id in brought
    )


# -- writing ----------------------------------------------------------------------------


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound(_("There is no person with id {id}.").format(id=person_id))
    return person


def _attendance(session: Session, ident: int) -> Attendance:
    row = session.get(Attendance, ident)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("There is no sign-in with id {id}.").format(id=ident))
    return row


def _not_erased(person: Person) -> None:
    if person.erased_at is not None:
        raise Conflict(
            _(
                "Person {id}'s personal data was erased: nothing more is linked to them. "
                "A later sign-in starts a new person."
            ).format(id=person.id)
        )


def link(session: Session, attendance_ids: Iterable[int], *, person: int | None = None) -> Linked:
    """Confirms that sign-ins are one person: adds them to ``person``, or to the person
    they already share, or makes a new person of them.

    Raises:
        InvalidValue: no sign-in given.
        NotFound: a sign-in or the person does not exist.
        Conflict: the sign-ins belong to different people (merge them instead), or the
            person's data was erased.
    """
    rows = [_attendance(session, ident) for ident in dict.fromkeys(attendance_ids)]
    if not rows:
        raise InvalidValue("sign-ins", _("say which sign-ins are the same person"))
    owners = sorted({r.person_id for r in rows if r.person_id is not None})
    target = _person(session, person) if person is not None else None
    others = [o for o in owners if target is None or o != target.id]
    if target is None and len(others) == 1:
        target, others = _person(session, others[0]), []
    if others:
        raise Conflict(
            _(
                "Those sign-ins already belong to other people ({people}): merge the people "
                "instead."
            ).format(people=", ".join(str(o) for o in others))
        )
    created = target is None
    if target is None:
        target = Person()
        sync.created(session, target)
        session.add(target)
        session.flush()
    _not_erased(target)
    moved = tuple(r.id for r in rows if r.person_id != target.id)
    for row in rows:
        sync.apply(session, row, {"person_id": target.id})
    session.flush()
    return Linked(person_id=target.id, created=created, moved=moved)


def merge(session: Session, keys: Sequence[str | int]) -> Linked:
    """Makes one person of people and sign-ins (``4``, ``s12``): the first person named
    keeps their number; the others' sign-ins move to them and the others are removed.

    Raises:
        InvalidValue: fewer than two given, or a key that names nothing.
        NotFound: a person or sign-in that does not exist.
        Conflict: a person whose personal data was erased.
    """
    parsed = list(dict.fromkeys(parse_key(k) for k in keys))
    if len(parsed) < 2:
        raise InvalidValue(
            "people", _("name at least two people or sign-ins to make one person of")
        )
    people = [_person(session, ident) for kind, ident in parsed if kind == "person"]
    sign_ins = [_attendance(session, ident) for kind, ident in parsed if kind == "sign-in"]
    for person in people:
        _not_erased(person)
    if not people:
        return link(session, [r.id for r in sign_ins])
    keep, folded = people[0], people[1:]
    moved: list[int] = []
    for other in folded:
        for row in session.scalars(select(Attendance).where(Attendance.person_id == other.id)):
            sync.apply(session, row, {"person_id": keep.id})
            moved.append(row.id)
        sync.tombstone(session, other)
    session.flush()
    joined = link(session, [r.id for r in sign_ins], person=keep.id) if sign_ins else None
    return Linked(
        person_id=keep.id,
        created=False,
        moved=tuple(moved) + (joined.moved if joined else ()),
        merged=tuple(p.id for p in folded),
    )


def unlink(session: Session, attendance_ids: Iterable[int]) -> Linked:
    """Takes sign-ins out of the person they were linked to (a mistaken link); a person
    left with no sign-in is removed.

    Raises:
        NotFound: a sign-in that does not exist.
        InvalidValue: a sign-in that is not linked to anyone.
    """
    rows = [_attendance(session, ident) for ident in dict.fromkeys(attendance_ids)]
    if not rows:
        raise InvalidValue("sign-ins", _("say which sign-ins to unlink"))
    for row in rows:
        if row.person_id is None:
            raise InvalidValue(
                "sign-ins", _("sign-in {id} is not linked to anyone").format(id=row.id)
            )
    owners = {r.person_id for r in rows}
    for row in rows:
        sync.apply(session, row, {"person_id": None})
    session.flush()
    removed = []
    for owner in sorted(o for o in owners if o is not None):
        left = session.scalars(
            select(Attendance.id).where(
                Attendance.person_id == owner, Attendance.deleted_at.is_(None)
            )
        ).first()
        if left is None:
            person = session.get(Person, owner)
            assert person is not None
            sync.tombstone(session, person)
            removed.append(owner)
    return Linked(
        person_id=None, created=False, moved=tuple(r.id for r in rows), removed=tuple(removed)
    )
