"""The text seam's functions: English as written, plurals by count, a language's catalogue."""

from __future__ import annotations

import gettext
import struct
from pathlib import Path

import pytest

from forumdesk import i18n


def test_english_is_the_text_as_written() -> None:
    assert i18n._("Nothing was changed.") == "Nothing was changed."
    assert i18n.N_("Co-decision making") == "Co-decision making"
    assert i18n.ngettext("{n} issue", "{n} issues", 1).format(n=1) == "1 issue"
    assert i18n.ngettext("{n} issue", "{n} issues", 0).format(n=0) == "0 issues"


def test_a_catalogue_translates_the_interface(tmp_path: Path, monkeypatch) -> None:
    """A compiled catalogue in resources/locale is found and used, plurals included."""
    folder = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = {
        "": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n",
        "Nothing was changed.": "Ni newidiwyd dim.",
        ("{n} issue", 0): "{n} mater",
        ("{n} issue", 1): "{n} o faterion",
    }
    (folder / "forumdesk.mo").write_bytes(_mo(catalogue))
    monkeypatch.setattr("forumdesk.paths.resources_dir", lambda: tmp_path)
    i18n.for_language.cache_clear()
    try:
        i18n.use_language("xx")
        assert i18n.interface_language() == "xx"
        assert i18n._("Nothing was changed.") == "Ni newidiwyd dim."
        assert i18n.ngettext("{n} issue", "{n} issues", 3).format(n=3) == "3 o faterion"
        assert i18n._("Not in the catalogue.") == "Not in the catalogue."  # English shows
        assert i18n.for_language("en").gettext("Nothing was changed.") == "Nothing was changed."
    finally:
        i18n.use_language(i18n.SOURCE_LANGUAGE)
        i18n.for_language.cache_clear()
    assert i18n._("Nothing was changed.") == "Nothing was changed."


def test_a_language_without_a_catalogue_shows_english() -> None:
    assert isinstance(i18n.for_language("zz"), gettext.NullTranslations)
    assert i18n.for_language("zz").gettext("Open") == "Open"


def _mo(messages: dict) -> bytes:
    """A GNU .mo file of the messages (singular keys as text, plural forms as (msgid, i))."""
    entries: dict[bytes, bytes] = {}
    plurals: dict[str, dict[int, str]] = {}
    for key, value in messages.items():
        if isinstance(key, tuple):
            plurals.setdefault(key[0], {})[key[1]] = value
        else:
            entries[key.encode()] = value.encode()
    for msgid, forms in plurals.items():
        plural_id = msgid.replace("issue", "issues")
        entries[f"{msgid}\0{plural_id}".encode()] = "\0".join(
            forms[i] for i in sorted(forms)
        ).encode()
    keys = sorted(entries)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(entries[k] + b"\0" for k in keys)
    n = len(keys)
    start_ids = 7 * 4
    start_strs = start_ids + n * 8
    data_start = start_strs + n * 8
    id_table, str_table, offset = b"", b"", data_start
    for k in keys:
        id_table += struct.pack("<II", len(k), offset)
        offset += len(k) + 1
    for k in keys:
        str_table += struct.pack("<II", len(entries[k]), offset)
        offset += len(entries[k]) + 1
    header = struct.pack("<7I", 0x950412DE, 0, n, start_ids, start_strs, 0, 0)
    return header + id_table + str_table + ids + strs


@pytest.fixture(autouse=True)
def _english_after() -> None:
    yield
    i18n.use_language(i18n.SOURCE_LANGUAGE)
