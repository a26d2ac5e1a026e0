"""The `forumdesk` command: a thin face over the core services (no Qt unless the GUI opens).

Exit codes: 0 success, 1 failure, 2 wrong usage, 3 input refused (nothing changed).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

from forumdesk import __version__
from forumdesk.domain.errors import ForumDeskError
from forumdesk.i18n import _

if TYPE_CHECKING:  # argparse is not imported when only the window opens
    import argparse

    from forumdesk.cli._parsing import Parser


def build_parser() -> Parser:
    """The whole command tree; each module adds its own commands."""
    from forumdesk.cli import (
        _parsing,
        cmd_actions,
        cmd_admin,
        cmd_config,
        cmd_desk,
        cmd_engagements,
        cmd_exchange,
        cmd_forums,
        cmd_issues,
        cmd_meetings,
        cmd_minutes,
        cmd_offers,
        cmd_people,
        cmd_reports,
        cmd_retention,
    )

    parser = _parsing.Parser(
        prog="forumdesk",
        description=_(
            "Record, minute and follow up what residents raise at area forums. "
            "With no command, opens the ForumDesk window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"forumdesk {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check that this installation works (a database, the window, minutes, an "
            "exchange), in a temporary folder; exit 0 only if all of it did"
        ),
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_("the database file or URL (default: $FORUMDESK_DB, else one in your data folder)"),
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_parsing.Parser
    )
    for module in (
        cmd_admin,
        cmd_config,
        cmd_desk,
        cmd_exchange,
        cmd_forums,
        cmd_meetings,
        cmd_issues,
        cmd_actions,
        cmd_engagements,
        cmd_minutes,
        cmd_offers,
        cmd_people,
        cmd_reports,
        cmd_retention,
    ):
        module.register(commands)
    return parser


def _gui_database(argv: Sequence[str]) -> tuple[bool, str | None, str | None]:
    """Whether the arguments only open the window (``[--db PATH] [FILE.forumdesk.json]``),
    the PATH, and the exchange FILE to import once it is open (as a file manager opens
    one, or the desktop entry passes it).

    The window's start-up skips building the command tree: every millisecond before
    the first window counts (benchmarks/gui.py).
    """
    rest = list(argv)
    database = None
    if len(rest) >= 2 and rest[0] == "--db":
        database, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        database, rest = rest[0].removeprefix("--db="), rest[1:]
    if not rest:
        return True, database, None
    if len(rest) == 1 and rest[0].lower().endswith(".json"):  # no command ends so
        return True, database, rest[0]
    return False, None, None


def _no_screen() -> bool:
    """Whether the window has nowhere to show: on Linux without X11 or Wayland, Qt aborts
    the process (exit 134) with a message about plugins. A platform chosen on purpose
    (``QT_QPA_PLATFORM=offscreen``, ``vnc``) is left to Qt."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _use_chosen_language() -> None:
    """The interface speaks the language set (``config set interface_language``)."""
    from forumdesk import user_settings
    from forumdesk.i18n import chosen_language, use_language

    use_language(chosen_language(user_settings.load().get("interface_language", "system")))


def window() -> int:
    """The ``forumdesk-window`` entry: the window alone, as a desktop launcher starts it
    (on Windows a gui-script opens no console). ``--db PATH`` chooses the database."""
    arguments = sys.argv[1:]
    if not _gui_database(arguments)[0]:
        arguments = []
    return main(arguments)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command and returns its exit code; errors are one sentence on stderr."""
    if argv is None:  # the program itself, not a caller that chose the language already
        _use_chosen_language()
    arguments = list(sys.argv[1:] if argv is None else argv)
    gui_only, database, to_import = _gui_database(arguments)
    args = None if gui_only else build_parser().parse_args(arguments)
    if args is not None and args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed
        from forumdesk.gui.selftest import run as self_test

        return self_test()
    if args is None or args.command is None:
        return _run(args, database, to_import)
    from forumdesk.cli._output import terminal_safe

    with terminal_safe():  # names and titles from files and older versions, shown safely
        return _run(args, database)


def _after_command(*, take_backups: bool) -> None:
    """Takes (or forgets) the automatic backups due of the databases the command opened."""
    session = sys.modules.get("forumdesk.cli._session")
    if session is not None:  # only a command that opened a database imported it
        session.after_command(take_backups=take_backups)


def _run(
    args: argparse.Namespace | None, database: str | None, to_import: str | None = None
) -> int:
    try:
        if args is None or args.command is None:
            # Opening the window makes a great many objects and no garbage: the cycle
            # collector would only walk them again and again. It comes back (with those
            # objects set aside for good) once the window is up; see gui.app._collect_again.
            gc.disable()
            if _no_screen():
                sys.stderr.write(
                    _(
                        "forumdesk: there is no screen to open the window on (neither DISPLAY "
                        "nor WAYLAND_DISPLAY is set). Everything can also be done from the "
                        "command line: see 'forumdesk --help'.\n"
                    )
                )
                return 1
            from forumdesk.gui.start import start
            from forumdesk.user_settings import default_database

            chosen = database if args is None else args.db
            # Only the default file is made without asking (the first run).
            return start(
                chosen or default_database(),
                ask_before_creating=chosen is not None,
                import_file=to_import,
            )
        try:
            code = int(args.handler(args) or 0)
        except BaseException:
            _after_command(take_backups=False)  # a failed command takes none; the next one does
            raise
        _after_command(take_backups=True)  # the automatic backup due, once the answer is out
        return code
    except ForumDeskError as exc:
        sys.stderr.write(f"forumdesk: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (| head): nothing to say to anyone
        # Python's documented remedy: point stdout at devnull so the exit flush is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(
            "forumdesk: " + _("interrupted; the last completed change is saved.") + "\n"
        )
        return 1
    except Exception as exc:  # the promise is no traceback, only a sentence
        if os.environ.get("FORUMDESK_DEBUG"):
            traceback.print_exc()
        from forumdesk.db.server import masked  # a URL's password, should one be in it
        from forumdesk.logs import log_unexpected

        command = " ".join(
            a for a in (getattr(args, "command", None), getattr(args, "verb", None)) if a
        )
        # For the log, read by whoever helps the user: not translated.
        doing = f"the command 'forumdesk {command}'" if command else "the window"  # i18n: not text
        log = log_unexpected(exc, doing)
        where = (
            _("The details are in the log: {path}.").format(path=log)
            if log is not None
            else _("Set FORUMDESK_DEBUG=1 to see the details.")
        )
        sys.stderr.write(
            "forumdesk: "
            + _("unexpected error ({error}); nothing was changed. {where}").format(
                error=masked(f"{type(exc).__name__}: {exc}"), where=where
            )
            + "\n"
        )
        return 1
