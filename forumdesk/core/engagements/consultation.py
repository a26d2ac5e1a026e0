"""The consultation workflow (docs/engagements.md), the consultation part of issue 14.

A consultation asks residents questions; the responses are counted per channel (at a
meeting, on paper, online) and coded to issues: responses that support an issue already
recorded add to its support, responses that raise something new raise an issue in the
consultation's forum. Each response is counted once, under the issue it was coded to or
as not coded, so a channel's total is the sum of its counts. Re-entering a channel's
count for the same issue edits it, and the issue's support moves by the difference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, issues, lookup, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import (
    Engagement,
    EngagementCount,
    EngagementIssue,
    Forum,
    Issue,
    TimelineEvent,
)
from forumdesk.domain import rules
from forumdesk.domain.consultations import IssueResponses, Recorded, ResponseCount, Totals
from forumdesk.domain.engagements import EngagementInfo
from forumdesk.domain.enums import (
    Channel,
    CountKind,
    EngagementKind,
    EngagementStatus,
    LinkRole,
    PolicyStage,
)
from forumdesk.domain.errors import Conflict, InvalidValue
from forumdesk.i18n import N_, _, ngettext

KIND = EngagementKind.CONSULTATION
#: The stage a consultation serves for the issues its responses raise or support.
STAGE = PolicyStage.CO_FORMULATION


def consultation(session: Session, ref: str | int) -> Engagement:
    """The consultation row (by id or reference), refused if it is another kind."""
    return base.of_kind(session, ref, KIND)


# Questions, summary and "you said, we did" ------------------------------------------


def set_questions(session: Session, ref: str | int, questions: Sequence[str]) -> EngagementInfo:
    """Replaces the consultation's questions (blank ones are dropped), in the order given."""
    row = consultation(session, ref)
    return base.edit_engagement(session, row.id, {"questions": list(questions)})


def write_up(
    session: Session,
    ref: str | int,
    *,
    summary: str | None = None,
    you_said_we_did: str | None = None,
) -> EngagementInfo:
    """Sets the summary of what residents said (the engagement's outcome) and the council's
    "you said, we did" response; a text left as None is kept, an empty one is cleared."""
    row = consultation(session, ref)
    changes: dict[str, Any] = {}
    if summary is not None:
        changes["outcome"] = summary
    if you_said_we_did is not None:
        changes["you_said_we_did"] = you_said_we_did
    return base.edit_engagement(session, row.id, changes)


# Responses --------------------------------------------------------------------------


def record_responses(
    session: Session,
    ref: str | int,
    channel: Channel | str,
    count: int,
    issue: str | int | None = None,
    raise_title: str | None = None,
    stage: PolicyStage | str = STAGE,
    entered_on: date | None = None,
) -> Recorded:
    """Enters how many responses came by ``channel``, coded to an issue or not.

    With ``issue`` the responses support that issue: it is tied to the consultation
    (supported by it) and its support rises by the count, once; re-entering the channel's
    count for the issue edits the count and moves the support by the difference. With
    ``raise_title`` the responses raise a new issue in the consultation's forum (through a
    consultation, at ``stage``) with the count as its support. With neither, the count is
    the channel's responses not coded to an issue.

    Raises:
        InvalidValue: a wrong count or channel; both an issue and a new title; a new issue
            asked of a council-wide consultation, or raised by no response.
        Conflict: an issue of that title was already raised by this consultation.
        NotFound: no such consultation or issue.
    """
    row = consultation(session, ref)
    values = _edit.clean(
        {"count": count, "channel": channel, "entered_on": entered_on}, rules.ENGAGEMENT_COUNT
    )
    chosen = values["channel"]
    if chosen is None:
        raise InvalidValue("channel", _("say which channel the responses came by"))
    served: PolicyStage = _edit.enum_value("stage", PolicyStage)(stage)
    if issue is not None and raise_title is not None:
        raise InvalidValue(
            "issue",
            _("give either the issue the responses support or the title of a new issue, not both"),
        )
    if raise_title is not None:
        return _raise(session, row, chosen, values, raise_title, served)
    target = lookup.issue(session, issue) if issue is not None else None
    if target is not None and row.forum_id is not None and target.forum_id != row.forum_id:
        raise InvalidValue(  # a council-wide consultation may code to any forum's issue
            "issue", _("{issue} is another forum's issue").format(issue=target.reference)
        )
    held = _held(session, row.id, chosen, target.id if target else None)
    previous = held.count if held else None
    if held is None:
        held = _add_count(session, row.id, chosen, values, target.id if target else None)
    else:
        changes = {"count": values["count"]}
        if values.get("entered_on") is not None:
            changes["entered_on"] = values["entered_on"]
        sync.apply(session, held, changes)
    support = None
    if target is not None:
        support = _adjust_support(session, target, values["count"] - (previous or 0))
        if not _tied(session, row.id, target.id):
            base.link_issue(session, row.id, target.id, served, LinkRole.SUPPORTED)
    session.flush()
    return Recorded(_count_info(session, held), previous, False, support)


