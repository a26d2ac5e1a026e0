"""The demo: two forums (one Welsh), meetings of several formats, 60+ issues across the cycle.

Everything goes through the same services a person's actions use, so the demo
is also a broad exercise of them. The content is fixed (seeded), so screenshots
and tests see the same forum every time. The timelines are then dated as a year of
forums would have left them (:func:`_date_the_timelines`): raised at their meeting, moved
days or weeks later (at a later meeting when one fell in between), answered with dates,
some responses due and a few of them overdue.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from forumdesk.core import actions, agenda, attendance, carry, forums, issues, meetings
from forumdesk.core.engagements import demo as engagements_demo
from forumdesk.db import stage_clock
from forumdesk.db.base import Synced
from forumdesk.db.models import (
    Action,
    Attendance,
    Engagement,
    Forum,
    Issue,
    Meeting,
    TimelineEvent,
)
from forumdesk.domain.enums import IssueStatus, Mechanism, PolicyStage, TimelineKind
from forumdesk.domain.errors import Conflict
from forumdesk.domain.progress import Progress
from forumdesk.domain.records import AgendaItemInfo


@dataclass(frozen=True)
class DemoSummary:
    """How much the demo created."""

    forums: int
    meetings: int
    issues: int
    actions: int
    engagements: int = 0


@dataclass(frozen=True)
class _ForumPlan:
    code: str
    name: str
    area: str
    wards: tuple[str, ...]
    places: tuple[str, ...]
    meetings: tuple[tuple[str, date, str, str], ...]  # format, date, venue, title
    titles: tuple[str, ...]
    mechanism: Mechanism


BRIXTON = _ForumPlan(
    code="BHF",
    name="Brixton Hill Area Forum",
    area="Brixton Hill and Tulse Hill",
    wards=("Brixton Hill", "Tulse Hill", "St Martin's"),
    places=(
        "Brixton Hill",
        "Josephine Avenue",
        "Tulse Hill estate",
        "Rush Common",
        "Upper Tulse Hill",
        "Brockwell Gate",
        "New Park Road",
    ),
    meetings=(
        ("area-forum", date(2026, 1, 20), "St Saviour's Church Hall", "January area forum"),
        ("petition-hearing", date(2026, 3, 10), "Lambeth Town Hall", "Rush Common petition"),
        ("community-conference", date(2026, 5, 16), "Brixton Library", "Summer conference"),
        ("area-forum", date(2026, 9, 22), "St Saviour's Church Hall", "September area forum"),
    ),
    titles=(
        "Potholes on Brixton Hill between the library and the prison",
        "Street lights out on Josephine Avenue",
        "Fly-tipping behind the Tulse Hill estate garages",
        "Speeding on New Park Road at school times",
        "Library opening hours cut on Saturdays",
        "Overflowing bins on Rush Common",
        "No dropped kerb at the Brockwell Gate crossing",
        "Damp in council flats on Upper Tulse Hill",
        "Youth club closed since the spring",
        "Bus stop shelter smashed and not replaced",
        "Noise from late-night deliveries to the supermarket",
        "Trees on Rush Common need a survey",
        "Cycle lane blocked by parked vans",
        "Graffiti on the railway bridge",
        "Allotment waiting list of six years",
        "Dog fouling on the school route",
        "Flooding at the junction after heavy rain",
        "Market stalls left uncleared on Sundays",
        "Playground equipment broken at Brockwell Gate",
        "Housing repairs take months to be booked",
        "Parking permits too expensive for carers",
        "Pavement cracked outside the health centre",
        "Community centre hire charges doubled",
        "Air quality near the primary school",
        "Lack of benches for older residents on the hill",
        "Anti-social behaviour in the estate stairwells",
        "Recycling collections missed on Tuesdays",
        "Unsafe crossing at the top of the hill",
        "Empty shops on the high street",
        "Food bank needs a permanent home",
        "Estate lifts out of order for weeks",
        "Tree roots lifting the pavement on Josephine Avenue",
        "Public toilets closed at Rush Common",
        "Wheelchair access to the library",
    ),
    mechanism=Mechanism.AREA_FORUM,
)

LLANFAIR = _ForumPlan(
    code="LLF",
    name="Fforwm Cymunedol Llanfair / Llanfair Community Forum",
    area="Llanfair and Pentre",
    wards=("Llanfair", "Pentre", "Cwm"),
    places=(
        "Ffordd yr Ŵyl",
        "Stryd y Bont",
        "Heol y Dŵr",
        "Maes y Llan",
        "Tŷ Gwyn",
        "Llanfair",
        "Pont Cwm",
    ),
    meetings=(
        ("area-forum", date(2026, 2, 5), "Neuadd Bentref Llanfair", "Cyfarfod mis Chwefror"),
        (
            "consultation-workshop",
            date(2026, 4, 23),
            "Ysgol Gynradd Llanfair",
            "Town centre options workshop",
        ),
        ("policy-jury", date(2026, 6, 18), "Neuadd Bentref Llanfair", "Policy jury on parking"),
        (
            "scrutiny-session",
            date(2026, 10, 8),
            "Council offices, Tŷ Gwyn",
            "Scrutiny of the play strategy",
        ),
    ),
    titles=(
        "Goleuadau stryd ar Ffordd yr Ŵyl / Street lights on Ffordd yr Ŵyl",
        "Parking on Stryd y Bont blocks the bus",
        "Heol y Dŵr floods after every storm",
        "No safe path to school from Maes y Llan",
        "Bilingual signs missing at Tŷ Gwyn",
        "Bus to the hospital only twice a day",
        "Play area at Pont Cwm closed",
        "Speeding through Llanfair village",
        "Broadband not reaching Cwm farms",
        "Litter picking group needs equipment",
        "Community shop wants to take over the old bank",
        "Footbridge at Pont Cwm rotting",
        "Public toilets on Stryd y Bont closed in winter",
        "Affordable homes for young families in Llanfair",
        "Gwasanaeth bws hwyr / Late bus service on Fridays",
        "Potholes on the road to Cwm",
        "Welsh-medium youth activities",
        "Grass cutting on Maes y Llan verges",
        "Defibrillator needed at the village hall",
        "Eisteddfod field drainage on Ffordd yr Ŵyl",
        "Dog fouling on the riverside path",
        "Post office opening hours",
        "Christmas lights on Stryd y Bont",
        "Derelict chapel on Heol y Dŵr",
        "Traffic calming outside the school",
        "Tree planting on Maes y Llan",
        "Community transport for older people",
        "Recycling centre too far away",
        "Holiday lets pushing up rents",
        "Library van timetable",
    ),
    mechanism=Mechanism.AREA_FORUM,
)

#: Per forum, names by role (text) and its "residents" (a tuple of names).
PEOPLE: dict[str, dict[str, Any]] = {
    "BHF": {
        "chair": "Cllr Grace Adeyemi",
        "facilitator": "Tom Okafor",
        "clerk": "Priya Shah",
        "officer": "Daniel Reed",
        "partner": "Sgt Helen Moss",
        "residents": ("Maureen O'Brien", "Kwame Mensah", "Zofia Nowak", "Li Wei", "Amira Hassan"),
    },
    "LLF": {
        "chair": "Cyng. Siân Prys",
        "facilitator": "Gethin Llŷr",
        "clerk": "Elin Wyn Jones",
        "officer": "Rhodri Ellis",
        "partner": "Catrin Hughes (Cymdeithas Tai)",
        "residents": (
            "Dafydd ap Gwilym",
            "Ffion Rhys",
            "Gwenllian Ŵynne",
            "Iolo Morgan",
            "Mared Ŷnys",
        ),
    },
}

AGENDA = (
    ("Welcome, apologies and introductions", None),
    ("Minutes of the last meeting and matters arising", None),
    ("Update from the neighbourhood policing team", "partner"),
    ("Residents' issues", None),
    ("Council update on open actions", "officer"),
    ("Any other business", None),
)

RESPONSES = (
    "You said the street was unsafe after dark; we replaced 14 lamp heads.",
    "You said repairs took too long; we now book them within ten working days.",
    "You said the bins overflowed; collections are now twice a week.",
    "You said you wanted a say in the options; a workshop is booked for the spring.",
)


def fill_demo(session: Session, progress: Progress | None = None) -> DemoSummary:
    """Fills an empty database with the demo.

    Args:
        progress: called with (done, total) as meetings are filled, for a progress bar.

    Raises:
        Conflict: the database already holds forums; the demo never mixes with real data.
    """
    if session.scalar(select(exists().where(Forum.id.is_not(None)))):
        raise Conflict("The database is not empty; the demo only fills an empty database.")
    rng = random.Random(2026)
    totals = [0, 0, 0]
    total = len(BRIXTON.meetings) + len(LLANFAIR.meetings)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for plan in (BRIXTON, LLANFAIR):
        made = _fill_forum(session, plan, rng, step)
        totals = [a + b for a, b in zip(totals, made, strict=True)]
    _consents_dated_at_their_meetings(session)
    _a_regular(session)
    _withdraw_a_consent(session)
    _date_the_timelines(session, rng)
    engagements_demo.add_demo(session)
    return DemoSummary(  # counted whole: the engagements hold meetings and raise issues too
        forums=2,
        meetings=_count(session, Meeting),
        issues=_count(session, Issue),
        actions=_count(session, Action),
        engagements=_count(session, Engagement),
    )


def _count(session: Session, model: type[Synced]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))
        or 0
    )


def _fill_forum(
    session: Session, plan: _ForumPlan, rng: random.Random, step: Callable[[], None]
) -> tuple[int, int, int]:
    people = PEOPLE[plan.code]
    forums.create_forum(
        session,
        code=plan.code,
        name=plan.name,
        area=plan.area,
        wards=plan.wards,
        description=f"The standing engagement forum for {plan.area}.",
    )
    titles = list(plan.titles)
    stages = list(PolicyStage)
    issue_count = action_count = 0
    for index, (fmt, day, venue, title) in enumerate(plan.meetings):
        last = index == len(plan.meetings) - 1
        meeting = meetings.create_meeting(
            session,
            forum=plan.code,
            format=fmt,
            date=day,
            title=title,
            start_time=time(18, 30),
            end_time=time(20, 30),
            venue=venue,
            chair=people["chair"],
            facilitator=people["facilitator"],
            clerk=people["clerk"],
        )
        if index:
            carry.carry_forward(session, meeting.id)
        meetings.set_meeting_status(session, meeting.id, "in-progress")
        _attendance(session, meeting.id, people, rng)
        items = [
            agenda.add_agenda_item(
                session,
                meeting.id,
                title=item,
                presenter=people[who] if who else people["chair"],
            )
            for item, who in AGENDA
        ]
        # Each meeting raises its share of the forum's issues, then moves older ones on.
        share = len(titles) // (len(plan.meetings) - index)
        raised = [titles.pop(0) for _ in range(share)]
        for n, issue_title in enumerate(raised):
            target = stages[(issue_count + n) % len(stages)]
            place = rng.choice(plan.places)
            made = issues.record_issue(
                session,
                forum=plan.code,
                title=issue_title,
                meeting=meeting.id,
                agenda_item=items[3].id,
                ward=rng.choice(plan.wards),
                place=place,
                themes=_themes_for(issue_title),
                mechanism=_mechanism(fmt, plan),
                support=rng.randint(0, 40),
                description=f"Raised by residents at “{title}”, about {place}.",
            )
            _walk_to(session, made.reference, target, meeting.id, rng)
        issue_count += len(raised)
        _outcomes(session, items, people, day, rng)
        if index > 0 and not last:
            # Only the first meeting leaves "Any other business" over, so the second shows
            # a carried-forward item; tonight's meeting (the last) is still going on.
            for item in agenda.list_agenda(session, meeting.id):
                if not item.discussed:
                    notes = "Taken under matters arising." if item.carried_from_id else None
                    agenda.edit_agenda_item(
                        session, item.id, {"notes": notes or "No other business."}
                    )
        action_count += 2
        if not last:  # the last meeting stays in progress, as if tonight's
            meetings.set_meeting_status(session, meeting.id, "closed")
        step()
    # A few actions tied straight to issues, some already done.
    for ref_number in (1, 4, 9):
        done = actions.add_action(
            session,
            description=f"Report back to residents on {plan.code}-{ref_number:04d}",
            owner=people["officer"],
            due_date=plan.meetings[-1][1] + timedelta(days=28),
            meeting=meetings.list_meetings(session, plan.code)[0].id,
            issue=f"{plan.code}-{ref_number:04d}",
        )
        action_count += 1
        if ref_number == 1:
            actions.set_action_status(session, done.id, "done")
    return len(plan.meetings), issue_count, action_count


def _a_regular(session: Session) -> None:
    """The first resident named at two meetings is linked as one person (as a facilitator
    would confirm it) and raised an issue at the second, so that the People page, subject
    access and exports (``people``) have someone to show."""
    from forumdesk.core import people

    seen: dict[str, Attendance] = {}
    rows = session.scalars(
        select(Attendance)
        .where(Attendance.role == "resident", Attendance.name.is_not(None))
        .order_by(Attendance.id)
    )
    for row in rows:
        first = seen.setdefault(row.name or "", row)
        if first.meeting_id != row.meeting_id:
            people.link(session, [first.id, row.id])
            raised = session.scalars(
                select(Issue.reference).where(Issue.meeting_id == row.meeting_id).order_by(Issue.id)
            ).first()
            if raised is not None:
                issues.edit_issue(session, raised, {"raised_by_id": row.id})
            return


def _attendance(
    session: Session, meeting_id: int, people: dict[str, Any], rng: random.Random
) -> None:
    attendance.add_attendance(session, meeting_id, role="councillor", name=people["chair"])
    attendance.add_attendance(session, meeting_id, role="officer", name=people["officer"])
    attendance.add_attendance(
        session,
        meeting_id,
        role="partner",
        name=people["partner"],
        presence=rng.choice(["present", "apologies"]),
    )
    for resident in people["residents"]:
        consent = rng.random() < 0.6
        contact = consent and rng.random() < 0.5
        attendance.add_attendance(
            session,
            meeting_id,
            role="resident",
            name=resident if consent else None,
            consent_named=consent,
            consent_contact=contact,
            contact=f"{resident.split()[0].lower()}@example.org" if contact else None,
            presence=rng.choice(["present"] * 4 + ["left-early"]),
        )
    meetings.set_headcount(session, meeting_id, rng.randint(18, 45))


def _consents_dated_at_their_meetings(session: Session) -> None:
    """Consents were given when people signed in at the meeting, not when the demo was
    made: dated at the meeting's start (subject access shows these dates)."""
    session.flush()
    for row, day, start in session.execute(
        select(Attendance, Meeting.date, Meeting.start_time).join(
            Meeting, Meeting.id == Attendance.meeting_id
        )
    ):
        given = datetime.combine(day, start or time(18, 30), tzinfo=UTC)
        if row.consent_named_at is not None:
            row.consent_named_at = given
        if row.consent_contact_at is not None:
            row.consent_contact_at = given
    session.flush()


