"""`forumdesk engagement coopt|member|session|recommend`: a scrutiny review's co-opted
residents, evidence sessions and recommendations (the executive's response to one is
recorded with `forumdesk issue respond`)."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _parsing, _session
from forumdesk.domain.enums import PolicyStage
from forumdesk.i18n import _


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    _coopt(verbs)
    _member(verbs)
    _evidence_session(verbs)
    _recommend(verbs)


def _coopt(verbs: Any) -> None:
    coopt = verbs.add_parser(
        "coopt",
        help=_("co-opt a resident onto a scrutiny review"),
        description=_(
            "Adds a co-opted resident to a scrutiny review. A name is kept only with the "
            "resident's consent to be named (--consent-named)."
        ),
    )
    coopt.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    coopt.add_argument("--name", help=_("the resident's name (with --consent-named)"))
    coopt.add_argument(
        "--consent-named", action="store_true", help=_("the resident agreed to be named")
    )
    coopt.add_argument("--voting", action="store_true", help=_("a voting member (default: not)"))
    coopt.add_argument(
        "--from", dest="term_from", type=_parsing.iso_date, metavar="DATE", help=_("term starts")
    )
    coopt.add_argument(
        "--to", dest="term_to", type=_parsing.iso_date, metavar="DATE", help=_("term ends")
    )
    coopt.add_argument("--interests", metavar="TEXT", help=_("the register of interests"))
    coopt.add_argument("--ward", help=_("the ward the resident lives in"))
    coopt.set_defaults(handler=run_coopt)


def run_coopt(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import scrutiny

    made = _session.run(
        args,
        lambda s: scrutiny.coopt(
            s,
            args.ref,
            name=args.name,
            consent_named=args.consent_named,
            voting=args.voting,
            term_from=args.term_from,
            term_to=args.term_to,
            interests=args.interests,
            ward=args.ward,
        ),
    )
    print(
        _("Co-opted {who} as a {how} member, member id {id}.").format(
            who=made.name or _("a resident (not named)"),
            how=_("voting") if made.voting else _("non-voting"),
            id=made.id,
        )
    )
    return 0


def _member(verbs: Any) -> None:
    member = verbs.add_parser(
        "member",
        help=_("change a co-opted member's term, vote or interests"),
        description=_(
            "Changes a co-opted member (by the member id 'engagement coopt' printed): "
            "end or extend the term, make them voting or not, update their interests."
        ),
    )
    member.add_argument("member", type=_parsing.positive_int, metavar="MEMBER")
    member.add_argument(
        "--from", dest="term_from", type=_parsing.iso_date, metavar="DATE", help=_("term starts")
    )
    member.add_argument(
        "--to", dest="term_to", type=_parsing.iso_date, metavar="DATE", help=_("term ends")
    )
    vote = member.add_mutually_exclusive_group()
    vote.add_argument("--voting", dest="voting", action="store_const", const=True)
    vote.add_argument("--non-voting", dest="voting", action="store_const", const=False)
    member.add_argument("--interests", metavar="TEXT", help=_("the register of interests"))
    member.set_defaults(handler=run_member)


def run_member(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import scrutiny
    from forumdesk.domain.errors import InputRefused

    changes = {
        key: getattr(args, key)
        for key in ("term_from", "term_to", "voting", "interests")
        if getattr(args, key) is not None
    }
    if not changes:
        raise InputRefused(
            _("Nothing to change: give --from, --to, --voting, --non-voting or --interests.")
        )
    made = _session.run(args, lambda s: scrutiny.edit_member(s, args.member, changes))
    print(_("Member {id} is now {text}.").format(id=made.id, text=scrutiny.term_text(made)))
    return 0


def _evidence_session(verbs: Any) -> None:
    held = verbs.add_parser(
        "session",
        help=_("plan an evidence session of a scrutiny review"),
        description=_(
            "Adds a meeting of format scrutiny session held for the review, in the "
            "review's forum (a council-wide review names the forum with --forum)."
        ),
    )
    held.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    held.add_argument("--date", required=True, type=_parsing.iso_date, metavar="DATE")
    held.add_argument("--venue")
    held.add_argument("--title")
    held.add_argument("--start", metavar="HH:MM", help=_("start time"))
    held.add_argument("--forum", metavar="CODE", help=_("forum code or id"))
    held.set_defaults(handler=run_session)


def run_session(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import scrutiny

    made = _session.run(
        args,
        lambda s: scrutiny.add_session(
            s,
            args.ref,
            args.date,
            forum=args.forum,
            title=args.title,
            venue=args.venue,
            start_time=args.start,
        ),
    )
    print(
        _("Planned the evidence session of {forum} on {date}, meeting id {id}.").format(
            forum=made.forum_code, date=made.date.isoformat(), id=made.id
        )
    )
    return 0


def _recommend(verbs: Any) -> None:
    recommend = verbs.add_parser(
        "recommend",
        help=_("record a scrutiny review's recommendation (an issue)"),
        description=_(
            "Records a recommendation as an issue of the review's forum, tied to the "
            "review, with the executive's response due two months after it is made (the "
            "scrutiny_months setting) unless --due is given. Record the response "
            "with 'forumdesk issue respond'."
        ),
    )
    recommend.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    recommend.add_argument("--title", required=True, help=_("the recommendation"))
    recommend.add_argument(
        "--stage",
        required=True,
        type=_parsing.choice_of(PolicyStage),
        metavar="STAGE",
        help=_("co-formulation or co-evaluation"),
    )
    recommend.add_argument("--description", metavar="TEXT")
    recommend.add_argument(
        "--made-on", type=_parsing.iso_date, metavar="DATE", help=_("default: today")
    )
    recommend.add_argument(
        "--due",
        type=_parsing.iso_date,
        metavar="DATE",
        help=_("when the executive's response is due"),
    )
    recommend.add_argument(
        "--forum", metavar="CODE", help=_("the forum it belongs to (a council-wide review)")
    )
    recommend.set_defaults(handler=run_recommend)


def run_recommend(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import scrutiny

    made = _session.run(
        args,
        lambda s: scrutiny.recommend(
            s,
            args.ref,
            title=args.title,
            stage=args.stage,
            description=args.description,
            forum=args.forum,
            made_on=args.made_on,
            due=args.due,
        ),
    )
    print(
        _("Recorded recommendation {issue}; the executive's response is due by {due}.").format(
            issue=made.reference,
            due=made.response_due.isoformat() if made.response_due else "…",
        )
    )
    return 0
