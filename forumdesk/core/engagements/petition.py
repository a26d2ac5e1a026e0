"""The petition workflow (docs/engagements.md, Petitions): signatures on paper sheets and
online, the thresholds for a response and a debate, the response clock, the lead petitioner.

Every count is an ``EngagementCount`` row, so it travels and merges like any record:
a paper sheet is ``kind=sheet`` keyed by its number (one live row per sheet), the online
total one ``kind=online`` row keyed ``total`` (replaced by each new total), and each
threshold reached a ``kind=online`` row keyed ``threshold`` whose option says which one
(see docs/internals.md, "Petition thresholds").
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.core import agenda, preferences, sync
from forumdesk.core.discussion import meeting_name
from forumdesk.core.engagements import base
from forumdesk.db.models import AgendaItem, Engagement, EngagementCount, Forum, Meeting
from forumdesk.domain import limits
from forumdesk.domain.engagements import ParticipantInfo
from forumdesk.domain.enums import CountKind, EngagementKind, MeetingStatus, ParticipantRole
from forumdesk.domain.errors import Conflict, InputRefused, InvalidValue
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.domain.petitions import (
    DEBATE,
    RESPONSE,
    Crossing,
    Sheet,
    SignatureChange,
    Signatures,
)
from forumdesk.domain.rules import MAX_COUNT
from forumdesk.i18n import _, ngettext

#: The key of the online total's row and of the thresholds' rows.
ONLINE_KEY = "total"  # i18n: not text
THRESHOLD_KEY = "threshold"  # i18n: not text
#: A paper sheet holds a few dozen rows; more than this is a typing slip.
MAX_SHEET = 1000


def petition(session: Session, ref: str | int) -> Engagement:
    """The petition row (another kind of engagement is refused)."""
    return base.of_kind(session, ref, EngagementKind.PETITION)


# Entering signatures ----------------------------------------------------------------


def enter_sheet(
    session: Session,
    ref: str | int,
    sheet: int,
    count: int,
    replace: bool = False,
    today: date | None = None,
) -> SignatureChange:
    """Enters the signatures counted on one paper sheet.

    A sheet already entered is refused unless ``replace`` (a correction): a sheet is
    never counted twice.

    Raises:
        InputRefused: a sheet number or count that cannot be right, or the sheet was
            entered before (the sentence names it and its count).
    """
    row = petition(session, ref)
    today = today or date.today()
    number = _whole(sheet, _("The sheet number must be a whole number from 1, not {value}."))
    if number < 1:
        raise InputRefused(
            _("The sheet number must be a whole number from 1, not {value}.").format(value=number)
        )
    signed = _whole(count, _("The count must be a whole number of signatures, not {value}."))
    if signed > MAX_SHEET:
        raise InputRefused(
            _("Sheet {sheet}: {count} signatures is more than a sheet can hold ({most}).").format(
                sheet=number, count=signed, most=MAX_SHEET
            )
        )
    held = _count_row(session, row.id, CountKind.SHEET, str(number))
    if held is not None and not replace:
        raise Conflict(
            ngettext(
                "Sheet {sheet} is already entered, with {count} signature; enter it as a "
                "correction to change it.",
                "Sheet {sheet} is already entered, with {count} signatures; enter it as a "
                "correction to change it.",
                held.count,
            ).format(sheet=number, count=held.count)
        )
    if held is None:
        _add_count(session, row, CountKind.SHEET, str(number), "", signed, today)
        said = ngettext(
            "Sheet {sheet} entered: {count} signature.",
            "Sheet {sheet} entered: {count} signatures.",
            signed,
        ).format(sheet=number, count=signed)
    else:
        before = held.count
        sync.apply(session, held, {"count": signed, "entered_on": today})
        said = ngettext(
            "Sheet {sheet} corrected: {count} signature (it was {before}).",
            "Sheet {sheet} corrected: {count} signatures (it was {before}).",
            signed,
        ).format(sheet=number, count=signed, before=before)
    return _after(session, row, said, today)


def set_online(
    session: Session, ref: str | int, total: int, today: date | None = None
) -> SignatureChange:
    """Enters the online total from the council's e-petition system; it replaces the last
    one entered (each total counts every online signature so far)."""
    row = petition(session, ref)
    today = today or date.today()
    signed = _whole(total, _("The online total must be a whole number, not {value}."))
    if signed > MAX_COUNT:
        raise InputRefused(
            _("The online total must be at most {most}, not {value}.").format(
                most=MAX_COUNT, value=signed
            )
        )
    held = _count_row(session, row.id, CountKind.ONLINE, ONLINE_KEY)
    if held is None:
        _add_count(session, row, CountKind.ONLINE, ONLINE_KEY, "", signed, today)
    else:
        sync.apply(session, held, {"count": signed, "entered_on": today})
    said = ngettext(
        "Online total entered: {count} signature.",
        "Online total entered: {count} signatures.",
        signed,
    ).format(count=signed)
    return _after(session, row, said, today)


def import_online_csv(
    session: Session, ref: str | int, data: bytes, today: date | None = None
) -> SignatureChange:
    """Enters the online total read from an e-petition system's CSV export: a column of
    signature counts (its rows added up), or one row per signature (rows counted).

    Raises:
        InputRefused: the file cannot be read as such an export; the sentence says what
            is wrong and where. Nothing is changed then.
    """
    from forumdesk.core.engagements import petition_csv

    petition(session, ref)  # an unknown reference is said before the file's faults
    read = petition_csv.online_total(data)
    change = set_online(session, ref, read.total, today)
    return SignatureChange(change.signatures, change.crossed, (read.summary, *change.messages))


def record_response(
    session: Session, ref: str | int, outcome: str, responded_at: date
) -> SignatureChange:
    """Records the council's response to the petition and the day it was given.

    Raises:
        InvalidValue: the response is empty.
    """
    row = petition(session, ref)
    if not outcome.strip():
        raise InvalidValue("outcome", _("write the council's response first"))
    base.edit_engagement(session, row.id, {"outcome": outcome, "responded_at": responded_at})
    said = _("The council's response of {date} is recorded.").format(
        date=day_month_year(responded_at, INTERFACE)
    )
    return SignatureChange(signatures(session, row), (), (said,))


def add_lead_petitioner(
    session: Session,
    ref: str | int,
    *,
    name: str | None,
    consent_named: bool,
    contact: str | None = None,
    consent_contact: bool = False,
) -> ParticipantInfo:
    """Records the petition's lead petitioner (one per petition), named only with consent.

    Raises:
        Conflict: the petition has a lead petitioner already.
        InvalidValue: a name or contact given without consent.
    """
    row = petition(session, ref)
    if base.participants(session, row.id, ParticipantRole.LEAD_PETITIONER):
        raise Conflict(
            _("{reference} already has a lead petitioner.").format(reference=row.reference)
        )
    return base.add_participant(
        session,
        row.id,
        ParticipantRole.LEAD_PETITIONER,
        name=name,
        contact=contact,
        consent_named=consent_named,
        consent_contact=consent_contact,
    )


# Reading --------------------------------------------------------------------------


def signatures(session: Session, row: Engagement) -> Signatures:
    """The petition's signatures and thresholds as they stand."""
    counts = session.scalars(
        select(EngagementCount).where(
            EngagementCount.engagement_id == row.id, EngagementCount.deleted_at.is_(None)
        )
    ).all()
    sheets = sorted(
        (
            Sheet(int(c.key), c.count, c.entered_on)
            for c in counts
            if c.kind is CountKind.SHEET and c.key.isdigit()
        ),
        key=lambda s: s.number,
    )
    online = next((c for c in counts if c.kind is CountKind.ONLINE and c.key == ONLINE_KEY), None)
    crossings = tuple(
        sorted(
            (_crossing(session, c) for c in counts if _is_threshold(c)),
            key=lambda c: (c.reached_on, c.threshold != RESPONSE),
        )
    )
    return Signatures(
        paper=sum(s.count for s in sheets),
        sheets=tuple(sheets),
        online=online.count if online else 0,
        online_on=online.entered_on if online else None,
        threshold_response=row.threshold_response,
        threshold_debate=row.threshold_debate,
        response_due=row.response_due,
        crossings=crossings,
    )


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The petition's figures for `engagement show` and the window: (label, value) lines."""
    shown = signatures(session, row)
    sheets = len(shown.sheets)
    lines = [
        (
            _("Signatures on paper"),
            ngettext("{count} on {n} sheet", "{count} on {n} sheets", sheets).format(
                count=shown.paper, n=sheets
            ),
        ),
        (_("Signatures online"), str(shown.online)),
        (_("Signatures in all"), str(shown.total)),
    ]
    for threshold, needed, label in (
        (RESPONSE, shown.threshold_response, _("Threshold for a response")),
        (DEBATE, shown.threshold_debate, _("Threshold for a debate")),
    ):
        if needed is None:
            continue
        crossed = shown.reached(threshold)
        if crossed is not None:
            value = _("{n} signatures, reached on {date}").format(
                n=needed, date=day_month_year(crossed.reached_on, INTERFACE)
            )
        else:
            value = _("{n} signatures, not reached ({more} more needed)").format(
                n=needed, more=max(needed - shown.total, 0)
            )
        lines.append((label, value))
    if shown.response_due is not None:
        lines.append((_("Council's response due"), day_month_year(shown.response_due, INTERFACE)))
    if row.outcome and row.responded_at is not None:
        lines.append((_("Council's response given"), day_month_year(row.responded_at, INTERFACE)))
    return lines


