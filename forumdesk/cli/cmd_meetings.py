"""`forumdesk meeting add|list|status|carry-forward`."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.cli._parsing import MEETING_HELP, choice_of, iso_date, meeting_ref
from forumdesk.core import carry, meetings, preferences
from forumdesk.domain.enums import MeetingFormat, MeetingStatus
from forumdesk.i18n import _, ngettext


def register(commands: Any) -> None:
    meeting = commands.add_parser("meeting", help=_("meetings: add, list, status, carry-forward"))
    verbs = meeting.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help=_("add a meeting to a forum"))
    add.add_argument(
        "forum", nargs="?", help=_("forum code or id (default: the default forum setting)")
    )
    add.add_argument(
        "--format",
        required=True,
        type=choice_of(MeetingFormat),
        help="; ".join(f.value for f in MeetingFormat),
    )
    add.add_argument("--date", required=True, type=iso_date, help=_("e.g. 2026-03-04"))
    add.add_argument("--title")
    add.add_argument("--start", help=_("start time, e.g. 18:30"))
    add.add_argument("--end", help=_("end time, e.g. 20:30"))
    add.add_argument("--venue")
    add.add_argument("--chair")
    add.add_argument("--facilitator")
    add.add_argument("--clerk")
    add.add_argument("--json", action="store_true", help=_("print the new meeting as JSON"))
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help=_("list meetings, newest first"))
    listing.add_argument("--forum", help=_("only this forum (code or id)"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)

    status = verbs.add_parser("status", help=_("move a meeting to in-progress or closed"))
    status.add_argument("meeting", type=meeting_ref, help=_(MEETING_HELP))
    status.add_argument("status", type=choice_of(MeetingStatus), help=_("in-progress or closed"))
    status.set_defaults(handler=run_status)

    forward = verbs.add_parser(
        "carry-forward", help=_("bring open actions and undiscussed agenda items into a meeting")
    )
    forward.add_argument("meeting", type=meeting_ref, help=_(MEETING_HELP))
    forward.set_defaults(handler=run_carry_forward)


def run_add(args: argparse.Namespace) -> int:
    made = _session.run(
        args,
        lambda s: meetings.create_meeting(
            s,
            forum=preferences.forum_or_default(s, args.forum),
            format=args.format,
            date=args.date,
            title=args.title,
            start_time=args.start,
            end_time=args.end,
            venue=args.venue,
            chair=args.chair,
            facilitator=args.facilitator,
            clerk=args.clerk,
        ),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(_("Added the meeting {meeting} (id {id}).").format(meeting=made.name, id=made.id))
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = _lists.rows(args)
    found = _session.read(args, lambda s: meetings.list_meetings(s, args.forum, rows))
    if args.json:
        _output.print_json(found)
    else:
        _output.print_table(
            [_("ID"), _("Forum"), _("Date"), _("Format"), _("Status"), _("Venue"), _("Title")],
            [(m.id, m.forum_code, m.date, m.format, m.status, m.venue, m.title) for m in found],
            widths=[None, None, None, None, None, 30, 40],
            empty=_("No meetings."),
        )
    _lists.say_more(args, len(found), rows.total)
    return 0


def run_status(args: argparse.Namespace) -> int:
    done = _session.run(args, lambda s: meetings.set_meeting_status(s, args.meeting, args.status))
    print(
        _("The meeting {meeting} is now {status}.").format(
            meeting=done.name, status=done.status.label.lower()
        )
    )
    return 0


def run_carry_forward(args: argparse.Namespace) -> int:
    def work(s: Any) -> tuple[Any, Any]:
        done = carry.carry_forward(s, args.meeting)
        return done, meetings.get_meeting(s, done.meeting_id)

    done, into = _session.run(args, work)
    actions, items = len(done.actions), len(done.agenda_items)
    if not actions and not items:
        print(
            _(
                "Nothing to carry forward into the meeting {meeting}: no open action or "
                "undiscussed agenda item is left that it does not have already."
            ).format(meeting=into.name)
        )
        return 0
    print(
        _("Carried forward {actions} and {items} into the meeting {meeting}.").format(
            actions=ngettext("{n} open action", "{n} open actions", actions).format(n=actions),
            items=ngettext(
                "{n} undiscussed agenda item", "{n} undiscussed agenda items", items
            ).format(n=items),
            meeting=into.name,
        )
    )
    return 0
