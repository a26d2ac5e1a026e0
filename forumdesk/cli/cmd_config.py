"""`forumdesk config list|set`: the settings declared in forumdesk.settings."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk import settings
from forumdesk.cli import _output, _session
from forumdesk.core import preferences


def register(commands: Any) -> None:
    config = commands.add_parser("config", help="settings: council name and logo for minutes")
    verbs = config.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="every setting and its value")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)
    change = verbs.add_parser("set", help="change a setting (an empty value restores the default)")
    change.add_argument("key", choices=sorted(settings.ALL))
    change.add_argument("value")
    change.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace) -> int:
    values = _session.read(args, preferences.all_settings)
    if args.json:
        _output.print_json(
            [
                {"key": key, "value": values[key], "meaning": settings.ALL[key].meaning}
                for key in sorted(values)
            ]
        )
        return 0
    _output.print_table(
        ["Setting", "Value", "Meaning"],
        [(key, values[key], settings.ALL[key].meaning) for key in sorted(values)],
    )
    return 0


def run_set(args: argparse.Namespace) -> int:
    value = _session.run(args, lambda s: preferences.set_setting(s, args.key, args.value))
    print(f"{args.key} is now {value!r}.")
    return 0
