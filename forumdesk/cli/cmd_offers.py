"""`forumdesk offer add|list|match|deliver|withdraw`: residents' offers of time, skills,
local knowledge, equipment or money, and what they delivered."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _lists, _output, _parsing, _session
from forumdesk.cli._parsing import MEETING_HELP, choice_of, iso_date, meeting_ref, positive_int
from forumdesk.domain.enums import OfferKind, OfferStatus
from forumdesk.domain.offers import OfferInfo
from forumdesk.i18n import _


def register(commands: Any) -> None:
    group = commands.add_parser(
        "offer",
        help=_("residents' offers of time, skills, knowledge, equipment or money"),
        description=_(
            "Record what residents offer towards putting things into practice, match each "
            "offer to the action or issue it helps with, and record what they delivered."
        ),
    )
    verbs = group.add_subparsers(
        dest="verb", metavar="VERB", parser_class=_parsing.Parser, required=True
    )
    add = verbs.add_parser("add", help=_("record a resident's offer"))
    add.add_argument(
        "kind",
        type=choice_of(OfferKind),
        metavar="KIND",
        help=_("time, skills, knowledge, equipment or money"),
    )
    add.add_argument("description", help=_("what is offered, in a few words"))
    add.add_argument("--forum", metavar="CODE", help=_("forum code or id (else the meeting's)"))
    add.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("the meeting it was made at ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    add.add_argument("--engagement", metavar="ID", help=_("the engagement it was made at"))
    add.add_argument(
        "--attendance",
        type=positive_int,
        metavar="ID",
        help=_("the id of the resident's sign-in at the meeting"),
    )
    add.add_argument("--name", help=_("the resident's name (only with --consent-named)"))
    add.add_argument(
        "--consent-named", action="store_true", help=_("the resident agreed to be named")
    )
    add.add_argument("--contact", help=_("how to reach them (only with --consent-contact)"))
    add.add_argument(
        "--consent-contact", action="store_true", help=_("the resident agreed to be contacted")
    )
    add.add_argument("--on", type=iso_date, metavar="DATE", help=_("the day it was offered"))
    add.add_argument("--json", action="store_true", help=_("print the offer as JSON"))
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help=_("list offers, newest first"))
    listing.add_argument("--forum", metavar="CODE", help=_("forum code or id"))
    listing.add_argument(
        "--status",
        type=choice_of(OfferStatus),
        metavar="STATUS",
        help=_("offered, matched, delivered or withdrawn"),
    )
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)

    match = verbs.add_parser("match", help=_("match an offer to an action or an issue"))
    match.add_argument("offer", type=positive_int, metavar="ID", help=_("offer id"))
    match.add_argument("--action", type=positive_int, metavar="ID", help=_("action id"))
    match.add_argument("--issue", metavar="ISSUE", help=_("issue reference or id"))
    match.set_defaults(handler=run_match)

    deliver = verbs.add_parser("deliver", help=_("record what a resident delivered"))
    deliver.add_argument("offer", type=positive_int, metavar="ID", help=_("offer id"))
    deliver.add_argument(
        "--on", required=True, type=iso_date, metavar="DATE", help=_("the day it was delivered")
    )
    deliver.add_argument("--what", required=True, help=_("what was done, in a few words"))
    deliver.set_defaults(handler=run_deliver)

    withdraw = verbs.add_parser("withdraw", help=_("record that a resident withdrew an offer"))
    withdraw.add_argument("offer", type=positive_int, metavar="ID", help=_("offer id"))
    withdraw.set_defaults(handler=run_withdraw)


def _said(made: OfferInfo) -> str:
    """One offer in a sentence: "Offer 3 (time: Two Saturdays) is matched."."""
    return _("Offer {id} ({kind}: {description}) is {status}.").format(
        id=made.id,
        kind=made.kind.label.lower(),
        description=made.description,
        status=made.status.label.lower(),
    )


def run_add(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import offers

    made = _session.run(
        args,
        lambda s: offers.add_offer(
            s,
            forum=args.forum,
            kind=args.kind,
            description=args.description,
            name=args.name,
            contact=args.contact,
            consent_named=args.consent_named,
            consent_contact=args.consent_contact,
            meeting=args.meeting,
            engagement=args.engagement,
            attendance=args.attendance,
            offered_on=args.on,
        ),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(
            _("Recorded offer {id} to {forum}: {kind}, {description}.").format(
                id=made.id,
                forum=made.forum_code,
                kind=made.kind.label.lower(),
                description=made.description,
            )
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import offers

    rows = _lists.rows(args)
    found = _session.read(
        args, lambda s: offers.list_offers(s, forum=args.forum, status=args.status, rows=rows)
    )
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    _output.print_table(
        [
            _("ID"),
            _("Forum"),
            _("Offered"),
            _("Kind"),
            _("Offer"),
            _("By"),
            _("Towards"),
            _("Status"),
        ],
        [
            (
                o.id,
                o.forum_code,
                o.offered_on,
                o.kind.label,
                o.description,
                o.name or "",
                ", ".join(t for t in (o.issue_reference, o.action_description) if t),
                o.status.label,
            )
            for o in found
        ],
        widths=[None, None, None, None, 40, 20, 24, None],
        empty=_(
            "No offers yet; record one with: forumdesk offer add KIND DESCRIPTION --forum CODE"
        ),
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def run_match(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import offers

    made = _session.run(
        args, lambda s: offers.match_offer(s, args.offer, action=args.action, issue=args.issue)
    )
    print(_said(made))
    return 0


def run_deliver(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import offers

    made = _session.run(args, lambda s: offers.deliver(s, args.offer, args.on, args.what))
    print(_said(made))
    return 0


def run_withdraw(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import offers

    made = _session.run(args, lambda s: offers.withdraw(s, args.offer))
    print(_said(made))
    return 0
