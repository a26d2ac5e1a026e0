"""`forumdesk export`, `forumdesk import`, `forumdesk conflicts list|show|resolve`."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.cli._parsing import MEETING_HELP, meeting_ref, positive_int
from forumdesk.cli.cmd_issues import add_filters, issue_filter
from forumdesk.domain.document_text import CODES
from forumdesk.exchange.document import read_key
from forumdesk.i18n import _, ngettext


def register(commands: Any) -> None:
    out = commands.add_parser("export", help=_("write an exchange file for another desk"))
    out.add_argument("file", help=_("e.g. brixton-2026-03-04.forumdesk.json"))
    out.add_argument("--forum", help=_("only this forum (code or id)"))
    out.add_argument(
        "--meeting",
        type=meeting_ref,
        help=_("only this meeting ({meeting})").format(meeting=_(MEETING_HELP)),
    )
    out.add_argument(
        "--since",
        metavar="EXPORT_ID|DATE",
        help=_("only what changed since an earlier export of this desk, or a date"),
    )
    out.add_argument(
        "--include-personal-data",
        action="store_true",
        help=_("include residents' names and contact details where they consented"),
    )
    out.add_argument(
        "--key-file",
        help=_("also sign the file with this council key (for desks not yet updated)"),
    )
    out.set_defaults(handler=run_export)

    into = commands.add_parser("import", help=_("read an exchange file from another desk"))
    into.add_argument("file")
    into.add_argument(
        "--dry-run", action="store_true", help=_("show what would change; change nothing")
    )
    into.add_argument("--key-file", help=_("verify the signature with this council key"))
    into.add_argument(
        "--allow-unsigned",
        action="store_true",
        help=_(
            "this once, take a file that is unsigned or signed by a desk this desk does not "
            "trust (the report says so)"
        ),
    )
    into.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    into.set_defaults(handler=run_import)

    log_out = commands.add_parser("export-csv", help=_("write an issue log CSV for spreadsheets"))
    log_out.add_argument("file", help=_("e.g. issues.csv"))
    add_filters(log_out)
    log_out.add_argument(
        "--language",
        choices=CODES,
        help=_("the language of the column headers (default: the document_language setting)"),
    )
    log_out.set_defaults(handler=run_export_csv)

    log_in = commands.add_parser(
        "import-csv", help=_("read an issue log CSV edited in a spreadsheet")
    )
    log_in.add_argument("file")
    log_in.add_argument("--dry-run", action="store_true", help=_("check it; change nothing"))
    log_in.set_defaults(handler=run_import_csv)

    conflicts = commands.add_parser("conflicts", help=_("conflicts left by imports"))
    verbs = conflicts.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help=_("open conflicts"))
    listing.add_argument("--resolved", action="store_true", help=_("resolved ones too"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing, all_help=_("every conflict, resolved ones too"))
    listing.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help=_("one conflict: this desk's value and theirs"))
    show.add_argument("id", type=positive_int)
    show.set_defaults(handler=run_show)
    resolve = verbs.add_parser("resolve", help=_("keep mine, take theirs, or write a merged value"))
    resolve.add_argument("id", type=positive_int)
    resolve.add_argument("choice", choices=("mine", "theirs", "merged"))
    resolve.add_argument("--value", help=_("the merged value (JSON, or plain text)"))
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
    db = _session.database(args)
    try:
        if db.read_only or db.opened_on_full_disk:
            # The file goes elsewhere; only the record of it would be written here.
            with db.read_session() as session:
                done = export.write(session, Path(args.file), selection, key, record=False)
        else:
            with db.session() as session:
                done = export.write(session, Path(args.file), selection, key)
    finally:
        db.dispose()
    total = sum(done.counts.values())
    if key:
        exported = ngettext(
            "Exported {n} record to {path} (export id {export_id}), signed.",
            "Exported {n} records to {path} (export id {export_id}), signed.",
            total,
        )
    else:
        exported = ngettext(
            "Exported {n} record to {path} (export id {export_id}).",
            "Exported {n} records to {path} (export id {export_id}).",
            total,
        )
    print(exported.format(n=total, path=done.path, export_id=done.export_id))
    if not done.recorded:
        print(
            _(
                "This export was not recorded in the database, which cannot be written now, "
                "so it cannot be named by --since later, and a subject access answer will "
                "not list it: note where it went."
            )
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from forumdesk.exchange import merge, read

    data = Path(args.file).expanduser()  # read a piece at a time, never whole
    key = read_key(args.key_file)
    allow = args.allow_unsigned
    db = _session.database(args)
    try:
        if args.dry_run:
            with db.preview_session() as session:
                report = merge.merge(session, read.check(session, data, key, allow_unsigned=allow))
        else:  # run again, whole, if it met another officer's import (Database.write)
            report = db.write(
                lambda session: merge.merge(
                    session, read.check(session, data, key, allow_unsigned=allow)
                )
            )
    except read.Unauthenticated as exc:
        hint = _("To import it anyway, this once: forumdesk import --allow-unsigned FILE.")
        raise read.FileRefused([*exc.problems, hint]) from exc
    finally:
        db.dispose()
    imported = _("Imported {file} into {database}.").format(
        file=args.file, database=db.display_name
    )
    _print_report(report, args.dry_run, args.json, imported)
    return 0


def _print_report(report: Any, dry_run: bool, as_json: bool, imported: str) -> None:
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
    print(
        _("From {source}, export {export_id}:").format(
            source=report.source, export_id=report.export_id
        )
    )
    for note in report.notes:
        print(f"  {note}")
    print(f"  {import_summary(counts)}")
    shown = [c for c in report.changes if c.action != "unchanged"]
    if shown:
        _output.print_table(
            [_("Kind"), _("Record"), _("Change"), _("Detail")],
            [(c.kind, c.label, c.action, c.detail) for c in shown[:200]],
            widths=[None, 40, None, 60],
        )
        if len(shown) > 200:
            more = len(shown) - 200
            print(ngettext("… and {n} more.", "… and {n} more.", more).format(n=more))
    if dry_run:
        print(_("Dry run: nothing was changed."))
        return
    print(imported)
    if counts["conflict"]:
        print(_("Conflicts keep this desk's values until resolved: forumdesk conflicts list"))


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    rows = _lists.rows(args)
    resolved = args.all or args.resolved
    found = _session.read(
        args, lambda s: conflicts.list_conflicts(s, include_resolved=resolved, rows=rows)
    )
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    if not found:
        print(_("No conflicts.") if resolved else _("No open conflicts."))
        return 0
    _output.print_table(
        [
            _("ID"),
            _("Record"),
            _("Field"),
            _("Base"),
            _("Mine"),
            _("Theirs"),
            _("From"),
            _("Resolved"),
        ],
        [
            (
                c.id,
                c.label,
                c.field,
                c.shown["base"],
                c.shown["mine"],
                c.shown["theirs"],
                c.source_desk,
                c.resolution_shown,
            )
            for c in found
        ],
        widths=[None, 20, None, 24, 24, 24, 24, None],
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    found = _session.read(args, lambda s: conflicts.get_conflict(s, args.id))
    print(
        _("Conflict {id}: {kind} {record}, field {field}").format(
            id=found.id, kind=found.kind, record=found.label, field=found.field
        )
    )
    print(
        "  " + _("base:   {value}  (what both desks had before)").format(value=found.shown["base"])
    )
    print("  " + _("mine:   {value}  (in force here)").format(value=found.shown["mine"]))
    print(
        "  "
        + _("theirs: {value}  (from {desk})").format(
            value=found.shown["theirs"], desk=found.source_desk
        )
    )
    if found.resolution:
        print(
            "  "
            + _("resolved: {choice} on {when}").format(
                choice=found.resolution_shown, when=f"{found.resolved_at:%Y-%m-%d %H:%M}"
            )
        )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from forumdesk.exchange import conflicts

    value: Any = args.value
    if value is not None:
        with contextlib.suppress(json.JSONDecodeError):  # else it is plain text
            value = json.loads(value)
    done = _session.run(args, lambda s: conflicts.resolve(s, args.id, args.choice, value))
    print(_("Conflict {id} resolved: {choice}.").format(id=done.id, choice=done.resolution))
    return 0


def run_export_csv(args: argparse.Namespace) -> int:
    from forumdesk.exchange import csv_log

    rows = _session.read(
        args,
        lambda s: csv_log.write_csv(s, Path(args.file), issue_filter(args), language=args.language),
    )
    print(
        ngettext("Wrote {n} issue to {path}.", "Wrote {n} issues to {path}.", rows).format(
            n=rows, path=args.file
        )
    )
    return 0


def run_import_csv(args: argparse.Namespace) -> int:
    from forumdesk.exchange import csv_log

    with _output.open_file(args.file) as data:  # read as it goes, not held
        db = _session.database(args)
        try:
            scope = db.preview_session() if args.dry_run else db.session()
            with scope as session:
                report = csv_log.import_csv(session, data)
        finally:
            db.dispose()
    created = len(report.created)
    if args.dry_run:
        summary = ngettext(
            "{n} issue would be created, {updated} updated, {unchanged} unchanged.",
            "{n} issues would be created, {updated} updated, {unchanged} unchanged.",
            created,
        )
    else:
        summary = ngettext(
            "{n} issue was created, {updated} updated, {unchanged} unchanged.",
            "{n} issues were created, {updated} updated, {unchanged} unchanged.",
            created,
        )
    print(summary.format(n=created, updated=len(report.updated), unchanged=report.unchanged))
    if report.created:
        print("  " + _("new: {references}").format(references=", ".join(report.created[:50])))
    if report.updated:
        print("  " + _("updated: {references}").format(references=", ".join(report.updated[:50])))
    if args.dry_run:
        print(_("Dry run: nothing was changed."))
    return 0
