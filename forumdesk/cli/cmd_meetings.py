"""`forumdesk meeting add|list|status|carry-forward`."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.cli._parsing import MEETING_HELP, choice_of, iso_date, meeting_ref
from forumdesk.core import carry, meetings
from forumdesk.domain.enums import MeetingFormat, MeetingStatus
from forumdesk.domain.text import count


def register(commands: Any) -> None:
    meeting = commands.add_parser("meeting", help="meetings: add, list, status, carry-forward")
    verbs = meeting.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="add a meeting to a forum")
    add.add_argument("forum", help="forum code or id")
    add.add_argument(
        "--format",
        required=True,
        type=choice_of(MeetingFormat),
        help="; ".join(f.value for f in MeetingFormat),
    )
    add.add_argument("--date", required=True, type=iso_date, help="e.g. 2026-03-04")
    add.add_argument("--title")
    add.add_argument("--start", help="start time, e.g. 18:30")
    add.add_argument("--end", help="end time, e.g. 20:30")
    add.add_argument("--venue")
    add.add_argument("--chair")
    add.add_argument("--facilitator")
    add.add_argument("--clerk")
    add.add_argument("--json", action="store_true", help="print the new meeting as JSON")
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help="list meetings, newest first")
    listing.add_argument("--forum", help="only this forum (code or id)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)

    status = verbs.add_parser("status", help="move a meeting to in-progress or closed")
    status.add_argument("meeting", type=meeting_ref, help=MEETING_HELP)
    status.add_argument("status", type=choice_of(MeetingStatus), help="in-progress or closed")
    status.set_defaults(handler=run_status)

    forward = verbs.add_parser(
        "carry-forward", help="bring open actions and undiscussed agenda items into a meeting"
    )
    forward.add_argument("meeting", type=meeting_ref, help=MEETING_HELP)
    forward.set_defaults(handler=run_carry_forward)


def run_add(args: argparse.Namespace) -> int:
    made = _session.run(
        args,
        lambda s: meetings.create_meeting(
            s,
            forum=args.forum,
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
        print(f"Added the meeting {made.name} (id {made.id}).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    found = _session.read(args, lambda s: meetings.list_meetings(s, args.forum))
    if args.json:
        _output.print_json(found)
    else:
        _output.print_table(
            ["ID", "Forum", "Date", "Format", "Status", "Venue", "Title"],
            [(m.id, m.forum_code, m.date, m.format, m.status, m.venue, m.title) for m in found],
            widths=[None, None, None, None, None, 30, 40],
            empty="No meetings.",
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    done = _session.run(args, lambda s: meetings.set_meeting_status(s, args.meeting, args.status))
    print(f"The meeting {done.name} is now {done.status.label.lower()}.")
    return 0


def run_carry_forward(args: argparse.Namespace) -> int:
    def work(s: Any) -> tuple[Any, Any]:
        done = carry.carry_forward(s, args.meeting)
        return done, meetings.get_meeting(s, done.meeting_id)

    done, into = _session.run(args, work)
    print(
        f"Carried forward {count(len(done.actions), 'open action')} and "
        f"{count(len(done.agenda_items), 'undiscussed agenda item')} "
        f"into the meeting {into.name}."
    )
    return 0
