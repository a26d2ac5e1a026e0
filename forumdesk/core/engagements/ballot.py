"""The ballot workflow (docs/engagements.md, "Referendums and ballots").

A ballot asks one question (``wording``) with its ``options`` of an ``electorate``.
Ballots are counted per ballot box: one count per (box, option), kind ``ballots``, and a
box's spoilt ballots, kind ``spoilt``; re-entering a box's count edits it. The result:
valid ballots (those for an option), spoilt, the total (turnout counts spoilt ballots
too: they were cast), each option's share of the valid ballots, and the winner by the
rule: the most votes (simple majority) or at least ``rule_threshold`` percent of the valid
ballots (threshold); equal top counts are a tie, with no winner. Declaring the result
records it on the ballot and on each linked issue as its co-decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from gettext import NullTranslations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, issues, lookup, sync
from forumdesk.core.engagements import base
from forumdesk.db.models import Engagement, EngagementCount, Issue, TimelineEvent
from forumdesk.domain import limits, rules
from forumdesk.domain.enums import (
    BallotRule,
    CountKind,
    DecisionMethod,
    EngagementKind,
    EngagementStatus,
    LinkRole,
    PolicyStage,
)
from forumdesk.domain.errors import Conflict, InvalidValue
from forumdesk.i18n import _, for_language, interface_language, ngettext


@dataclass(frozen=True)
class Box:
    """One ballot box's counts: ballots per option (in the ballot's order) and spoilt."""

    name: str
    ballots: dict[str, int]
    spoilt: int

    @property
    def total(self) -> int:
        """Every ballot in the box, spoilt ones included."""
        return sum(self.ballots.values()) + self.spoilt


@dataclass(frozen=True)
class OptionResult:
    """An option's votes and its share of the valid ballots (0.0 to 100.0)."""

    option: str
    votes: int
    share: float


@dataclass(frozen=True)
class BallotResult:
    """A ballot's result as counted so far."""

    options: tuple[OptionResult, ...]
    boxes: tuple[Box, ...]
    valid: int
    spoilt: int
    electorate: int | None
    rule: BallotRule
    rule_threshold: int | None
    binding: bool
    #: The winning option; None for a tie, a threshold not met, or no ballots yet.
    winner: str | None
    tie: bool
    threshold_met: bool | None  # None unless the rule is a threshold

    @property
    def total(self) -> int:
        """Every ballot cast, spoilt ones included."""
        return self.valid + self.spoilt

    @property
    def turnout(self) -> float | None:
        """Ballots cast (spoilt included) as a percentage of the electorate."""
        if not self.electorate:
            return None
        return 100.0 * self.total / self.electorate

    @property
    def counted(self) -> bool:
        """Any ballot has been entered."""
        return self.total > 0


def enter_box(
    session: Session,
    ref: str | int,
    box: str,
    counts: Mapping[str, int],
    *,
    spoilt: int | None = None,
    today: date | None = None,
) -> Box:
    """Enters (or corrects) a ballot box's count per option and its spoilt ballots.

    ``counts`` maps option text (any case) to ballots; options not named keep what was
    entered before. ``spoilt`` None leaves the box's spoilt count as it was.

    Raises:
        InvalidValue: an option the ballot does not have, a count out of range, no box name,
            nothing to enter, or a ballot without options.
        Conflict: the result was already declared.
    """
    row = base.of_kind(session, ref, EngagementKind.BALLOT)
    _ensure_open(row)
    name = _edit.required_text("ballot_box", limits.SHORT_TEXT, one_line=True)(box)
    options = list(row.options or ())
    if not options:
        raise InvalidValue(
            "option",
            _("{reference} has no options yet: give them first").format(reference=row.reference),
        )
    if not counts and spoilt is None:
        raise InvalidValue("option", _("give a count for at least one option, or spoilt ballots"))
    known = {option.casefold(): option for option in options}
    cleaned: dict[str, int] = {}
    for given, count in counts.items():
        option = known.get(str(given).strip().casefold())
        if option is None:
            raise InvalidValue(
                "option",
                _("{reference} has no option {option}; its options are: {options}").format(
                    reference=row.reference,
                    option=repr(str(given).strip()),
                    options=", ".join(options),
                ),
            )
        cleaned[option] = _edit.clean({"count": count}, rules.ENGAGEMENT_COUNT)["count"]
    entered = today or date.today()
    for option, count in cleaned.items():
        _put(session, row, CountKind.BALLOTS, name, option, count, entered)
    if spoilt is not None:
        spoilt_count = _edit.whole_number("spoilt", rules.MAX_COUNT)(spoilt)
        _put(session, row, CountKind.SPOILT, name, "", spoilt_count, entered)
    session.flush()
    cast = sum(b.total for b in boxes(session, row.id))
    if row.electorate is not None and cast > row.electorate:
        raise InvalidValue(  # the unit of work rolls back: nothing entered
            "count",
            _(
                "{cast} ballots in all would be more than the electorate of {electorate}; "
                "check the count, or the electorate"
            ).format(cast=f"{cast:,}", electorate=f"{row.electorate:,}"),
        )
    return next(b for b in boxes(session, row.id) if b.name.casefold() == name.casefold())