def _raise(
    session: Session,
    row: Engagement,
    channel: Channel,
    values: dict[str, Any],
    title: str,
    stage: PolicyStage,
) -> Recorded:
    if row.forum_id is None:
        raise InvalidValue(
            "raise",
            _(
                "a council-wide consultation has no forum to raise an issue in: record the "
                "issue in a forum, then code the responses to it"
            ),
        )
    if values["count"] == 0:
        raise InvalidValue("count", _("a new issue is raised by at least 1 response"))
    clean_title = rules.ISSUE["title"](title)
    raised = session.execute(
        select(Issue.reference, Issue.title)
        .join(EngagementIssue, EngagementIssue.issue_id == Issue.id)
        .where(
            EngagementIssue.engagement_id == row.id,
            EngagementIssue.role == LinkRole.RAISED,
            EngagementIssue.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
        )
    )
    for reference, held_title in raised:
        if held_title.casefold() == clean_title.casefold():
            raise Conflict(
                _(
                    "{issue} ({title}) was already raised by this consultation; code these "
                    "responses to it instead."
                ).format(issue=reference, title=held_title)
            )
    made = issues.record_issue(
        session,
        forum=row.forum_id,
        title=clean_title,
        stage=stage,
        mechanism=KIND.mechanism,
        support=values["count"],
    )
    base.link_issue(session, row.id, made.id, stage, LinkRole.RAISED)
    held = _add_count(session, row.id, channel, values, made.id)
    session.flush()
    return Recorded(_count_info(session, held), None, True, made.support)


def _held(
    session: Session, engagement_id: int, channel: Channel, issue_id: int | None
) -> EngagementCount | None:
    """The live count of this channel for this issue (or not coded), if entered before."""
    query = select(EngagementCount).where(
        EngagementCount.engagement_id == engagement_id,
        EngagementCount.kind == CountKind.RESPONSES,
        EngagementCount.key == channel.value,
        EngagementCount.deleted_at.is_(None),
    )
    if issue_id is None:
        query = query.where(EngagementCount.issue_id.is_(None))
    else:
        query = query.where(EngagementCount.issue_id == issue_id)
    return session.scalars(query.order_by(EngagementCount.id)).first()


def _add_count(
    session: Session,
    engagement_id: int,
    channel: Channel,
    values: dict[str, Any],
    issue_id: int | None,
) -> EngagementCount:
    held = EngagementCount(
        engagement_id=engagement_id,
        kind=CountKind.RESPONSES,
        key=channel.value,
        option="",
        count=values["count"],
        channel=channel,
        issue_id=issue_id,
        entered_on=values.get("entered_on"),
    )
    sync.created(session, held)
    session.add(held)
    session.flush()
    return held


