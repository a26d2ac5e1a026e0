"""`forumdesk engagement report ID --out FILE.pdf`: the engagement's published report."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.i18n import _


def register(verbs: Any) -> None:
    """Adds `engagement report`."""
    report = verbs.add_parser(
        "report",
        help=_("write the engagement's report as a council would publish it (PDF)"),
        description=_(
            "A petition response, a consultation summary, a scrutiny review's "
            "recommendations, a jury report, a ballot result or an online deliberation's "
            "summary, by the engagement's kind."
        ),
    )
    report.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    report.add_argument(
        "--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF")
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from forumdesk.reports.engagements import report_pdf

    today = date.today()
    data = _session.read(args, lambda s: report_pdf(s, args.ref, today))
    _output.write_file(Path(args.out), data)
    print(_("Report written to {path}.").format(path=args.out))
    return 0
