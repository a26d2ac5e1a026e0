"""Argument types and the parser class: a wrong value is a usage error (exit 2) in one sentence."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn

from forumdesk.domain import enums, limits
from forumdesk.domain.errors import InvalidValue

USAGE_ERROR = 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message}\n(see '{self.prog} --help')\n")
        sys.exit(USAGE_ERROR)


def iso_date(text: str) -> date:
    """An argparse type: a date written 2026-03-04."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-04") from None
    try:
        limits.plausible_date("date", value)
    except InvalidValue:
        raise argparse.ArgumentTypeError(f"{text!r} is not a plausible date") from None
    return value


def _whole_number(minimum: int, rule: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} {rule}")
        return value

    return parse


#: An argparse type: a whole number of 1 or more (ids, limits).
positive_int = _whole_number(1, "must be 1 or more")
#: An argparse type: a whole number of 0 or more (counts, offsets).
count = _whole_number(0, "must not be negative")


def meeting_ref(text: str) -> str:
    """An argparse type: a meeting named by its id or by forum code and date ('BHF 2026-03-04').

    Which meeting it names is looked up in the database (core.lookup.meeting).
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("a meeting is named by its id or by forum code and date")
    return text.strip()


#: The help of every option that names a meeting.
MEETING_HELP = "meeting id, or forum code and date: 'BHF 2026-03-04'"


def choice_of(cls: type[enums._Labelled]) -> Callable[[str], Any]:
    """An argparse type accepting a member of ``cls`` by value, name or label."""

    def parse(text: str) -> Any:
        try:
            return cls.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = cls.__name__
    return parse
