"""The policy jury workflow (docs/engagements.md, "Policy juries"): the pool of volunteers and
the reproducible stratified random draw. Sessions, witnesses and recommendations are
``jury_sessions``; the draw's rule is ``jury_draw``, its record in words ``jury_text``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, lookup, sync
from forumdesk.core.engagements import base, jury_draw, jury_sessions
from forumdesk.core.engagements.jury_text import STRATA, stratum_words
from forumdesk.db.models import Attendance, Draw, Engagement, Forum, Participant
from forumdesk.domain import limits, rules
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.enums import (
    AttendanceRole,
    EngagementKind,
    ParticipantRole,
)
from forumdesk.domain.errors import InputRefused, InvalidValue, NotFound
from forumdesk.domain.jury import DrawCheck, DrawRecord, Juror, Quota, Volunteer
from forumdesk.i18n import N_, _, ngettext

_POOL_ROLES = (ParticipantRole.VOLUNTEER, ParticipantRole.JUROR)


def _jury(session: Session, ref: str | int) -> Engagement:
    return base.of_kind(session, ref, EngagementKind.JURY)


# The pool ----------------------------------------------------------------------------


def add_volunteer(
    session: Session,
    ref: str | int,
    *,
    name: str | None = None,
    ward: str | None = None,
    age_band: str | None = None,
    contact: str | None = None,
    consent_named: bool = False,
    consent_contact: bool = False,
) -> ParticipantInfo:
    """Adds a volunteer to the jury's pool (named and contacted only with consent).

    Raises:
        InvalidValue: the ward is not one of the jury's forum's wards.
    """
    row = _jury(session, ref)
    ward = _forum_ward(session, row, ward)
    return base.add_participant(
        session,
        row.id,
        ParticipantRole.VOLUNTEER,
        name=name,
        contact=contact,
        consent_named=consent_named,
        consent_contact=consent_contact,
        ward=ward,
        age_band=age_band,
    )


def pool_from_meeting(
    session: Session, ref: str | int, meeting: str | int
) -> list[ParticipantInfo]:
    """Adds to the pool the residents who signed in at a meeting and consented to be named;
    a sign-in already in the pool is not added again. Returns those added."""
    row = _jury(session, ref)
    held = lookup.meeting(session, meeting)
    taken = set(
        session.scalars(
            select(Participant.attendance_id).where(
                Participant.engagement_id == row.id,
                Participant.deleted_at.is_(None),
                Participant.attendance_id.is_not(None),
            )
        )
    )
    signed = session.scalars(
        select(Attendance)
        .where(
            Attendance.meeting_id == held.id,
            Attendance.deleted_at.is_(None),
            Attendance.role == AttendanceRole.RESIDENT,
            Attendance.consent_named.is_(True),
            Attendance.name.is_not(None),
        )
        .order_by(Attendance.id)
    ).all()
    added = []
    for person in signed:
        if person.id in taken:
            continue
        added.append(
            base.add_participant(
                session,
                row.id,
                ParticipantRole.VOLUNTEER,
                name=person.name,
                consent_named=True,
                attendance_id=person.id,
                person_id=person.person_id,
            )
        )
    return added


def edit_volunteer(
    session: Session, participant: int, *, ward: str | None, age_band: str | None
) -> ParticipantInfo:
    """Sets a volunteer's ward (one of the jury's forum's) and age band (a sign-in carries
    neither)."""
    row = _volunteer(session, participant)
    values = _edit.clean({"ward": ward, "age_band": age_band}, rules.PARTICIPANT)
    jury_row = session.get(Engagement, row.engagement_id)
    if jury_row is not None:
        values["ward"] = _forum_ward(session, jury_row, values["ward"])
    sync.apply(session, row, values)
    session.flush()
    return base.participant_info(row)


def _forum_ward(session: Session, row: Engagement, ward: str | None) -> str | None:
    """``ward`` as the jury's forum spells it (in any case given).

    A council-wide jury, or one whose forum lists no wards, takes any ward: there is no
    list to check against.

    Raises:
        InvalidValue: the forum lists its wards and ``ward`` is not one of them; the
            message lists them.
    """
    given = (ward or "").strip()
    if not given or row.forum_id is None:
        return ward
    forum = session.get(Forum, row.forum_id)
    if forum is None or not forum.wards:
        return ward
    wards = list(forum.wards)
    known = {name.casefold(): name for name in wards}
    if given.casefold() in known:
        return known[given.casefold()]
    raise InvalidValue(
        "ward",
        _("{ward} is not a ward of {forum}; its wards are: {wards}").format(
            ward=repr(given), forum=forum.name, wards=", ".join(wards)
        ),
    )


def _volunteer(session: Session, ident: int) -> Participant:
    row = lookup.by_id(session, Participant, ident, N_("There is no volunteer with id {id}."))
    if row.role not in _POOL_ROLES:
        raise NotFound(_("There is no volunteer with id {id}.").format(id=ident))
    return row


def _pool_rows(session: Session, row: Engagement) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(
                Participant.engagement_id == row.id,
                Participant.deleted_at.is_(None),
                Participant.role.in_(_POOL_ROLES),
            )
            .order_by(Participant.id)
        )
    )


def pool(session: Session, ref: str | int) -> list[Volunteer]:
    """The jury's volunteers (jurors among them), in the order they were added."""
    return [
        Volunteer(
            id=p.id,
            uuid=p.uuid,
            name=p.name,
            ward=p.ward,
            age_band=p.age_band,
            juror=p.role is ParticipantRole.JUROR,
            from_meeting=p.attendance_id is not None,
        )
        for p in _pool_rows(session, _jury(session, ref))
    ]