def _ensure_open(row: Engagement) -> None:
    if row.status is EngagementStatus.REPORTED:
        raise Conflict(
            _(
                "The result of {reference} has been declared; its counts can no longer change."
            ).format(reference=row.reference)
        )


def _put(
    session: Session,
    row: Engagement,
    kind: CountKind,
    box: str,
    option: str,
    count: int,
    entered: date,
) -> None:
    """One live count per (box, option): edits the one there, else adds one."""
    held = session.scalars(
        select(EngagementCount)
        .where(
            EngagementCount.engagement_id == row.id,
            EngagementCount.kind == kind,
            EngagementCount.option == option,
            EngagementCount.deleted_at.is_(None),
        )
        .order_by(EngagementCount.id)
    ).all()
    same = [c for c in held if c.key.casefold() == box.casefold()]
    if same:  # the box's one live count (see boxes)
        sync.apply(session, same[0], {"count": count, "entered_on": entered})
        return
    made = EngagementCount(
        engagement_id=row.id, kind=kind, key=box, option=option, count=count, entered_on=entered
    )
    sync.created(session, made)
    session.add(made)


def boxes(session: Session, ref: str | int) -> list[Box]:
    """The ballot's boxes in the order first entered, each with every option's count."""
    row = base.of_kind(session, ref, EngagementKind.BALLOT)
    options = list(row.options or ())
    counts = session.scalars(
        select(EngagementCount)
        .where(
            EngagementCount.engagement_id == row.id,
            EngagementCount.kind.in_((CountKind.BALLOTS, CountKind.SPOILT)),
            EngagementCount.deleted_at.is_(None),
        )
        .order_by(EngagementCount.id)  # boxes in the order first entered
    ).all()
    # One live count per box and option: entering a box again edits it (_put), and an
    # import that leaves two (two desks entered the box) keeps the first entered
    # (forumdesk.exchange.counted), so each count is read as it is.
    names: dict[str, str] = {}
    ballots: dict[str, dict[str, int]] = {}
    spoilt: dict[str, int] = {}
    for count in counts:
        folded = count.key.casefold()
        names.setdefault(folded, count.key)
        if count.kind is CountKind.SPOILT:
            spoilt[folded] = count.count
        elif count.option in options:
            ballots.setdefault(folded, {})[count.option] = count.count
    return [
        Box(
            name=names[folded],
            ballots={o: ballots.get(folded, {}).get(o, 0) for o in options},
            spoilt=spoilt.get(folded, 0),
        )
        for folded in names
    ]


def result(session: Session, ref: str | int) -> BallotResult:
    """The result as counted so far (see the module's rules)."""
    row = base.of_kind(session, ref, EngagementKind.BALLOT)
    counted = boxes(session, row.id)
    options = list(row.options or ())
    votes = {o: sum(b.ballots[o] for b in counted) for o in options}
    valid = sum(votes.values())
    spoilt = sum(b.spoilt for b in counted)
    rule = row.rule or BallotRule.SIMPLE_MAJORITY
    shares = tuple(
        OptionResult(o, votes[o], 100.0 * votes[o] / valid if valid else 0.0) for o in options
    )
    winner, tie, met = None, False, None
    if valid:
        top = max(votes.values())
        leaders = [o for o in options if votes[o] == top]
        tie = len(leaders) > 1
        if rule is BallotRule.THRESHOLD:
            needed = row.rule_threshold or 50
            met = not tie and top * 100 >= needed * valid
            winner = leaders[0] if met else None
        elif not tie:
            winner = leaders[0]
    return BallotResult(
        options=shares,
        boxes=tuple(counted),
        valid=valid,
        spoilt=spoilt,
        electorate=row.electorate,
        rule=rule,
        rule_threshold=row.rule_threshold,
        binding=bool(row.binding),
        winner=winner,
        tie=tie,
        threshold_met=met,
    )


