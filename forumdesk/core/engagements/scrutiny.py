"""Scrutiny co-option (docs/engagements.md): a committee or review with residents co-opted
onto it, its evidence sessions, and its recommendations with the executive's responses.

- the **review** is an engagement of kind scrutiny: ``committee`` names the committee or
  review, ``wording`` is its remit;
- **co-opted members** are its participants of role co-opted: voting or not, a term
  (``term_from`` to ``term_to``; a term cannot end before it starts) and a register of
  interests, named only with their consent;
- **evidence sessions** are meetings of format scrutiny session held for it
  (``Meeting.engagement_id``), in the review's forum;
- each **recommendation** is an issue at co-formulation or co-evaluation (mechanism
  scrutiny co-option) tied to the review in the role recommendation. The executive's
  response is due two months after it is made by default (the data setting
  ``scrutiny_months``; a review's own ``response_days`` or a date given wins);
  whether one is awaited or overdue is the one rule of :mod:`forumdesk.core.report_back`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import convert, lookup, meetings, preferences, report_back, sync
from forumdesk.core import issues as issue_service
from forumdesk.core.engagements import base
from forumdesk.db.base import utcnow
from forumdesk.db.models import Engagement, EngagementIssue, Forum, Issue, Meeting, Participant
from forumdesk.domain import rules
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.enums import (
    EngagementKind,
    LinkRole,
    MeetingFormat,
    ParticipantRole,
    PolicyStage,
)
from forumdesk.domain.errors import InputRefused, InvalidValue, NotFound
from forumdesk.domain.records import MeetingInfo
from forumdesk.domain.scrutiny import Recommendation
from forumdesk.i18n import N_, _, ngettext

#: The stages a recommendation can be made at: options for a policy, or a judgement on it.
RECOMMENDATION_STAGES = (PolicyStage.CO_FORMULATION, PolicyStage.CO_EVALUATION)

_MADE_ON = rules.date_value("made_on")

#: What may be changed about a co-opted member.
_MEMBER_FIELDS = (
    "name",
    "contact",
    "consent_named",
    "consent_contact",
    "ward",
    "voting",
    "term_from",
    "term_to",
    "interests",
)


def review(session: Session, ref: str | int) -> Engagement:
    """The scrutiny review ``ref`` (id or reference), refused when it is another kind."""
    return base.of_kind(session, ref, EngagementKind.SCRUTINY)


# Co-opted members -----------------------------------------------------------------


def coopt(
    session: Session,
    ref: str | int,
    *,
    name: str | None = None,
    contact: str | None = None,
    consent_named: bool = False,
    consent_contact: bool = False,
    voting: bool = False,
    term_from: date | str | None = None,
    term_to: date | str | None = None,
    interests: str | None = None,
    ward: str | None = None,
) -> ParticipantInfo:
    """Co-opts a resident onto the review.

    Raises:
        InvalidValue: a name or contact without consent, or a term that ends before it
            starts.
    """
    row = review(session, ref)
    term = _check_term(
        rules.PARTICIPANT["term_from"](term_from), rules.PARTICIPANT["term_to"](term_to)
    )
    return base.add_participant(
        session,
        row.id,
        ParticipantRole.CO_OPTED,
        name=name,
        contact=contact,
        consent_named=consent_named,
        consent_contact=consent_contact,
        voting=voting,
        term_from=term[0],
        term_to=term[1],
        interests=interests,
        ward=ward,
    )


def members(session: Session, ref: str | int) -> list[ParticipantInfo]:
    """The review's co-opted residents, in the order they were co-opted."""
    return base.participants(session, review(session, ref).id, ParticipantRole.CO_OPTED)


def member(session: Session, member_id: int) -> Participant:
    """A co-opted member's row by id.

    Raises:
        NotFound: no such co-opted member of a scrutiny review.
    """
    row = lookup.by_id(
        session, Participant, member_id, N_("There is no co-opted member with id {id}.")
    )
    held = session.get(Engagement, row.engagement_id)
    if (
        row.role is not ParticipantRole.CO_OPTED
        or held is None
        or held.kind is not EngagementKind.SCRUTINY
    ):
        raise NotFound(_("There is no co-opted member with id {id}.").format(id=member_id))
    return row


