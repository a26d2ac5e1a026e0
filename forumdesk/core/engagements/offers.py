"""Residents' offers of time, skills, knowledge, equipment or money (co-implementation).

An offer is made at a forum's meeting or an engagement (or anywhere the forum hears of
it), matched to an action or an issue it helps with, and delivered or withdrawn. A name
is kept only with the resident's consent to be named, contact details only with their
consent to be contacted, as for a meeting's sign-in. Services take a session and never
commit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, lookup, sync
from forumdesk.core.engagements import base
from forumdesk.core.paging import RowLimit
from forumdesk.db.base import new_uuid, utcnow
from forumdesk.db.models import Action, Engagement, Forum, Issue, Meeting, Offer
from forumdesk.domain import rules
from forumdesk.domain.enums import OfferKind, OfferStatus
from forumdesk.domain.errors import Conflict, InvalidValue
from forumdesk.domain.offers import OfferInfo
from forumdesk.i18n import N_, _


def add_offer(
    session: Session,
    *,
    forum: str | int | None = None,
    kind: OfferKind | str,
    description: str,
    name: str | None = None,
    contact: str | None = None,
    consent_named: bool = False,
    consent_contact: bool = False,
    meeting: str | int | None = None,
    engagement: str | int | None = None,
    attendance: int | None = None,
    offered_on: date | str | None = None,
) -> OfferInfo:
    """Records a resident's offer to a forum.

    The forum may be left out when the meeting, engagement or sign-in it was made at
    names it. An offer made at a meeting is dated the meeting's day unless ``offered_on``
    says otherwise.

    Raises:
        InvalidValue: a field is wrong, a name or contact is given without consent, or
            the meeting, engagement or sign-in belongs to another forum.
        NotFound: a forum, meeting, engagement or sign-in that does not exist.
    """
    values = _edit.clean(
        {
            "kind": kind,
            "description": description,
            "name": name,
            "contact": contact,
            "consent_named": consent_named,
            "consent_contact": consent_contact,
            "offered_on": offered_on,
        },
        rules.OFFER,
    )
    base.check_consent(values)
    signed_in = lookup.attendance(session, attendance) if attendance is not None else None
    if signed_in is not None and meeting is None:
        meeting = signed_in.meeting_id
    held_at = lookup.meeting(session, meeting) if meeting is not None else None
    if signed_in is not None and held_at is not None and signed_in.meeting_id != held_at.id:
        raise InvalidValue(
            "attendance",
            _("sign-in {id} is not of the meeting the offer was made at").format(id=attendance),
        )
    run = base.engagement(session, engagement) if engagement is not None else None
    owner = lookup.forum(session, forum).id if forum is not None else None
    for forum_id, problem in (
        (held_at.forum_id if held_at else None, N_("the meeting belongs to another forum")),
        (run.forum_id if run else None, N_("the engagement belongs to another forum")),
    ):
        if forum_id is None:
            continue
        if owner is None:
            owner = forum_id
        elif forum_id != owner:
            raise InvalidValue("forum", _(problem))
    if owner is None:
        raise InvalidValue(
            "forum", _("name the forum the offer was made to, or the meeting it was made at")
        )
    if values["offered_on"] is None and held_at is not None:
        values["offered_on"] = held_at.date
    now = utcnow()
    row = Offer(
        forum_id=owner,
        uuid=new_uuid(),
        status=OfferStatus.OFFERED,
        meeting_id=held_at.id if held_at else None,
        engagement_id=run.id if run else None,
        attendance_id=signed_in.id if signed_in else None,
        person_id=signed_in.person_id if signed_in else None,
        consent_named_at=now if values["consent_named"] else None,
        consent_contact_at=now if values["consent_contact"] else None,
        **values,
    )
    sync.created(session, row)
    session.add(row)
    session.flush()
    return get_offer(session, row.id)


def get_offer(session: Session, ident: int) -> OfferInfo:
    """One live offer by id."""
    return _infos(session, [offer(session, ident)])[0]


def offer(session: Session, ident: int | str) -> Offer:
    """The live offer row with this id.

    Raises:
        NotFound: with a sentence naming the id.
    """
    if isinstance(ident, str):
        if not ident.strip().isdigit():
            raise InvalidValue("offer", _("{text} is not an offer's id").format(text=repr(ident)))
        ident = int(ident)
    row = lookup.by_id(session, Offer, ident, N_("There is no offer with id {id}."))
    return row


def list_offers(
    session: Session,
    *,
    forum: str | int | None = None,
    status: OfferStatus | str | None = None,
    meeting: str | int | None = None,
    rows: RowLimit | None = None,
) -> list[OfferInfo]:
    """Live offers, newest first, of one forum, status or meeting if asked (``rows``: at
    most that many, counted in SQL)."""
    query = select(Offer).where(Offer.deleted_at.is_(None))
    if forum is not None:
        query = query.where(Offer.forum_id == lookup.forum(session, forum).id)
    if status is not None:
        query = query.where(Offer.status == _edit.enum_value("status", OfferStatus)(status))
    if meeting is not None:
        query = query.where(Offer.meeting_id == lookup.meeting(session, meeting).id)
    query = query.order_by(Offer.offered_on.is_(None), Offer.offered_on.desc(), Offer.id.desc())
    if rows is not None:
        query = rows.apply(session, query)
    return _infos(session, list(session.scalars(query)))


def delivered_between(
    session: Session, forum: str | int, start: date | None, end: date | None
) -> list[OfferInfo]:
    """A forum's offers delivered in a period (either end open), oldest delivery first."""
    query = select(Offer).where(
        Offer.deleted_at.is_(None),
        Offer.forum_id == lookup.forum(session, forum).id,
        Offer.status == OfferStatus.DELIVERED,
    )
    if start is not None:
        query = query.where(Offer.delivered_on >= start)
    if end is not None:
        query = query.where(Offer.delivered_on <= end)
    return _infos(session, list(session.scalars(query.order_by(Offer.delivered_on, Offer.id))))


