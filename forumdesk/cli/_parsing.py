"""Argument types and the parser class: a wrong value is a usage error (exit 2) in one sentence."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NoReturn

from forumdesk.domain import enums, limits
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import N_, _

USAGE_ERROR = 2


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its own words ("usage:") in the interface language too."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2, and whose
    help speaks the interface language, argparse's own headings included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _("show this help message and exit")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version" and "help" not in kwargs:
            kwargs["help"] = _("show the version number and exit")
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        see = _("(see '{command} --help')").format(command=self.prog)
        sys.stderr.write(f"{self.prog}: {message}\n{see}\n")
        sys.exit(USAGE_ERROR)


def iso_date(text: str) -> date:
    """An argparse type: a date written 2026-03-04."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date like 2026-03-04").format(value=repr(text))
        ) from None
    try:
        limits.plausible_date("date", value)
    except InvalidValue:
        raise argparse.ArgumentTypeError(
            _("{value} is not a plausible date").format(value=repr(text))
        ) from None
    return value


#: The largest whole number any option takes: far beyond any id, count or offset a desk
#: holds, and well inside SQLite's 64-bit INTEGER (a larger one made SQLite raise
#: OverflowError, an unexpected error instead of a usage error).
LARGEST = 1_000_000_000


def _whole_number(minimum: int, rule: str) -> Callable[[str], int]:
    """``rule``: the sentence (marked with ``N_``) for a number below ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{value} is not a whole number").format(value=repr(text))
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(_(rule).format(value=repr(text)))
        if value > LARGEST:
            raise argparse.ArgumentTypeError(
                _("{value} is too large: the largest number taken is {largest:,}").format(
                    value=repr(text), largest=LARGEST
                )
            )
        return value

    return parse


#: An argparse type: a whole number of 1 or more (ids, limits).
positive_int = _whole_number(1, N_("{value} must be 1 or more"))
#: An argparse type: a whole number of 0 or more (counts, offsets).
count = _whole_number(0, N_("{value} must not be negative"))


def meeting_ref(text: str) -> str:
    """An argparse type: a meeting named by its id or by forum code and date ('BHF 2026-03-04').

    Which meeting it names is looked up in the database (core.lookup.meeting).
    """
    if not text.strip():
        raise argparse.ArgumentTypeError(
            _("a meeting is named by its id or by forum code and date")
        )
    return text.strip()


#: The help of every option that names a meeting (marked here, translated where shown).
MEETING_HELP = N_("meeting id, or forum code and date: 'BHF 2026-03-04'")


def choice_of(cls: type[enums._Labelled]) -> Callable[[str], Any]:
    """An argparse type accepting a member of ``cls`` by value, name or label."""

    def parse(text: str) -> Any:
        try:
            return cls.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = cls.__name__
    return parse
