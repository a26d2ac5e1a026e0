"""The words of a bilingual document: each fixed phrase in Welsh, then in English.

Welsh councils publish documents in both languages with Welsh first. A fixed phrase
becomes "Cymraeg / English"; a label that introduces what someone typed is merged so the
typed content stays once: "<b>RESOLVED:</b> {text}" and "<b>PENDERFYNWYD:</b> {text}"
give "<b>PENDERFYNWYD / RESOLVED:</b> {text}" (the shared markup and punctuation around
the words is written once, so no colon is doubled). A template whose wording cannot be
merged that way (long phrases between the placeholders, or the placeholders in another
order in Welsh) is written as two whole sentences, Welsh first.

:func:`forumdesk.i18n.for_language` gives this catalogue for the code ``"bilingual"``, so
enum labels and every other text that asks for a document's language by its code follow.
"""

from __future__ import annotations

import gettext
import re

#: The code of a bilingual document (beside "en" and "cy").
BILINGUAL = "bilingual"
#: Between the Welsh and the English of one phrase.
SEPARATOR = " / "

_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
#: What may be shared around the words of two labels: markup, spaces, punctuation.
_SHAREABLE = re.compile(r"<[^>]*>|[^\w<]", re.UNICODE)
#: Literal text longer than this (in words) between placeholders is a sentence, not a label.
_LABEL_WORDS = 3


class Bilingual(gettext.NullTranslations):
    """A catalogue whose every message is the Welsh and the English together."""

    def __init__(self, welsh: gettext.NullTranslations) -> None:
        super().__init__()
        self._welsh = welsh

    def gettext(self, message: str) -> str:
        return merged(self._welsh.gettext(message), message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        english = msgid1 if n == 1 else msgid2
        return merged(self._welsh.ngettext(msgid1, msgid2, n), english)

    def pgettext(self, context: str, message: str) -> str:
        return merged(self._welsh.pgettext(context, message), message)

    def sentence(self, message: str) -> str:
        """Each language's whole sentence, for a template filled with numbers or dates
        that read naturally only inside their own language ("Page {page} of {total}")."""
        return sentences(self._welsh.gettext(message), message)

    def each(self, message: str) -> tuple[str, str]:
        """The Welsh and the English apart (for headings laid out in two places)."""
        return self._welsh.gettext(message), message


def sentences(welsh: str, english: str) -> str:
    """Both whole texts, Welsh first; once when they are the same ("Mai", "CSV")."""
    return english if welsh == english else f"{welsh}{SEPARATOR}{english}"


def merged(welsh: str, english: str) -> str:
    """A template in both languages, its placeholders (typed content) kept once where the
    two wordings allow it (see the module's docstring)."""
    if welsh == english:
        return english
    cy_parts, en_parts = _PLACEHOLDER.split(welsh), _PLACEHOLDER.split(english)
    if (
        len(cy_parts) == 1
        or cy_parts[1::2] != en_parts[1::2]
        or any(_words(part) > _LABEL_WORDS for part in cy_parts[::2] + en_parts[::2])
    ):
        return sentences(welsh, english)
    out = []
    for index, (cy, en) in enumerate(zip(cy_parts, en_parts, strict=True)):
        label = cy if index % 2 else _label(cy, en)
        if label is None:  # words on one side only: the wordings do not pair up
            return sentences(welsh, english)
        out.append(label)
    return "".join(out)


def _words(literal: str) -> int:
    return len(re.sub(r"<[^>]*>", " ", literal).split())


def _label(welsh: str, english: str) -> str | None:
    """Two labels as one: what they share around their words (markup, spaces,
    punctuation) once, the words Welsh first."""
    if welsh == english:
        return english
    cy, en = _tokens(welsh), _tokens(english)
    head = 0
    while head < min(len(cy), len(en)) and cy[head] == en[head] and _shared(cy[head]):
        head += 1
    tail = 0
    while (
        tail < min(len(cy), len(en)) - head
        and cy[-1 - tail] == en[-1 - tail]
        and _shared(cy[-1 - tail])
    ):
        tail += 1
    cy_words = "".join(cy[head : len(cy) - tail]).strip()
    en_words = "".join(en[head : len(en) - tail]).strip()
    if bool(cy_words) != bool(en_words):
        return None
    if not cy_words:  # punctuation alone, differing ("," and ";")
        return sentences(welsh, english) if welsh.strip() != english.strip() else english
    before, after = "".join(cy[:head]), "".join(cy[len(cy) - tail :])
    return f"{before}{cy_words}{SEPARATOR}{en_words}{after}"


def _tokens(literal: str) -> list[str]:
    return re.findall(r"<[^>]*>|\w+|[^\w<]", literal, re.UNICODE)


def _shared(token: str) -> bool:
    return bool(_SHAREABLE.fullmatch(token))