def minutes_entries(
    session: Session, meeting_id: int, language: str, *, names: bool = True
) -> list[dict[str, Any]]:
    """The offers made at a meeting as its minutes list them, in the minutes' language.

    A resident is named only when they consented to be named and the minutes name
    residents (``names``); contact details never appear in minutes.
    """
    made = list_offers(session, meeting=meeting_id)
    return [
        {
            "kind": o.kind.label_in(language),
            "description": o.description,
            "by": o.name if names and o.consent_named else None,
            "status": o.status.label_in(language),
            "delivered": o.delivered,
        }
        for o in reversed(made)  # in the order they were made
    ]


def match_offer(
    session: Session, ident: int | str, *, action: int | None = None, issue: str | int | None = None
) -> OfferInfo:
    """Matches an offer to the action and/or issue it helps with.

    Raises:
        InvalidValue: neither an action nor an issue named.
        Conflict: the offer was delivered or withdrawn.
    """
    row = offer(session, ident)
    if action is None and issue is None:
        raise InvalidValue("offer", _("name the action or the issue the offer helps with"))
    _still_open(row)
    changes: dict[str, Any] = {"status": OfferStatus.MATCHED}
    if action is not None:
        changes["action_id"] = lookup.action(session, action).id
    if issue is not None:
        changes["issue_id"] = lookup.issue(session, issue).id
    sync.apply(session, row, changes)
    session.flush()
    return get_offer(session, row.id)


def deliver(session: Session, ident: int | str, on: date | str, what: str) -> OfferInfo:
    """Records that a resident delivered what they offered: the day and what was done.

    Raises:
        InvalidValue: no day or no words for what was delivered.
        Conflict: the offer was withdrawn or already delivered.
    """
    row = offer(session, ident)
    _still_open(row)
    values = _edit.clean({"delivered_on": on, "delivered": what}, rules.OFFER)
    if values["delivered_on"] is None:
        raise InvalidValue("delivered_on", _("give the day it was delivered"))
    if not values["delivered"]:
        raise InvalidValue("delivered", _("say in a few words what was delivered"))
    if values["delivered_on"] > date.today():
        raise InvalidValue(
            "delivered_on",
            _("{day} has not come yet: record a delivery once it is made").format(
                day=values["delivered_on"].isoformat()
            ),
        )
    if row.offered_on is not None and values["delivered_on"] < row.offered_on:
        raise InvalidValue(
            "delivered_on",
            _("{day} is before the offer was made ({offered})").format(
                day=values["delivered_on"].isoformat(), offered=row.offered_on.isoformat()
            ),
        )
    sync.apply(session, row, {"status": OfferStatus.DELIVERED, **values})
    session.flush()
    return get_offer(session, row.id)


def withdraw(session: Session, ident: int | str) -> OfferInfo:
    """Records that the resident withdrew the offer (a delivered offer stays delivered).

    Raises:
        Conflict: the offer was delivered or already withdrawn.
    """
    row = offer(session, ident)
    _still_open(row)
    sync.apply(session, row, {"status": OfferStatus.WITHDRAWN})
    session.flush()
    return get_offer(session, row.id)


