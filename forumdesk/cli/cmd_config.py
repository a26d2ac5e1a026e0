"""`forumdesk config list|set`: the settings declared in forumdesk.settings.

Settings kept with the data are read from and written to the database (``--db``); those
kept for the user (the interface language, the database opened by default) need none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forumdesk import settings, user_settings
from forumdesk.cli import _output, _session
from forumdesk.core import preferences
from forumdesk.domain.errors import NoDatabase
from forumdesk.i18n import _


def register(commands: Any) -> None:
    config = commands.add_parser(
        "config",
        help=_("settings: this desk's name, the council's name and logo, language, backups"),
    )
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


def _by_scope(scope: settings.Scope) -> list[str]:
    return sorted(key for key, s in settings.ALL.items() if s.scope is scope)


def run_list(args: argparse.Namespace) -> int:
    try:
        values = _session.read(args, preferences.all_settings, retention=False)
    except NoDatabase as exc:
        if args.db:  # a database named and not there: a typing mistake, said as such
            raise
        # Before the first database, the user's own settings can be read and set.
        sys.stderr.write(f"forumdesk: {exc}\n")
        values = {key: settings.ALL[key].default for key in _by_scope(settings.Scope.DATABASE)}
    values.update({key: user_settings.get(key) for key in _by_scope(settings.Scope.USER)})
    if problem := user_settings.problem():
        sys.stderr.write(f"forumdesk: {problem}\n")
    keys = [*_by_scope(settings.Scope.DATABASE), *_by_scope(settings.Scope.USER)]
    if args.json:
        _output.print_json(
            [
                {
                    "key": key,
                    "value": values[key],
                    "kept": settings.ALL[key].scope.value,
                    "meaning": _(settings.ALL[key].meaning),
                }
                for key in keys
            ]
        )
        return 0
    kept = {settings.Scope.DATABASE: _("with the data"), settings.Scope.USER: _("for you")}
    _output.print_table(
        [_("Setting"), _("Value"), _("Kept"), _("Meaning")],
        [
            (key, values[key], kept[settings.ALL[key].scope], _(settings.ALL[key].meaning))
            for key in keys
        ],
    )
    return 0


def run_set(args: argparse.Namespace) -> int:
    declared = settings.declared(args.key)
    if declared.scope is settings.Scope.USER:
        value = user_settings.put(args.key, args.value)
        if declared.kind is settings.Kind.DATABASE and value and "://" not in value:
            warning = user_settings.shared_folder_warning(Path(value))
            if warning:
                sys.stderr.write(f"forumdesk: {warning}\n")
    else:
        # Not retention first: a longer period must be settable before the old one erases.
        value = _session.run(
            args, lambda s: preferences.set_setting(s, args.key, args.value), retention=False
        )
    print(_("{key} is now {value}.").format(key=args.key, value=repr(value)))
    return 0
