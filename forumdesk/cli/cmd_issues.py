"""`forumdesk issue add|list|show|move|status|comment|respond|discuss`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.cli._parsing import (
    MEETING_HELP,
    choice_of,
    count,
    iso_date,
    meeting_ref,
    positive_int,
)
from forumdesk.core import discussion, issues, meetings
from forumdesk.core.engagements import decisions
from forumdesk.core.issue_query import SORT_CHOICES, list_issues
from forumdesk.domain.document_text import CODES
from forumdesk.domain.enums import (
    DecisionMethod,
    IssueStatus,
    Mechanism,
    PolicyStage,
    TimelineKind,
)
from forumdesk.domain.records import IssueFilter, MeetingInfo
from forumdesk.i18n import N_, _, ngettext


def _stage_help() -> str:
    """The help of a stage argument: ``1-5 or co-definition, ...``."""
    return _("1-5 or {stages}").format(stages=", ".join(s.value for s in PolicyStage))


def register(commands: Any) -> None:
    issue = commands.add_parser(
        "issue", help=_("issues: add, list, show, move, status, comment, respond, discuss")
    )
    verbs = issue.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help=_("record an issue residents raised"))
    add.add_argument("forum", help=_("forum code or id"))
    add.add_argument("title")
    add.add_argument(
        "--stage",
        type=choice_of(PolicyStage),
        default=PolicyStage.CO_DEFINITION,
        help=_("{stages} (default co-definition)").format(stages=_stage_help()),
    )
    add.add_argument("--description")
    add.add_argument("--ward")
    add.add_argument("--place")
    add.add_argument("--theme", action="append", default=[], help=_("a theme; repeat for more"))
    add.add_argument(
        "--mechanism", type=choice_of(Mechanism), help="; ".join(m.value for m in Mechanism)
    )
    add.add_argument("--support", type=count, default=0, help=_("show of hands or signatures"))
    add.add_argument("--owner")
    add.add_argument("--due", type=iso_date, help=_("due date, e.g. 2026-06-30"))
    add.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("the meeting where it was raised ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    add.add_argument("--agenda-item", type=positive_int, help=_("id of the agenda item"))
    add.add_argument("--raised-by", type=positive_int, help=_("attendance id of who raised it"))
    add.add_argument("--json", action="store_true", help=_("print the new issue as JSON"))
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help=_("list issues with filters, sorting and paging"))
    add_filters(listing)
    listing.add_argument("--desc", action="store_true", help=_("reverse the order"))
    _lists.add_options(listing)
    listing.add_argument("--offset", type=count, default=0, help=_("skip this many first"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    listing.add_argument(
        "--pdf",
        metavar="FILE.pdf",
        help=_("also write the list as an issue log PDF (every match, unless --limit)"),
    )
    listing.add_argument(
        "--language",
        choices=CODES,
        help=_("the language of the issue log PDF (default: the document_language setting)"),
    )
    listing.set_defaults(handler=run_list)

    show = verbs.add_parser("show", help=_("one issue with its timeline"))
    show.add_argument("issue", help=_("reference (BHF-0042) or id"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)

    move = verbs.add_parser("move", help=_("move an issue to another policy stage"))
    move.add_argument("issue", help=_("reference or id"))
    move.add_argument("stage", type=choice_of(PolicyStage), help=_stage_help())
    move.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("the meeting that moved it ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    move.add_argument("--note", help=_("why"))
    move.add_argument(
        "--decided-by",
        type=choice_of(DecisionMethod),
        metavar="METHOD",
        help=_(
            "to co-decision: how it was decided: consensus, show-of-hands, ballot, jury "
            "or delegated"
        ),
    )
    move.add_argument("--for", dest="votes_for", type=count, metavar="N", help=_("votes for"))
    move.add_argument(
        "--against", dest="votes_against", type=count, metavar="N", help=_("votes against")
    )
    move.add_argument(
        "--abstain", dest="votes_abstain", type=count, metavar="N", help=_("abstentions")
    )
    move.set_defaults(handler=run_move)

    status = verbs.add_parser("status", help=_("change an issue's status"))
    status.add_argument("issue", help=_("reference or id"))
    status.add_argument(
        "status", type=choice_of(IssueStatus), help="; ".join(s.value for s in IssueStatus)
    )
    status.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("the meeting that changed it ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    status.add_argument("--note")
    status.set_defaults(handler=run_status)

    note = verbs.add_parser("comment", help=_("add a comment to an issue's timeline"))
    note.add_argument("issue", help=_("reference or id"))
    note.add_argument("text")
    note.add_argument("--author")
    note.set_defaults(handler=run_comment)

    reply = verbs.add_parser("respond", help=_("record what was said back to residents"))
    reply.add_argument("issue", help=_("reference or id"))
    reply.add_argument("text")
    reply.add_argument("--author")
    reply.add_argument(
        "--due",
        type=iso_date,
        help=_(
            "when residents should hear again, e.g. 2026-06-30; without it no further "
            "response is awaited"
        ),
    )
    reply.set_defaults(handler=run_respond)

    talk = verbs.add_parser(
        "discuss", help=_("record that an earlier issue was discussed at a meeting")
    )
    talk.add_argument("issue", help=_("reference or id"))
    talk.add_argument(
        "--meeting",
        type=meeting_ref,
        required=True,
        help=_("the meeting that discussed it ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    talk.add_argument("--note", help=_("what was said"))
    talk.set_defaults(handler=run_discuss)


def run_add(args: argparse.Namespace) -> int:
    made = _session.run(
        args,
        lambda s: issues.record_issue(
            s,
            forum=args.forum,
            title=args.title,
            stage=args.stage,
            description=args.description,
            ward=args.ward,
            place=args.place,
            themes=args.theme,
            mechanism=args.mechanism,
            support=args.support,
            owner=args.owner,
            due_date=args.due,
            meeting=args.meeting,
            agenda_item=args.agenda_item,
            raised_by=args.raised_by,
        ),
    )
    if args.json:
        _output.print_json(made)
    else:
        print(
            _("Recorded {reference}: {title} ({stage}).").format(
                reference=made.reference, title=made.title, stage=made.stage.label
            )
        )
    return 0


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The filters and sort of an issue list (issue list, export-csv)."""
    parser.add_argument("--forum", help=_("forum code or id"))
    parser.add_argument("--meeting", type=meeting_ref, help=_(MEETING_HELP))
    parser.add_argument("--stage", type=choice_of(PolicyStage), help=_stage_help())
    parser.add_argument(
        "--status", type=choice_of(IssueStatus), help="; ".join(s.value for s in IssueStatus)
    )
    parser.add_argument("--ward")
    parser.add_argument("--theme")
    parser.add_argument("--mechanism", type=choice_of(Mechanism))
    parser.add_argument("--owner")
    parser.add_argument("--overdue", action="store_true", help=_("only active issues past due"))
    parser.add_argument(
        "--search",
        metavar="TEXT",
        help=_("words in title, description, ward, place or comments (accents ignored)"),
    )
    parser.add_argument(
        "--sort",
        choices=SORT_CHOICES,
        default=None,
        help=_("default: relevance with --search, else reference"),
    )


