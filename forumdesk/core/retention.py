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
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import erasure, preferences
from forumdesk.core.erasure import ErasureInfo
from forumdesk.db.engine import Database
from forumdesk.db.models import Attendance, Forum, Meeting, Person
from forumdesk.domain.enums import AttendanceRole
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
class Plan:
    """What retention erases on ``today``: sign-ins whose person last attended before ``cutoff``."""

    today: date
    months: int
    cutoff: date
    due: tuple[Due, ...]

    @property
    def people(self) -> int:
        """How many erasures applying it makes: one per person, one per unlinked sign-in."""
        return len(_groups(self.due))


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
    return Plan(today=today, months=months, cutoff=cutoff, due=tuple(due))


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
    if found.due:
        from forumdesk.logs import start_logging

        start_logging()  # what retention erased is kept in the log (never a name)
    groups = _groups(found.due)
    requests = []
    for signins in groups:
        person_id = signins[0].person_id
        person = session.get(Person, person_id) if person_id is not None else None
        fields = tuple({f for signin in signins for f in signin.fields})
        ids = tuple(signin.attendance_id for signin in signins)
        requests.append(erasure.Request(ids, fields, person))
    # One pass over the desk's text for every erasure: a first run on an old register
    # may erase tens of thousands of sign-ins (benchmarks/erasure.py).
    made = erasure.erase_all(session, requests, reason="retention", by=by)
    for signins, done in zip(groups, made, strict=True):
        for signin in signins:  # never the name: what, where and when only
            logger.info(
                "Retention (%d months): erased %s of a sign-in at %s, %s (erasure %s)",
                found.months,
                ", ".join(signin.fields),
                signin.forum,
                signin.day.isoformat(),
                done.uuid,
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
            if not plan(session, today=today).due:
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