# Days between one event of an issue's timeline and the next, by kind (lowest, highest).
_GAPS = {
    TimelineKind.STAGE_MOVED: (8, 45),
    TimelineKind.COMMENT: (1, 6),
    TimelineKind.STATUS_CHANGED: (0, 4),
    TimelineKind.RESPONSE: (5, 25),
}


def _date_the_timelines(session: Session, rng: random.Random) -> None:
    """Dates every issue's timeline as the forums would have written it.

    An issue is raised at its meeting (18:45 onwards, two minutes apart, so references
    stay in order). Each later event follows days or weeks after the one before: a stage
    move that would fall after another meeting of the forum is made at that meeting (and
    tied to it), others at the office; nothing is dated after the forum's last meeting,
    which is tonight's, so the issues raised tonight move on tonight. Responses get a due
    date near the day they were given; some issues still awaiting one get a due date, a
    few of them already past. ``stage_since`` is then set exactly from the dated
    timelines (it would otherwise say today).
    """
    session.flush()
    held: dict[int, list[tuple[date, int]]] = {}
    for meeting_id, forum_id, day in session.execute(
        select(Meeting.id, Meeting.forum_id, Meeting.date).order_by(Meeting.date)
    ):
        held.setdefault(forum_id, []).append((day, meeting_id))
    raised_here: dict[int, int] = {}
    answered: list[tuple[str, date]] = []
    waiting: list[tuple[str, date]] = []
    for issue in session.scalars(select(Issue).order_by(Issue.id)):
        forum_meetings = held[issue.forum_id]
        day = next(d for d, m in forum_meetings if m == issue.meeting_id)
        tonight = forum_meetings[-1][0]
        position = raised_here.get(issue.meeting_id or 0, 0)
        raised_here[issue.meeting_id or 0] = position + 1
        cursor = _at(day, 18, 45 + 2 * position)
        last_possible = _at(tonight, 20, 20)
        events = session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.issue_id == issue.id)
            .order_by(TimelineEvent.id)
        ).all()
        for event in events:
            if event.kind is not TimelineKind.RAISED:
                cursor = _next_moment(event, cursor, forum_meetings, last_possible, rng)
            event.at = event.created_at = event.updated_at = cursor
            if event.kind is TimelineKind.RESPONSE:
                answered.append((issue.reference, cursor.date()))
        issue.created_at = events[0].at
        issue.updated_at = cursor
        unanswered = not any(e.kind is TimelineKind.RESPONSE for e in events)
        deciding = issue.stage in (PolicyStage.CO_DECISION, PolicyStage.CO_IMPLEMENTATION)
        if unanswered and deciding and rng.random() < 0.5:
            due = tonight + timedelta(days=rng.choice((21, 35, 70, 100)))
            waiting.append((issue.reference, due))
    session.flush()
    for reference, given in answered:  # answered on the day it was due, or a little late
        issues.edit_issue(
            session, reference, {"response_due": given - timedelta(rng.choice((0, 0, 3, 9)))}
        )
    for reference, due in waiting:
        issues.edit_issue(session, reference, {"response_due": due})
    session.flush()
    for issue in session.scalars(select(Issue)):  # the edits above said "now"
        last = session.scalar(
            select(TimelineEvent.at)
            .where(TimelineEvent.issue_id == issue.id)
            .order_by(TimelineEvent.at.desc())
        )
        issue.updated_at = last or issue.created_at
    session.flush()
    stage_clock.recompute(session)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC) + timedelta(minutes=minute)