# Thresholds -------------------------------------------------------------------------


def _after(session: Session, row: Engagement, said: str, today: date) -> SignatureChange:
    """Crosses the thresholds the new total reaches (each once), then says what happened."""
    session.flush()
    now = signatures(session, row)
    messages = [
        said,
        ngettext(
            "The petition has {total} signature ({paper} on paper, {online} online).",
            "The petition has {total} signatures ({paper} on paper, {online} online).",
            now.total,
        ).format(total=now.total, paper=now.paper, online=now.online),
    ]
    crossed: list[Crossing] = []
    for threshold, needed in ((RESPONSE, row.threshold_response), (DEBATE, row.threshold_debate)):
        if needed is None or now.total < needed or now.reached(threshold) is not None:
            continue
        crossing = _cross(session, row, threshold, needed, now.total, today)
        crossed.append(crossing)
        messages.extend(_crossing_sentences(session, row, crossing))
    if crossed:
        session.flush()
        now = signatures(session, row)
        if row.response_due is not None:
            messages.append(
                _("The council must respond by {date}.").format(
                    date=day_month_year(row.response_due, INTERFACE)
                )
            )
    return SignatureChange(now, tuple(crossed), tuple(messages))


def _cross(
    session: Session, row: Engagement, threshold: str, needed: int, total: int, today: date
) -> Crossing:
    """Records a threshold reached, adds its agenda item, and starts the response clock."""
    meeting = next_planned_meeting(session, row, today)
    item_id = None
    if meeting is not None:
        words = (
            _("Petition: {title} ({n} signatures)")
            if threshold == RESPONSE
            else _("Petition for debate: {title} ({n} signatures)")
        )
        title = words.format(title=row.title, n=total)
        if len(title) > limits.TITLE:  # a long petition title is cut, the count kept
            room = len(row.title) - (len(title) - limits.TITLE) - 1
            title = words.format(title=row.title[:room].rstrip() + "…", n=total)
        item_id = agenda.add_agenda_item(session, meeting.id, title=title).id
    note = None
    if meeting is not None and item_id is not None:
        item = session.get(AgendaItem, item_id)
        note = f"meeting {meeting.uuid} item {item.uuid if item else ''}"  # i18n: not text
    _add_count(session, row, CountKind.ONLINE, THRESHOLD_KEY, threshold, total, today, note)
    if row.response_due is None:
        days = row.response_days or int(
            preferences.get_setting(session, settings.PETITION_RESPONSE_DAYS.key)
        )
        sync.apply(session, row, {"response_due": today + timedelta(days=days)})
    return Crossing(threshold, needed, total, today, meeting.id if meeting else None, item_id)


