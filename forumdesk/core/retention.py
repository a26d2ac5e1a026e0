"""Retention: residents' names and contact details are kept for a set time after the
person's last attendance, then erased (the ``retention_months`` setting).

A sign-in is due when it holds a name or contact detail of a resident (or someone
signed in as "other") and its person's last attendance, at any forum, is older than the
period; a sign-in not linked to a person counts its own meeting. People in a public role
(councillors, officers, partners) are named as such in the public record of the meeting
and are not erased by retention.

:func:`apply` erases what is due through :func:`forumdesk.core.erasure.erase` with the
reason "retention": one erasure per person (or per sign-in not linked to one), which
travels to other desks like any other.

Engagement participants and offers of help are treated like sign-ins (issue 14): their
personal data is due when the person's last activity is older than the period, that is
the latest of the engagement's dates (while an engagement is planned or open, its
participants are never due), a co-opted member's term, an offer's dates, the day the
record was made, and the person's (or the sign-in's) last attendance. A witness, named in
public, is not erased by retention. They are erased with the person's sign-ins, in the
same erasure (``Erasure.records``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import erasure, preferences
from forumdesk.core.erasure import ErasureInfo
from forumdesk.db.engine import Database
from forumdesk.db.models import (
    Attendance,
    Engagement,
    Forum,
    Meeting,
    Offer,
    Participant,
    Person,
)
from forumdesk.domain.enums import AttendanceRole, EngagementStatus, ParticipantRole
from forumdesk.domain.errors import ForumDeskError
from forumdesk.i18n import _, ngettext

logger = logging.getLogger("forumdesk.retention")

#: The roles whose names and contact details retention erases.
RETAINED_ROLES = (AttendanceRole.RESIDENT, AttendanceRole.OTHER)


@dataclass(frozen=True)
class Due:
    """A sign-in whose personal data is past its retention period.

    ``name`` is for the screen of the officer who runs retention; it never goes to a log.
    """

    attendance_id: int
    attendance_uuid: str
    meeting_id: int
    forum: str
    day: date
    fields: tuple[str, ...]  # the personal fields it holds: name, contact
    name: str | None
    person_id: int | None
    last_attended: date  # the person's last attendance anywhere (unlinked: this meeting)


@dataclass(frozen=True)
class DueRecord:
    """An engagement participant or an offer of help past its retention period."""

    kind: str  # "participants" or "offers", as exchange files name them
    id: int
    uuid: str
    person_id: int | None
    last_active: date


@dataclass(frozen=True)
class Plan:
    """What retention erases on ``today``: sign-ins whose person last attended before ``cutoff``."""

    today: date
    months: int
    cutoff: date
    due: tuple[Due, ...]
    #: Engagement participants and offers of help whose person's last activity was
    #: before ``cutoff``.
    records: tuple[DueRecord, ...] = ()

    @property
    def people(self) -> int:
        """How many erasures applying it makes: one per person, one per unlinked sign-in
        (and one per participant or offer linked to neither)."""
        return len(_groups(self.due)) + len(_record_groups(self))


@dataclass(frozen=True)
class Applied:
    """What :func:`apply` did."""

    plan: Plan
    erasures: tuple[ErasureInfo, ...]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day where the
    month is shorter: 31 March less one month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


def current_day() -> date:
    """The day retention counts from: today, or ``FORUMDESK_RETENTION_TODAY`` (ISO date).

    The override lets the test suite (whose demo meetings have fixed dates) and a
    council's trial of its retention period run on a chosen day.
    """
    fixed = os.environ.get("FORUMDESK_RETENTION_TODAY")  # i18n: not text
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


def retention_months(session: Session) -> int:
    """The ``retention_months`` setting of this database."""
    return int(preferences.get_setting(session, settings.RETENTION_MONTHS.key))


def plan(session: Session, *, today: date | None = None, months: int | None = None) -> Plan:
    """The sign-ins whose residents' personal data is due for erasure on ``today``.

    Args:
        today: the day retention runs on (default: today); tests fix it.
        months: the retention period (default: the database's setting).
    """
    today = today or current_day()
    months = retention_months(session) if months is None else months
    cutoff = months_before(today, months)
    # Only a sign-in at a meeting before the cutoff can be due: its person's last
    # attendance is at least its own meeting's date. Asked as "meeting in (the old
    # meetings)", SQLite reads those meetings' sign-ins by index, and nothing at all when
    # no meeting is that old; as a plain join it read every sign-in (docs/internals.md).
    old_meetings = select(Meeting.id).where(Meeting.date < cutoff)
    rows = session.execute(
        select(
            Attendance.id,
            Attendance.uuid,
            Attendance.meeting_id,
            Attendance.name,
            Attendance.contact,
            Attendance.person_id,
            Meeting.date,
            Forum.name,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Forum, Forum.id == Meeting.forum_id)
        .where(
            Attendance.meeting_id.in_(old_meetings),
            Attendance.role.in_(RETAINED_ROLES),
            or_(Attendance.name.is_not(None), Attendance.contact.is_not(None)),
        )
        .order_by(Meeting.date, Forum.name, Attendance.id)
    ).all()
    linked = {row.person_id for row in rows if row.person_id is not None}
    last: dict[int, date] = {}
    if linked:
        found = session.execute(
            select(Attendance.person_id, func.max(Meeting.date))
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Attendance.person_id.in_(linked))
            .group_by(Attendance.person_id)
        )
        last = {person: day for person, day in found if person is not None}
    due = []
    for row in rows:
        latest = last.get(row.person_id, row.date) if row.person_id is not None else row.date
        if latest >= cutoff:
            continue  # the person came back since, here or at another forum
        held = tuple(f for f, value in (("name", row.name), ("contact", row.contact)) if value)
        due.append(
            Due(
                attendance_id=row.id,
                attendance_uuid=row.uuid,
                meeting_id=row.meeting_id,
                forum=row[7],
                day=row.date,
                fields=held,
                name=row.name,
                person_id=row.person_id,
                last_attended=latest,
            )
        )
    return Plan(
        today=today,
        months=months,
        cutoff=cutoff,
        due=tuple(due),
        records=_due_records(session, cutoff),
    )


def _due_records(session: Session, cutoff: date) -> tuple[DueRecord, ...]:
    """Engagement participants and offers of help holding personal data whose person's
    last activity was before ``cutoff``."""
    found: list[tuple[str, Any, list[date | None]]] = []
    for row, engagement in session.execute(
        select(Participant, Engagement)
        .join(Engagement, Engagement.id == Participant.engagement_id)
        .where(
            Participant.deleted_at.is_(None),
            Participant.role != ParticipantRole.WITNESS,
            Engagement.status.not_in((EngagementStatus.PLANNED, EngagementStatus.OPEN)),
            or_(
                Participant.name.is_not(None),
                Participant.contact.is_not(None),
                Participant.interests.is_not(None),
            ),
        )
        .order_by(Participant.id)
    ):
        dates = [engagement.opens, engagement.closes, engagement.responded_at, row.term_to]
        found.append(("participants", row, dates))  # i18n: not text
    for offer in session.scalars(
        select(Offer)
        .where(
            Offer.deleted_at.is_(None),
            or_(Offer.name.is_not(None), Offer.contact.is_not(None)),
        )
        .order_by(Offer.id)
    ):
        found.append(("offers", offer, [offer.offered_on, offer.delivered_on]))  # i18n: not text
    if not found:
        return ()
    people = {row.person_id for _k, row, _d in found if row.person_id is not None}
    signed = {row.attendance_id for _k, row, _d in found if row.attendance_id is not None}
    last_of_person = dict(
        session.execute(
            select(Attendance.person_id, func.max(Meeting.date))
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Attendance.person_id.in_(people))
            .group_by(Attendance.person_id)
        ).all()
    )
    day_of_sign_in = dict(
        session.execute(
            select(Attendance.id, Meeting.date)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Attendance.id.in_(signed))
        ).all()
    )
    due = []
    for kind, row, dates in found:
        dates = [*dates, row.created_at.date()]
        dates.append(last_of_person.get(row.person_id))
        dates.append(day_of_sign_in.get(row.attendance_id))
        last = max(d for d in dates if d is not None)
        if last < cutoff:
            due.append(DueRecord(kind, row.id, row.uuid, row.person_id, last))
    return tuple(due)


def apply(
    session: Session,
    *,
    today: date | None = None,
    months: int | None = None,
    by: str | None = None,
) -> Applied:
    """Erases the personal data :func:`plan` finds due, one erasure per person (or per
    sign-in not linked to one). The caller commits."""
    found = plan(session, today=today, months=months)
    if found.due or found.records:
        from forumdesk.logs import start_logging

        start_logging()  # what retention erased is kept in the log (never a name)
    groups = _groups(found.due)
    records_of: dict[int, list[str]] = {}
    for record in found.records:
        if record.person_id is not None:
            records_of.setdefault(record.person_id, []).append(record.uuid)
    requests = []
    for signins in groups:
        person_id = signins[0].person_id
        person = session.get(Person, person_id) if person_id is not None else None
        fields = tuple({f for signin in signins for f in signin.fields})
        ids = tuple(signin.attendance_id for signin in signins)
        records = tuple(records_of.get(person_id, ())) if person_id is not None else ()
        requests.append(erasure.Request(ids, fields, person, records))
    for person_id, uuids in _record_groups(found):
        person = session.get(Person, person_id) if person_id is not None else None
        requests.append(erasure.Request((), erasure.PERSONAL_FIELDS, person, tuple(uuids)))
    # One pass over the desk's text for every erasure: a first run on an old register
    # may erase tens of thousands of sign-ins (benchmarks/erasure.py).
    made = erasure.erase_all(session, requests, reason="retention", by=by)
    for signins, done in zip(groups, made[: len(groups)], strict=True):
        for signin in signins:  # never the name: what, where and when only
            logger.info(
                "Retention (%d months): erased %s of a sign-in at %s, %s (erasure %s)",
                found.months,
                ", ".join(signin.fields),
                signin.forum,
                signin.day.isoformat(),
                done.uuid,
            )
    for record in found.records:  # never the name: what and when only
        logger.info(
            "Retention (%d months): erased the personal data of one of %s, last active %s",
            found.months,
            record.kind,
            record.last_active.isoformat(),
        )
    return Applied(plan=found, erasures=tuple(made))


def apply_on_opening(db: Database, *, today: date | None = None) -> str | None:
    """Applies retention to a database just opened, before anything is shown from it.

    The faces call this where they open a database for work (not for a check, a backup,
    or a change of settings, so that lengthening the period first is possible). Nothing
    is written to a database opened read-only or on a full disk, and nothing at all when
    nothing is due (one read).

    Returns:
        What was erased, in a sentence for the person (None when nothing was). A failure
        is added to ``db.warnings``: the work goes on, and the next opening tries again.
    """
    if db.read_only or db.opened_on_full_disk:
        return None
    try:
        with db.read_session() as session:
            found = plan(session, today=today)
            if not found.due and not found.records:
                return None
        with db.session() as session:
            done = apply(session, today=today)
    except ForumDeskError as exc:
        db.warnings.append(
            _("Residents' details past the retention period could not be erased: {problem}").format(
                problem=exc
            )
        )
        return None
    return summary(done) if done.erasures else None


def summary(done: Applied) -> str:
    """ "Erased the names and contact details of 3 sign-ins (2 people) kept more than 24
    months after the person's last attendance." """
    signins, others = len(done.plan.due), len(done.plan.records)
    if not signins:
        return ngettext(
            "Retention: erased the personal data of {n} engagement participant or offer of "
            "help kept longer than {period} after the person last took part.",
            "Retention: erased the personal data of {n} engagement participants or offers "
            "of help kept longer than {period} after the person last took part.",
            others,
        ).format(n=others, period=period(done.plan.months))
    said = _signins_summary(done)
    if others:
        said += " " + also_erased(others)
    return said


def also_erased(count: int) -> str:
    """ "It also erased the personal data of 2 engagement participants or offers of help." """
    return ngettext(
        "It also erased the personal data of {n} engagement participant or offer of help.",
        "It also erased the personal data of {n} engagement participants or offers of help.",
        count,
    ).format(n=count)


def _signins_summary(done: Applied) -> str:
    signins = len(done.plan.due)
    return ngettext(
        "Retention: erased the personal data of {n} sign-in ({people}) kept longer than "
        "{period} after the person's last attendance.",
        "Retention: erased the personal data of {n} sign-ins ({people}) kept longer than "
        "{period} after the person's last attendance.",
        signins,
    ).format(n=signins, people=people_count(done.plan.people), period=period(done.plan.months))


def people_count(count: int) -> str:
    """ "1 person", "2 people" """
    return ngettext("{n} person", "{n} people", count).format(n=count)


def period(months: int) -> str:
    """ "24 months" """
    return ngettext("{n} month", "{n} months", months).format(n=months)


def _record_groups(found: Plan) -> list[tuple[int | None, list[str]]]:
    """The due participants and offers not erased with a person's due sign-ins: by person,
    or each on its own when linked to no one."""
    with_sign_ins = {d.person_id for d in found.due if d.person_id is not None}
    groups: dict[tuple[str, Any], tuple[int | None, list[str]]] = {}
    for record in found.records:
        if record.person_id is not None and record.person_id in with_sign_ins:
            continue
        if record.person_id is not None:
            key: tuple[str, Any] = ("person", record.person_id)
        else:
            key = (record.kind, record.id)
        groups.setdefault(key, (record.person_id, []))[1].append(record.uuid)
    return list(groups.values())


def _groups(due: tuple[Due, ...]) -> list[list[Due]]:
    """The due sign-ins by person; each sign-in not linked to a person is a group of its own."""
    groups: dict[tuple[str, int], list[Due]] = {}
    for signin in due:
        if signin.person_id is not None:
            key = ("person", signin.person_id)
        else:
            key = ("sign-in", signin.attendance_id)
        groups.setdefault(key, []).append(signin)
    return list(groups.values())
