"""`forumdesk engagement` verbs of the ballot part (issue 14): `ballot` enters a ballot box's
counts, `result` shows the result and declares it."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _parsing, _session
from forumdesk.domain.enums import EngagementKind
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    box = verbs.add_parser(
        "ballot",
        help=_("enter a ballot box's counts for a referendum or ballot"),
        description=_(
            "Enters the ballots of one ballot box for each option, and its spoilt ballots. "
            "Entering a box's option again corrects its count."
        ),
    )
    box.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    box.add_argument("--box", required=True, metavar="NAME", help=_("the ballot box's name"))
    box.add_argument(
        "--option",
        dest="counts",
        action="append",
        default=[],
        metavar="TEXT=COUNT",
        help=_("an option and its ballots in this box (repeat for each)"),
    )
    box.add_argument(
        "--spoilt", type=_parsing.count, metavar="N", help=_("spoilt ballots in this box")
    )
    box.set_defaults(handler=run_ballot)

    result = verbs.add_parser(
        "result",
        help=_("show a ballot's result, and declare it"),
        description=_(
            "Shows the counts per box and in total, spoilt ballots, turnout and the result "
            "by the ballot's rule. With --declare, records the result on the ballot and as "
            "the co-decision of the issues tied to it."
        ),
    )
    result.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    result.add_argument(
        "--declare", action="store_true", help=_("record the result (it cannot be undone)")
    )
    result.set_defaults(handler=run_result)


def _counts(given: list[str]) -> dict[str, int]:
    """``TEXT=COUNT`` pairs; the option's text may itself hold '='."""
    counts: dict[str, int] = {}
    for pair in given:
        text, sep, number = pair.rpartition("=")
        if not sep or not text.strip():
            raise InputRefused(
                _("--option {value}: give the option and its count as TEXT=COUNT.").format(
                    value=repr(pair)
                )
            )
        try:
            counts[text.strip()] = _parsing.count(number.strip())
        except argparse.ArgumentTypeError as exc:
            raise InputRefused(
                _("--option {value}: {problem}.").format(value=repr(pair), problem=exc)
            ) from None
    return counts


def run_ballot(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import ballot

    counts = _counts(args.counts)
    entered = _session.run(
        args, lambda s: ballot.enter_box(s, args.ref, args.box, counts, spoilt=args.spoilt)
    )
    cast = ngettext("{n} ballot", "{n} ballots", entered.total).format(n=f"{entered.total:,}")
    print(
        ngettext(
            "Ballot box {box} now holds {cast}, {n} of them spoilt.",
            "Ballot box {box} now holds {cast}, {n} of them spoilt.",
            entered.spoilt,
        ).format(box=entered.name, cast=cast, n=entered.spoilt)
    )
    return 0


def run_result(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import ballot, base

    def work(s: Any) -> tuple[Any, Any]:
        row = base.of_kind(s, args.ref, EngagementKind.BALLOT)
        done = ballot.declare(s, row.id) if args.declare else ballot.result(s, row.id)
        return base.info(s, row), done

    if args.declare:
        shown, outcome = _session.run(args, work)
    else:
        shown, outcome = _session.read(args, work)
    print(f"{shown.reference}  {shown.title}")
    if shown.wording:
        print(_("Question: {question}").format(question=shown.wording))
    for box in outcome.boxes:
        counts = ", ".join(f"{option} {count:,}" for option, count in box.ballots.items())
        print(
            _("  {box}: {counts}; spoilt {spoilt}").format(
                box=box.name, counts=counts, spoilt=f"{box.spoilt:,}"
            )
        )
    for option in outcome.options:
        print(
            ngettext(
                "{option}: {n} ballot ({share:.1f}%)",
                "{option}: {n} ballots ({share:.1f}%)",
                option.votes,
            ).format(option=option.option, n=f"{option.votes:,}", share=option.share)
        )
    print(
        _("Valid ballots: {valid}; spoilt: {spoilt}.").format(
            valid=f"{outcome.valid:,}", spoilt=f"{outcome.spoilt:,}"
        )
    )
    print(ballot.turnout_text(outcome) + ".")
    print(ballot.rule_text(outcome))
    print(ballot.result_text(outcome))
    if args.declare:
        print(_("The result of {reference} is declared.").format(reference=shown.reference))
    return 0