def _next_moment(
    event: TimelineEvent,
    cursor: datetime,
    forum_meetings: list[tuple[date, int]],
    last_possible: datetime,
    rng: random.Random,
) -> datetime:
    """When the event after ``cursor`` happened; a stage move is tied to the meeting it
    falls at (or to none, made at the office)."""
    low, high = _GAPS.get(event.kind, (1, 10))
    office = datetime.combine(cursor.date(), time(0), tzinfo=UTC) + timedelta(
        days=rng.randint(low, high), hours=rng.randint(9, 16), minutes=rng.randint(0, 59)
    )
    moment = max(office, cursor + timedelta(minutes=1))
    at_meeting = None
    if event.kind is TimelineKind.STAGE_MOVED:
        at_meeting = next(
            ((d, m) for d, m in forum_meetings if cursor.date() < d <= moment.date()), None
        )
        if at_meeting is not None:
            moment = _at(at_meeting[0], 19, rng.randint(0, 50))
    if moment > last_possible:  # tonight's meeting is the latest thing that happened
        moment = max(cursor + timedelta(minutes=1), _at(forum_meetings[-1][0], 19, 30))
        at_meeting = forum_meetings[-1] if event.kind is TimelineKind.STAGE_MOVED else None
    if event.kind is TimelineKind.STAGE_MOVED:
        event.meeting_id = at_meeting[1] if at_meeting is not None else None
    return moment


