"""Commands that look after the database: init, demo, stats, check, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from forumdesk.cli import _output, _session
from forumdesk.core import demo
from forumdesk.core.stats import stats
from forumdesk.db import backup, restore, server
from forumdesk.db.engine import is_sqlite
from forumdesk.db.store import to_url
from forumdesk.domain.errors import InputRefused, NoDatabase, NotFound, StoreError
from forumdesk.domain.language import INTERFACE, local_moment, short_date
from forumdesk.i18n import _, ngettext
from forumdesk.paths import backup_dir


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("create the database (or upgrade it)"))
    init.set_defaults(handler=run_init)

    fill = commands.add_parser(
        "demo", help=_("fill an empty database with a realistic demo (two forums, 60+ issues)")
    )
    fill.set_defaults(handler=run_demo)

    counts = commands.add_parser("stats", help=_("counts of forums, meetings, issues per stage"))
    counts.add_argument("--forum", help=_("only this forum (code or id)"))
    counts.add_argument("--json", action="store_true", help=_("print JSON"))
    counts.set_defaults(handler=run_stats)

    check = commands.add_parser(
        "check", help=_("check the database's integrity; exit 0 only when it is sound")
    )
    check.set_defaults(handler=run_check)

    copy = commands.add_parser("backup", help=_("write a verified copy of the database"))
    copy.add_argument(
        "dest", nargs="?", help=_("where to write it (default: a new rotating automatic backup)")
    )
    copy.add_argument(
        "--list",
        action="store_true",
        help=_("list the backups beside the database, with their dates and whether they verify"),
    )
    copy.set_defaults(handler=run_backup)

    move = commands.add_parser(
        "migrate-to",
        help=_(
            "copy this whole desk into an empty database (a PostgreSQL URL or a new "
            "SQLite file), checked by comparing the two databases' exports"
        ),
    )
    move.add_argument(
        "target", metavar="URL", help=_("the empty database: postgresql://user@host/name or a path")
    )
    move.set_defaults(handler=run_migrate_to)

    put_back = commands.add_parser(
        "restore",
        help=_("put a backup back in place of the database (the file it replaces is kept)"),
    )
    put_back.add_argument(
        "backup",
        nargs="?",
        help=_("the backup file (default: the newest backup that passes its check)"),
    )
    put_back.add_argument(
        "--other-desk",
        action="store_true",
        help=_("put back a database of another desk (refused without this)"),
    )
    put_back.set_defaults(handler=run_restore)


def run_init(args: argparse.Namespace) -> int:
    db = _session.database(args, create=True)
    print(
        _("The ForumDesk database at {database} is ready (desk {desk}).").format(
            database=db.display_name, desk=db.desk_uuid
        )
    )
    db.dispose()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    db = _session.database(args, create=True)
    try:
        with db.session() as session:
            made = demo.fill_demo(session)
    finally:
        db.dispose()
    print(
        _(
            "Demo ready in {database}: {forums}, {meetings}, {issues}, {actions}, {engagements}."
        ).format(
            database=db.display_name,
            forums=ngettext("{n} forum", "{n} forums", made.forums).format(n=made.forums),
            meetings=ngettext("{n} meeting", "{n} meetings", made.meetings).format(n=made.meetings),
            issues=ngettext("{n} issue", "{n} issues", made.issues).format(n=made.issues),
            actions=ngettext("{n} action", "{n} actions", made.actions).format(n=made.actions),
            engagements=ngettext("{n} engagement", "{n} engagements", made.engagements).format(
                n=made.engagements
            ),
        )
    )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    db = _session.database(args)
    try:
        with db.read_session() as session:
            counts = stats(session, args.forum)
    finally:
        db.dispose()
    if args.json:
        _output.print_json(counts)
        return 0
    totals = (
        (_("Forums:"), counts.forums),
        (_("Meetings:"), counts.meetings),
        (_("Issues:"), counts.issues),
        (_("Open actions:"), counts.actions_open),
    )
    width = max(len(label) for label, _n in totals)
    for label, number in totals:
        print(f"{label:<{width}} {number}")
    print("\n" + _("Issues per policy stage"))
    _output.print_table(
        ["#", _("Stage"), _("Issues")],
        [(s.number, s.label, n) for s, n in counts.issues_by_stage.items()],
    )
    print("\n" + _("Issues per status"))
    _output.print_table([_("Status"), _("Issues")], list(counts.issues_by_status.items()))
    print("\n" + _("Meetings per format"))
    _output.print_table([_("Format"), _("Meetings")], list(counts.meetings_by_format.items()))
    return 0


def _database_file(args: argparse.Namespace) -> Path:
    url = to_url(_session.target(args))
    if not is_sqlite(url):
        raise StoreError(_("check and backup work on a SQLite file; a server has its own tools."))
    path = Path(make_url(url).database or "")
    if not path.is_file():
        raise NoDatabase(str(path))
    return path


def _server_url(args: argparse.Namespace) -> str | None:
    """The URL of the command's database when it is on a server (None for a file)."""
    url = to_url(_session.target(args))
    return None if is_sqlite(url) else url


