"""What every engagement shares: adding, finding, listing, editing, issues, participants."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, lookup, sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.base import new_uuid, utcnow
from forumdesk.db.models import Engagement, EngagementIssue, Forum, Issue, Participant
from forumdesk.domain import rules
from forumdesk.domain.engagements import EngagementInfo, LinkedIssue, ParticipantInfo
from forumdesk.domain.enums import (
    EngagementKind,
    EngagementStatus,
    LinkRole,
    ParticipantRole,
    PolicyStage,
)
from forumdesk.domain.errors import Conflict, InvalidValue, NotFound
from forumdesk.i18n import N_, _

#: The reference of an engagement no forum runs: ``ALL-PET-7F3A``.
COUNCIL_WIDE = "ALL"


def add_engagement(
    session: Session,
    kind: EngagementKind | str,
    *,
    forum: str | int | None,
    title: str,
    **fields: Any,
) -> EngagementInfo:
    """Adds an engagement of ``kind`` run by ``forum`` (None: council-wide).

    ``fields`` are any of :data:`forumdesk.domain.rules.ENGAGEMENT` (opens, closes,
    wording, thresholds...), checked as typed.

    Raises:
        InvalidValue: a field's value is wrong, or it closes before it opens.
        NotFound: no such forum.
    """
    kind = EngagementKind.parse(kind) if isinstance(kind, str) else kind
    values = _edit.clean({"title": title, **fields}, rules.ENGAGEMENT)
    _check_dates(values.get("opens"), values.get("closes"))
    _check_kind(kind, values)
    owner = lookup.forum(session, forum) if forum is not None else None
    row = Engagement(
        kind=kind, forum_id=owner.id if owner else None, uuid=new_uuid(), reference="", **values
    )
    sync.created(session, row)
    prefix = owner.code if owner else COUNCIL_WIDE
    row.reference = f"{prefix}-{kind.code}-{row.uuid.replace('-', '')[:4].upper()}"
    session.add(row)
    session.flush()
    return info(session, row)


def edit_engagement(session: Session, ref: str | int, changes: Mapping[str, Any]) -> EngagementInfo:
    """Changes an engagement's fields (those of :data:`~forumdesk.domain.rules.ENGAGEMENT`)."""
    row = engagement(session, ref)
    values = _edit.clean(changes, rules.ENGAGEMENT)
    _check_dates(values.get("opens", row.opens), values.get("closes", row.closes))
    _check_kind(
        row.kind,
        {
            name: values.get(name, getattr(row, name))
            for name in ("options", "threshold_response", "threshold_debate")
        },
    )
    sync.apply(session, row, values)
    session.flush()
    return info(session, row)


def delete_engagement(session: Session, ref: str | int) -> EngagementInfo:
    """Removes an engagement (a tombstone, so the removal travels)."""
    row = engagement(session, ref)
    sync.tombstone(session, row)
    session.flush()
    return info(session, row)


def get_engagement(session: Session, ref: str | int) -> EngagementInfo:
    """An engagement by id or reference (any case)."""
    return info(session, engagement(session, ref))


def list_engagements(
    session: Session,
    *,
    kind: EngagementKind | str | None = None,
    forum: str | int | None = None,
    rows: RowLimit | None = None,
) -> list[EngagementInfo]:
    """Live engagements, newest opening first, of one kind or forum if asked (``rows``: at
    most that many, counted in SQL)."""
    query = select(Engagement).where(Engagement.deleted_at.is_(None))
    if kind is not None:
        kind = EngagementKind.parse(kind) if isinstance(kind, str) else kind
        query = query.where(Engagement.kind == kind)
    if forum is not None:
        query = query.where(Engagement.forum_id == lookup.forum(session, forum).id)
    query = query.order_by(
        Engagement.opens.is_(None), Engagement.opens.desc(), Engagement.id.desc()
    )
    if rows is not None:
        query = rows.apply(session, query)
    codes: dict[int | None, str] = {
        ident: code for ident, code in session.execute(select(Forum.id, Forum.code))
    }
    return [_info(row, codes.get(row.forum_id)) for row in session.scalars(query)]


