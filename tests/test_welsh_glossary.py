"""The Welsh glossary (resources/locale/cy/glossary.tsv): every message that uses one of
its English terms says it in Welsh with the glossary's word, radical or mutated, so that
a reader meets one word for one thing across the whole interface."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from forumdesk import catalogues

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "resources" / "locale" / "cy" / "glossary.tsv"
WELSH_PO = ROOT / "resources" / "locale" / "cy" / "LC_MESSAGES" / "forumdesk.po"

# Initial consonant mutations: radical -> mutated (longest radical first).
SOFT = {"ll": "l", "rh": "r", "p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
VOWELS = "aeiouwyâêîôûŵŷ"
# What is not prose in an English message: placeholders, options, commands.
NOT_PROSE = re.compile(
    r"\{[^{}]*\}|--[\w-]+(?: [A-Z][A-Z_]+\b)?|\bforumdesk(?: (?:[a-z][\w-]*|[A-Z][A-Z_]+\b))+"
)


def mutations(word: str) -> set[str]:
    """A Welsh word and its soft, nasal and aspirate mutations (and the h a vowel takes
    after 'ei' (her), 'eu', 'ein'): 'deiseb' -> {'deiseb', 'ddeiseb', 'neiseb'}."""
    word = word.lower()
    forms = {word}
    if word[:2] in ("ch", "ph", "th"):
        return forms
    for table in (SOFT, NASAL, ASPIRATE):
        for radical in sorted(table, key=len, reverse=True):
            if word.startswith(radical):
                forms.add(table[radical] + word[len(radical) :])
                break
    if word[:1] in VOWELS:
        forms.add("h" + word)
    return forms


@dataclass
class Term:
    english: str
    welsh: list[str]
    note: str
    exceptions: list[str]

    def used_in(self, msgid: str) -> bool:
        text = msgid.replace("&", "")
        for phrase in self.exceptions:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        text = NOT_PROSE.sub(" ", text)
        stem = re.escape(self.english)
        if self.english.endswith("y"):
            stem = re.escape(self.english[:-1]) + "(?:y|ies)"
        return re.search(rf"(?<!\w){stem}(?:s|es)?(?!\w)", text, re.IGNORECASE) is not None

    def said_in(self, msgstr: str) -> bool:
        text = msgstr.replace("&", "").replace("\u2019", "'").lower()
        for welsh in self.welsh:
            first, _space, rest = welsh.lower().partition(" ")
            for form in mutations(first):
                phrase = (form + " " + rest) if rest else form
                if re.search(rf"(?<![^\W\d_]){re.escape(phrase)}", text):
                    return True
        return False


def read_glossary(path: Path = GLOSSARY) -> list[Term]:
    terms = []
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.reader(stream, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            english, welsh, note, *rest = [*row, "", ""][:4]
            exceptions = [phrase for phrase in (rest[0] if rest else "").split("|") if phrase]
            terms.append(Term(english, [w for w in welsh.split("|") if w], note, exceptions))
    return terms


def _disagreements(terms: list[Term], messages) -> list[str]:
    found = []
    for term in terms:
        for message in messages:
            if not (term.used_in(message.msgid) or term.used_in(message.plural or "")):
                continue
            for text in message.translations:
                if text and not term.said_in(text):
                    found.append(
                        f"{term.english!r} = {'/'.join(term.welsh)!r}: "
                        f"{message.msgid[:70]!r} -> {text[:90]!r}"
                    )
                    break
    return found


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    return read_glossary()


def test_the_glossary_is_a_working_list_of_terms(terms) -> None:
    assert 40 <= len(terms) <= 80
    english = [term.english.lower() for term in terms]
    assert len(english) == len(set(english)), "a term is in the glossary twice"
    assert all(term.welsh for term in terms)
    for wanted in ("issue", "petition", "ballot", "response due", "co-evaluation", "desk"):
        assert wanted in english


def test_every_message_uses_the_glossarys_welsh_for_its_terms(terms) -> None:
    _header, messages = catalogues.read_po(WELSH_PO)
    wrong = _disagreements(terms, list(messages.values()))
    assert not wrong, (
        f"{len(wrong)} translations do not use the glossary's Welsh term "
        f"({GLOSSARY.relative_to(ROOT)}):\n" + "\n".join(wrong)
    )


def test_mutated_forms_count_as_the_term() -> None:
    assert mutations("deiseb") >= {"deiseb", "ddeiseb", "neiseb"}
    assert mutations("papur") >= {"bapur", "mhapur", "phapur"}
    assert mutations("llofnod") == {"llofnod", "lofnod"}
    assert mutations("cyfarfod") >= {"gyfarfod", "nghyfarfod", "chyfarfod"}
    assert mutations("gosodiad") >= {"osodiad", "ngosodiad"}
    assert mutations("agenda") == {"agenda", "hagenda"}
    assert mutations("chwarae") == {"chwarae"}


def test_the_check_catches_another_word_and_allows_a_mutation_or_an_exception() -> None:
    petition = Term("petition", ["deiseb"], "", ["petition of right"])
    due = Term("response due", ["erbyn"], "", [])
    Message = catalogues.Message
    good = [
        Message(None, "Petitions", None, ["Deisebau"]),
        Message(None, "Sign the e-petition", None, ["Llofnodi'r e-ddeiseb"]),
        Message(None, "{n} petition", "{n} petitions", ["{n} deiseb", "{n} ddeiseb"]),
        Message(None, "A petition of right", None, ["Hawl-gais"]),
        Message(None, "{petition} was added", None, ["Ychwanegwyd {petition}"]),
        Message(None, "Res&ponse due:", None, ["Ymateb er&byn:"]),
    ]
    assert _disagreements([petition, due], good) == []
    bad = [
        Message(None, "The petition", None, ["Y cais"]),
        Message(None, "Response due", None, ["Ymateb yn ddyledus"]),
        Message(None, "{n} petition", "{n} petitions", ["{n} deiseb", "{n} cais"]),
    ]
    assert len(_disagreements([petition, due], bad)) == 3