def _check_server(args: argparse.Namespace, url: str) -> int:
    """``check`` of a database on a server: it can be reached, it is ForumDesk's (at the
    schema this version expects once opened) and its constraints and indexes are there."""
    db = _session.database(args, auto_backup=False, verify=False)
    try:
        with db.engine.connect() as connection:
            problems = server.check(connection)
            connection.rollback()
    except DBAPIError as exc:
        raise StoreError(db.describe_error(exc)) from exc
    finally:
        db.dispose()
    name = server.shown(url)
    if not problems:
        print(
            _(
                "{database}: reached, schema up to date, every constraint and index in place."
            ).format(database=name)
        )
        return 0
    print(_("{database}: the database has problems.").format(database=name))
    for problem in problems:
        print("  " + problem)
    return 1


def _server_backups(url: str, dest: str | None) -> InputRefused:
    """What ``backup`` says of a database on a server: it is backed up with pg_dump."""
    return InputRefused(server.backup_advice(url, dest))


def run_check(args: argparse.Namespace) -> int:
    url = _server_url(args)
    if url is not None:
        return _check_server(args, url)
    path = _database_file(args)
    # Refuses files that are not ours; no automatic backup of a file being checked, and
    # no quick check either: the full check below says what is wrong.
    _session.database(args, auto_backup=False, verify=False).dispose()
    health = backup.check_file(path)
    if health.ok:
        print(_("{path}: integrity ok, no foreign key violations.").format(path=path))
        return 0
    print(_("{path}: the database has problems.").format(path=path))
    for line in health.integrity:
        if line != "ok":
            print("  " + _("integrity: {problem}").format(problem=line))
    for row in health.foreign_key_violations:
        print(
            "  "
            + _("foreign key: table {table} row {row} refers to a missing {parent}").format(
                table=row[0], row=row[1], parent=row[2]
            )
        )
    return 1


def run_backup(args: argparse.Namespace) -> int:
    url = _server_url(args)
    if url is not None:
        raise _server_backups(url, None if args.list else args.dest)
    if args.list:
        if args.dest:
            raise InputRefused(_("backup --list takes no destination."))
        return _list_backups(_database_path(args))
    path = _database_file(args)
    _session.database(args, auto_backup=False).dispose()
    if args.dest:
        dest = Path(args.dest).expanduser()
        if dest.is_dir():
            dest = dest / f"{path.stem}-backup.sqlite"
        if dest.resolve() == path.resolve():
            raise StoreError(_("The backup cannot overwrite the database itself."))
        written = backup.copy_database(path, dest)
    else:
        written = backup.rotating_backup(path, reason="manual")
    print(_("Backup written and verified: {path}").format(path=written))
    return 0


def _database_path(args: argparse.Namespace) -> Path:
    url = to_url(_session.target(args))
    if not is_sqlite(url):
        raise StoreError(_("backup and restore work on a SQLite file; a server has its own tools."))
    return Path(make_url(url).database or "")


def _taken(moment: Any) -> str:
    """When a backup was taken, in this computer's time and the interface's language."""
    local = local_moment(moment)
    return f"{short_date(local.date(), INTERFACE)} {local:%H:%M:%S}"


def _list_backups(path: Path) -> int:
    found = restore.survey(path)
    if not found:
        print(
            _("There are no backups of {path} in {folder}.").format(
                path=path, folder=backup_dir(path)
            )
        )
        return 0
    print(
        ngettext(
            "{n} backup of {path}, newest first, in {folder}:",
            "{n} backups of {path}, newest first, in {folder}:",
            len(found),
        ).format(n=len(found), path=path, folder=backup_dir(path))
    )
    _output.print_table(
        [_("Taken"), _("Kind"), _("Size"), _("Verifies"), _("File")],
        [
            (
                _taken(info.taken),
                info.kind,
                _size(info.size),
                _("yes") if info.ok else _("no: {problem}").format(problem=info.health.describe()),
                info.path.name,
            )
            for info in found
        ],
    )
    return 0


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return _("{size} KB").format(size=f"{size / 1024:.0f}")
    return _("{size} MB").format(size=f"{size / 1024 / 1024:.1f}")


