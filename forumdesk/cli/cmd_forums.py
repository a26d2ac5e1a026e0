"""`forumdesk forum add|list`."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.core import forums
from forumdesk.i18n import _


def register(commands: Any) -> None:
    forum = commands.add_parser("forum", help=_("forums: add, list"))
    verbs = forum.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help=_("add a forum"))
    add.add_argument("code", help=_("short code used in issue references, e.g. BHF"))
    add.add_argument("name", help=_("e.g. 'Brixton Hill Area Forum'"))
    add.add_argument("--area", help=_("the area it covers"))
    add.add_argument("--wards", help=_("comma-separated ward names"))
    add.add_argument("--description")
    add.add_argument("--json", action="store_true", help=_("print the new forum as JSON"))
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help=_("list forums"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    made = _session.run(
        args,
        lambda s: forums.create_forum(
            s,
            code=args.code,
            name=args.name,
            area=args.area,
            wards=args.wards,
            description=args.description,
        ),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(
            _("Added forum {code} ({name}), id {id}.").format(
                code=made.code, name=made.name, id=made.id
            )
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = _lists.rows(args)
    found = _session.read(args, lambda s: forums.list_forums(s, rows))
    if args.json:
        _output.print_json(found)
    else:
        _output.print_table(
            [_("ID"), _("Code"), _("Name"), _("Wards")],
            [(f.id, f.code, f.name, f.wards) for f in found],
            widths=[None, None, 50, 40],
            empty=_("No forums yet; add one with: forumdesk forum add CODE NAME"),
        )
    _lists.say_more(args, len(found), rows.total)
    return 0
