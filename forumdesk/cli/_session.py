"""Opening the database a command names."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from forumdesk.core.erasure import reapply_logged
from forumdesk.db import store
from forumdesk.db.engine import Database
from forumdesk.db.store import open_database
from forumdesk.i18n import _
from forumdesk.user_settings import default_database

T = TypeVar("T")


def target(args: argparse.Namespace) -> str:
    """The database named by --db, $FORUMDESK_DB, or the default file."""
    return args.db or default_database()


def database(
    args: argparse.Namespace,
    *,
    create: bool = False,
    auto_backup: bool = True,
    verify: bool = True,
    retention: bool = True,
) -> Database:
    """Opens (and upgrades when needed) the database for a command.

    Only ``init`` and ``demo`` create a missing database (``create``); every other
    command refuses it, so a mistyped ``--db`` makes no file.
    An opening for work (with its automatic backup) erases residents' details past the
    retention period first (:func:`forumdesk.core.retention.apply_on_opening`), unless
    ``retention`` is false (the settings and retention commands themselves).
    Warnings about the database (a full disk, a read-only folder, erasures applied again
    to a restored copy) go to stderr. An automatic backup due is taken after the command
    has done its work and printed its answer (:func:`after_command`).
    """
    db = open_database(target(args), create=create, auto_backup=auto_backup, verify=verify)
    if db.backup_due is not None:
        _backups_due.append(db)
    reapply_logged(db)  # a backup put back is erased again (core/erasure.py)
    if retention and auto_backup:
        from forumdesk.core.retention import apply_on_opening

        if erased := apply_on_opening(db):
            sys.stderr.write(f"forumdesk: {erased}\n")
    for warning in db.warnings:
        sys.stderr.write("forumdesk: " + _("warning: {warning}").format(warning=warning) + "\n")
    return db


#: The databases this command opened whose automatic backup is due.
_backups_due: list[Database] = []


def after_command(*, take_backups: bool = True) -> None:
    """Takes the automatic backups due, once the command's answer is out (or forgets them,
    after a command that failed: the next command finds them due again).

    The answer is flushed first, so that a person (or a script reading the output) has it
    before the backup starts; a failed backup is a warning on stderr, as it always was.
    """
    if not take_backups:
        _backups_due.clear()
        return
    with contextlib.suppress(OSError, ValueError):  # the reader went away: back up all the same
        sys.stdout.flush()
    while _backups_due:
        problem = store.backup_if_due(_backups_due.pop(0))
        if problem is not None:
            sys.stderr.write("forumdesk: " + _("warning: {warning}").format(warning=problem) + "\n")


def run(args: argparse.Namespace, work: Callable[[Session], T], *, retention: bool = True) -> T:
    """Runs one writing unit of work on the command's database, then closes it.

    The unit holds the write lock from its start, so another program writing at the same
    moment makes it wait rather than fail; on a database server a unit that lost a race
    with another officer's transaction is run again (``Database.write``).
    """
    db = database(args, retention=retention)
    try:
        return db.write(work)
    finally:
        db.dispose()


def read(args: argparse.Namespace, work: Callable[[Session], T], *, retention: bool = True) -> T:
    """Runs a unit of work that only reads (it neither waits for nor holds up a writer)."""
    db = database(args, retention=retention)
    try:
        with db.read_session() as session:
            return work(session)
    finally:
        db.dispose()
