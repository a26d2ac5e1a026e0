"""The text seam: every string a person reads passes through here, so that it can be translated.

How to mark text (docs/internals.md, "The text seam"):

- ``_("Nothing was changed.")`` where the text is shown: translated into the interface
  language (the window and the command line's messages).
- ``_("Wrote {path}.").format(path=...)``: placeholders are named and filled after
  translation, never by an f-string (a translator must see the whole sentence, and may
  move the placeholder).
- ``ngettext("{n} issue", "{n} issues", n).format(n=n)``: any text with a count (Welsh has
  six plural forms; adding an "s" serves English only).
- ``N_("Co-decision making")`` where text is defined before it is shown (enum labels,
  column headings at module level): marked for the catalogue, translated where shown.
- Documents are written in their own language, whatever the interface's: a report asks
  its ``DocumentText`` (:mod:`forumdesk.domain.document_text`), which also writes
  bilingual documents; underneath it is ``for_language(code).gettext(...)``.

Catalogues are gettext ``.mo`` files in ``resources/locale/LANG/LC_MESSAGES/forumdesk.mo``,
compiled from the ``.po`` beside them (:mod:`forumdesk.catalogues`; tools/catalogue.py
extracts the messages). English is the language the source is written in and needs none;
a language without a catalogue shows English.
"""

from __future__ import annotations

import gettext
import io
import sys
from functools import cache

DOMAIN = "forumdesk"
#: The language the strings are written in.
SOURCE_LANGUAGE = "en"

_interface: gettext.NullTranslations = gettext.NullTranslations()
_interface_language = SOURCE_LANGUAGE


@cache
def for_language(language: str) -> gettext.NullTranslations:
    """The catalogue of a language (English, or one with no catalogue: the text as written).

    ``"bilingual"`` gives Welsh and English together (:mod:`forumdesk.bilingual`).
    """
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if language == "bilingual":  # i18n: not text
        from forumdesk.bilingual import Bilingual

        return Bilingual(for_language("cy"))
    from forumdesk.paths import resources_dir

    locale = resources_dir() / "locale"
    po = locale / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists() and not getattr(sys, "frozen", False):
        # A source checkout (tests, an editable install): the .po is what people edit,
        # so its .mo is made when missing or older. A wheel or a frozen build ships
        # the .mo its build made (setup.py, forumdesk.spec) and skips this.
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            from forumdesk import catalogues

            try:
                catalogues.compile_po(po)
            except OSError:  # a read-only checkout: compiled in memory instead
                header, messages = catalogues.read_po(po)
                return gettext.GNUTranslations(io.BytesIO(catalogues.write_mo(header, messages)))
    found = gettext.find(DOMAIN, str(locale), languages=[language])
    if found is None:
        return gettext.NullTranslations()
    # Read here rather than by gettext.translation(), whose cache would keep a catalogue
    # made before the .po changed; for_language's own cache keeps one per language.
    with open(found, "rb") as stream:
        return gettext.GNUTranslations(stream)


def use_language(language: str) -> None:
    """Chooses the interface language (the window and the command line)."""
    global _interface, _interface_language
    _interface, _interface_language = for_language(language), language


#: The languages ForumDesk speaks.
LANGUAGES = ("en", "cy")


def system_language() -> str:
    """The language the computer is set to, among ours (English when it is another).

    Read as gettext does: the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set.
    """
    import os

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            for part in value.split(":"):
                code = part.split("_")[0].split(".")[0].lower()
                if code in LANGUAGES:
                    return code
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def chosen_language(setting: str) -> str:
    """The interface language for a setting's value ("system", "en", "cy")."""
    return setting if setting in LANGUAGES else system_language()


def interface_language() -> str:
    """The interface language's code ("en", "cy")."""
    return _interface_language


def _(message: str) -> str:
    """The message in the interface language."""
    return _interface.gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message with a count that suits ``n``, in the interface language."""
    return _interface.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message with a context (Qt's own texts: the context is Qt's class), translated."""
    return _interface.pgettext(context, message)
