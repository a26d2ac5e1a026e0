"""`forumdesk engagement`: petitions, consultations, scrutiny co-option, juries, ballots and
online deliberation. The verbs every kind shares are here; each kind's own verbs
(signatures, responses, coopt, pool, draw, ballot, import, report) are added by its
module (``engagement_<kind>.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _lists, _output, _parsing, _session
from forumdesk.domain.enums import BallotRule, EngagementKind, LinkRole, PolicyStage
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _


def register(commands: Any) -> None:
    from forumdesk.cli import (
        engagement_ballot,
        engagement_consultation,
        engagement_deliberation,
        engagement_jury,
        engagement_petition,
        engagement_reports,
        engagement_scrutiny,
    )

    group = commands.add_parser(
        "engagement",
        help=_("petitions, consultations, co-option, juries, ballots, online deliberation"),
        description=_(
            "Every participation activity besides a forum's meetings: add one, list them, "
            "show one, tie issues to it, and each kind's own work."
        ),
    )
    verbs = group.add_subparsers(
        dest="verb", metavar="VERB", parser_class=_parsing.Parser, required=True
    )
    _add(verbs)
    _list(verbs)
    _show(verbs)
    _link(verbs)
    for module in (
        engagement_petition,
        engagement_consultation,
        engagement_scrutiny,
        engagement_jury,
        engagement_ballot,
        engagement_deliberation,
        engagement_reports,
    ):
        module.register(verbs)


def _add(verbs: Any) -> None:
    add = verbs.add_parser(
        "add",
        help=_("add an engagement"),
        description=_(
            "Adds an engagement run by a forum (or council-wide without --forum). Options "
            "that do not belong to the kind are refused."
        ),
    )
    add.add_argument(
        "kind",
        type=_parsing.choice_of(EngagementKind),
        metavar="KIND",
        help=_("petition, consultation, scrutiny, jury, ballot or deliberation"),
    )
    add.add_argument("--forum", metavar="CODE", help=_("forum code or id (none: council-wide)"))
    add.add_argument("--title", required=True, help=_("what it is called"))
    add.add_argument("--opens", type=_parsing.iso_date, metavar="DATE", help=_("opening date"))
    add.add_argument("--closes", type=_parsing.iso_date, metavar="DATE", help=_("closing date"))
    add.add_argument(
        "--wording",
        help=_("a petition's wording, a ballot's question, a review's or a jury's remit"),
    )
    add.add_argument(
        "--threshold-response",
        type=_parsing.positive_int,
        metavar="N",
        help=_("petition: signatures for a response from the council"),
    )
    add.add_argument(
        "--threshold-debate",
        type=_parsing.positive_int,
        metavar="N",
        help=_("petition: signatures for a debate"),
    )
    add.add_argument(
        "--response-days",
        type=_parsing.positive_int,
        metavar="DAYS",
        help=_("days the council has to respond once a threshold is crossed"),
    )
    add.add_argument(
        "--question",
        dest="questions",
        action="append",
        metavar="TEXT",
        help=_("consultation: a question (repeat for each)"),
    )
    add.add_argument(
        "--option",
        dest="options",
        action="append",
        metavar="TEXT",
        help=_("ballot: an option (repeat for each)"),
    )
    add.add_argument("--committee", help=_("scrutiny: the committee or review"))
    add.add_argument(
        "--electorate",
        type=_parsing.positive_int,
        metavar="N",
        help=_("ballot: how many may vote"),
    )
    add.add_argument(
        "--rule",
        type=_parsing.choice_of(BallotRule),
        metavar="RULE",
        help=_("ballot: simple-majority or threshold"),
    )
    add.add_argument(
        "--rule-threshold",
        type=_parsing.positive_int,
        metavar="PERCENT",
        help=_("ballot: the share of valid ballots the threshold rule needs"),
    )
    add.add_argument("--binding", action="store_true", help=_("ballot: the result binds"))
    add.add_argument("--platform", help=_("online deliberation: the platform's name"))
    add.add_argument("--json", action="store_true", help=_("print the engagement as JSON"))
    add.set_defaults(handler=run_add)


#: The options of ``engagement add`` that belong to one kind only.
KIND_OPTIONS: dict[str, tuple[EngagementKind, ...]] = {
    "threshold_response": (EngagementKind.PETITION,),
    "threshold_debate": (EngagementKind.PETITION,),
    "response_days": (EngagementKind.PETITION, EngagementKind.SCRUTINY, EngagementKind.JURY),
    "questions": (EngagementKind.CONSULTATION,),
    "options": (EngagementKind.BALLOT,),
    "committee": (EngagementKind.SCRUTINY,),
    "electorate": (EngagementKind.BALLOT,),
    "rule": (EngagementKind.BALLOT,),
    "rule_threshold": (EngagementKind.BALLOT,),
    "binding": (EngagementKind.BALLOT,),
    "platform": (EngagementKind.DELIBERATION,),
}


def run_add(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import base

    fields: dict[str, Any] = {}
    for name, kinds in KIND_OPTIONS.items():
        value = getattr(args, name)
        if value in (None, False):
            continue
        if args.kind not in kinds:
            raise InputRefused(
                _("--{option} does not apply to a {kind}.").format(
                    option=name.replace("_", "-"), kind=args.kind.label.lower()
                )
            )
        fields[name] = value
    for name in ("opens", "closes", "wording"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    made = _session.run(
        args,
        lambda s: base.add_engagement(s, args.kind, forum=args.forum, title=args.title, **fields),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(
            _("Added {kind} {reference} ({title}), id {id}.").format(
                kind=made.kind.label.lower(),
                reference=made.reference,
                title=made.title,
                id=made.id,
            )
        )
    return 0


def _list(verbs: Any) -> None:
    listing = verbs.add_parser("list", help=_("list engagements"))
    listing.add_argument("--kind", type=_parsing.choice_of(EngagementKind), metavar="KIND")
    listing.add_argument("--forum", metavar="CODE", help=_("forum code or id"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import base

    rows = _lists.rows(args)
    found = _session.read(
        args, lambda s: base.list_engagements(s, kind=args.kind, forum=args.forum, rows=rows)
    )
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    _output.print_table(
        [_("ID"), _("Reference"), _("Kind"), _("Title"), _("Opens"), _("Closes"), _("Status")],
        [
            (e.id, e.reference, e.kind.label, e.title, e.opens, e.closes, e.status.label)
            for e in found
        ],
        widths=[None, None, None, 40, None, None, None],
        empty=_(
            "No engagements yet; add one with: forumdesk engagement add KIND --forum CODE "
            "--title TEXT"
        ),
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def _show(verbs: Any) -> None:
    show = verbs.add_parser("show", help=_("show one engagement, its issues and its people"))
    show.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    show.add_argument("--json", action="store_true", help=_("print it as JSON"))
    show.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import summary

    shown = _session.read(args, lambda s: summary.describe(s, args.ref))
    if args.json:
        _output.print_json(shown)
        return 0
    print(shown.text())
    return 0


def _link(verbs: Any) -> None:
    link = verbs.add_parser(
        "link", help=_("tie an issue to an engagement, with the stage it served")
    )
    link.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    link.add_argument("issue", metavar="ISSUE", help=_("issue reference or id"))
    link.add_argument(
        "--stage",
        required=True,
        type=_parsing.choice_of(PolicyStage),
        metavar="STAGE",
        help=_("the stage of the policy cycle the engagement served for it (1-5 or name)"),
    )
    link.add_argument(
        "--role",
        type=_parsing.choice_of(LinkRole),
        default=LinkRole.CONCERNS,
        metavar="ROLE",
        help=_("concerns (default), raised, supported, recommendation or result"),
    )
    link.set_defaults(handler=run_link)


def run_link(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import base

    made = _session.run(
        args, lambda s: base.link_issue(s, args.ref, args.issue, args.stage, args.role)
    )
    print(
        _("Tied {issue} to the engagement at {stage}.").format(
            issue=made.reference, stage=made.stage.short
        )
    )
    return 0
