"""`forumdesk report KIND`: documents for officers, each a verb of one group (report-back
("you said, we did") and the co-production audit)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _parsing, _session
from forumdesk.core import preferences
from forumdesk.domain.document_text import CODES
from forumdesk.i18n import _


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help=_("reports for officers: you said, we did; the co-production audit"),
        description=_("Reports for officers, written as PDF files."),
    )
    kinds = report.add_subparsers(
        dest="report", metavar="REPORT", parser_class=_parsing.Parser, required=True
    )
    add_feedback(kinds)
    _register_coverage(kinds)


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
    feedback.add_argument(
        "--forum", metavar="CODE", help=_("forum code or id (default: the default forum setting)")
    )
    feedback.add_argument(
        "--from", dest="start", type=_parsing.iso_date, metavar="DATE", help=_("raised on or after")
    )
    feedback.add_argument(
        "--to", dest="end", type=_parsing.iso_date, metavar="DATE", help=_("raised on or before")
    )
    feedback.add_argument(
        "--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF")
    )
    feedback.add_argument(
        "--language",
        choices=CODES,
        help=_("the language of the report (default: the document_language setting)"),
    )
    feedback.set_defaults(handler=run_feedback)


def run_feedback(args: argparse.Namespace) -> int:
    from forumdesk.reports.feedback import feedback_pdf

    today = date.today()
    data = _session.read(
        args,
        lambda s: feedback_pdf(
            s,
            preferences.forum_or_default(s, args.forum),
            start=args.start,
            end=args.end,
            today=today,
            language=args.language,
        ),
    )
    _output.write_file(Path(args.out), data)
    print(_("Report written to {path}.").format(path=args.out))
    return 0


def _register_coverage(kinds: Any) -> None:
    coverage = kinds.add_parser(
        "coverage",
        help=_("the co-production audit: stages against mechanisms and formats, gaps, charts"),
        description=_(
            "The co-production audit as a PDF: the five stages of the policy cycle against "
            "the participation mechanisms and meeting formats, with the gaps marked, charts "
            "and a short summary. Issues count by the day they were raised, meetings by "
            "their date."
        ),
    )
    coverage.add_argument(
        "--out", metavar="FILE.pdf", required=True, help=_("where to write the PDF")
    )
    coverage.add_argument(
        "--from",
        dest="start",
        type=_parsing.iso_date,
        metavar="DATE",
        help=_("the first day of the period (default: from the start)"),
    )
    coverage.add_argument(
        "--to",
        dest="end",
        type=_parsing.iso_date,
        metavar="DATE",
        help=_("the last day of the period (default: until today)"),
    )
    coverage.add_argument("--forum", metavar="CODE", help=_("one forum only (default: all)"))
    coverage.add_argument(
        "--language",
        choices=CODES,
        help=_("the language of the report (default: the document_language setting)"),
    )
    coverage.set_defaults(handler=run_coverage)


def run_coverage(args: argparse.Namespace) -> int:
    from forumdesk.reports.coverage import coverage_pdf

    data = _session.read(
        args,
        lambda s: coverage_pdf(
            s, start=args.start, end=args.end, forum=args.forum, language=args.language
        ),
    )
    _output.write_file(Path(args.out), data)
    print(_("Co-production audit written to {path}.").format(path=args.out))
    return 0
