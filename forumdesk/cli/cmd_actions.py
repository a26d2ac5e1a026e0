"""`forumdesk action add|list|status`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.cli._parsing import MEETING_HELP, choice_of, iso_date, meeting_ref, positive_int
from forumdesk.core import actions
from forumdesk.domain.enums import ActionStatus
from forumdesk.i18n import _


def register(commands: Any) -> None:
    action = commands.add_parser("action", help=_("actions: add, list, status"))
    verbs = action.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help=_("record an action someone agreed to do"))
    add.add_argument("description")
    add.add_argument("--owner")
    add.add_argument("--due", type=iso_date, help=_("due date, e.g. 2026-06-30"))
    add.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("the meeting that agreed it ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    add.add_argument("--agenda-item", type=positive_int, help=_("id of the agenda item"))
    add.add_argument("--issue", help=_("reference or id of the issue it serves"))
    add.add_argument("--json", action="store_true", help=_("print the new action as JSON"))
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help=_("list actions by due date"))
    listing.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("agreed at or carried into this meeting ({meeting})").format(
            meeting=_(MEETING_HELP)
        ),
    )
    listing.add_argument("--forum", help=_("forum code or id"))
    listing.add_argument("--issue", help=_("reference or id"))
    listing.add_argument("--open", action="store_true", help=_("only open and in-progress ones"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)

    status = verbs.add_parser("status", help=_("mark an action in-progress, done or cancelled"))
    status.add_argument("action", type=positive_int, help=_("action id"))
    status.add_argument(
        "status", type=choice_of(ActionStatus), help="; ".join(s.value for s in ActionStatus)
    )
    status.set_defaults(handler=run_status)


def run_add(args: argparse.Namespace) -> int:
    made = _session.run(
        args,
        lambda s: actions.add_action(
            s,
            description=args.description,
            owner=args.owner,
            due_date=args.due,
            meeting=args.meeting,
            agenda_item=args.agenda_item,
            issue=args.issue,
        ),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(
            _("Added action {id}: {description}").format(id=made.id, description=made.description)
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = _lists.rows(args)
    found = _session.read(
        args,
        lambda s: actions.list_actions(
            s,
            meeting=args.meeting,
            forum=args.forum,
            issue=args.issue,
            open_only=args.open,
            rows=rows,
        ),
    )
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    today = date.today()
    _output.print_table(
        [_("ID"), _("Due"), _("Status"), _("Owner"), _("Action")],
        [(a.id, a.due_date, _status(a, today), a.owner, a.description) for a in found],
        widths=[None, None, None, 24, 60],
        empty=_("No actions."),
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def _status(action: Any, today: date) -> str:
    """The status column: ``Open (overdue) (carried)``."""
    shown = action.status.label
    if action.is_overdue(today):
        shown = _("{status} (overdue)").format(status=shown)
    if action.carried:
        shown = _("{status} (carried)").format(status=shown)
    return shown


def run_status(args: argparse.Namespace) -> int:
    done = _session.run(args, lambda s: actions.set_action_status(s, args.action, args.status))
    print(_("Action {id} is now {status}.").format(id=done.id, status=done.status.label.lower()))
    return 0
