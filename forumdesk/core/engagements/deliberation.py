"""Online deliberation: contributions imported from an online platform's export
(docs/engagements.md, "Online deliberation").

Each contribution either becomes an issue of the engagement's forum (tagged with the
mechanism "online deliberation" and tied to the engagement as raised by it) or supports
an issue the forum already has (a row naming an issue's reference, or a later
:func:`match`): the issue's support rises by the contribution's supports. A contribution
is known by its id on the platform, so importing the same export again changes nothing,
and a newer export changes only what changed: a contribution's supports that rose by 5
raise its issue's support by 5. The author's pseudonym is personal data (it travels
only when personal data is asked for). Services take a session and never commit.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import issues, lookup, sync
from forumdesk.core.engagements import base
from forumdesk.core.engagements.platform_file import Row, read_rows
from forumdesk.db.base import new_uuid
from forumdesk.db.models import (
    Contribution,
    Engagement,
    EngagementIssue,
    Forum,
    Issue,
    TimelineEvent,
)
from forumdesk.domain import limits
from forumdesk.domain.enums import (
    EngagementKind,
    EngagementStatus,
    LinkRole,
    Mechanism,
    PolicyStage,
)
from forumdesk.domain.errors import Conflict, InputRefused, InvalidValue
from forumdesk.domain.offers import ContributionInfo, ImportReport
from forumdesk.domain.progress import EVERY, Progress, quiet
from forumdesk.i18n import _, ngettext

#: The stage an online deliberation's issues are at unless the officer chooses another.
DEFAULT_STAGE = PolicyStage.CO_DECISION


def import_contributions(
    session: Session,
    ref: str | int,
    data: bytes,
    name: str,
    *,
    stage: PolicyStage | str | None = None,
    forum: str | int | None = None,
    progress: Progress = quiet,
) -> ImportReport:
    """Imports an online platform's CSV or JSON export of contributions.

    Args:
        name: the file's name, for messages.
        stage: the stage new issues are raised at (co-decision unless given).
        forum: for a council-wide deliberation, the forum whose issues contributions
            become (a forum's own deliberation always uses that forum).

    Raises:
        InputRefused: the file cannot be read, lacks a column, or has rows that cannot
            be taken, each named by its row; nothing is stored then.
    """
    row = base.of_kind(session, ref, EngagementKind.DELIBERATION)
    stage = PolicyStage.parse(stage) if isinstance(stage, str) else (stage or DEFAULT_STAGE)
    forum_id = _forum_of(session, row, forum)
    rows = read_rows(data, name)
    held = {
        c.external_id: c
        for c in session.scalars(
            select(Contribution).where(
                Contribution.engagement_id == row.id, Contribution.deleted_at.is_(None)
            )
        )
    }
    report = ImportReport()
    problems: list[str] = []
    for number, found in enumerate(rows, start=1):
        if number % EVERY == 0:
            progress(number, len(rows))
        try:
            # No savepoint per row: any refusal raises below and the unit of work rolls
            # back whole, so a half-taken row is never kept.
            _take(session, row, forum_id, stage, found, held.get(found.external_id), report)
        except InputRefused as exc:
            problems.append(_("{where}: {problem}").format(where=found.where, problem=exc))
    progress(len(rows), len(rows))
    session.flush()
    if problems:
        raise InputRefused(
            _("{name} was refused; nothing was changed:\n  {problems}").format(
                name=name, problems="\n  ".join(problems[:30])
            )
        )
    return report


def _forum_of(session: Session, row: Engagement, forum: str | int | None) -> int:
    if row.forum_id is not None:
        if forum is not None and lookup.forum(session, forum).id != row.forum_id:
            raise InvalidValue(
                "forum", _("{reference} belongs to another forum").format(reference=row.reference)
            )
        return row.forum_id
    if forum is None:
        raise InputRefused(
            _(
                "{reference} is council-wide: name the forum whose issues its contributions "
                "become or support."
            ).format(reference=row.reference)
        )
    return lookup.forum(session, forum).id


def _take(
    session: Session,
    row: Engagement,
    forum_id: int,
    stage: PolicyStage,
    found: Row,
    held: Contribution | None,
    report: ImportReport,
) -> None:
    """One row of the file: a new contribution, a changed one, or one already held."""
    if held is not None:
        difference = found.supports - held.supports
        changed = sync.apply(
            session,
            held,
            {
                "title": found.title,
                "text": found.text,
                # A pseudonym blanked (erased) stays blank: the same export brings it again.
                "author": found.author if held.author is not None else None,
                "supports": found.supports,
            },
        )
        if not changed:
            report.unchanged += 1
            return
        if difference and held.issue_id is not None:
            _add_support(session, held.issue_id, difference)
        report.updated.append((found.external_id, difference))
        return
    made = Contribution(
        engagement_id=row.id,
        uuid=new_uuid(),
        external_id=found.external_id,
        title=found.title,
        text=found.text,
        author=found.author,
        supports=found.supports,
    )
    if found.issue:
        target = lookup.issue(session, found.issue)
        if target.forum_id != forum_id:
            raise InvalidValue(
                "issue",
                _("{issue} is another forum's issue").format(issue=target.reference),
            )
        made.issue_id = target.id
        _add_support(session, target.id, found.supports)
        _tie(session, row, target.id, stage, LinkRole.SUPPORTED)
        report.supported.append((found.external_id, target.reference))
    else:
        raised = issues.record_issue(
            session,
            forum=forum_id,
            title=found.title,
            description=found.text,
            stage=stage,
            mechanism=Mechanism.ONLINE_DELIBERATION,
            support=found.supports,
        )
        made.issue_id = raised.id
        _tie(session, row, raised.id, stage, LinkRole.RAISED, new=True)
        report.added.append((found.external_id, raised.reference))
    sync.created(session, made)
    session.add(made)


def _add_support(session: Session, issue_id: int, difference: int) -> None:
    target = session.get(Issue, issue_id)
    if target is None or target.deleted_at is not None:
        return  # the issue was removed: nothing left to support
    support = max(0, (target.support or 0) + difference)
    if support > limits.MAX_SUPPORT:
        raise InvalidValue("support", _("would pass {limit:,}").format(limit=limits.MAX_SUPPORT))
    issues.edit_issue(session, issue_id, {"support": support})


def _tie(
    session: Session,
    row: Engagement,
    issue_id: int,
    stage: PolicyStage,
    role: LinkRole,
    *,
    new: bool = False,
) -> None:
    """Ties the issue to the engagement in that role, unless it is already tied so (an
    issue just raised is not: its link is made without looking)."""
    if new:
        link = EngagementIssue(engagement_id=row.id, issue_id=issue_id, stage=stage, role=role)
        sync.created(session, link)
        session.add(link)
        return
    held = session.scalars(
        select(EngagementIssue.id).where(
            EngagementIssue.engagement_id == row.id,
            EngagementIssue.issue_id == issue_id,
            EngagementIssue.role == role,
            EngagementIssue.deleted_at.is_(None),
        )
    ).first()
    if held is None:
        base.link_issue(session, row.id, issue_id, stage, role)


def match(
    session: Session,
    ref: str | int,
    external_id: str,
    issue: str | int,
    *,
    stage: PolicyStage | str | None = None,
) -> ContributionInfo:
    """Makes a contribution support an existing issue: its supports move from the issue
    it raised or supported before to this one.

    Raises:
        NotFound: no such contribution or issue. Conflict: it already supports that issue.
    """
    row = base.of_kind(session, ref, EngagementKind.DELIBERATION)
    stage = PolicyStage.parse(stage) if isinstance(stage, str) else (stage or DEFAULT_STAGE)
    held = _contribution(session, row, external_id)
    target = lookup.issue(session, issue)
    if held.issue_id == target.id:
        raise Conflict(
            _("Contribution {id} already supports {issue}.").format(
                id=held.external_id, issue=target.reference
            )
        )
    if held.issue_id is not None:
        _add_support(session, held.issue_id, -held.supports)
    _add_support(session, target.id, held.supports)
    _tie(session, row, target.id, stage, LinkRole.SUPPORTED)
    sync.apply(session, held, {"issue_id": target.id})
    session.flush()
    return _infos(session, [held])[0]


def _contribution(session: Session, row: Engagement, external_id: str) -> Contribution:
    found = session.scalars(
        select(Contribution).where(
            Contribution.engagement_id == row.id,
            Contribution.external_id == str(external_id).strip(),
            Contribution.deleted_at.is_(None),
        )
    ).first()
    if found is None:
        raise InputRefused(
            _("{reference} has no contribution with the id {id}.").format(
                reference=row.reference, id=repr(str(external_id).strip())
            )
        )
    return found


def contributions(session: Session, ref: str | int) -> list[ContributionInfo]:
    """A deliberation's live contributions, most supported first."""
    row = base.engagement(session, ref)
    held = session.scalars(
        select(Contribution)
        .where(Contribution.engagement_id == row.id, Contribution.deleted_at.is_(None))
        .order_by(Contribution.supports.desc(), Contribution.id)
    ).all()
    return _infos(session, list(held))


def _infos(session: Session, rows: list[Contribution]) -> list[ContributionInfo]:
    wanted = {r.issue_id for r in rows if r.issue_id is not None}
    references: dict[int, str] = {}
    if wanted:
        references = dict(
            session.execute(
                select(Issue.id, Issue.reference).where(
                    Issue.id.in_(wanted), Issue.deleted_at.is_(None)
                )
            ).all()
        )
    return [
        ContributionInfo(
            id=r.id,
            external_id=r.external_id,
            title=r.title,
            text=r.text,
            author=r.author,
            supports=r.supports,
            issue_id=r.issue_id,
            issue_reference=references.get(r.issue_id) if r.issue_id else None,
        )
        for r in rows
    ]


def describe_import(report: ImportReport) -> str:
    """What an import did, in one sentence a clerk would write."""
    parts = [
        ngettext(
            "{n} new contribution raised an issue",
            "{n} new contributions raised issues",
            len(report.added),
        ).format(n=len(report.added)),
        ngettext(
            "{n} supported an existing issue",
            "{n} supported existing issues",
            len(report.supported),
        ).format(n=len(report.supported)),
        ngettext(
            "{n} was updated from the newer export",
            "{n} were updated from the newer export",
            len(report.updated),
        ).format(n=len(report.updated)),
        ngettext("{n} was unchanged", "{n} were unchanged", report.unchanged).format(
            n=report.unchanged
        ),
    ]
    return "; ".join(parts) + "."


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The deliberation's figures for `engagement show` and the window: (label, value) lines."""
    held = contributions(session, row.id)
    raised = {c.issue_id for c in held if c.issue_id is not None}
    return [
        (_("Contributions"), f"{len(held):,}"),
        (_("Supports"), f"{sum(c.supports for c in held):,}"),
        (_("Issues raised or supported"), f"{len(raised):,}"),
    ]


#: The demo's platform export (idea id, title, description, pseudonym, votes, and the
#: issue each idea is about): residents' ideas on issues the forum already has, so each
#: supports one of them. Each "{word}" becomes the reference of the forum's issue whose
#: title holds that word when the demo runs.
DEMO_CLOSES = date(2026, 5, 15)
DEMO_EXPORT = (
    "Idea ID,Idea title,Description,Username,Votes,Issue\n"  # i18n: not text
    "bh-101,Fix the potholes before someone is hurt,My bike wheel buckled in one by "
    "the library last week.,cyclist_sw2,28,{potholes}\n"
    "bh-102,Josephine Avenue is pitch dark,Three lamps have been out since October; "
    "people walk home in the road.,nightshift,19,{lights}\n"
    "bh-103,Clear the rubbish behind the garages,Mattresses and fridges have been "
    "dumped there for a month.,tidyup,58,{tipping}\n"
    "bh-104,20 mph cameras on New Park Road,Cars race down to the lights at school "
    "time.,mum_of_3,44,{speeding}\n"
    "bh-105,Bigger bins on Rush Common,The bins are full by Saturday lunchtime every "
    "summer weekend.,parkrunner,22,{overflowing}\n"
    "bh-106,A dropped kerb at Brockwell Gate,Buggies and wheelchairs have to go "
    "round by the road.,wheels4all,31,{kerb}\n"
    "bh-107,A damp survey of every flat,Mould comes back every winter however often "
    "it is painted over.,tenant_rep,47,{damp}\n"
    "bh-108,Reopen the youth club two evenings a week,Teenagers have nowhere to go "
    "after school.,mum_of_3,52,{youth}\n"
    "bh-109,Deliveries only after 7 am,Lorries unload outside our windows at 4 in "
    "the morning.,lightsleeper,12,{noise}\n"
    "bh-110,Keep vans out of the cycle lane,Every morning the lane is blocked and "
    "cyclists swerve into traffic.,two_wheels,29,{cycle}\n"
    "bh-111,Murals on the railway bridge,Local artists could paint the bridge "
    "instead of the graffiti.,artbrix,17,{graffiti}\n"
    "bh-112,More dog bins on the school route,There is one bin between the estate "
    "and the school gates.,schoolrun,26,{fouling}\n"
    "bh-113,Clear the drains before winter,The junction floods after every heavy "
    "shower.,oakleaf,15,{flooding}\n"
    "bh-114,Mend the swings at Brockwell Gate,Two of the three swings have been "
    "taped off since spring.,grandad_k,33,{playground}\n"
    "bh-115,Free parking permits for carers,Carers pay more in permits than they "
    "earn on some visits.,carer_bh,38,{permits}\n"
    "bh-116,A school street outside the primary school,Close the road at drop-off "
    "and pick-up times to clean the air.,hillwalker,84,{quality}\n"
    "bh-117,A zebra crossing at the top of the hill,Older residents wait minutes for "
    "a gap in the traffic.,Nana_J,66,{unsafe}\n"
    "bh-118,Pop-up shops for local makers,Let the empty units on the high street to "
    "local makers for a few months.,greenfingers,21,{shops}\n"
    "bh-119,Open the Rush Common toilets in summer,Families leave the park early "
    "because there is nowhere to go.,parkrunner,39,{toilets}\n"
    "bh-120,A ramp at the library's side door,Wheelchair users have to ring the bell "
    "and wait to be let in.,wheels4all,27,{wheelchair}\n"
)


def add_demo(session: Session) -> None:
    """Adds the demo's deliberation (called by `forumdesk demo` after its forums and meetings):
    twenty ideas imported from a platform's CSV, each supporting an issue the forum has."""
    forum = session.scalars(select(Forum).where(Forum.code == "BHF")).first()
    if forum is None:
        return
    made = base.add_engagement(
        session,
        EngagementKind.DELIBERATION,
        forum=forum.id,
        title="Ideas for Brixton Hill's streets",  # i18n: not text
        opens=DEMO_CLOSES - timedelta(days=42),
        closes=DEMO_CLOSES,
        platform="Commonplace",  # i18n: not text
        wording="What would make the streets of Brixton Hill better to live on?",  # i18n: not text
    )
    named = {}
    for word in re.findall(r"\{(\w+)\}", DEMO_EXPORT):
        named[word] = (
            session.scalars(
                select(Issue.reference)
                .where(
                    Issue.forum_id == forum.id,
                    Issue.deleted_at.is_(None),
                    Issue.title.ilike(f"%{word}%"),
                )
                .order_by(Issue.id)
            ).first()
            or ""  # no such issue: the idea raises one of its own
        )
    export = DEMO_EXPORT.format(**named)
    report = import_contributions(session, made.id, export.encode(), "ideas.csv")
    base.set_status(session, made.id, EngagementStatus.CLOSED)
    # Raised when the deliberation closed, not the day the demo was made.
    for minute, (_external, reference) in enumerate(report.added):
        at = datetime.combine(DEMO_CLOSES, time(10, minute), tzinfo=UTC)
        issue = lookup.issue(session, reference)
        issue.created_at = issue.updated_at = issue.stage_since = at
        for event in session.scalars(
            select(TimelineEvent).where(TimelineEvent.issue_id == issue.id)
        ):
            event.at = event.created_at = event.updated_at = at
    session.flush()