def _still_open(row: Offer) -> None:
    if row.status is OfferStatus.DELIVERED:
        raise Conflict(
            _("Offer {id} was already delivered; it cannot be changed now.").format(id=row.id)
        )
    if row.status is OfferStatus.WITHDRAWN:
        raise Conflict(_("Offer {id} was withdrawn; it cannot be changed now.").format(id=row.id))


def _infos(session: Session, rows: list[Offer]) -> list[OfferInfo]:
    """The records of offer rows, their forum, meeting, action and issue read at once."""
    if not rows:
        return []

    def names(column: Any, key: Any, ids: set[int | None]) -> dict[int, Any]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        return {k: v for k, v in session.execute(select(key, column).where(key.in_(wanted)))}

    codes = names(Forum.code, Forum.id, {r.forum_id for r in rows})
    days = names(Meeting.date, Meeting.id, {r.meeting_id for r in rows})
    references = names(Engagement.reference, Engagement.id, {r.engagement_id for r in rows})
    actions = names(Action.description, Action.id, {r.action_id for r in rows})
    issues = names(Issue.reference, Issue.id, {r.issue_id for r in rows})
    return [
        OfferInfo(
            id=r.id,
            uuid=r.uuid,
            forum_id=r.forum_id,
            forum_code=codes.get(r.forum_id) if r.forum_id else None,
            kind=r.kind,
            description=r.description,
            status=r.status,
            name=r.name,
            contact=r.contact,
            consent_named=bool(r.consent_named),
            consent_contact=bool(r.consent_contact),
            meeting_id=r.meeting_id,
            meeting_date=days.get(r.meeting_id) if r.meeting_id else None,
            engagement_id=r.engagement_id,
            engagement_reference=references.get(r.engagement_id) if r.engagement_id else None,
            action_id=r.action_id,
            action_description=actions.get(r.action_id) if r.action_id else None,
            issue_id=r.issue_id,
            issue_reference=issues.get(r.issue_id) if r.issue_id else None,
            offered_on=r.offered_on,
            delivered_on=r.delivered_on,
            delivered=r.delivered,
        )
        for r in rows
    ]


#: The demo's offers: forum, kind, description, name (consented) or None, made around the
#: forum's first meeting; the first is matched to the forum's issue and delivered.
_DEMO = (
    (
        "BHF",  # i18n: not text
        OfferKind.TIME,
        "Two Saturday mornings a month to clear the allotment paths",  # i18n: not text
        "Marcia Thompson",  # i18n: not text
    ),
    (
        "BHF",  # i18n: not text
        OfferKind.EQUIPMENT,
        "Loan of a gazebo and folding tables for the summer street party",  # i18n: not text
        None,
    ),
    (
        "BHF",  # i18n: not text
        OfferKind.SKILLS,
        "Translation of forum leaflets into Portuguese",  # i18n: not text
        "Ana Ferreira",  # i18n: not text
    ),
    (
        "LLF",  # i18n: not text
        OfferKind.KNOWLEDGE,
        "Gwybodaeth am yr hen lwybrau uwchben y pentref i'r map cerdded",  # i18n: not text
        "Dafydd Rhys",  # i18n: not text
    ),
)


def add_demo(session: Session) -> None:
    """Adds the demo's offers (called by `forumdesk demo` after its forums and meetings):
    a few around each forum's first meeting, one matched to the forum's issue it helps with
    and delivered (the demo's actions are all officers' own)."""
    for number, (code, kind, description, name) in enumerate(_DEMO):
        forum = session.scalars(select(Forum).where(Forum.code == code)).first()
        if forum is None:
            continue
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.forum_id == forum.id, Meeting.deleted_at.is_(None))
            .order_by(Meeting.date)
        ).first()
        made = add_offer(
            session,
            forum=forum.id,
            kind=kind,
            description=description,
            name=name,
            consent_named=name is not None,
            # Named offers came by e-mail after the meeting; the unnamed one was made at
            # it (its minutes list it), so the minutes read the same on a desk that was
            # sent no personal data.
            meeting=meeting.id if meeting and name is None else None,
            offered_on=meeting.date + timedelta(days=2) if meeting and name else None,
        )
        if number or meeting is None:
            continue
        # The allotment paths offer goes towards the forum's issue about the allotments.
        issue = session.scalars(
            select(Issue.id)
            .where(
                Issue.forum_id == forum.id,
                Issue.deleted_at.is_(None),
                Issue.title.ilike("%allotment%"),
            )
            .order_by(Issue.id)
        ).first()
        if issue is not None:
            match_offer(session, made.id, issue=issue)
        deliver(
            session,
            made.id,
            meeting.date + timedelta(days=18),
            "Cleared the allotment paths on two Saturdays with four neighbours",  # i18n: not text
        )
