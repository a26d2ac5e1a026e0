"""`forumdesk report KIND`: reports an officer asks for, each a verb of one group."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.cli._parsing import iso_date
from forumdesk.i18n import _


def register(commands: Any) -> None:
    report = commands.add_parser("report", help=_("reports: you said, we did"))
    kinds = report.add_subparsers(dest="verb", metavar="REPORT", required=True)
    add_feedback(kinds)


def add_feedback(kinds: Any) -> None:
    feedback = kinds.add_parser(
        "feedback",
        help=_("you said, we did: what residents raised at a forum and what the council did"),
        description=_(
            "Each issue raised at the forum in the period, with the council's responses to "
            "residents, its stage and status; then the issues still awaiting a response, "
            "with how many days they have waited and whether the response is overdue."
        ),
    )
    feedback.add_argument("--forum", required=True, metavar="CODE", help=_("forum code or id"))
    feedback.add_argument(
        "--from", dest="start", type=iso_date, metavar="DATE", help=_("raised on or after")
    )
    feedback.add_argument(
        "--to", dest="end", type=iso_date, metavar="DATE", help=_("raised on or before")
    )
    feedback.add_argument(
        "--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF")
    )
    feedback.set_defaults(handler=run_feedback)


def run_feedback(args: argparse.Namespace) -> int:
    from forumdesk.reports.feedback import feedback_pdf

    today = date.today()
    data = _session.read(
        args, lambda s: feedback_pdf(s, args.forum, start=args.start, end=args.end, today=today)
    )
    _output.write_file(Path(args.out), data)
    print(_("Report written to {path}.").format(path=args.out))
    return 0
