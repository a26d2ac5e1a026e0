"""A policy jury's sessions (meetings held for it), witnesses and recommendations, which
become co-decision issues with the council's response due (docs/engagements.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import agenda, issues, lookup, meetings, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Engagement, Meeting
from forumdesk.domain import limits
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.enums import (
    EngagementKind,
    LinkRole,
    MeetingFormat,
    ParticipantRole,
    PolicyStage,
)
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.records import IssueInfo, MeetingInfo
from forumdesk.i18n import _

#: Days the council has to respond to a jury's recommendations unless the jury says.
DEFAULT_RESPONSE_DAYS = 56  # eight weeks


def link(session: Session, row: Any, column: str, wire: str, value: int | None) -> None:
    """Sets a link column and stamps the edit under the link's name in exchange files
    (``draw``, ``engagement``): a record's dots name its fields as the file does."""
    if not sync.apply(session, row, {column: value}):
        return
    dots = dict(row.dots or {})
    if column in dots:
        dots[wire] = dots.pop(column)
        row.dots = dots


def _jury(session: Session, ref: str | int) -> Engagement:
    return base.of_kind(session, ref, EngagementKind.JURY)


def _forum_of(row: Engagement, forum: str | int | None) -> str | int:
    if forum is not None:
        return forum
    if row.forum_id is None:
        raise InputRefused(
            _("{reference} is council-wide: name the forum that holds it.").format(
                reference=row.reference
            )
        )
    return row.forum_id


def add_session(
    session: Session,
    ref: str | int,
    *,
    day: date | str,
    title: str | None = None,
    venue: str | None = None,
    forum: str | int | None = None,
) -> MeetingInfo:
    """Plans a session of the jury: a meeting of format policy jury held for it."""
    row = _jury(session, ref)
    made = meetings.create_meeting(
        session,
        forum=_forum_of(row, forum),
        format=MeetingFormat.POLICY_JURY,
        date=day,
        title=title,
        venue=venue,
    )
    link(session, lookup.meeting(session, made.id), "engagement_id", "engagement", row.id)
    session.flush()
    return made


def sessions(session: Session, ref: str | int) -> list[MeetingInfo]:
    """The meetings held for the jury, by date."""
    row = _jury(session, ref)
    found = session.scalars(
        select(Meeting)
        .where(Meeting.engagement_id == row.id, Meeting.deleted_at.is_(None))
        .order_by(Meeting.date, Meeting.id)
    ).all()
    return [meetings.get_meeting(session, m.id) for m in found]


def add_witness(
    session: Session,
    ref: str | int,
    name: str,
    *,
    meeting: str | int | None = None,
    evidence: str | None = None,
) -> ParticipantInfo:
    """Adds a witness (named: evidence is given in public); with a session, their evidence
    becomes an item of its agenda, presented by them."""
    row = _jury(session, ref)
    name = limits.required_text("name", name, limits.SHORT_TEXT)
    if meeting is not None:
        held = lookup.meeting(session, meeting)
        if held.engagement_id != row.id:
            raise InputRefused(
                _("That meeting is not a session of {reference}.").format(reference=row.reference)
            )
        agenda.add_agenda_item(
            session,
            held.id,
            title=evidence or _("Evidence from {name}").format(name=name),
            presenter=name,
        )
    return base.add_participant(session, row.id, ParticipantRole.WITNESS, name=name)


def recommend(
    session: Session,
    ref: str | int,
    title: str,
    *,
    description: str | None = None,
    forum: str | int | None = None,
    meeting: str | int | None = None,
    response_due: date | None = None,
    today: date | None = None,
) -> IssueInfo:
    """Records a recommendation of the jury: a co-decision issue of the forum, tied to the
    jury, with the council's response due (``response_due``, else the jury's response
    days or eight weeks from ``today``). The jury's own response date is set when none is."""
    row = _jury(session, ref)
    days = row.response_days or DEFAULT_RESPONSE_DAYS
    due = response_due or (today or date.today()) + timedelta(days=days)
    made = issues.record_issue(
        session,
        forum=_forum_of(row, forum),
        title=title,
        description=description,
        stage=PolicyStage.CO_DECISION,
        mechanism=EngagementKind.JURY.mechanism,
        meeting=meeting,
        response_due=due,
    )
    base.link_issue(session, row.id, made.id, PolicyStage.CO_DECISION, LinkRole.RECOMMENDATION)
    if row.response_due is None or row.response_due > due:
        sync.apply(session, row, {"response_due": due})
    session.flush()
    return made


def recommendations(session: Session, ref: str | int) -> list[IssueInfo]:
    """The issues the jury recommended, in reference order."""
    links = base.linked_issues(session, ref)
    return [
        issues.get_issue(session, link.issue_id)
        for link in links
        if link.role is LinkRole.RECOMMENDATION
    ]