# The draw ----------------------------------------------------------------------------


def _fields(by: Sequence[str]) -> list[str]:
    fields: list[str] = []
    for name in by:
        field = name.strip().lower().replace("-", "_").replace(" ", "_")
        if field not in STRATA:
            raise InvalidValue(
                "strata",
                _("{name} is not something a draw can be made by (ward or age band)").format(
                    name=repr(name)
                ),
            )
        if field not in fields:
            fields.append(field)
    return fields


def draw(
    session: Session,
    ref: str | int,
    *,
    size: int | None,
    seed: str,
    by: Sequence[str] = ("ward",),
    witnesses: Sequence[str] = (),
    quotas: Mapping[str, int] | None = None,
) -> DrawRecord:
    """Draws the jury from the pool and records the draw so that anyone can re-run it
    (:mod:`forumdesk.core.engagements.jury_draw` states the rule). A new draw replaces
    the jurors of an earlier one; the earlier draw's record stays.

    Args:
        size: how many jurors; with ``quotas`` it may be None (their sum).
        quotas: explicit jurors per stratum ("Tulse Hill" or "Tulse Hill|18-29"),
            instead of shares proportional to the pool.

    Raises:
        InputRefused: the pool is smaller than the jury, a stratum has fewer volunteers
            than its quota, or a value is wrong; nothing is stored.
    """
    row = _jury(session, ref)
    fields = _fields(by) if by else []
    if not fields:
        raise InvalidValue("strata", _("name at least one thing to draw by (ward or age band)"))
    witness_names = [limits.required_text("witness", w, limits.SHORT_TEXT) for w in witnesses]
    if quotas is not None and size is None:
        size = sum(quotas.values())
    values = _edit.clean(
        {"seed": seed, "size": size, "witnesses": "\n".join(witness_names) or None}, rules.DRAW
    )
    size = values["size"]
    if size < 1:
        raise InvalidValue("size", _("a jury needs at least one juror"))
    people = _pool_rows(session, row)
    strata = {p.uuid: _stratum(p, fields) for p in people}
    counts = Counter(strata.values())
    if quotas is None:
        if len(people) < size:
            raise InputRefused(
                ngettext(
                    "The pool has {count} volunteer, fewer than the {size} jurors asked for.",
                    "The pool has {count} volunteers, fewer than the {size} jurors asked for.",
                    len(people),
                ).format(count=len(people), size=size)
            )
        wanted = jury_draw.proportional(counts, size)
    else:
        wanted = _explicit(quotas, counts, size)
    for key in sorted(wanted):
        if wanted[key] > counts.get(key, 0):
            raise InputRefused(
                ngettext(
                    "The group {stratum} has {count} volunteer, too few for {quota} jurors.",
                    "The group {stratum} has {count} volunteers, too few for {quota} jurors.",
                    counts.get(key, 0),
                ).format(stratum=stratum_words(key), count=counts.get(key, 0), quota=wanted[key])
            )
    chosen = jury_draw.draw(list(strata.items()), wanted, values["seed"])
    record = Draw(
        engagement_id=row.id,
        seed=values["seed"],
        size=size,
        strata=fields,
        quotas={key: wanted[key] for key in sorted(wanted)},
        witnesses=values["witnesses"],
        pool=sorted(strata),
        chosen=chosen,
    )
    sync.created(session, record)
    session.add(record)
    session.flush()
    picked = set(chosen)
    for person in people:
        if person.uuid in picked:
            sync.apply(session, person, {"role": ParticipantRole.JUROR})
            jury_sessions.link(session, person, "draw_id", "draw", record.id)
        elif person.role is ParticipantRole.JUROR:
            sync.apply(session, person, {"role": ParticipantRole.VOLUNTEER})
            jury_sessions.link(session, person, "draw_id", "draw", None)
    session.flush()
    return draw_record(session, record)


