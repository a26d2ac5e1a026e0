"""Dates in a document's language, whatever the computer's language is."""

from __future__ import annotations

from datetime import date

from forumdesk.domain.language import Language, day_month_year, long_date


def test_english_dates_for_every_weekday_and_month() -> None:
    assert long_date(date(2026, 10, 8), Language.ENGLISH) == "Thursday 8 October 2026"
    assert day_month_year(date(2026, 11, 3), Language.ENGLISH) == "3 November 2026"
    week = [long_date(date(2026, 6, d), Language.ENGLISH).split()[0] for d in range(1, 8)]
    assert week == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    months = [day_month_year(date(2026, m, 1), Language.ENGLISH).split()[1] for m in range(1, 13)]
    assert months[0] == "January" and months[4] == "May" and months[11] == "December"
    assert Language.ENGLISH.tag == "en-GB"


def test_welsh_dates_as_welsh_councils_print_them() -> None:
    from forumdesk.domain.language import short_date

    assert long_date(date(2026, 10, 8), Language.WELSH) == "Dydd Iau 8 Hydref 2026"
    week = [" ".join(long_date(date(2026, 6, d), Language.WELSH).split()[:2]) for d in range(1, 8)]
    assert week == [
        "Dydd Llun",
        "Dydd Mawrth",
        "Dydd Mercher",
        "Dydd Iau",
        "Dydd Gwener",
        "Dydd Sadwrn",
        "Dydd Sul",
    ]
    assert day_month_year(date(2026, 7, 1), Language.WELSH) == "1 Gorffennaf 2026"
    # The customary abbreviations, not the first three letters.
    assert short_date(date(2026, 2, 3), Language.WELSH) == "3 Chwef 2026"
    assert short_date(date(2026, 7, 3), Language.WELSH) == "3 Gorff 2026"
    assert Language.WELSH.tag == "cy-GB"


def test_dates_shown_in_the_interface_follow_its_language() -> None:
    from forumdesk.domain.language import INTERFACE, short_date
    from forumdesk.i18n import interface_language, use_language

    before = interface_language()
    try:
        use_language("cy")
        assert long_date(date(2026, 10, 8), INTERFACE) == "Dydd Iau 8 Hydref 2026"
        assert short_date(date(2026, 10, 8), INTERFACE) == "8 Hyd 2026"
        use_language("en")
        assert long_date(date(2026, 10, 8), INTERFACE) == "Thursday 8 October 2026"
        # A document keeps its own language whatever the interface speaks.
        use_language("cy")
        assert long_date(date(2026, 10, 8), Language.ENGLISH) == "Thursday 8 October 2026"
    finally:
        use_language(before)