def issue_filter(args: argparse.Namespace) -> IssueFilter:
    """The IssueFilter the filter options describe."""
    return IssueFilter(
        forum=args.forum,
        meeting_id=args.meeting,
        stage=args.stage,
        status=args.status,
        ward=args.ward,
        theme=args.theme,
        mechanism=args.mechanism,
        owner=args.owner,
        overdue_on=date.today() if args.overdue else None,
        text=args.search,
        sort=args.sort or ("relevance" if args.search else "reference"),
        descending=getattr(args, "desc", False),
        limit=getattr(args, "limit", None),
        offset=getattr(args, "offset", 0),
    )


def run_list(args: argparse.Namespace) -> int:
    most = _lists.rows(args).most
    # The issue log is of every match unless --limit says otherwise; the screen shows the first.
    fetched = None if args.pdf and not args.limit else most
    wanted = dataclasses.replace(issue_filter(args), limit=fetched)
    page = _session.read(args, lambda s: list_issues(s, wanted))
    if args.pdf:
        _issue_log(args, wanted, page.items)
    items = page.items if most is None else page.items[:most]
    if args.json:
        _output.print_json(items)
        _lists.say_more(args, len(items), page.total, skipped=page.offset)
        return 0
    if items:
        _output.print_table(
            [_("Ref"), _("Stage"), _("Status"), _("Ward"), _("Support"), _("Title")],
            [(i.reference, i.stage.number, i.status, i.ward, i.support, i.title) for i in items],
            widths=[None, None, None, 24, None, 60],
        )
        print()
    print(_page_summary(page.offset, len(items), page.total))
    _lists.say_more(args, len(items), page.total, skipped=page.offset)
    return 0


