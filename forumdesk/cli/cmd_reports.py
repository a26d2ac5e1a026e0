"""`forumdesk report`: documents for officers (the co-production audit; report-back)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _parsing, _session
from forumdesk.i18n import _


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help=_("reports for officers: the co-production audit"),
        description=_("Reports for officers, written as PDF files."),
    )
    kinds = report.add_subparsers(
        dest="report", metavar="REPORT", parser_class=_parsing.Parser, required=True
    )
    _register_coverage(kinds)


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
        choices=("en", "cy"),
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
