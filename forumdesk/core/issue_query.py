"""Listing issues: filters, full-text search, sorting and paging, all done in SQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.orm import QueryableAttribute, Session

from forumdesk.core import convert, lookup, report_back
from forumdesk.core.engagements import base
from forumdesk.db import search
from forumdesk.db.base import utcnow
from forumdesk.db.models import (
    Attendance,
    Engagement,
    EngagementIssue,
    Forum,
    Issue,
    Theme,
    TimelineEvent,
    issue_theme,
)
from forumdesk.domain import limits
from forumdesk.domain.enums import EngagementKind, IssueStatus, Mechanism, PolicyStage
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.records import IssueFilter, IssueInfo, IssuePage
from forumdesk.i18n import _

_Row = TypeVarTuple("_Row")
#: What an issue is sorted by: columns, mapped attributes and expressions.
_Key = ColumnElement[Any] | QueryableAttribute[Any]

MAX_PAGE = 10_000
#: Above this many sign-ins whose name matches a search, only those who raised an issue
#: are kept (each becomes a parameter of the query).
MANY_NAMES = 5_000
#: Above this many matches, "relevance" lists the newest matches first (see list_issues).
RANK_LIMIT = 20_000


def _ordinal(col: _Key, members: list[object]) -> ColumnElement[int]:
    """Sorts an enum column in its natural order (stage 1-5), not alphabetically."""
    return case({m: i for i, m in enumerate(members)}, value=col, else_=len(members))


def _first_engagement() -> ColumnElement[object]:
    """The first reference, in order, of the live engagements an issue is linked to."""
    return (
        select(func.min(Engagement.reference))
        .join(EngagementIssue, EngagementIssue.engagement_id == Engagement.id)
        .where(
            EngagementIssue.issue_id == Issue.id,
            EngagementIssue.deleted_at.is_(None),
            Engagement.deleted_at.is_(None),
        )
        .scalar_subquery()
    )


SORT_KEYS: dict[str, tuple[_Key, ...]] = {
    "reference": (Forum.code, Issue.number),
    "title": (func.lower(Issue.title), Issue.id),
    "stage": (_ordinal(Issue.stage, list(PolicyStage)), Forum.code, Issue.number),
    "status": (_ordinal(Issue.status, list(IssueStatus)), Forum.code, Issue.number),
    "ward": (Issue.ward.is_(None), func.lower(Issue.ward), Forum.code, Issue.number),
    "support": (Issue.support, Issue.id),
    "due": (Issue.due_date.is_(None), Issue.due_date, Issue.id),
    "updated": (Issue.updated_at, Issue.id),
    "created": (Issue.created_at, Issue.id),
    "owner": (Issue.owner.is_(None), func.lower(Issue.owner), Issue.id),
    "forum": (func.lower(Forum.name), Forum.code, Issue.number),
    "response_due": (Issue.response_due.is_(None), Issue.response_due, Issue.id),
    # When the issue entered its stage: ascending lists the longest in their stage first.
    "stage_since": (Issue.stage_since.is_(None), Issue.stage_since, Issue.id),
    # Issues linked to no engagement last.
    "engagement": (_first_engagement().is_(None), _first_engagement(), Issue.id),
}
SORT_CHOICES = (*SORT_KEYS, "relevance")


def list_issues(session: Session, wanted: IssueFilter) -> IssuePage:
    """One page of the issues that match every criterion of ``wanted``, and the total.

    ``sort="relevance"`` orders by full-text rank (best first) and needs ``text``.

    Raises:
        InvalidValue: an unknown sort key, a bad page size, an over-long search.
        NotFound: the forum or meeting named does not exist.
    """
    limit = wanted.limit
    if limit is not None and not (1 <= limit <= MAX_PAGE):
        raise InvalidValue("limit", _("must be between 1 and {limit:,}").format(limit=MAX_PAGE))
    if wanted.offset < 0:
        raise InvalidValue("offset", _("must not be negative"))
    query, total = _ordered(session, wanted)
    if limit is not None:
        query = query.limit(limit)
    if wanted.offset:
        query = query.offset(wanted.offset)
    rows = session.execute(query).all()
    themes = _themes_of(session, [issue.id for issue, _ in rows])
    items = tuple(convert.issue_info(i, code, themes.get(i.id, ())) for i, code in rows)
    return IssuePage(items=items, total=total, offset=wanted.offset)


def issue_pages(
    session: Session, wanted: IssueFilter, size: int
) -> Iterator[tuple[IssueInfo, ...]]:
    """Every issue :func:`list_issues` lists for ``wanted`` (its limit and offset aside), in
    its order, ``size`` at a time: one query read as it goes, so that an export of every
    issue never holds them all (paging with offsets sorted the whole list once a page)."""
    query, _total = _ordered(session, wanted)
    result = session.execute(query, execution_options={"yield_per": size})
    for rows in result.partitions():
        themes = _themes_of(session, [issue.id for issue, _ in rows])
        page = tuple(convert.issue_info(i, code, themes.get(i.id, ())) for i, code in rows)
        del rows  # let go of a page before the next is read: one page in memory, not two
        yield page
        del page


def _ordered(session: Session, wanted: IssueFilter) -> tuple[Select[Issue, str], int]:
    """The ordered query of every issue matching ``wanted``, and how many there are."""
    if wanted.sort not in SORT_CHOICES:
        raise InvalidValue(
            "sort",
            _("{value} is not one of: {choices}").format(
                value=repr(wanted.sort), choices=", ".join(SORT_CHOICES)
            ),
        )
    text = limits.text("search", wanted.text, limits.SHORT_TEXT)

    query: Select[Issue, str] = (
        select(Issue, Forum.code)
        .join(Forum, Issue.forum_id == Forum.id)
        .where(Issue.deleted_at.is_(None))
    )
    query = _filtered(session, query, wanted)
    total: int | None = None
    ranked = None
    raisers = _raised_by_name(session, text)
    if raisers and text:  # no text finds no raisers
        # A resident who raised an issue is found by their name, which the index does
        # not hold (it is personal data, erased from the sign-in alone).
        by_words = _text_condition(session, text)
        by_name = Issue.raised_by_id.in_(raisers)
        query = query.where(by_name if by_words is None else or_(by_words, by_name))
    elif text and search.indexed(dialect := session.get_bind().dialect.name):
        ids = search.match_ids(dialect, text)
        if ids is not None:
            if not _has_filters(wanted):
                # The index holds live issues only, so it counts without a join.
                total = search.count(session.connection(), text)
            else:
                total = _count(session, query.where(Issue.id.in_(ids)))
            if wanted.sort == "relevance" and 0 < total <= RANK_LIMIT:
                ranked = search.ranked(dialect, text).subquery()
                query = query.join(ranked, ranked.c.rowid == Issue.id)
            else:
                query = query.where(Issue.id.in_(ids))
    elif text:
        condition = search.portable_condition(text)
        if condition is not None:
            query = query.where(condition)
    if total is None:
        total = _count(session, query)

    if wanted.sort == "relevance" and ranked is not None:
        order: tuple[_Key, ...] = (ranked.c.rank, Issue.id)
        descending = False
    elif wanted.sort == "relevance":
        # Ranking costs about 1 ms per 1,000 matches; beyond RANK_LIMIT a search is
        # too broad for relevance to mean much, so the newest matches come first.
        order, descending = (Issue.id,), True
    else:
        order = SORT_KEYS[wanted.sort]
        descending = wanted.descending
    return query.order_by(*(o.desc() if descending else o for o in order)), total


def _count(session: Session, query: Select[Issue, str]) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def _has_filters(wanted: IssueFilter) -> bool:
    """Whether anything but the search text narrows the list."""
    return any(
        value is not None and value != ""
        for value in (
            wanted.forum,
            wanted.meeting_id,
            wanted.stage,
            wanted.status,
            wanted.ward,
            wanted.theme,
            wanted.mechanism,
            wanted.owner,
            wanted.overdue_on,
            wanted.idle_days,
            wanted.raised_from,
            wanted.raised_to,
            wanted.response_overdue_on,
            wanted.engagement,
        )
    )


def _filtered(session: Session, query: Select[*_Row], wanted: IssueFilter) -> Select[*_Row]:
    if wanted.forum is not None:
        query = query.where(Issue.forum_id == lookup.forum(session, wanted.forum).id)
    if wanted.meeting_id is not None:
        query = query.where(Issue.meeting_id == lookup.meeting(session, wanted.meeting_id).id)
    if wanted.stage is not None:
        query = query.where(Issue.stage == wanted.stage)
    if wanted.status is not None:
        query = query.where(Issue.status == wanted.status)
    if wanted.mechanism is not None:
        query = query.where(Issue.mechanism == wanted.mechanism)
    if wanted.ward:
        query = query.where(func.lower(Issue.ward) == wanted.ward.strip().lower())
    if wanted.owner:
        query = query.where(func.lower(Issue.owner) == wanted.owner.strip().lower())
    if wanted.theme:
        tagged = (
            select(issue_theme.c.issue_id)
            .join(Theme, Theme.id == issue_theme.c.theme_id)
            .where(func.lower(Theme.name) == wanted.theme.strip().lower())
        )
        query = query.where(Issue.id.in_(tagged))
    if wanted.overdue_on is not None:
        query = query.where(
            Issue.due_date < wanted.overdue_on,
            Issue.status.in_([s for s in IssueStatus if s.is_active]),
        )
    if wanted.idle_days is not None:
        if wanted.idle_days < 0:
            raise InvalidValue("idle_days", _("must not be negative"))
        since = utcnow() - timedelta(days=wanted.idle_days)
        query = query.where(Issue.updated_at <= since)
    if wanted.raised_from and wanted.raised_to and wanted.raised_to < wanted.raised_from:
        raise InvalidValue("raised_to", _("comes before the day in Raised from"))
    if wanted.raised_from is not None:
        # Days are UTC days, as the issue panel shows "raised" (created_at.date()).
        start = datetime.combine(wanted.raised_from, time.min, tzinfo=UTC)
        query = query.where(Issue.created_at >= start)
    if wanted.raised_to is not None:
        after = datetime.combine(wanted.raised_to + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(Issue.created_at < after)
    if wanted.response_overdue_on is not None:
        query = query.where(report_back.response_overdue(wanted.response_overdue_on))
    if wanted.engagement is not None:
        query = query.where(Issue.id.in_(_linked_to(session, wanted.engagement)))
    return query


def _linked_to(session: Session, wanted: EngagementKind | str | int) -> Select[int]:
    """The issues linked to one engagement (its id or reference), or to any live engagement
    of a kind.

    Raises:
        NotFound: no such engagement.
    """
    query = (
        select(EngagementIssue.issue_id)
        .join(Engagement, Engagement.id == EngagementIssue.engagement_id)
        .where(EngagementIssue.deleted_at.is_(None), Engagement.deleted_at.is_(None))
    )
    if isinstance(wanted, EngagementKind):
        return query.where(Engagement.kind == wanted)
    return query.where(Engagement.id == base.engagement(session, wanted).id)


def _themes_of(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = session.execute(
        select(issue_theme.c.issue_id, Theme.name)
        .join(Theme, Theme.id == issue_theme.c.theme_id)
        .where(issue_theme.c.issue_id.in_(ids))
        .order_by(func.lower(Theme.name))
    )
    for issue_id, name in rows:
        found.setdefault(issue_id, []).append(name)
    return {k: tuple(v) for k, v in found.items()}


def issue_ids(session: Session, wanted: IssueFilter) -> list[int]:
    """The ids of every matching issue in the order asked for (no paging): for lazy views."""
    # On the connection, not the ORM session: 100,000 plain ids through the ORM's row
    # loading took 0.35 s more than the query itself.
    return list(session.connection().execute(_id_query(session, wanted, Issue.id)).scalars())


def issue_versions(session: Session, wanted: IssueFilter) -> list[tuple[int, str]]:
    """Like :func:`issue_ids`, each with its version (any edit changes it): a view keeps
    what it already shows of an issue whose version has not changed."""
    version = cast(Issue.vv, String)  # the stored text, not decoded
    rows = session.execute(_id_query(session, wanted, Issue.id, version))
    return [(ident, text) for ident, text in rows]


def _id_query(session: Session, wanted: IssueFilter, *columns: Any) -> Select[Any]:
    if wanted.sort not in SORT_KEYS:
        raise InvalidValue(
            "sort",
            _("{value} is not one of: {choices}").format(
                value=repr(wanted.sort), choices=", ".join(SORT_KEYS)
            ),
        )
    query = (
        select(*columns).join(Forum, Issue.forum_id == Forum.id).where(Issue.deleted_at.is_(None))
    )
    query = _filtered(session, query, wanted)
    text = limits.text("search", wanted.text, limits.SHORT_TEXT)
    if text:
        raisers = _raised_by_name(session, text)
        condition = _text_condition(session, text)
        if raisers:
            by_name = Issue.raised_by_id.in_(raisers)
            condition = by_name if condition is None else or_(condition, by_name)
        by_reference = _reference_condition(text)
        if by_reference is not None:
            condition = by_reference if condition is None else or_(condition, by_reference)
        if condition is not None:
            query = query.where(condition)
    order = SORT_KEYS[wanted.sort]
    return query.order_by(*(o.desc() if wanted.descending else o for o in order))


def _text_condition(session: Session, text: str) -> ColumnElement[bool] | None:
    """Issues whose words match ``text`` (the full-text index on SQLite); None when the
    text has no words (it narrows nothing)."""
    if search.indexed(dialect := session.get_bind().dialect.name):
        ids = search.match_ids(dialect, text)
        return None if ids is None else Issue.id.in_(ids)
    return search.portable_condition(text)


_REFERENCE = re.compile(r"[A-Z0-9]+-[A-Z0-9-]*")


def _reference_condition(text: str) -> ColumnElement[bool] | None:
    """Issues whose reference starts with ``text`` when it looks like one ("bhf-00"),
    read from the reference's unique index."""
    start = text.strip().upper()
    if not _REFERENCE.fullmatch(start):
        return None
    return and_(Issue.reference >= start, Issue.reference < start + "\uffff")


