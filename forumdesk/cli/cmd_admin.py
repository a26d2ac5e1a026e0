"""Commands that look after the database: init, demo, stats, check, backup, restore."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from forumdesk.cli import _output, _session
from forumdesk.core import demo
from forumdesk.core.stats import stats
from forumdesk.db import backup, restore
from forumdesk.db.engine import is_sqlite
from forumdesk.db.store import to_url
from forumdesk.domain.errors import InputRefused, NoDatabase, NotFound, StoreError
from forumdesk.domain.text import count
from forumdesk.paths import backup_dir


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create the database (or upgrade it)")
    init.set_defaults(handler=run_init)

    fill = commands.add_parser(
        "demo", help="fill an empty database with a realistic demo (two forums, 60+ issues)"
    )
    fill.set_defaults(handler=run_demo)

    counts = commands.add_parser("stats", help="counts of forums, meetings, issues per stage")
    counts.add_argument("--forum", help="only this forum (code or id)")
    counts.add_argument("--json", action="store_true", help="print JSON")
    counts.set_defaults(handler=run_stats)

    check = commands.add_parser(
        "check", help="check the database's integrity; exit 0 only when it is sound"
    )
    check.set_defaults(handler=run_check)

    copy = commands.add_parser("backup", help="write a verified copy of the database")
    copy.add_argument(
        "dest", nargs="?", help="where to write it (default: a new rotating automatic backup)"
    )
    copy.add_argument(
        "--list",
        action="store_true",
        help="list the backups beside the database, with their dates and whether they verify",
    )
    copy.set_defaults(handler=run_backup)

    put_back = commands.add_parser(
        "restore",
        help="put a backup back in place of the database (the file it replaces is kept)",
    )
    put_back.add_argument(
        "backup",
        nargs="?",
        help="the backup file (default: the newest backup that passes its check)",
    )
    put_back.set_defaults(handler=run_restore)


def run_init(args: argparse.Namespace) -> int:
    db = _session.database(args, create=True)
    print(f"The ForumDesk database at {db.display_name} is ready (desk {db.desk_uuid}).")
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
        f"Demo ready in {db.display_name}: {count(made.forums, 'forum')}, "
        f"{count(made.meetings, 'meeting')}, {count(made.issues, 'issue')}, "
        f"{count(made.actions, 'action')}."
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
    print(f"Forums:       {counts.forums}")
    print(f"Meetings:     {counts.meetings}")
    print(f"Issues:       {counts.issues}")
    print(f"Open actions: {counts.actions_open}")
    print("\nIssues per policy stage")
    _output.print_table(
        ["#", "Stage", "Issues"],
        [(s.number, s.label, n) for s, n in counts.issues_by_stage.items()],
    )
    print("\nIssues per status")
    _output.print_table(["Status", "Issues"], list(counts.issues_by_status.items()))
    print("\nMeetings per format")
    _output.print_table(["Format", "Meetings"], list(counts.meetings_by_format.items()))
    return 0


def _database_file(args: argparse.Namespace) -> Path:
    url = to_url(_session.target(args))
    if not is_sqlite(url):
        raise StoreError("check and backup work on a SQLite file; a server has its own tools.")
    path = Path(make_url(url).database or "")
    if not path.is_file():
        raise NoDatabase(str(path))
    return path


def run_check(args: argparse.Namespace) -> int:
    path = _database_file(args)
    # Refuses files that are not ours; no automatic backup of a file being checked, and
    # no quick check either: the full check below says what is wrong.
    _session.database(args, auto_backup=False, verify=False).dispose()
    health = backup.check_file(path)
    if health.ok:
        print(f"{path}: integrity ok, no foreign key violations.")
        return 0
    print(f"{path}: the database has problems.")
    for line in health.integrity:
        if line != "ok":
            print(f"  integrity: {line}")
    for row in health.foreign_key_violations:
        print(f"  foreign key: table {row[0]} row {row[1]} refers to a missing {row[2]}")
    return 1


def run_backup(args: argparse.Namespace) -> int:
    if args.list:
        if args.dest:
            raise InputRefused("backup --list takes no destination.")
        return _list_backups(_database_path(args))
    path = _database_file(args)
    _session.database(args, auto_backup=False).dispose()
    if args.dest:
        dest = Path(args.dest).expanduser()
        if dest.is_dir():
            dest = dest / f"{path.stem}-backup.sqlite"
        if dest.resolve() == path.resolve():
            raise StoreError("The backup cannot overwrite the database itself.")
        written = backup.copy_database(path, dest)
    else:
        written = backup.rotating_backup(path, reason="manual")
    print(f"Backup written and verified: {written}")
    return 0


def _database_path(args: argparse.Namespace) -> Path:
    url = to_url(_session.target(args))
    if not is_sqlite(url):
        raise StoreError("backup and restore work on a SQLite file; a server has its own tools.")
    return Path(make_url(url).database or "")


def _list_backups(path: Path) -> int:
    found = restore.survey(path)
    if not found:
        print(f"There are no backups of {path} in {backup_dir(path)}.")
        return 0
    print(f"{count(len(found), 'backup')} of {path}, newest first, in {backup_dir(path)}:")
    _output.print_table(
        ["Taken", "Kind", "Size", "Verifies", "File"],
        [
            (
                f"{info.taken.astimezone():%d %b %Y %H:%M:%S}",
                info.kind,
                _size(info.size),
                "yes" if info.ok else f"no: {info.health.describe()}",
                info.path.name,
            )
            for info in found
        ],
    )
    return 0


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def run_restore(args: argparse.Namespace) -> int:
    path = _database_path(args)
    if args.backup:
        source = Path(args.backup).expanduser()
        if not source.is_file():
            raise NotFound(f"There is no backup file at {source}.")
        if source.resolve() == path.resolve():
            raise InputRefused("A database cannot be restored from itself.")
        when, _kind = restore.taken_at(source)
    else:
        if restore.is_sound(path):
            raise InputRefused(
                f"{path} passes its check, so it is left as it is. To go back to a backup "
                "all the same, name it: forumdesk restore BACKUP (forumdesk backup --list "
                "shows them)."
            )
        newest = restore.newest_sound(path)
        if newest is None:
            raise StoreError(
                f"No backup of {path} in {backup_dir(path)} passes its check, so there is "
                "nothing to restore from; the database was left as it is."
            )
        source, when = newest.path, newest.taken
    aside = restore.restore_database(source, path)
    print(f"Restored {path} from the backup taken {when.astimezone():%d %b %Y at %H:%M}.")
    if aside is not None:
        print(f"The file it replaced is kept as {aside}.")
    return 0