def next_planned_meeting(session: Session, row: Engagement, today: date) -> Meeting | None:
    """The petition's forum's next planned meeting from ``today`` (not one held for another
    engagement); None for a council-wide petition or a forum with none planned."""
    if row.forum_id is None:
        return None
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.forum_id == row.forum_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.date >= today,
            Meeting.deleted_at.is_(None),
            (Meeting.engagement_id.is_(None)) | (Meeting.engagement_id == row.id),
        )
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
    ).first()


def _crossing_sentences(session: Session, row: Engagement, crossing: Crossing) -> list[str]:
    said = [
        (
            _("Threshold for a response reached: {n} signatures.")
            if crossing.threshold == RESPONSE
            else _("Threshold for a debate reached: {n} signatures.")
        ).format(n=crossing.signatures)
    ]
    if crossing.meeting_id is not None:
        meeting = session.get(Meeting, crossing.meeting_id)
        assert meeting is not None
        said.append(
            _("An item was added to the agenda of {meeting}.").format(
                meeting=meeting_name(session, meeting)
            )
        )
    elif row.forum_id is None:
        said.append(_("The petition is council-wide, so no forum's agenda was changed."))
    else:
        forum = session.get(Forum, row.forum_id)
        said.append(
            _(
                "{forum} has no planned meeting to add it to: plan one and add the "
                "petition to its agenda."
            ).format(forum=forum.name if forum else row.forum_id)
        )
    return said