def _raised_by_name(session: Session, text: str | None) -> list[int]:
    """The sign-ins whose name holds ``text`` (any case): the issues they raised are found.

    The sign-ins alone are read: joining them to the issues to keep only those who
    raised one made every keystroke of a search scan every issue (there is no index on
    ``raised_by_id``); a sign-in that raised nothing simply finds nothing.
    """
    wanted = " ".join((text or "").split()).casefold()
    if not wanted:
        return []
    rows = session.execute(
        select(Attendance.id, Attendance.name).where(
            Attendance.name.is_not(None), Attendance.deleted_at.is_(None)
        )
    )
    found = [ident for ident, name in rows if wanted in " ".join((name or "").split()).casefold()]
    if len(found) > MANY_NAMES:  # a search too general to be a name: those who raised one
        raisers = set(session.scalars(select(Issue.raised_by_id).distinct()))
        found = [ident for ident in found if ident in raisers]
    return found


def issues_by_id(session: Session, ids: list[int]) -> dict[int, IssueInfo]:
    """Records for the given ids (deleted ones left out), fetched in one query."""
    if not ids:
        return {}
    rows = session.execute(
        select(Issue, Forum.code)
        .join(Forum, Issue.forum_id == Forum.id)
        .where(Issue.id.in_(ids), Issue.deleted_at.is_(None))
    ).all()
    themes = _themes_of(session, [issue.id for issue, _ in rows])
    return {i.id: convert.issue_info(i, code, themes.get(i.id, ())) for i, code in rows}