def _withdraw_a_consent(session: Session) -> None:
    """A resident who asked, after the first meeting, not to be contacted again: the
    contact detail is erased, and the erasure record travels in every export."""
    first = meetings.list_meetings(session, BRIXTON.code)[0]
    contactable = next(p for p in attendance.list_attendance(session, first.id) if p.contact)
    attendance.edit_attendance(session, contactable.id, {"consent_contact": False})


def _walk_to(
    session: Session, ref: str, target: PolicyStage, meeting_id: int, rng: random.Random
) -> None:
    """Moves an issue stage by stage to ``target``, leaving a realistic timeline."""
    for stage in list(PolicyStage)[1 : target.number]:
        issues.move_issue(
            session,
            ref,
            stage,
            meeting=meeting_id,
            note=f"Agreed to move to {stage.label.lower()}.",
        )
    if target.number >= 2:
        issues.comment(session, ref, "Officers are looking at the options with residents.")
        issues.change_status(session, ref, IssueStatus.IN_PROGRESS)
    if target is PolicyStage.CO_EVALUATION:
        issues.respond(session, ref, rng.choice(RESPONSES))
        issues.change_status(session, ref, rng.choice([IssueStatus.RESOLVED, IssueStatus.CLOSED]))
    elif rng.random() < 0.15:
        issues.change_status(
            session, ref, IssueStatus.REFERRED, note="Referred to the cabinet member."
        )


