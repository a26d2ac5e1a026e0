"""How co-decisions were decided (decision evidence, docs/engagements.md).

A co-decision is an issue's move to the co-decision stage or a decision outcome at a
meeting. Each may say how it was decided (:class:`DecisionMethod`) and, for a show of
hands, the votes for, against and abstaining. :func:`decision` checks what a person gave;
:func:`co_decisions` counts them for the audit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, lookup
from forumdesk.db.models import AgendaItem, Forum, Issue, Meeting, Outcome, TimelineEvent
from forumdesk.domain import rules
from forumdesk.domain.enums import DecisionMethod, OutcomeKind, PolicyStage, TimelineKind
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _, for_language, interface_language

_VOTES = ("votes_for", "votes_against", "votes_abstain")


def decision(
    decided_by: DecisionMethod | str | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> dict[str, Any]:
    """The decision fields to store, checked: a known method, votes only with a show of
    hands, none negative, and not 0 for and 0 against. All None when nothing was said (old
    callers).

    Raises:
        InvalidValue: naming the field.
    """
    values = _edit.clean(
        {
            "decided_by": decided_by,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
        },
        rules.DECISION,
    )
    given = [name for name in _VOTES if values[name] is not None]
    if given and values["decided_by"] is not DecisionMethod.SHOW_OF_HANDS:
        raise InvalidValue(
            given[0], _("votes are recorded only for a decision made by a show of hands")
        )
    if given and not (values["votes_for"] or values["votes_against"]):
        # Nobody's hand went up for or against: whatever was decided, it was not by a vote.
        raise InvalidValue(
            "votes_for",
            _(
                "a show of hands needs at least one vote for or against; 0 for and 0 against "
                "is not a vote"
            ),
        )
    return values


def evidence(
    decided_by: DecisionMethod | None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    *,
    language: str | None = None,
) -> str | None:
    """How a decision was made as a sentence ("Decided by show of hands: 12 for, 3 against,
    1 abstention"), in the interface language, or a document's ``language`` if given."""
    if decided_by is None:
        return None
    tr = for_language(language or interface_language())
    method = tr.gettext(decided_by.source_label).lower()
    votes = (votes_for, votes_against, votes_abstain)
    if decided_by is DecisionMethod.SHOW_OF_HANDS and any(v is not None for v in votes):
        parts = [
            tr.gettext("{n} for").format(n=votes_for or 0),
            tr.gettext("{n} against").format(n=votes_against or 0),
        ]
        if votes_abstain:
            parts.append(
                tr.ngettext("{n} abstention", "{n} abstentions", votes_abstain).format(
                    n=votes_abstain
                )
            )
        return tr.gettext("Decided by {method}: {votes}").format(
            method=method, votes=", ".join(parts)
        )
    return tr.gettext("Decided by {method}").format(method=method)


@dataclass(frozen=True)
class CoDecisions:
    """The co-decisions of a period: how many, by method, with residents or for them."""

    total: int = 0
    by_method: dict[DecisionMethod, int] = field(default_factory=dict)
    #: Co-decisions that do not say how they were decided.
    unrecorded: int = 0

    @property
    def with_residents(self) -> int:
        """Decided with residents (consensus, show of hands, ballot, jury)."""
        return sum(n for m, n in self.by_method.items() if m.with_residents)

    @property
    def for_residents(self) -> int:
        """Decided for residents (an officer's decision under delegation)."""
        return sum(n for m, n in self.by_method.items() if not m.with_residents)


def co_decisions(
    session: Session,
    forum: str | int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> CoDecisions:
    """Counts co-decisions (moves to co-decision, decisions recorded on issues already there,
    and decision outcomes at meetings) of one
    forum (or all) from ``start`` to ``end`` inclusive, by how they were decided.

    A move is dated by when it was recorded, an outcome by its meeting's date.
    """
    forum_id = lookup.forum(session, forum).id if forum is not None else None
    methods: list[DecisionMethod | None] = []

    moves = (
        select(TimelineEvent.decided_by)
        .join(Issue, Issue.id == TimelineEvent.issue_id)
        .where(
            or_(
                and_(
                    TimelineEvent.kind == TimelineKind.STAGE_MOVED,
                    TimelineEvent.to_stage == PolicyStage.CO_DECISION,
                ),
                # a decision recorded on an issue already at co-decision (a ballot's result)
                and_(
                    TimelineEvent.kind != TimelineKind.STAGE_MOVED,
                    TimelineEvent.decided_by.is_not(None),
                ),
            ),
            TimelineEvent.deleted_at.is_(None),
            Issue.deleted_at.is_(None),
        )
    )
    if forum_id is not None:
        moves = moves.where(Issue.forum_id == forum_id)
    if start is not None:
        moves = moves.where(TimelineEvent.at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end is not None:
        moves = moves.where(
            TimelineEvent.at < datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        )
    methods += session.scalars(moves).all()

    outcomes = (
        select(Outcome.decided_by)
        .join(AgendaItem, AgendaItem.id == Outcome.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Forum, Forum.id == Meeting.forum_id)
        .where(
            Outcome.kind == OutcomeKind.DECISION,
            Outcome.deleted_at.is_(None),
            AgendaItem.deleted_at.is_(None),
            Meeting.deleted_at.is_(None),
        )
    )
    if forum_id is not None:
        outcomes = outcomes.where(Meeting.forum_id == forum_id)
    if start is not None:
        outcomes = outcomes.where(Meeting.date >= start)
    if end is not None:
        outcomes = outcomes.where(Meeting.date <= end)
    methods += session.scalars(outcomes).all()

    counted = Counter(m for m in methods if m is not None)
    return CoDecisions(
        total=len(methods),
        by_method={m: counted[m] for m in DecisionMethod if counted[m]},
        unrecorded=sum(1 for m in methods if m is None),
    )
