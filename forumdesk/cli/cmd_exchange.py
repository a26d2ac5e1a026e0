"""`forumdesk export`, `forumdesk import`, `forumdesk conflicts list|show|resolve`."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.cli._parsing import MEETING_HELP, meeting_ref
from forumdesk.cli.cmd_issues import add_filters, issue_filter
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.text import count
from forumdesk.exchange.document import read_key


def register(commands: Any) -> None:
    out = commands.add_parser("export", help="write an exchange file for another desk")
    out.add_argument("file", help="e.g. brixton-2026-03-04.forumdesk.json")
    out.add_argument("--forum", help="only this forum (code or id)")
    out.add_argument("--meeting", type=meeting_ref, help=f"only this meeting ({MEETING_HELP})")
    out.add_argument(
        "--since",
        metavar="EXPORT_ID|DATE",
        help="only what changed since an earlier export of this desk, or a date",
    )
    out.add_argument(
        "--include-personal-data",
        action="store_true",
        help="include residents' names and contact details where they consented",
    )
    out.add_argument("--key-file", help="sign the file with this council key")
    out.set_defaults(handler=run_export)

    into = commands.add_parser("import", help="read an exchange file from another desk")
    into.add_argument("file")
    into.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    into.add_argument("--key-file", help="verify the signature with this council key")
    into.add_argument("--json", action="store_true", help="print the report as JSON")
    into.set_defaults(handler=run_import)

    log_out = commands.add_parser("export-csv", help="write an issue log CSV for spreadsheets")
    log_out.add_argument("file", help="e.g. issues.csv")
    add_filters(log_out)
    log_out.set_defaults(handler=run_export_csv)

    log_in = commands.add_parser("import-csv", help="read an issue log CSV edited in a spreadsheet")
    log_in.add_argument("file")
    log_in.add_argument("--dry-run", action="store_true", help="check it; change nothing")
    log_in.set_defaults(handler=run_import_csv)

    conflicts = commands.add_parser("conflicts", help="conflicts left by imports")
    verbs = conflicts.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="open conflicts")
    listing.add_argument("--all", action="store_true", help="resolved ones too")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help="one conflict: this desk's value and theirs")
    show.add_argument("id", type=int)
    show.set_defaults(handler=run_show)
    resolve = verbs.add_parser("resolve", help="keep mine, take theirs, or write a merged value")
    resolve.add_argument("id", type=int)
    resolve.add_argument("choice", choices=("mine", "theirs", "merged"))
    resolve.add_argument("--value", help="the merged value (JSON, or plain text)")
    resolve.set_defaults(handler=run_resolve)


def run_export(args: argparse.Namespace) -> int:
    from forumdesk.exchange import export

    selection = export.Selection(
        forum=args.forum,
        meeting=args.meeting,
        since=args.since,
        personal_data=args.include_personal_data,
    )
    key = read_key(args.key_file)
    done = _session.run(args, lambda s: export.write(s, Path(args.file), selection, key))
    total = sum(done.counts.values())
    print(
        f"Exported {count(total, 'record')} to {done.path} (export id {done.export_id})"
        + (", signed." if key else ".")
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from forumdesk.exchange import merge, read

    try:
        data = Path(args.file).expanduser().read_bytes()
    except OSError as exc:
        raise InputRefused(f"{args.file} cannot be read: {exc.strerror}.") from exc
    key = read_key(args.key_file)
    db = _session.database(args)
    try:
        if args.dry_run:
            with db.preview_session() as session:
                report = merge.merge(session, read.check(session, data, key))
        else:
            with db.session() as session:
                report = merge.merge(session, read.check(session, data, key))
    finally:
        db.dispose()
    _print_report(report, args.dry_run, args.json)
    return 0


def _print_report(report: Any, dry_run: bool, as_json: bool) -> None:
    if as_json:
        _output.print_json(
            {
                "export_id": report.export_id,
                "source": report.source,
                "dry_run": dry_run,
                "counts": report.counts,
                "notes": report.notes,
                "changes": report.changes,
            }
        )
        return
    from forumdesk.exchange.labels import import_summary

    counts = report.counts
    print(f"From {report.source}, export {report.export_id}:")
    for note in report.notes:
        print(f"  {note}")
    print(f"  {import_summary(counts)}")
    shown = [c for c in report.changes if c.action != "unchanged"]
    if shown:
        _output.print_table(
            ["Kind", "Record", "Change", "Detail"],
            [(c.kind, c.label, c.action, c.detail) for c in shown[:200]],
            widths=[None, 40, None, 60],
        )
        if len(shown) > 200:
            print(f"… and {len(shown) - 200} more.")
    if dry_run:
        print("Dry run: nothing was changed.")
    elif counts["conflict"]:
        print("Conflicts keep this desk's values until resolved: forumdesk conflicts list")


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    found = _session.read(args, lambda s: conflicts.list_conflicts(s, include_resolved=args.all))
    if args.json:
        _output.print_json(found)
        return 0
    if not found:
        print("No conflicts." if args.all else "No open conflicts.")
        return 0
    _output.print_table(
        ["ID", "Record", "Field", "Base", "Mine", "Theirs", "From", "Resolved"],
        [
            (
                c.id,
                c.label,
                c.field,
                c.shown["base"],
                c.shown["mine"],
                c.shown["theirs"],
                c.source_desk,
                c.resolution or "",
            )
            for c in found
        ],
        widths=[None, 20, None, 24, 24, 24, 24, None],
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    found = _session.read(args, lambda s: conflicts.get_conflict(s, args.id))
    print(f"Conflict {found.id}: {found.kind} {found.label}, field {found.field}")
    print(f"  base:   {found.shown['base']}  (what both desks had before)")
    print(f"  mine:   {found.shown['mine']}  (in force here)")
    print(f"  theirs: {found.shown['theirs']}  (from {found.source_desk})")
    if found.resolution:
        print(f"  resolved: {found.resolution} on {found.resolved_at:%Y-%m-%d %H:%M}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    value: Any = args.value
    if value is not None:
        with contextlib.suppress(json.JSONDecodeError):  # else it is plain text
            value = json.loads(value)
    done = _session.run(args, lambda s: conflicts.resolve(s, args.id, args.choice, value))
    print(f"Conflict {done.id} resolved: {done.resolution}.")
    return 0


def run_export_csv(args: argparse.Namespace) -> int:
    from forumdesk.exchange import csv_log

    data = _session.read(args, lambda s: csv_log.export_csv(s, issue_filter(args)))
    _output.write_file(Path(args.file), data)
    rows = data.count(b"\r\n") - 1
    print(f"Wrote {count(rows, 'issue')} to {args.file}.")
    return 0


def run_import_csv(args: argparse.Namespace) -> int:
    from forumdesk.exchange import csv_log

    try:
        data = Path(args.file).expanduser().read_bytes()
    except OSError as exc:
        raise InputRefused(f"{args.file} cannot be read: {exc.strerror}.") from exc
    db = _session.database(args)
    try:
        scope = db.preview_session() if args.dry_run else db.session()
        with scope as session:
            report = csv_log.import_csv(session, data)
    finally:
        db.dispose()
    verb = "would be" if args.dry_run else "was" if len(report.created) == 1 else "were"
    print(
        f"{count(len(report.created), 'issue')} {verb} created, {len(report.updated)} updated, "
        f"{report.unchanged} unchanged."
    )
    if report.created:
        print("  new: " + ", ".join(report.created[:50]))
    if report.updated:
        print("  updated: " + ", ".join(report.updated[:50]))
    if args.dry_run:
        print("Dry run: nothing was changed.")
    return 0