def edit_member(session: Session, member_id: int, changes: Mapping[str, Any]) -> ParticipantInfo:
    """Changes a co-opted member: voting, term, interests, name and consents.

    Withdrawing a consent blanks what it covered (the name, the contact details).

    Raises:
        InvalidValue: a field that cannot be changed here, a name or contact without
            consent, or a term that ends before it starts.
    """
    row = member(session, member_id)
    unknown = sorted(set(changes) - set(_MEMBER_FIELDS))
    if unknown:
        raise InvalidValue(
            unknown[0],
            _("cannot be changed here; the fields are: {fields}").format(
                fields=", ".join(_MEMBER_FIELDS)
            ),
        )
    values = {key: rules.PARTICIPANT[key](value) for key, value in changes.items()}
    if values.get("consent_named") is False and "name" not in values:
        values["name"] = None
    if values.get("consent_contact") is False and "contact" not in values:
        values["contact"] = None
    merged = {key: values.get(key, getattr(row, key)) for key in _MEMBER_FIELDS}
    merged["role"] = row.role
    base.check_consent(merged)
    _check_term(merged["term_from"], merged["term_to"])
    now = utcnow()
    for consent in ("consent_named", "consent_contact"):
        if consent in values and bool(values[consent]) != bool(getattr(row, consent)):
            values[f"{consent}_at"] = now if values[consent] else None
    sync.apply(session, row, values)
    session.flush()
    return base.participant_info(row)


def end_term(session: Session, member_id: int, on: date | str) -> ParticipantInfo:
    """Ends a co-opted member's term on the day ``on`` (their last day).

    Raises:
        InvalidValue: the day is before their term started.
    """
    return edit_member(session, member_id, {"term_to": on})


def serving(person: ParticipantInfo, day: date) -> bool:
    """Whether the member's term covers ``day`` (an open end serves on)."""
    started = person.term_from is None or person.term_from <= day
    return started and (person.term_to is None or day <= person.term_to)


