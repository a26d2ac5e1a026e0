"""Dates in a document's own language, never in the computer's.

``strftime('%A %B')`` follows the process locale (``LC_TIME``) once anything (Qt, for
one) calls ``setlocale``; a document made on a Welsh-language system would then say
"Iau 8 Hydref 2026" inside English sentences, and its bytes would depend on the
machine. Every date a document prints is written here instead, from a table of day
and month names for the language chosen for the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from forumdesk.i18n import N_, _

if TYPE_CHECKING:
    from forumdesk.domain.document_text import DocumentText


class Language(StrEnum):
    """The languages a document can be written in."""

    ENGLISH = "en"
    WELSH = "cy"

    @property
    def tag(self) -> str:
        """The BCP 47 tag a PDF declares as its language: "en-GB"."""
        return _WORDS[self].tag

    @property
    def label(self) -> str:
        """The language's name in the interface language: "Welsh"."""
        return _(_NAMES[self])


_NAMES = {Language.ENGLISH: N_("English"), Language.WELSH: N_("Welsh")}


class _Interface:
    """The language of the window and the command line's messages, whichever is chosen
    when a date is shown (``config set interface_language``); documents are given theirs
    explicitly."""

    def __repr__(self) -> str:
        return "INTERFACE"  # i18n: not text


INTERFACE = _Interface()
#: A document's language, or the interface's.
Shown = Language | _Interface


def _words(language: Shown) -> _DateWords:
    if isinstance(language, _Interface):
        from forumdesk.i18n import interface_language

        chosen = interface_language()
        language = Language(chosen) if chosen in {m.value for m in Language} else Language.ENGLISH
    return _WORDS[language]


@dataclass(frozen=True)
class _DateWords:
    tag: str
    days: tuple[str, ...]  # Monday first, as date.weekday() counts
    months: tuple[str, ...]  # January first

    def long(self, day: date) -> str:
        return f"{self.days[day.weekday()]} {self.day_month_year(day)}"

    def day_month_year(self, day: date) -> str:
        return f"{day.day} {self.months[day.month - 1]} {day.year}"

    def short(self, day: date) -> str:
        return f"{day.day} {self.short_months[day.month - 1]} {day.year}"

    @property
    def short_months(self) -> tuple[str, ...]:
        return tuple(month[:3] for month in self.months)


@dataclass(frozen=True)
class _WelshDateWords(_DateWords):
    """Welsh dates as Welsh councils print them: "Dydd Iau 8 Hydref 2026", "8 Hyd 2026".

    After a numeral the month keeps its radical form in this style, so no mutation is
    needed; the short months are the customary abbreviations, not the first three letters
    ("Chwef", not "Chw")."""

    abbreviated: tuple[str, ...] = ()

    @property
    def short_months(self) -> tuple[str, ...]:
        return self.abbreviated


_WORDS: dict[Language, _DateWords] = {
    Language.ENGLISH: _DateWords(
        tag="en-GB",
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
    ),
    Language.WELSH: _WelshDateWords(
        tag="cy-GB",
        days=(
            "Dydd Llun",
            "Dydd Mawrth",
            "Dydd Mercher",
            "Dydd Iau",
            "Dydd Gwener",
            "Dydd Sadwrn",
            "Dydd Sul",
        ),
        months=(
            "Ionawr",
            "Chwefror",
            "Mawrth",
            "Ebrill",
            "Mai",
            "Mehefin",
            "Gorffennaf",
            "Awst",
            "Medi",
            "Hydref",
            "Tachwedd",
            "Rhagfyr",
        ),
        abbreviated=(
            "Ion",
            "Chwef",
            "Maw",
            "Ebr",
            "Mai",
            "Meh",
            "Gorff",
            "Awst",
            "Medi",
            "Hyd",
            "Tach",
            "Rhag",
        ),
    ),
}


def long_date(day: date, language: Shown | DocumentText) -> str:
    """The date with its weekday, as minutes print it: "Thursday 8 October 2026"."""
    if not isinstance(language, Language | _Interface):  # a document's own text
        return language.long_date(day)
    return _words(language).long(day)


def day_month_year(day: date, language: Shown | DocumentText) -> str:
    """The date without its weekday: "8 October 2026"."""
    if not isinstance(language, Language | _Interface):  # a document's own text
        return language.day_month_year(day)
    return _words(language).day_month_year(day)


def short_date(day: date, language: Shown | DocumentText) -> str:
    """The date with its month shortened, for lists and titles: "8 Oct 2026"."""
    if not isinstance(language, Language | _Interface):  # a document's own text
        return language.short_date(day)
    return _words(language).short(day)


def local_moment(moment: datetime) -> datetime:
    """A moment in this computer's time zone, for showing it.

    A moment at the very edge of what Python's datetime holds (31 December 9999 from a
    damaged or hostile file) cannot move east of UTC (``OverflowError``) or a naive one
    past 9999 (``ValueError``): it is shown as it is stored, in UTC, rather than breaking
    the view that shows it.
    """
    try:
        return moment.astimezone()
    except (OverflowError, ValueError):
        return moment


def date_and_time(moment: datetime, language: Shown) -> str:
    """A moment in local time as a window shows it: "8 Oct 2026 18:30"."""
    local = local_moment(moment)
    return f"{short_date(local.date(), language)} {local:%H:%M}"