def _page_summary(offset: int, shown: int, total: int) -> str:
    """``Issues 1-20 of 55.``, ``1 issue.``, ``No issues match.``"""
    if total == 0:
        return _("No issues match.")
    if not shown:
        return ngettext(
            "No issues on this page: {n} issue matches, from 1 to {n}.",
            "No issues on this page: {n} issues match, from 1 to {n}.",
            total,
        ).format(n=total)
    if shown == total:
        return ngettext("{n} issue.", "{n} issues.", total).format(n=total)
    return ngettext("Issues {first}-{last} of {n}.", "Issues {first}-{last} of {n}.", total).format(
        first=offset + 1, last=offset + shown, n=total
    )


def run_show(args: argparse.Namespace) -> int:
    def work(s: Any) -> tuple[Any, dict[int, MeetingInfo]]:
        found = issues.issue_detail(s, args.issue)
        held = {found.issue.meeting_id} | {e.meeting_id for e in found.timeline}
        return found, {m: meetings.get_meeting(s, m) for m in held if m is not None}

    detail, named = _session.read(args, work)
    raised_at = named.get(detail.issue.meeting_id) if detail.issue.meeting_id else None
    if args.json:
        _output.print_json(detail)
        return 0
    i = detail.issue
    print(f"{i.reference}  {i.title}")
    for label, value in (
        (_("Forum:"), i.forum_code),
        (_("Stage:"), f"{i.stage.number}. {i.stage.label}"),
        (_("Status:"), i.status.label),
        (_("Ward:"), i.ward),
        (_("Place:"), i.place),
        (_("Themes:"), ", ".join(i.themes)),
        (_("Mechanism:"), i.mechanism.label if i.mechanism else None),
        (_("Support:"), i.support),
        (_("Owner:"), i.owner),
        (_("Due:"), i.due_date),
        (_("Response due:"), i.response_due),
        (_("Raised at:"), raised_at.name if raised_at else None),
        (_("UUID:"), i.uuid),
    ):
        if value not in (None, ""):
            print(f"  {label.ljust(11) if len(label) < 11 else label + ' '}{value}")
    if i.description:
        print(f"\n{i.description}")
    print("\n" + _("Timeline"))
    for e in detail.timeline:
        at = named.get(e.meeting_id) if e.meeting_id else None
        print(f"  {e.at:%Y-%m-%d %H:%M}  {e.kind.label:<22}{_event_text(e, at)}".rstrip())
    return 0


def _event_text(e: Any, at: MeetingInfo | None) -> str:
    """What a timeline event says: from, to, where and why."""
    change = ""
    if e.to_stage and e.from_stage:
        change = f"{e.from_stage.label} → {e.to_stage.label}"
    elif e.to_status and e.from_status:
        change = f"{e.from_status.label} → {e.to_status.label}"
    if at is not None and e.kind is not TimelineKind.RAISED:  # where it was raised is above
        change = (
            _("{change}, at {meeting}").format(change=change, meeting=at.name)
            if change
            else _("At {meeting}").format(meeting=at.name)
        )
    how = decisions.evidence(e.decided_by, e.votes_for, e.votes_against, e.votes_abstain)
    if how:
        change = _("{change} ({evidence})").format(change=change, evidence=how) if change else how
    if e.text and change:
        return _("{change}: {note}").format(change=change, note=e.text)
    return e.text or change