def matching_query(session: Session, wanted: IssueFilter, *columns: Any) -> Select[Any]:
    """``columns`` of the issues matching every criterion of ``wanted`` (filters and search
    text alike), in no order and without paging: for a view that groups and orders them
    its own way (the board orders each stage by how long its issues have been in it)."""
    return _id_query(session, replace(wanted, sort="reference"), *columns).order_by(None)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register: what its columns show of an issue, and its marks."""

    id: int
    reference: str
    title: str
    forum_code: str
    forum_name: str
    ward: str | None
    place: str | None
    stage: PolicyStage
    status: IssueStatus
    mechanism: Mechanism | None
    owner: str | None
    due_date: date | None
    response_due: date | None
    stage_since: datetime | None
    updated_at: datetime
    created_at: datetime
    overdue: bool  # past its due date and still active
    response_overdue: bool  # a response to residents was due before today, not given
    engagements: tuple[str, ...] = ()  # references of the live engagements it is linked to


def register_rows(session: Session, ids: list[int], today: date) -> dict[int, RegisterRow]:
    """The register's lines for a block of ids (deleted ones left out), in one query of
    plain columns: no ORM objects, so a block of 100 rows takes about a millisecond."""
    if not ids:
        return {}
    active = [s for s in IssueStatus if s.is_active]
    overdue = case((and_(Issue.due_date < today, Issue.status.in_(active)), True), else_=False)
    late = case((report_back.response_overdue(today), True), else_=False)
    query = (
        select(
            Issue.id,
            Issue.reference,
            Issue.title,
            Forum.code,
            Forum.name,
            Issue.ward,
            Issue.place,
            Issue.stage,
            Issue.status,
            Issue.mechanism,
            Issue.owner,
            Issue.due_date,
            Issue.response_due,
            Issue.stage_since,
            Issue.updated_at,
            Issue.created_at,
            overdue,
            late,
        )
        .join(Forum, Issue.forum_id == Forum.id)
        .where(Issue.id.in_(ids), Issue.deleted_at.is_(None))
    )
    linked = engagements_of(session, ids)
    return {
        row[0]: RegisterRow(  # type: ignore[misc]  # mypy cannot count a row slice's items
            *row[:16],  # type: ignore[arg-type]  # the first 16 columns, in RegisterRow's order
            overdue=bool(row[16]),
            response_overdue=bool(row[17]),
            engagements=tuple(reference for _kind, reference in linked.get(row[0], ())),
        )
        for row in session.execute(query)
    }


def engagements_of(
    session: Session, ids: list[int]
) -> dict[int, tuple[tuple[EngagementKind, str], ...]]:
    """For each issue of ``ids``, the (kind, reference) of every live engagement it is
    linked to, in reference order, each once however many links it has."""
    if not ids:
        return {}
    rows = session.execute(
        select(EngagementIssue.issue_id, Engagement.kind, Engagement.reference)
        .join(Engagement, Engagement.id == EngagementIssue.engagement_id)
        .where(
            EngagementIssue.issue_id.in_(ids),
            EngagementIssue.deleted_at.is_(None),
            Engagement.deleted_at.is_(None),
        )
        .distinct()
        .order_by(EngagementIssue.issue_id, Engagement.reference)
    )
    found: dict[int, list[tuple[EngagementKind, str]]] = {}
    for issue_id, kind, reference in rows:
        found.setdefault(issue_id, []).append((kind, reference))
    return {k: tuple(v) for k, v in found.items()}


@dataclass(frozen=True)
class RegisterChoices:
    """What the register's filters offer: the values in use, sorted."""

    wards: tuple[str, ...]
    owners: tuple[str, ...]
    themes: tuple[str, ...]


