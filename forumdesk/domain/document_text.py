"""Text in a document's language: the one object a document asks for its words and dates.

A document is written in English, in Welsh, or in both as Welsh councils publish them
(``bilingual``), laid out Welsh first or side by side (the ``bilingual_layout`` setting).
A report holds a :class:`DocumentText` and asks it for every fixed phrase and date; it
never branches on the language itself. Only where a layout places text (a heading, the
title block) does a document ask :meth:`DocumentText.each` for the languages apart.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from forumdesk.bilingual import BILINGUAL, SEPARATOR, Bilingual, sentences
from forumdesk.domain.errors import InvalidValue
from forumdesk.domain.language import Language, day_month_year, long_date, short_date
from forumdesk.i18n import N_, _, for_language


class Layout(StrEnum):
    """How a bilingual document places its two languages."""

    WELSH_FIRST = "welsh_first"
    SIDE_BY_SIDE = "side_by_side"


#: The document languages, as settings and options spell them.
CODES = (Language.ENGLISH.value, Language.WELSH.value, BILINGUAL)
_NAMES = {
    Language.ENGLISH.value: N_("English"),
    Language.WELSH.value: N_("Welsh"),
    BILINGUAL: N_("Bilingual (Welsh and English)"),
}


def language_label(code: str) -> str:
    """A document language's name in the interface language: "Bilingual (Welsh and English)"."""
    return _(_NAMES.get(code, code))


@dataclass(frozen=True)
class DocumentText:
    """The words of one document: its language ("en", "cy", "bilingual") and layout.

    ``gettext``, ``ngettext`` and the date methods return the text as it stands in the
    document: in a bilingual one, Welsh then English, the content typed by people once.
    """

    code: str
    layout: Layout = Layout.WELSH_FIRST

    @classmethod
    def of(cls, language: str | DocumentText, layout: str | None = None) -> DocumentText:
        """The text of a document in ``language`` (a code, a Language or a DocumentText).

        Raises:
            InvalidValue: a language or layout ForumDesk does not write documents in.
        """
        if isinstance(language, DocumentText):
            return language if layout is None else cls.of(language.code, layout)
        code = str(language)
        if code not in CODES:
            raise InvalidValue(
                "language",
                _("{value} is not one of: {choices}").format(
                    value=repr(code), choices=", ".join(CODES)
                ),
            )
        try:
            chosen = Layout(layout) if layout else Layout.WELSH_FIRST
        except ValueError:
            raise InvalidValue(
                "bilingual_layout",
                _("{value} is not one of: {choices}").format(
                    value=repr(layout), choices=", ".join(Layout)
                ),
            ) from None
        return cls(code, chosen)

    @classmethod
    def recorded(cls, content: Mapping[str, Any]) -> DocumentText:
        """The text a sealed document recorded in its content (English before languages
        were recorded; Welsh first before layouts were)."""
        return cls.of(str(content.get("language") or "en"), content.get("layout"))

    def record(self) -> dict[str, str]:
        """What a sealed document keeps so that it is made again the same: the language,
        and for a bilingual one its layout."""
        kept = {"language": self.code}
        if self.bilingual:
            kept["layout"] = self.layout.value
        return kept

    @property
    def value(self) -> str:
        """The language's code, as a document's content records it."""
        return self.code

    @property
    def bilingual(self) -> bool:
        return self.code == BILINGUAL

    @property
    def languages(self) -> tuple[Language, ...]:
        """The languages the document speaks, in the order it speaks them."""
        if self.bilingual:
            return (Language.WELSH, Language.ENGLISH)
        return (Language(self.code),)

    @property
    def tag(self) -> str:
        """The language tag a PDF declares (a bilingual document is Welsh first)."""
        return self.languages[0].tag

    @property
    def label(self) -> str:
        """The document language's name in the interface language."""
        return language_label(self.code)

    @property
    def _catalogue(self) -> gettext.NullTranslations:
        return for_language(self.code)

    def gettext(self, message: str) -> str:
        """A fixed phrase or a template in the document's language(s)."""
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` in each of the document's languages."""
        return self._catalogue.ngettext(singular, plural, n)

    def sentence(self, message: str) -> str:
        """A template whose placeholders are numbers or dates ("Page {page} of {total}"):
        in a bilingual document each language's whole sentence, never merged."""
        catalogue = self._catalogue
        if isinstance(catalogue, Bilingual):
            return catalogue.sentence(message)
        return catalogue.gettext(message)

    def each(self, message: str) -> tuple[str, ...]:
        """The phrase in each of the document's languages apart (Welsh first)."""
        return tuple(for_language(language.value).gettext(message) for language in self.languages)

    def alone(self) -> tuple[DocumentText, ...]:
        """The text of each of the document's languages on its own (Welsh first), for a
        sentence that a layout writes once per language (a title, a signature)."""
        return tuple(DocumentText(language.value, self.layout) for language in self.languages)

    def apart(self, phrase: str) -> tuple[str, ...]:
        """A phrase this text wrote (a label, never typed content) in each language
        apart: "cyfarfod / meeting" gives ("cyfarfod", "meeting")."""
        if not self.bilingual:
            return (phrase,)
        welsh, found, english = phrase.partition(SEPARATOR)
        return (welsh, english) if found else (phrase, phrase)

    def term(self, label: str) -> str:
        """An enum's label (its ``source_label``) as the document prints it."""
        return self.gettext(label)

    def _dated(self, write: Callable[[date, Language], str], day: date) -> str:
        written = [write(day, language) for language in self.languages]
        return written[0] if len(written) == 1 else sentences(written[0], written[1])

    def long_date(self, day: date) -> str:
        """ "Thursday 8 October 2026"; bilingual, "Dydd Iau 8 Hydref 2026 / Thursday ..."."""
        return self._dated(long_date, day)

    def day_month_year(self, day: date) -> str:
        """ "8 October 2026", in each of the document's languages."""
        return self._dated(day_month_year, day)

    def short_date(self, day: date) -> str:
        """ "8 Oct 2026", in each of the document's languages."""
        return self._dated(short_date, day)
