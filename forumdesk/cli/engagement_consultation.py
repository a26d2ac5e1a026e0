"""`forumdesk engagement` verbs of the consultation part (issue 14): responses, questions,
summary."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _parsing, _session
from forumdesk.domain.enums import Channel, PolicyStage
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    _responses(verbs)
    _questions(verbs)
    _summary(verbs)


def _responses(verbs: Any) -> None:
    entry = verbs.add_parser(
        "responses",
        help=_("enter a consultation's responses by channel, coded to an issue"),
        description=_(
            "Enters how many responses to a consultation came by one channel. With --issue "
            "they support that issue and add to its support; with --raise they raise a new "
            "issue in the consultation's forum; with neither they are not coded to an "
            "issue. Entering the same channel and issue again corrects the count."
        ),
    )
    entry.add_argument("ref", metavar="ID", help=_("consultation id or reference"))
    entry.add_argument(
        "--channel",
        required=True,
        type=_parsing.choice_of(Channel),
        metavar="CHANNEL",
        help=_("meeting, paper or online"),
    )
    entry.add_argument(
        "--count", required=True, type=_parsing.count, metavar="N", help=_("how many responses")
    )
    coded = entry.add_mutually_exclusive_group()
    coded.add_argument("--issue", metavar="REF", help=_("the issue the responses support"))
    coded.add_argument(
        "--raise",
        dest="raise_title",
        metavar="TITLE",
        help=_("the title of a new issue the responses raise"),
    )
    entry.add_argument(
        "--stage",
        type=_parsing.choice_of(PolicyStage),
        default=PolicyStage.CO_FORMULATION,
        metavar="STAGE",
        help=_("the stage the consultation served for the issue (default co-formulation)"),
    )
    entry.set_defaults(handler=run_responses)


def run_responses(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import consultation

    done = _session.run(
        args,
        lambda s: consultation.record_responses(
            s,
            args.ref,
            args.channel,
            args.count,
            issue=args.issue,
            raise_title=args.raise_title,
            stage=args.stage,
        ),
    )
    print(consultation.said(done))
    return 0


def _questions(verbs: Any) -> None:
    asked = verbs.add_parser(
        "questions",
        help=_("set a consultation's questions"),
        description=_("Replaces the consultation's questions with those given, in order."),
    )
    asked.add_argument("ref", metavar="ID", help=_("consultation id or reference"))
    asked.add_argument(
        "--question",
        dest="questions",
        action="append",
        required=True,
        metavar="TEXT",
        help=_("a question (repeat for each)"),
    )
    asked.set_defaults(handler=run_questions)


def run_questions(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import consultation

    done = _session.run(args, lambda s: consultation.set_questions(s, args.ref, args.questions))
    n = len(done.questions)
    print(
        ngettext(
            "{reference} now asks {n} question.", "{reference} now asks {n} questions.", n
        ).format(reference=done.reference, n=n)
    )
    return 0


def _summary(verbs: Any) -> None:
    summary = verbs.add_parser(
        "summary",
        help=_("write a consultation's summary and its 'you said, we did' response"),
        description=_(
            "Sets the summary of what residents said, the council's 'you said, we did' "
            "response, or both; an empty text clears it."
        ),
    )
    summary.add_argument("ref", metavar="ID", help=_("consultation id or reference"))
    summary.add_argument("--text", metavar="TEXT", help=_("the summary of the responses"))
    summary.add_argument(
        "--you-said-we-did", metavar="TEXT", help=_("what the council did in response")
    )
    summary.set_defaults(handler=run_summary)


def run_summary(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import consultation

    if args.text is None and args.you_said_we_did is None:
        raise InputRefused(_("Give --text, --you-said-we-did or both."))
    done = _session.run(
        args,
        lambda s: consultation.write_up(
            s, args.ref, summary=args.text, you_said_we_did=args.you_said_we_did
        ),
    )
    if args.you_said_we_did is None:
        said = _("Saved the summary of {reference}.")
    elif args.text is None:
        said = _("Saved the 'you said, we did' response of {reference}.")
    else:
        said = _("Saved the summary and the 'you said, we did' response of {reference}.")
    print(said.format(reference=done.reference))
    return 0