def _tr(language: str | None) -> NullTranslations:
    """The catalogue of a document's language, else the interface's."""
    return for_language(language or interface_language())


def rule_text(outcome: BallotResult, language: str | None = None) -> str:
    """The rule as a sentence, with binding or advisory (in a document's ``language``)."""
    tr = _tr(language)
    if outcome.rule is BallotRule.THRESHOLD:
        rule = tr.gettext("An option wins with at least {percent}% of the valid ballots.").format(
            percent=outcome.rule_threshold or 50
        )
    else:
        rule = tr.gettext("The option with the most valid ballots wins.")
    weight = (
        tr.gettext("The result is binding on the council.")
        if outcome.binding
        else tr.gettext("The result is advisory: the council takes it into account.")
    )
    return f"{rule} {weight}"


def result_text(outcome: BallotResult, language: str | None = None) -> str:
    """The result as a sentence a clerk would publish (in a document's ``language``)."""
    tr = _tr(language)
    if not outcome.counted:
        return tr.gettext("No ballots have been counted yet.")
    if outcome.winner is not None:
        share = next(o for o in outcome.options if o.option == outcome.winner)
        return tr.ngettext(
            "{option} won with {n} ballot ({share:.1f}% of the valid ballots).",
            "{option} won with {n} ballots ({share:.1f}% of the valid ballots).",
            share.votes,
        ).format(option=outcome.winner, n=f"{share.votes:,}", share=share.share)
    top = max(outcome.options, key=lambda o: o.votes)
    if outcome.tie:
        tied = [o.option for o in outcome.options if o.votes == top.votes]
        return tr.ngettext(
            "A tie: {options} have {n} ballot each, so no option won.",
            "A tie: {options} have {n} ballots each, so no option won.",
            top.votes,
        ).format(options=tr.gettext(" and ").join(tied), n=f"{top.votes:,}")
    return tr.gettext(
        "The threshold was not met: {option} had the most ballots but only {share:.1f}% of the "
        "valid ballots, short of the {percent}% needed, so no option won."
    ).format(option=top.option, share=top.share, percent=outcome.rule_threshold or 50)


def turnout_text(outcome: BallotResult, language: str | None = None) -> str:
    """Ballots cast and, with an electorate, the turnout (in a document's ``language``)."""
    tr = _tr(language)
    cast = tr.ngettext("{n} ballot cast", "{n} ballots cast", outcome.total).format(
        n=f"{outcome.total:,}"
    )
    if outcome.turnout is None:
        return cast
    return tr.ngettext(
        "{cast} of an electorate of {n}: a turnout of {turnout:.1f}%",
        "{cast} of an electorate of {n}: a turnout of {turnout:.1f}%",
        outcome.electorate or 0,
    ).format(cast=cast, n=f"{outcome.electorate:,}", turnout=outcome.turnout)


def declare(session: Session, ref: str | int) -> BallotResult:
    """Declares the result: the ballot's outcome and status (reported), and on each linked
    issue its co-decision: moved to co-decision making (or, already there, a decision
    recorded on its timeline), decided by ballot. A tie or a threshold not met decides
    nothing: the issues' timelines say so and they stay where they are.

    Raises:
        Conflict: already declared, or no ballots counted.
    """
    row = base.of_kind(session, ref, EngagementKind.BALLOT)
    if row.status is EngagementStatus.REPORTED:
        raise Conflict(
            _("The result of {reference} was already declared.").format(reference=row.reference)
        )
    outcome = result(session, row.id)
    if not outcome.counted:
        raise Conflict(
            _("{reference} has no ballots counted, so there is no result to declare.").format(
                reference=row.reference
            )
        )
    said = result_text(outcome)
    sync.apply(session, row, {"outcome": said, "status": EngagementStatus.REPORTED})
    note = _("Ballot {reference} ({title}): {result}").format(
        reference=row.reference, title=row.title, result=said
    )
    done: set[int] = set()
    for link in base.linked_issues(session, row.id):
        if link.issue_id in done:
            continue
        done.add(link.issue_id)
        issue = lookup.issue(session, link.issue_id)
        if outcome.winner is None:
            issues.comment(session, issue.id, note)
        elif issue.stage is not PolicyStage.CO_DECISION:
            issues.move_issue(
                session,
                issue.id,
                PolicyStage.CO_DECISION,
                note=note,
                decided_by=DecisionMethod.BALLOT,
            )
        else:
            issues.record_decision(session, issue.id, note, decided_by=DecisionMethod.BALLOT)
    session.flush()
    return outcome