def engagement(session: Session, ref: str | int) -> Engagement:
    """The live engagement row a person means: by id, or by its reference.

    Raises:
        NotFound: with a sentence naming what was asked for.
    """
    if isinstance(ref, int) or str(ref).strip().isdigit():
        return lookup.by_id(
            session, Engagement, int(ref), N_("There is no engagement with id {id}.")
        )
    wanted = str(ref).strip().upper()
    row = session.scalars(
        select(Engagement).where(Engagement.reference == wanted, Engagement.deleted_at.is_(None))
    ).first()
    if row is None:
        raise NotFound(_("There is no engagement {ref}.").format(ref=repr(str(ref).strip())))
    return row


def of_kind(session: Session, ref: str | int, kind: EngagementKind) -> Engagement:
    """The engagement, refused unless it is of ``kind`` (a ballot's count on a petition).

    Raises:
        InvalidValue: naming both kinds.
    """
    row = engagement(session, ref)
    if row.kind is not kind:
        raise InvalidValue(
            "kind",
            _("{reference} is a {kind}, not a {wanted}").format(
                reference=row.reference, kind=row.kind.label.lower(), wanted=kind.label.lower()
            ),
        )
    return row


def info(session: Session, row: Engagement) -> EngagementInfo:
    """The record of one engagement row."""
    code = None
    if row.forum_id is not None:
        code = session.scalar(select(Forum.code).where(Forum.id == row.forum_id))
    return _info(row, code)


def _info(row: Engagement, code: str | None) -> EngagementInfo:
    return EngagementInfo(
        id=row.id,
        uuid=row.uuid,
        kind=row.kind,
        reference=row.reference,
        title=row.title,
        forum_id=row.forum_id,
        forum_code=code,
        wording=row.wording,
        opens=row.opens,
        closes=row.closes,
        status=row.status,
        outcome=row.outcome,
        response_due=row.response_due,
        responded_at=row.responded_at,
        threshold_response=row.threshold_response,
        threshold_debate=row.threshold_debate,
        response_days=row.response_days,
        questions=tuple(row.questions or ()),
        options=tuple(row.options or ()),
        you_said_we_did=row.you_said_we_did,
        committee=row.committee,
        electorate=row.electorate,
        rule=row.rule,
        rule_threshold=row.rule_threshold,
        binding=bool(row.binding),
        platform=row.platform,
        created_at=row.created_at,
    )


def _check_dates(opens: date | None, closes: date | None) -> None:
    if opens is not None and closes is not None and closes < opens:
        raise InvalidValue(
            "closes",
            _("{closes} is before the opening date {opens}").format(
                closes=closes.isoformat(), opens=opens.isoformat()
            ),
        )


def _check_kind(kind: EngagementKind, values: Mapping[str, Any]) -> None:
    """Refuses what a kind cannot hold: a ballot of one option, a petition whose debate
    needs fewer signatures than a response."""
    if kind is EngagementKind.BALLOT and len(values.get("options") or ()) == 1:
        raise InvalidValue("options", _("a ballot needs at least two options"))
    response, debate = values.get("threshold_response"), values.get("threshold_debate")
    if response is not None and debate is not None and debate < response:
        raise InvalidValue(
            "threshold_debate",
            _("{debate} is fewer than the {response} signatures needed for a response").format(
                debate=f"{debate:,}", response=f"{response:,}"
            ),
        )


# Issues ----------------------------------------------------------------------------


def link_issue(
    session: Session,
    ref: str | int,
    issue: str | int,
    stage: PolicyStage | str,
    role: LinkRole | str = LinkRole.CONCERNS,
) -> LinkedIssue:
    """Ties an issue to an engagement, tagged with the stage the engagement served.

    Raises:
        Conflict: the issue is already tied to it in that role at that stage.
    """
    row = engagement(session, ref)
    target = lookup.issue(session, issue)
    stage = PolicyStage.parse(stage) if isinstance(stage, str) else stage
    role = LinkRole.parse(role) if isinstance(role, str) else role
    held = session.scalars(
        select(EngagementIssue).where(
            EngagementIssue.engagement_id == row.id,
            EngagementIssue.issue_id == target.id,
            EngagementIssue.deleted_at.is_(None),
        )
    ).all()
    if any(link.stage is stage and link.role is role for link in held):
        raise Conflict(
            _("{issue} is already tied to {engagement} at {stage}.").format(
                issue=target.reference, engagement=row.reference, stage=stage.short
            )
        )
    link = EngagementIssue(engagement_id=row.id, issue_id=target.id, stage=stage, role=role)
    sync.created(session, link)
    session.add(link)
    session.flush()
    return LinkedIssue(link.id, target.id, target.reference, target.title, stage, role)