def _adjust_support(session: Session, target: Issue, difference: int) -> int:
    """Moves an issue's support by ``difference`` (never below nought); the new support."""
    support = max(0, (target.support or 0) + difference)
    if support != target.support:
        issues.edit_issue(session, target.id, {"support": support})
    return support


def _tied(session: Session, engagement_id: int, issue_id: int) -> bool:
    """Whether the issue is already tied to the consultation as raised or supported by it."""
    return (
        session.scalar(
            select(EngagementIssue.id).where(
                EngagementIssue.engagement_id == engagement_id,
                EngagementIssue.issue_id == issue_id,
                EngagementIssue.role.in_((LinkRole.RAISED, LinkRole.SUPPORTED)),
                EngagementIssue.deleted_at.is_(None),
            )
        )
        is not None
    )


def _channel(held: EngagementCount) -> Channel:
    """The count's channel (its key names it too, should a file have left the column out)."""
    return held.channel or Channel(held.key)  # type: ignore[call-arg]  # the member of this value


def _count_info(session: Session, held: EngagementCount) -> ResponseCount:
    reference = title = None
    if held.issue_id is not None:
        reference, title = session.execute(
            select(Issue.reference, Issue.title).where(Issue.id == held.issue_id)
        ).one()
    return ResponseCount(
        held.id,
        _channel(held),
        held.count,
        held.issue_id,
        reference,
        title,
        held.entered_on,
    )


def responses(session: Session, ref: str | int) -> list[ResponseCount]:
    """Every count entered, by channel, the counts not coded to an issue first."""
    row = consultation(session, ref)
    rows = session.execute(
        select(EngagementCount, Issue.reference, Issue.title)
        .outerjoin(Issue, Issue.id == EngagementCount.issue_id)
        .where(
            EngagementCount.engagement_id == row.id,
            EngagementCount.kind == CountKind.RESPONSES,
            EngagementCount.deleted_at.is_(None),
        )
    ).all()
    order = {channel: n for n, channel in enumerate(Channel)}
    made = [
        ResponseCount(c.id, _channel(c), c.count, c.issue_id, ref_, title, c.entered_on)
        for c, ref_, title in rows
    ]
    return sorted(
        made, key=lambda c: (order[c.channel], c.issue_id is not None, c.issue_reference or "")
    )


def totals(session: Session, ref: str | int) -> Totals:
    """The responses by channel, in all, not coded, and per issue (most responses first).

    Responses coded to an issue since deleted count as not coded (until it is restored).
    """
    row = consultation(session, ref)
    counts = responses(session, row.id)
    coded_to = {c.issue_id for c in counts if c.issue_id is not None}
    live = {
        ident: (reference, title)
        for ident, reference, title in session.execute(
            select(Issue.id, Issue.reference, Issue.title).where(
                Issue.id.in_(coded_to), Issue.deleted_at.is_(None)
            )
        )
    }
    by_channel = dict.fromkeys(Channel, 0)
    per_issue: dict[int, dict[Channel, int]] = defaultdict(lambda: dict.fromkeys(Channel, 0))
    not_coded = 0
    for c in counts:
        by_channel[c.channel] += c.count
        if c.issue_id in live:
            per_issue[c.issue_id][c.channel] += c.count
        else:
            not_coded += c.count
    roles = {
        link.issue_id: link.role
        for link in base.linked_issues(session, row.id)
        if link.role in (LinkRole.RAISED, LinkRole.SUPPORTED)
    }
    coded = [
        IssueResponses(
            ident,
            live[ident][0],
            live[ident][1],
            roles.get(ident, LinkRole.SUPPORTED),
            tuple(channels.items()),
            sum(channels.values()),
        )
        for ident, channels in per_issue.items()
    ]
    coded.sort(key=lambda i: (-i.total, i.reference))
    return Totals(tuple(by_channel.items()), sum(by_channel.values()), not_coded, tuple(coded))


# Faces ------------------------------------------------------------------------------


