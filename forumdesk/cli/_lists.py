"""The options every command-line list shares (``--limit N``, ``--all``) and the line that
says how many rows a list left out.

A list prints its first 200 rows unless asked for more; the limit and the count are done
in SQL (:class:`forumdesk.core.paging.RowLimit`), so a list of 55,000 matches costs what its
first 200 cost. With ``--json`` the standard output stays a JSON array of the rows shown and
the line goes to the standard error (docs/command-line.md).
"""

from __future__ import annotations

import argparse
import sys

from forumdesk.cli._parsing import positive_int
from forumdesk.core.paging import RowLimit
from forumdesk.i18n import _, ngettext

#: How many rows a list shows when neither --limit nor --all is given.
DEFAULT_ROWS = 200


def add_options(parser: argparse.ArgumentParser, *, all_help: str | None = None) -> None:
    """Adds ``--limit N`` and ``--all`` (one or the other) to a list's parser."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--limit",
        type=positive_int,
        metavar="N",
        help=_("show at most N (default {n})").format(n=DEFAULT_ROWS),
    )
    group.add_argument(
        "--all", action="store_true", help=all_help or _("show every one, not only the first ones")
    )


def rows(args: argparse.Namespace) -> RowLimit:
    """The rows a list's options ask for: every one (--all), N (--limit N) or the default."""
    if args.all:
        return RowLimit(None)
    return RowLimit(args.limit or DEFAULT_ROWS)


def say_more(args: argparse.Namespace, shown: int, total: int, *, skipped: int = 0) -> None:
    """Prints, after a list, how many matching rows it left out and how to see them.

    Nothing when none was left out. On the standard output after a table; on the standard
    error with ``--json`` (so that the output stays one JSON array).
    """
    more = total - skipped - shown
    if more <= 0:
        return
    line = ngettext(
        "{more} more is not shown: add --limit N to show N, or --all to show every one.",
        "{more} more are not shown: add --limit N to show N, or --all to show every one.",
        more,
    ).format(more=more)
    if getattr(args, "json", False):
        sys.stdout.flush()
        sys.stderr.write(f"forumdesk: {line}\n")
    else:
        print(line)