def run_move(args: argparse.Namespace) -> int:
    done = _session.run(
        args,
        lambda s: issues.move_issue(
            s,
            args.issue,
            args.stage,
            meeting=args.meeting,
            note=args.note,
            decided_by=args.decided_by,
            votes_for=args.votes_for,
            votes_against=args.votes_against,
            votes_abstain=args.votes_abstain,
        ),
    )
    print(
        _("{reference} moved to {number}. {stage}.").format(
            reference=done.reference, number=done.stage.number, stage=done.stage.label
        )
    )
    how = decisions.evidence(
        args.decided_by, args.votes_for, args.votes_against, args.votes_abstain
    )
    if how:
        print(_("{evidence}.").format(evidence=how))
    return 0


def run_status(args: argparse.Namespace) -> int:
    done = _session.run(
        args,
        lambda s: issues.change_status(
            s, args.issue, args.status, meeting=args.meeting, note=args.note
        ),
    )
    print(
        _("{reference} is now {status}.").format(
            reference=done.reference, status=done.status.label.lower()
        )
    )
    return 0


def run_comment(args: argparse.Namespace) -> int:
    _session.run(args, lambda s: issues.comment(s, args.issue, args.text, author=args.author))
    print(_("Comment added."))
    return 0


def run_respond(args: argparse.Namespace) -> int:
    from forumdesk.core import report_back

    done = _session.run(
        args,
        lambda s: report_back.respond(s, args.issue, args.text, due=args.due, author=args.author),
    )
    if done.issue.response_due is not None:
        print(
            _("Response to residents recorded; the next is due on {date}.").format(
                date=done.issue.response_due.isoformat()
            )
        )
    else:
        print(_("Response to residents recorded."))
    return 0


def run_discuss(args: argparse.Namespace) -> int:
    def work(s: Any) -> tuple[str, str]:
        done = discussion.discuss(s, args.issue, args.meeting, note=args.note)
        at = meetings.get_meeting(s, done.meeting_id)  # type: ignore[arg-type]  # discussed at one
        return issues.get_issue(s, done.issue_id).reference, at.name

    reference, meeting = _session.run(args, work)
    print(
        _("{reference} recorded as discussed at {meeting}.").format(
            reference=reference, meeting=meeting
        )
    )
    return 0


def _issue_log(args: argparse.Namespace, wanted: IssueFilter, found: tuple) -> None:
    from pathlib import Path

    from forumdesk import settings
    from forumdesk.core import preferences, report_back
    from forumdesk.reports.issue_log import render_issue_log

    council = _session.read(args, lambda s: preferences.get_setting(s, settings.COUNCIL_NAME.key))
    language = _session.read(
        args, lambda s: preferences.document_language(s, getattr(args, "language", None))
    )
    standing = _session.read(
        args, lambda s: report_back.standing(s, [i.id for i in found], date.today())
    )
    tr = language  # words of the document, not of the interface
    criteria = [
        f"{tr.gettext(name)} {value.value if hasattr(value, 'value') else value}"
        for name, value in (
            (N_("forum"), wanted.forum),
            (N_("meeting"), wanted.meeting_id),
            (N_("stage"), wanted.stage),
            (N_("status"), wanted.status),
            (N_("ward"), wanted.ward),
            (N_("theme"), wanted.theme),
            (N_("mechanism"), wanted.mechanism),
            (N_("owner"), wanted.owner),
            (N_("search"), wanted.text),
        )
        if value
    ] + ([tr.gettext(N_("overdue"))] if wanted.overdue_on else [])
    data = render_issue_log(
        found,
        council=council,
        described="; ".join(criteria) or tr.gettext(N_("All issues")),
        made_on=date.today().isoformat(),
        language=language,
        standing=standing,
    )
    _output.write_file(Path(args.pdf), data)
    print(
        _("Issue log written to {path}.").format(path=args.pdf),
        file=sys.stderr if args.json else sys.stdout,
    )