def register_choices(session: Session) -> RegisterChoices:
    """The wards, owners and themes of live issues (each spelling once, any case)."""
    return RegisterChoices(
        wards=values_in_use(session, "ward"),
        owners=values_in_use(session, "owner"),
        themes=values_in_use(session, "theme"),
    )


def values_in_use(session: Session, kind: str) -> tuple[str, ...]:
    """The wards, owners or themes (``kind``) of live issues, each spelling once, sorted.

    A filter reads its own when it is opened: owners have no index, and reading them
    is a scan of every issue.
    """
    column: Any
    if kind == "theme":
        column = Theme.name
        query = (
            select(Theme.name)
            .join(issue_theme, issue_theme.c.theme_id == Theme.id)
            .join(Issue, Issue.id == issue_theme.c.issue_id)
        )
    else:
        column = {"ward": Issue.ward, "owner": Issue.owner}[kind]
        query = select(column)
    query = query.where(column.is_not(None), Issue.deleted_at.is_(None)).distinct()
    seen: dict[str, str] = {}
    for (value,) in session.execute(query):
        text = " ".join(str(value).split())
        if text:
            seen.setdefault(text.casefold(), text)
    return tuple(sorted(seen.values(), key=str.casefold))


def issues_of_events(session: Session, event_ids: frozenset[int] | set[int]) -> set[int]:
    """The issues whose timelines hold these events (a comment or a response changes
    what the register shows of its issue)."""
    if not event_ids:
        return set()
    query = select(TimelineEvent.issue_id).where(TimelineEvent.id.in_(list(event_ids)))
    return set(session.scalars(query))


def text_matches(session: Session, text: str | None) -> set[int] | None:
    """The ids of the live issues a search finds (its words, or who raised them); None
    when the text narrows nothing. The register puts these in the order it already holds
    rather than asking the database to sort them again at each keystroke."""
    text = limits.text("search", text, limits.SHORT_TEXT)
    if not text:
        return None
    raisers = _raised_by_name(session, text)
    found: set[int] = set()
    if raisers:
        raised = select(Issue.id).where(Issue.raised_by_id.in_(raisers), Issue.deleted_at.is_(None))
        found.update(session.scalars(raised))
    by_reference = _reference_condition(text)
    if by_reference is not None:
        found.update(
            session.scalars(select(Issue.id).where(by_reference, Issue.deleted_at.is_(None)))
        )
    if search.indexed(dialect := session.get_bind().dialect.name):
        ids = search.match_ids(dialect, text)
        if ids is None:
            return found if raisers or by_reference is not None else None
        found.update(session.connection().execute(ids).scalars())  # live issues only
        return found
    condition = search.portable_condition(text)
    if condition is None:
        return found if raisers or by_reference is not None else None
    found.update(session.scalars(select(Issue.id).where(condition, Issue.deleted_at.is_(None))))
    return found
