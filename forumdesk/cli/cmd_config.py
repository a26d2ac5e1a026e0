"""`forumdesk config list|set`: the settings declared in forumdesk.settings."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk import settings
from forumdesk.cli import _output, _session
from forumdesk.core import preferences
from forumdesk.i18n import _


def register(commands: Any) -> None:
    config = commands.add_parser("config", help=_("settings: council name and logo for minutes"))
    verbs = config.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help=_("every setting and its value"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    listing.set_defaults(handler=run_list)
    change = verbs.add_parser(
        "set", help=_("change a setting (an empty value restores the default)")
    )
    change.add_argument("key", choices=sorted(settings.ALL))
    change.add_argument("value")
    change.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace) -> int:
    values = _session.read(args, preferences.all_settings)
    if args.json:
        _output.print_json(
            [
                {"key": key, "value": values[key], "meaning": _(settings.ALL[key].meaning)}
                for key in sorted(values)
            ]
        )
        return 0
    _output.print_table(
        [_("Setting"), _("Value"), _("Meaning")],
        [(key, values[key], _(settings.ALL[key].meaning)) for key in sorted(values)],
    )
    return 0


def run_set(args: argparse.Namespace) -> int:
    value = _session.run(args, lambda s: preferences.set_setting(s, args.key, args.value))
    print(_("{key} is now {value}.").format(key=args.key, value=repr(value)))
    return 0
