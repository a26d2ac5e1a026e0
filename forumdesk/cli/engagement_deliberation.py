"""`forumdesk engagement import` and `engagement match`: an online deliberation's
contributions, from a platform's CSV or JSON export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _parsing, _session
from forumdesk.domain.enums import PolicyStage
from forumdesk.i18n import _


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    imported = verbs.add_parser(
        "import",
        help=_("import an online deliberation's contributions (CSV or JSON export)"),
        description=_(
            "Each contribution becomes an issue of the forum, or supports the issue its "
            "row names. Importing the same export again changes nothing; a newer export "
            "changes only the contributions that changed."
        ),
    )
    imported.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    imported.add_argument("file", metavar="FILE", help=_("the platform's CSV or JSON export"))
    imported.add_argument(
        "--stage",
        type=_parsing.choice_of(PolicyStage),
        metavar="STAGE",
        help=_("the stage new issues are raised at (default: co-decision)"),
    )
    imported.add_argument(
        "--forum", metavar="CODE", help=_("for a council-wide deliberation: the forum")
    )
    imported.set_defaults(handler=run_import)

    match = verbs.add_parser("match", help=_("make a contribution support an existing issue"))
    match.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    match.add_argument("contribution", metavar="CONTRIBUTION", help=_("its id on the platform"))
    match.add_argument("issue", metavar="ISSUE", help=_("issue reference or id"))
    match.set_defaults(handler=run_match)


def run_import(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import deliberation

    data = _output.read_file(args.file)
    name = Path(args.file).name
    report = _session.run(
        args,
        lambda s: deliberation.import_contributions(
            s, args.ref, data, name, stage=args.stage, forum=args.forum
        ),
    )
    print(deliberation.describe_import(report))
    for external, issue in report.added:
        print("  " + _("{id}: raised {issue}").format(id=external, issue=issue))
    for external, issue in report.supported:
        print("  " + _("{id}: supports {issue}").format(id=external, issue=issue))
    for external, difference in report.updated:
        print(
            "  "
            + _("{id}: updated (supports {difference:+})").format(
                id=external, difference=difference
            )
        )
    return 0


def run_match(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import deliberation

    made = _session.run(
        args, lambda s: deliberation.match(s, args.ref, args.contribution, args.issue)
    )
    print(
        _("Contribution {id} now supports {issue}.").format(
            id=made.external_id, issue=made.issue_reference
        )
    )
    return 0