def channel_words(channel: Channel, n: int) -> str:
    """ "40 responses at a meeting", "1 response online"."""
    if channel is Channel.MEETING:
        return ngettext("{n} response at a meeting", "{n} responses at a meeting", n).format(n=n)
    if channel is Channel.PAPER:
        return ngettext("{n} response on paper", "{n} responses on paper", n).format(n=n)
    return ngettext("{n} response online", "{n} responses online", n).format(n=n)


_CHANNEL_FIGURES = {
    Channel.MEETING: N_("Responses at a meeting"),
    Channel.PAPER: N_("Responses on paper"),
    Channel.ONLINE: N_("Responses online"),
}


def said(done: Recorded) -> str:
    """What entering a count did, in a sentence for the person who entered it."""
    count = done.count
    what = channel_words(count.channel, count.count)
    if done.raised:
        return _("Recorded {what}, raising the new issue {issue} ({title}).").format(
            what=what, issue=count.issue_reference, title=count.issue_title
        )
    if done.previous == count.count:
        return _("Already recorded: {what}; nothing changed.").format(what=what)
    if done.previous is not None and count.issue_reference:
        return _("Corrected to {what} for {issue} (was {before}); its support is now {n}.").format(
            what=what, issue=count.issue_reference, before=done.previous, n=done.support
        )
    if done.previous is not None:
        return _("Corrected to {what} not coded to an issue (was {before}).").format(
            what=what, before=done.previous
        )
    if count.issue_reference:
        return _("Recorded {what} supporting {issue}; its support is now {n}.").format(
            what=what, issue=count.issue_reference, n=done.support
        )
    return _("Recorded {what} not coded to an issue.").format(what=what)


def issue_choices(session: Session, ref: str | int) -> list[tuple[str, str]]:
    """The live issues offered for coding responses to: (reference, title), in reference
    order. A forum's consultation offers the forum's issues; a council-wide one those
    already tied to it (any other issue is named by its reference)."""
    row = consultation(session, ref)
    query = select(Issue.reference, Issue.title).where(Issue.deleted_at.is_(None))
    if row.forum_id is not None:
        query = query.where(Issue.forum_id == row.forum_id)
    else:
        query = query.where(
            Issue.id.in_(
                select(EngagementIssue.issue_id).where(
                    EngagementIssue.engagement_id == row.id, EngagementIssue.deleted_at.is_(None)
                )
            )
        )
    return [(r, t) for r, t in session.execute(query.order_by(Issue.reference))]


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The consultation's figures for `engagement show` and the window: (label, value) lines."""
    lines = [
        (_("Question {n}").format(n=n), text) for n, text in enumerate(row.questions or (), start=1)
    ]
    sums = totals(session, row.id)
    lines += [(_(_CHANNEL_FIGURES[channel]), str(n)) for channel, n in sums.by_channel]
    lines.append((_("Responses in all"), str(sums.total)))
    for coded in sums.issues:
        lines.append(
            (
                _("Coded to {issue}").format(issue=coded.reference),
                ngettext("{n} response", "{n} responses", coded.total).format(n=coded.total),
            )
        )
    if sums.not_coded:
        lines.append(
            (
                _("Not coded to an issue"),
                ngettext("{n} response", "{n} responses", sums.not_coded).format(n=sums.not_coded),
            )
        )
    if row.you_said_we_did:
        lines.append((_("You said, we did"), row.you_said_we_did))
    return lines


# The demo ---------------------------------------------------------------------------
# The demo's own data: what Llanfair's residents and officers wrote, not the interface's.