def run_restore(args: argparse.Namespace) -> int:
    url = _server_url(args)
    if url is not None:
        raise InputRefused(
            _(
                "{database} is on a PostgreSQL server: a backup taken with pg_dump is put "
                "back, into an empty database, with the server's own tool:\n  {command}"
            ).format(
                database=server.shown(url),
                command=server.restore_command(url, args.backup or "BACKUP.dump"),
            )
        )
    path = _database_path(args)
    if args.backup:
        source = Path(args.backup).expanduser()
        if not source.is_file():
            raise NotFound(_("There is no backup file at {path}.").format(path=source))
        if source.resolve() == path.resolve():
            raise InputRefused(_("A database cannot be restored from itself."))
        when, _kind = restore.taken_at(source)
    else:
        if restore.is_sound(path):
            raise InputRefused(
                _(
                    "{path} passes its check, so it is left as it is. To go back to a backup "
                    "all the same, name it: forumdesk restore BACKUP (forumdesk backup --list "
                    "shows them)."
                ).format(path=path)
            )
        newest = restore.newest_sound(path)
        if newest is None:
            raise StoreError(
                _(
                    "No backup of {path} in {folder} passes its check, so there is "
                    "nothing to restore from; the database was left as it is."
                ).format(path=path, folder=backup_dir(path))
            )
        source, when = newest.path, newest.taken
    aside = restore.restore_database(source, path, other_desk=args.other_desk)
    taken = local_moment(when)
    print(
        _("Restored {path} from the backup taken {day} at {time}.").format(
            path=path, day=short_date(taken.date(), INTERFACE), time=f"{taken:%H:%M}"
        )
    )
    if aside is not None:
        print(_("The file it replaced is kept as {path}.").format(path=aside))
    # Opening it applies again the erasures made since the backup was taken.
    _session.database(args, auto_backup=False).dispose()
    return 0


#: A desk with more rows than this has its copy's progress told on stderr.
_TELL_PROGRESS_ABOVE = 10_000


def run_migrate_to(args: argparse.Namespace) -> int:
    from forumdesk.db import transfer
    from forumdesk.exchange import export

    target = to_url(args.target)
    told = [0]

    def progress(done: int, total: int) -> None:
        due = done - told[0] >= _TELL_PROGRESS_ABOVE or (done == total and told[0] < total)
        if total > _TELL_PROGRESS_ABOVE and due:
            told[0] = done
            sys.stderr.write(
                "forumdesk: "
                + ngettext(
                    "copied {done} of {total} row",
                    "copied {done} of {total} rows",
                    total,
                ).format(done=f"{done:,}", total=f"{total:,}")
                + "\n"
            )

    db = _session.database(args)
    try:
        with transfer.copying(db, target, progress) as copy:
            before = export.content_sha256(copy.source)
            after = export.content_sha256(copy.target)
            if before != after:
                raise StoreError(
                    _(
                        "The copy in {target} does not give the same export as {source}, so "
                        "it was not kept: nothing was left in {target}."
                    ).format(target=transfer.shown(target), source=db.display_name)
                )
    finally:
        db.dispose()
    rows = transfer.rows_in(copy.counts)
    named = _named_counts(copy.counts)
    print(
        ngettext(
            "Copied {source} into {target}: {rows} row in all ({named}).",
            "Copied {source} into {target}: {rows} rows in all ({named}).",
            rows,
        ).format(
            source=db.display_name, target=transfer.shown(target), rows=f"{rows:,}", named=named
        )
    )
    print(
        _(
            "Both give the same export, every record with its UUID and version "
            "(content hash {digest})."
        ).format(digest=after)
    )
    print(_("Open it with: forumdesk --db {target}").format(target=_quoted(transfer.named(target))))
    return 0


def _named_counts(counts: dict[str, int]) -> str:
    """The records a copy holds that a person counts: forums, meetings, issues and so on."""
    forums, meetings = counts.get("forum", 0), counts.get("meeting", 0)
    issues, actions = counts.get("issue", 0), counts.get("action", 0)
    engagements = counts.get("engagement", 0)
    return ", ".join(
        (
            ngettext("{n} forum", "{n} forums", forums).format(n=forums),
            ngettext("{n} meeting", "{n} meetings", meetings).format(n=meetings),
            ngettext("{n} issue", "{n} issues", issues).format(n=issues),
            ngettext("{n} action", "{n} actions", actions).format(n=actions),
            ngettext("{n} engagement", "{n} engagements", engagements).format(n=engagements),
        )
    )


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)
