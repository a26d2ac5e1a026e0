"""Text in a document's language: English, Welsh, or both as Welsh councils publish them."""

from __future__ import annotations

from datetime import date

import pytest

from forumdesk.domain.document_text import DocumentText, Layout
from forumdesk.domain.errors import InvalidValue

BOTH = DocumentText.of("bilingual")


def test_a_fixed_phrase_is_welsh_then_english() -> None:
    assert BOTH.gettext("Apologies") == "Ymddiheuriadau / Apologies"
    assert BOTH.sentence("Page {page} of {total}").format(page=1, total=3) == (
        "Tudalen 1 o 3 / Page 1 of 3"
    )


def test_a_label_before_typed_content_is_merged_without_doubled_punctuation() -> None:
    said = BOTH.gettext("<b>RESOLVED:</b> {text}").format(text="To plant trees.")
    assert said == "<b>PENDERFYNWYD / RESOLVED:</b> To plant trees."
    assert BOTH.gettext("{name} (clerk)").format(name="Priya Shah") == "Priya Shah (clerc / clerk)"


def test_dates_are_written_in_both_languages() -> None:
    day = date(2026, 10, 8)
    assert BOTH.long_date(day) == "Dydd Iau 8 Hydref 2026 / Thursday 8 October 2026"
    assert BOTH.short_date(day) == "8 Hyd 2026 / 8 Oct 2026"


def test_one_language_is_as_it_always_was() -> None:
    english, welsh = DocumentText.of("en"), DocumentText.of("cy")
    assert english.gettext("<b>RESOLVED:</b> {text}") == "<b>RESOLVED:</b> {text}"
    assert welsh.long_date(date(2026, 10, 8)) == "Dydd Iau 8 Hydref 2026"
    assert english.record() == {"language": "en"}  # no layout: sealed content unchanged


def test_a_sealed_document_keeps_its_language_and_layout() -> None:
    beside = DocumentText.of("bilingual", "side_by_side")
    assert beside.record() == {"language": "bilingual", "layout": "side_by_side"}
    assert DocumentText.recorded(beside.record()) == beside
    assert DocumentText.recorded({}) == DocumentText("en", Layout.WELSH_FIRST)


def test_an_unknown_language_or_layout_is_refused() -> None:
    with pytest.raises(InvalidValue, match="'fr' is not one of: en, cy, bilingual"):
        DocumentText.of("fr")
    with pytest.raises(InvalidValue, match="'sideways' is not one of"):
        DocumentText.of("bilingual", "sideways")