def _outcomes(
    session: Session,
    items: list[AgendaItemInfo],
    people: dict[str, Any],
    day: date,
    rng: random.Random,
) -> None:
    agenda.edit_agenda_item(session, items[0].id, {"notes": "The chair welcomed everyone."})
    agenda.add_outcome(
        session,
        items[1].id,
        kind="decision",
        text="The minutes of the last meeting were agreed as a true record.",
    )
    agenda.edit_agenda_item(
        session, items[2].id, {"notes": "Reports of anti-social behaviour are down this quarter."}
    )
    agenda.add_outcome(
        session,
        items[2].id,
        kind="information",
        text="Ward panel priorities will be shared at the next meeting.",
    )
    agenda.add_outcome(
        session,
        items[3].id,
        kind="action",
        text="Officers to report back on the issues raised tonight.",
        owner=people["officer"],
        due_date=day + timedelta(days=42),
    )
    agenda.add_outcome(
        session,
        items[4].id,
        kind="action",
        text="Write to residents with the outcome of the consultation.",
        owner=people["clerk"],
        due_date=day + timedelta(days=rng.randint(14, 60)),
    )
    agenda.add_outcome(
        session,
        items[4].id,
        kind="decision",
        text="The forum will hold a co-evaluation session on completed works.",
    )
    # items[5] ("Any other business") stays undiscussed and is carried forward.


