"""The `forumdesk` command: a thin face over the core services (no Qt unless the GUI opens).

Exit codes: 0 success, 1 failure, 2 wrong usage, 3 input refused (nothing changed).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from forumdesk import __version__
from forumdesk.cli import cmd_actions, cmd_admin, cmd_forums, cmd_issues, cmd_meetings
from forumdesk.cli._parsing import Parser
from forumdesk.domain.errors import ForumDeskError

COMMAND_MODULES = (cmd_admin, cmd_forums, cmd_meetings, cmd_issues, cmd_actions)


def build_parser() -> Parser:
    """The whole command tree; each module adds its own commands."""
    parser = Parser(
        prog="forumdesk",
        description="Record, minute and follow up what residents raise at area forums. "
        "With no command, opens the ForumDesk window.",
    )
    parser.add_argument("--version", action="version", version=f"forumdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file or URL (default: $FORUMDESK_DB, else one in your data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command and returns its exit code; errors are one sentence on stderr."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from forumdesk.cli.cmd_admin import open_gui

            return open_gui(args)
        return int(args.handler(args) or 0)
    except ForumDeskError as exc:
        sys.stderr.write(f"forumdesk: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("forumdesk: interrupted; the last completed change is saved.\n")
        return 1
    except Exception as exc:  # the promise is no traceback, only a sentence
        if os.environ.get("FORUMDESK_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(
            f"forumdesk: unexpected error ({type(exc).__name__}: {exc}); nothing was changed. "
            "Set FORUMDESK_DEBUG=1 to see the details.\n"
        )
        return 1