def figures(session: Session, row: Engagement) -> list[tuple[str, str]]:
    """The ballot's figures for `engagement show` and the window: (label, value) lines."""
    outcome = result(session, row.id)
    lines = [
        (_("Options"), ", ".join(row.options or ()) or _("(none yet)")),
        (_("Electorate"), f"{row.electorate:,}" if row.electorate else _("(not given)")),
        (_("Rule"), rule_text(outcome)),
        (_("Ballot boxes"), str(len(outcome.boxes))),
    ]
    for option in outcome.options:
        lines.append(
            (
                option.option,
                ngettext(
                    "{n} ballot ({share:.1f}%)", "{n} ballots ({share:.1f}%)", option.votes
                ).format(n=f"{option.votes:,}", share=option.share),
            )
        )
    lines += [
        (_("Valid ballots"), f"{outcome.valid:,}"),
        (_("Spoilt ballots"), f"{outcome.spoilt:,}"),
        (_("Turnout"), turnout_text(outcome)),
        (_("Result"), result_text(outcome)),
    ]
    return lines


# The demo's ballot: data, as a facilitator in Llanfair typed it (not the interface's text).
_DEMO_TITLE = "Parking on Stryd y Bont"  # i18n: not text
_DEMO_QUESTION = (
    "How should parking on Stryd y Bont be managed "  # i18n: not text
    "so that the bus can get through?"  # i18n: not text
)
_DEMO_OPTIONS = (
    "Residents' parking permits",  # i18n: not text
    "No waiting on the bus side",  # i18n: not text
    "No change",  # i18n: not text
)
_DEMO_BOXES = (
    ("Neuadd Bentref Llanfair", (212, 98, 41), 4),  # i18n: not text
    ("Ysgol Gynradd Llanfair", (181, 77, 29), 3),  # i18n: not text
    ("Swyddfa'r Post, Cwm", (54, 23, 19), 2),  # i18n: not text
)


def add_demo(session: Session) -> None:
    """Adds the demo's ballot (called by `forumdesk demo` after its forums and meetings):
    Llanfair's advisory ballot on parking on Stryd y Bont, three boxes, declared at the
    forum's last meeting and dated so (the demo's timelines are dated like a year)."""
    issue = session.scalars(
        select(Issue).where(
            Issue.title == "Parking on Stryd y Bont blocks the bus", Issue.deleted_at.is_(None)
        )
    ).first()
    made = base.add_engagement(
        session,
        EngagementKind.BALLOT,
        forum="LLF",
        title=_DEMO_TITLE,
        wording=_DEMO_QUESTION,
        options=list(_DEMO_OPTIONS),
        electorate=1840,
        rule=BallotRule.SIMPLE_MAJORITY,
        binding=False,
        opens=date(2026, 9, 14),
        closes=date(2026, 10, 5),
        status=EngagementStatus.CLOSED,
    )
    for box, counts, spoilt in _DEMO_BOXES:
        enter_box(
            session,
            made.id,
            box,
            dict(zip(made.options, counts, strict=True)),
            spoilt=spoilt,
            today=date(2026, 10, 5),
        )
    if issue is None:
        declare(session, made.id)
        return
    base.link_issue(session, made.id, issue.id, PolicyStage.CO_DECISION, LinkRole.RESULT)
    before = session.scalar(select(func.max(TimelineEvent.id))) or 0
    declare(session, made.id)
    declared = datetime(2026, 10, 8, 20, 45, tzinfo=UTC)
    for event in session.scalars(
        select(TimelineEvent).where(TimelineEvent.issue_id == issue.id, TimelineEvent.id > before)
    ):
        event.at = event.created_at = event.updated_at = declared
    issue.stage_since = issue.updated_at = declared
    session.flush()