def _crossing(session: Session, marker: EngagementCount) -> Crossing:
    meeting_id = item_id = None
    parts = (marker.note or "").split()
    if len(parts) == 4 and parts[0] == "meeting":  # i18n: not text
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.uuid == parts[1]))
        item_id = session.scalar(select(AgendaItem.id).where(AgendaItem.uuid == parts[3]))
    row = session.get(Engagement, marker.engagement_id)
    needed = None
    if row is not None:
        needed = row.threshold_response if marker.option == RESPONSE else row.threshold_debate
    return Crossing(
        marker.option,
        needed if needed is not None else marker.count,
        marker.count,
        marker.entered_on or date.min,
        meeting_id,
        item_id,
    )


def _is_threshold(count: EngagementCount) -> bool:
    return count.kind is CountKind.ONLINE and count.key == THRESHOLD_KEY


# Rows ------------------------------------------------------------------------------


def _count_row(
    session: Session, engagement_id: int, kind: CountKind, key: str, option: str = ""
) -> EngagementCount | None:
    return session.scalars(
        select(EngagementCount).where(
            EngagementCount.engagement_id == engagement_id,
            EngagementCount.kind == kind,
            EngagementCount.key == key,
            EngagementCount.option == option,
            EngagementCount.deleted_at.is_(None),
        )
    ).first()


def _add_count(
    session: Session,
    row: Engagement,
    kind: CountKind,
    key: str,
    option: str,
    count: int,
    today: date,
    note: str | None = None,
) -> EngagementCount:
    made = EngagementCount(
        engagement_id=row.id,
        kind=kind,
        key=key,
        option=option,
        count=count,
        entered_on=today,
        note=note,
    )
    sync.created(session, made)
    session.add(made)
    session.flush()
    return made


def _whole(value: object, problem: str) -> int:
    """A whole number of 0 or more, else the problem sentence naming the value."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputRefused(problem.format(value=value))
    return value


def add_demo(session: Session) -> None:
    """Adds the demo's petition (called by `forumdesk demo` after its forums and meetings)."""
    from forumdesk.core.engagements import petition_demo

    petition_demo.add(session)