def _check_term(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    if start is not None and end is not None and end < start:
        raise InvalidValue(
            "term_to",
            _("the term cannot end on {end}, before it starts on {start}").format(
                end=end.isoformat(), start=start.isoformat()
            ),
        )
    return start, end


# Evidence sessions ----------------------------------------------------------------


def add_session(
    session: Session,
    ref: str | int,
    day: date | str,
    *,
    forum: str | int | None = None,
    title: str | None = None,
    venue: str | None = None,
    start_time: time | str | None = None,
    end_time: time | str | None = None,
    chair: str | None = None,
) -> MeetingInfo:
    """Plans an evidence session of the review: a meeting of format scrutiny session in
    the review's forum (a council-wide review names the forum that hosts it).

    Raises:
        InputRefused: a council-wide review and no forum named. InvalidValue: a bad date
            or time.
    """
    row = review(session, ref)
    host = _forum_for(session, row, forum, _("an evidence session"))
    made = meetings.create_meeting(
        session,
        forum=host,
        format=MeetingFormat.SCRUTINY_SESSION,
        date=day,
        title=title,
        venue=venue,
        start_time=start_time,
        end_time=end_time,
        chair=chair,
    )
    # Set as part of the meeting's creation, in the unit of work that made it: the
    # meeting travels with it as a value it was created with (an edit's version would be
    # stamped with the column's name, which an exchange file does not know).
    lookup.meeting(session, made.id).engagement_id = row.id
    session.flush()
    return made


def sessions(session: Session, ref: str | int) -> list[MeetingInfo]:
    """The review's live evidence sessions, earliest first."""
    row = review(session, ref)
    held = session.execute(
        select(Meeting, Forum.code)
        .join(Forum, Forum.id == Meeting.forum_id)
        .where(Meeting.engagement_id == row.id, Meeting.deleted_at.is_(None))
        .order_by(Meeting.date, Meeting.id)
    ).all()
    return [convert.meeting_info(meeting, code) for meeting, code in held]


def _forum_for(session: Session, row: Engagement, forum: str | int | None, what: str) -> str:
    """The code of the forum named, else the review's own; refused for a council-wide
    review when none is named."""
    if forum is not None:
        return lookup.forum(session, forum).code
    if row.forum_id is None:
        raise InputRefused(
            _(
                "{reference} is a council-wide review, so {what} needs the forum it belongs "
                "to; name one (--forum CODE)."
            ).format(reference=row.reference, what=what)
        )
    return session.get_one(Forum, row.forum_id).code


# Recommendations ------------------------------------------------------------------


def response_months(session: Session) -> int:
    """The ``scrutiny_months`` setting of this database."""
    return int(preferences.get_setting(session, settings.SCRUTINY_RESPONSE_MONTHS.key))


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day where the month
    is shorter: 31 December plus two months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


def default_due(session: Session, row: Engagement, made_on: date) -> date:
    """When the executive's response to a recommendation made on ``made_on`` is due: the
    review's own number of days if it has one, else the months of the setting."""
    if row.response_days:
        return made_on + timedelta(days=row.response_days)
    return months_after(made_on, response_months(session))


def recommend(
    session: Session,
    ref: str | int,
    *,
    title: str,
    stage: PolicyStage | str,
    description: str | None = None,
    forum: str | int | None = None,
    made_on: date | str | None = None,
    due: date | str | None = None,
    author: str | None = None,
) -> Recommendation:
    """Records a recommendation of the review: an issue in the review's forum (or the one
    named; a council-wide review must name one) at co-formulation or co-evaluation, tied
    to the review, with the executive's response due on ``due`` or by the default
    (:func:`default_due` from ``made_on``, today when not given).

    Raises:
        InvalidValue: another stage, a bad date, a due date before the day it was made.
        InputRefused: a council-wide review and no forum named.
    """
    row = review(session, ref)
    wanted = rules.ISSUE_OTHER["stage"](stage)
    if wanted not in RECOMMENDATION_STAGES:
        raise InvalidValue(
            "stage",
            _("a recommendation is made at {first} or {second}, not {stage}").format(
                first=PolicyStage.CO_FORMULATION.value,
                second=PolicyStage.CO_EVALUATION.value,
                stage=wanted.value,
            ),
        )
    made = _MADE_ON(made_on) or utcnow().date()
    wanted_due = rules.ISSUE["response_due"](due)
    if wanted_due is not None and wanted_due < made:
        raise InvalidValue(
            "response_due",
            _("the response cannot be due on {due}, before the recommendation on {made}").format(
                due=wanted_due.isoformat(), made=made.isoformat()
            ),
        )
    host = _forum_for(session, row, forum, _("a recommendation"))
    issue = issue_service.record_issue(
        session,
        forum=host,
        title=title,
        description=description,
        stage=wanted,
        mechanism=EngagementKind.SCRUTINY.mechanism,
        response_due=wanted_due or default_due(session, row, made),
        author=author,
    )
    base.link_issue(session, row.id, issue.id, wanted, LinkRole.RECOMMENDATION)
    return _recommendations(session, row, utcnow().date(), only=issue.id)[0]


def respond(
    session: Session, ref: str | int, issue: str | int, text: str, *, author: str | None = None
) -> Recommendation:
    """Records the executive's response to one of the review's recommendations.

    No further response is then due. A response given before its due date clears the
    date (by the report-back rule a due date after the last response means another is
    awaited); one given on or after it keeps the date, so the report shows it was late.

    Raises:
        NotFound: the issue is not a recommendation of this review. InvalidValue: no text.
    """
    row = review(session, ref)
    target = lookup.issue(session, issue)
    ours = _recommendations(session, row, utcnow().date(), only=target.id)
    if not ours:
        raise NotFound(
            _("{issue} is not a recommendation of {reference}.").format(
                issue=target.reference, reference=row.reference
            )
        )
    if target.response_due is not None and target.response_due <= utcnow().date():
        # Answered on or after the day it was due: the due date stays on record, and the
        # report-back rule already counts the response as given.
        issue_service.respond(session, target.id, text, author=author)
    else:
        # Answered early: a due date after the response would mean another is awaited.
        report_back.respond(session, target.id, text, due=None, author=author)
    session.flush()
    return _recommendations(session, row, utcnow().date(), only=target.id)[0]


def recommendations(session: Session, ref: str | int, today: date) -> list[Recommendation]:
    """The review's recommendations in reference order, with where each response stands on
    ``today``."""
    return _recommendations(session, review(session, ref), today)


def _recommendations(
    session: Session, row: Engagement, today: date, only: int | None = None
) -> list[Recommendation]:
    query = (
        select(Issue, EngagementIssue.stage, Forum.code)
        .join(EngagementIssue, EngagementIssue.issue_id == Issue.id)
        .join(Forum, Forum.id == Issue.forum_id)
        .where(
            EngagementIssue.engagement_id == row.id,
            EngagementIssue.role == LinkRole.RECOMMENDATION,
            EngagementIssue.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
        )
        .order_by(Issue.reference, Issue.id)
    )
    if only is not None:
        query = query.where(Issue.id == only)
    # An issue tied twice (at both stages) is one recommendation, at its first stage.
    rows: dict[int, tuple[Issue, PolicyStage, str]] = {}
    for issue, stage, code in session.execute(query):
        rows.setdefault(issue.id, (issue, stage, code))
    found = list(rows.values())
    standing = report_back.standing(session, [issue.id for issue, _s, _c in found], today)
    made = []
    for issue, stage, code in found:
        where = standing[issue.id]
        made.append(
            Recommendation(
                issue_id=issue.id,
                reference=issue.reference,
                title=issue.title,
                forum_code=code,
                stage=stage,
                response_due=where.response_due,
                responded_on=where.last.day if where.last else None,
                response=where.last.text if where.last else None,
                awaiting=where.awaiting,
                overdue=where.overdue,
            )
        )
    return made


# Figures and the demo -------------------------------------------------------------


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The scrutiny's figures for `engagement show` and the window: (label, value) lines."""
    return figures_on(session, row, date.today())


def figures_on(session: Session, row: Engagement, today: date) -> list[tuple[str, str]]:
    """:func:`figures` as they stand on ``today``."""
    people = base.participants(session, row.id, ParticipantRole.CO_OPTED)
    voters = sum(1 for p in people if p.voting)
    held = sessions(session, row.id)
    made = _recommendations(session, row, today)
    answered = sum(1 for r in made if not r.awaiting)
    waiting = sum(1 for r in made if r.awaiting)
    late = sum(1 for r in made if r.overdue)
    lines = [(_("Committee"), row.committee or _("not given"))]
    lines.append(
        (
            _("Co-opted residents"),
            ngettext("{n} co-opted resident", "{n} co-opted residents", len(people)).format(
                n=len(people)
            )
            + " ("
            + _("{voting} voting, {other} non-voting").format(
                voting=voters, other=len(people) - voters
            )
            + ")",
        )
    )
    if people:
        lines.append(
            (
                _("Serving today"),
                ngettext(
                    "{n} member", "{n} members", sum(serving(p, today) for p in people)
                ).format(n=sum(serving(p, today) for p in people)),
            )
        )
        lines.append((_("Terms"), "; ".join(term_text(p) for p in people)))
    lines.append(
        (
            _("Evidence sessions"),
            ngettext("{n} session", "{n} sessions", len(held)).format(n=len(held))
            + (": " + ", ".join(m.date.isoformat() for m in held) if held else ""),
        )
    )
    lines.append(
        (
            _("Recommendations"),
            ngettext("{n} recommendation", "{n} recommendations", len(made)).format(n=len(made))
            + (": " if made else "")
            + (
                _("{answered} answered, {waiting} awaiting a response ({late} overdue)").format(
                    answered=answered, waiting=waiting, late=late
                )
                if made
                else ""
            ),
        )
    )
    return lines


def term_text(person: ParticipantInfo) -> str:
    """A member and their term in a few words: "Aled Jones (voting): 2026-05-01 to ..."."""
    who = person.name or _("(not named)")
    how = _("voting") if person.voting else _("non-voting")
    start = person.term_from.isoformat() if person.term_from else "…"
    end = person.term_to.isoformat() if person.term_to else "…"
    return _("{who} ({how}): {start} to {end}").format(who=who, how=how, start=start, end=end)


def add_demo(session: Session) -> None:
    """Adds the demo's scrutiny (called by `forumdesk demo` after its forums and meetings):
    a review of housing repairs in Brixton Hill with two co-opted residents, two evidence
    sessions and three recommendations, one of them answered."""
    from forumdesk.core.engagements import scrutiny_demo

    scrutiny_demo.add(session)