_PARKING = "Parking on Stryd y Bont blocks the bus"  # i18n: not text
_SHOP = "Community shop wants to take over the old bank"  # i18n: not text
_TOILETS = "Public toilets on Stryd y Bont closed in winter"  # i18n: not text
_MARKET = "Market day in the town square once a month"  # i18n: not text
_DEMO_TITLE = "Town centre options for Llanfair"  # i18n: not text
_DEMO_QUESTIONS = (
    "Which should come first on Stryd y Bont: a loading bay, "  # i18n: not text
    "wider pavements or more parking?",
    "Would you use a community shop in the old bank?",  # i18n: not text
    "What would bring you into the town centre on a weekday evening?",  # i18n: not text
)
#: (channel, count, title of an existing issue or None, title of a new issue or None).
_DEMO_COUNTS: tuple[tuple[Channel, int, str | None, str | None], ...] = (
    (Channel.MEETING, 23, _PARKING, None),
    (Channel.MEETING, 9, _SHOP, None),
    (Channel.MEETING, 6, None, None),
    (Channel.PAPER, 41, _PARKING, None),
    (Channel.PAPER, 17, _TOILETS, None),
    (Channel.PAPER, 12, None, _MARKET),
    (Channel.PAPER, 25, None, None),
    (Channel.ONLINE, 88, _PARKING, None),
    (Channel.ONLINE, 34, _SHOP, None),
    (Channel.ONLINE, 19, None, _MARKET),
    (Channel.ONLINE, 52, None, None),
)
_DEMO_SUMMARY = (
    "326 residents responded: 38 at the options workshop, 95 on paper and 193 "  # i18n: not text
    "online. Parking on Stryd y Bont that blocks the bus was raised most (152 responses); "
    "a community shop in the old bank had 43 in favour; 31 asked for a monthly market "
    "day, a new idea."
)
_DEMO_YOU_SAID = (
    "You said parked cars stop the bus on Stryd y Bont; we will mark a loading "  # i18n: not text
    "bay and a bus clearway this autumn. You said you would use a community shop; we are "
    "talking to the bank's owners about a community lease. You asked for a market day; "
    "a trial market is booked for the first Saturday in October."
)


def add_demo(session: Session) -> None:
    """Adds the demo's consultation (called by `forumdesk demo` after its forums and meetings):
    Llanfair's town centre options."""
    forum_id = session.scalar(select(Forum.id).where(Forum.code == "LLF"))
    if forum_id is None:
        return
    made = base.add_engagement(
        session,
        KIND,
        forum=forum_id,
        title=_DEMO_TITLE,
        opens=date(2026, 4, 1),
        closes=date(2026, 5, 31),
        questions=list(_DEMO_QUESTIONS),
        status=EngagementStatus.CLOSED,
    )
    found = dict(
        session.execute(
            select(Issue.title, Issue.reference).where(
                Issue.forum_id == forum_id, Issue.deleted_at.is_(None)
            )
        ).all()
    )
    for channel, count, existing, new in _DEMO_COUNTS:
        if existing is not None and existing not in found:
            continue
        if new is not None and new in found:
            record_responses(session, made.id, channel, count, issue=found[new])
            continue
        recorded = record_responses(
            session,
            made.id,
            channel,
            count,
            issue=found[existing] if existing else None,
            raise_title=new,
            entered_on=date(2026, 6, 2),
        )
        if recorded.raised and new is not None and recorded.count.issue_reference:
            found[new] = recorded.count.issue_reference
            entered = datetime(2026, 6, 2, 9, tzinfo=UTC)
            _date_demo_issue(session, recorded.count.issue_reference, entered)
    write_up(session, made.id, summary=_DEMO_SUMMARY, you_said_we_did=_DEMO_YOU_SAID)


def _date_demo_issue(session: Session, reference: str, when: datetime) -> None:
    """Dates an issue the demo's responses raised on the day they were entered, as the
    demo dates the issues its meetings raised (else it would say today)."""
    issue = lookup.issue(session, reference)
    issue.created_at = issue.updated_at = issue.stage_since = when
    for event in session.scalars(select(TimelineEvent).where(TimelineEvent.issue_id == issue.id)):
        event.at = event.created_at = event.updated_at = when