def _stratum(person: Participant, fields: Sequence[str]) -> str:
    return jury_draw.stratum({"ward": person.ward, "age_band": person.age_band}, fields)


def _explicit(quotas: Mapping[str, int], counts: Mapping[str, int], size: int) -> dict[str, int]:
    wanted = {key: 0 for key in counts}
    for key, quota in quotas.items():
        if quota < 0:
            raise InvalidValue("quota", _("a group cannot have fewer than no jurors"))
        wanted[key] = quota
    if sum(wanted.values()) != size:
        raise InvalidValue(
            "quota",
            _("the groups' jurors add up to {total}, not the {size} asked for").format(
                total=sum(wanted.values()), size=size
            ),
        )
    return wanted


def draw_record(session: Session, record: Draw) -> DrawRecord:
    """The record of a stored draw."""
    people = {
        p.uuid: p
        for p in session.scalars(select(Participant).where(Participant.uuid.in_(record.pool)))
    }
    number = {uuid: n for n, uuid in enumerate(record.pool, start=1)}
    fields = list(record.strata)
    counts = Counter(_stratum(p, fields) for p in people.values())
    return DrawRecord(
        id=record.id,
        engagement_id=record.engagement_id,
        seed=record.seed,
        size=record.size,
        strata=tuple(fields),
        quotas=tuple(
            Quota(key, counts.get(key, 0), int(quota))
            for key, quota in sorted(record.quotas.items())
        ),
        witnesses=tuple(w for w in (record.witnesses or "").split("\n") if w),
        drawn_at=record.drawn_at,
        pool_size=len(record.pool),
        jurors=tuple(
            Juror(
                number=number[uuid],
                name=people[uuid].name if uuid in people else None,
                ward=people[uuid].ward if uuid in people else None,
                age_band=people[uuid].age_band if uuid in people else None,
            )
            for uuid in record.chosen
        ),
    )


def draws(session: Session, ref: str | int) -> list[DrawRecord]:
    """The jury's draws, the latest last."""
    row = _jury(session, ref)
    found = session.scalars(
        select(Draw)
        .where(Draw.engagement_id == row.id, Draw.deleted_at.is_(None))
        .order_by(Draw.id)
    )
    return [draw_record(session, d) for d in found]


def _draw_row(session: Session, ident: int) -> Draw:
    return lookup.by_id(session, Draw, ident, N_("There is no draw with id {id}."))


def rerun(session: Session, draw_id: int) -> DrawCheck:
    """Runs a stored draw again from its pool, strata, quotas and seed: the same jurors
    must come out. Nothing is stored."""
    record = _draw_row(session, draw_id)
    people = {
        p.uuid: p
        for p in session.scalars(select(Participant).where(Participant.uuid.in_(record.pool)))
    }
    fields = list(record.strata)
    pool_strata = [(uuid, _stratum(p, fields)) for uuid, p in people.items()]
    quotas = {key: int(n) for key, n in record.quotas.items()}
    counts = Counter(key for _uuid, key in pool_strata)
    if len(people) != len(record.pool) or any(counts[k] < n for k, n in quotas.items()):
        again: list[str] = []
    else:
        again = jury_draw.draw(pool_strata, quotas, record.seed)
    number = {uuid: n for n, uuid in enumerate(record.pool, start=1)}
    return DrawCheck(
        draw=draw_record(session, record),
        same=again == list(record.chosen),
        again=tuple(number[uuid] for uuid in again),
    )


# The faces' figures and the demo -----------------------------------------------------


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The jury's figures for `engagement show` and the window: (label, value) lines."""
    people = pool(session, row.id)
    found = draws(session, row.id)
    lines = [
        (_("Volunteers in the pool"), str(len(people))),
        (_("Jurors"), str(sum(1 for p in people if p.juror))),
    ]
    if found:
        latest = found[-1]
        lines.append(
            (
                _("Latest draw"),
                _("id {id}, seed {seed}, {size} from {pool}").format(
                    id=latest.id, seed=latest.seed, size=latest.size, pool=latest.pool_size
                ),
            )
        )
    lines.append((_("Sessions"), str(len(jury_sessions.sessions(session, row.id)))))
    lines.append((_("Recommendations"), str(len(jury_sessions.recommendations(session, row.id)))))
    return lines


def add_demo(session: Session) -> None:
    """Adds the demo's jury (called by `forumdesk demo` after its forums and meetings)."""
    from forumdesk.core.engagements import jury_demo

    jury_demo.add(session)