def unlink_issue(session: Session, link_id: int) -> None:
    """Unties an issue from an engagement (a tombstone)."""
    link = lookup.by_id(
        session, EngagementIssue, link_id, N_("There is no engagement link with id {id}.")
    )
    sync.tombstone(session, link)


def linked_issues(session: Session, ref: str | int) -> list[LinkedIssue]:
    """The live issues tied to an engagement, in reference order."""
    row = engagement(session, ref)
    rows = session.execute(
        select(EngagementIssue, Issue.reference, Issue.title)
        .join(Issue, Issue.id == EngagementIssue.issue_id)
        .where(
            EngagementIssue.engagement_id == row.id,
            EngagementIssue.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
        )
        .order_by(Issue.reference, EngagementIssue.id)
    ).all()
    return [
        LinkedIssue(link.id, link.issue_id, reference, title, link.stage, link.role)
        for link, reference, title in rows
    ]


# Participants ----------------------------------------------------------------------


def add_participant(
    session: Session,
    ref: str | int,
    role: ParticipantRole | str,
    *,
    name: str | None = None,
    contact: str | None = None,
    consent_named: bool = False,
    consent_contact: bool = False,
    **fields: Any,
) -> ParticipantInfo:
    """Adds a person taking part. A name needs their consent to be named (a witness
    gives evidence in public and is named without it); contact details always need
    consent to be contacted. ``fields``: ward, age_band, voting, term_from, term_to,
    interests, attendance_id, person_id.

    Raises:
        InvalidValue: personal data given without the matching consent.
    """
    row = engagement(session, ref)
    links = {key: fields.pop(key) for key in ("attendance_id", "person_id") if key in fields}
    values = _edit.clean(
        {
            "role": role,
            "name": name,
            "contact": contact,
            "consent_named": consent_named,
            "consent_contact": consent_contact,
            **fields,
        },
        rules.PARTICIPANT,
    )
    check_consent(values)
    now = utcnow()
    person = Participant(
        engagement_id=row.id,
        consent_named_at=now if values["consent_named"] else None,
        consent_contact_at=now if values["consent_contact"] else None,
        **links,
        **values,
    )
    sync.created(session, person)
    session.add(person)
    session.flush()
    return participant_info(person)


def check_consent(values: Mapping[str, Any]) -> None:
    """Refuses a name or contact given without the consent it is recorded under.

    Raises:
        InvalidValue: naming the field.
    """
    public = values.get("role") is ParticipantRole.WITNESS
    if values.get("name") and not values.get("consent_named") and not public:
        raise InvalidValue(
            "name", _("a name is recorded only with the person's consent to be named")
        )
    if values.get("contact") and not values.get("consent_contact"):
        raise InvalidValue(
            "contact", _("contact details are recorded only with the person's consent")
        )


def participants(
    session: Session, ref: str | int, role: ParticipantRole | None = None
) -> list[ParticipantInfo]:
    """An engagement's live participants (of one role if asked), in the order added."""
    row = engagement(session, ref)
    query = select(Participant).where(
        Participant.engagement_id == row.id, Participant.deleted_at.is_(None)
    )
    if role is not None:
        query = query.where(Participant.role == role)
    return [participant_info(p) for p in session.scalars(query.order_by(Participant.id))]


def participant_info(row: Participant) -> ParticipantInfo:
    """The record of one participant row."""
    return ParticipantInfo(
        id=row.id,
        uuid=row.uuid,
        engagement_id=row.engagement_id,
        role=row.role,
        name=row.name,
        contact=row.contact,
        consent_named=bool(row.consent_named),
        consent_contact=bool(row.consent_contact),
        ward=row.ward,
        age_band=row.age_band,
        voting=bool(row.voting),
        term_from=row.term_from,
        term_to=row.term_to,
        interests=row.interests,
        drawn=row.draw_id is not None,
    )


def set_status(session: Session, ref: str | int, status: EngagementStatus | str) -> EngagementInfo:
    """Moves an engagement to another status."""
    return edit_engagement(session, ref, {"status": status})