def _themes_for(title: str) -> list[str]:
    lowered = title.casefold()
    themes = [theme for theme, words in _THEME_WORDS.items() if any(w in lowered for w in words)]
    return themes or ["Community"]


_THEME_WORDS = {
    "Roads and transport": (
        "pothole",
        "bus",
        "speed",
        "parking",
        "crossing",
        "cycle",
        "traffic",
        "kerb",
        "pavement",
        "road",
        "footbridge",
        "transport",
    ),
    "Safety": ("light", "goleuadau", "unsafe", "anti-social", "defibrillator", "safe"),
    "Environment": (
        "fly-tipping",
        "bins",
        "tree",
        "litter",
        "dog",
        "flood",
        "air quality",
        "recycling",
        "grass",
        "drainage",
        "graffiti",
    ),
    "Housing": ("damp", "housing", "homes", "lifts", "holiday lets", "estate"),
    "Community facilities": (
        "library",
        "youth",
        "club",
        "toilets",
        "centre",
        "play",
        "shop",
        "food bank",
        "post office",
        "chapel",
        "hall",
        "allotment",
        "benches",
    ),
    "Welsh language": ("bilingual", "welsh", "gwasanaeth", "eisteddfod"),
}


def _mechanism(fmt: str, plan: _ForumPlan) -> Mechanism:
    return {
        "petition-hearing": Mechanism.PETITION,
        "community-conference": Mechanism.COMMUNITY_CONFERENCE,
        "consultation-workshop": Mechanism.CONSULTATION,
        "policy-jury": Mechanism.POLICY_JURY,
        "scrutiny-session": Mechanism.SCRUTINY_CO_OPTION,
    }.get(fmt, plan.mechanism)
