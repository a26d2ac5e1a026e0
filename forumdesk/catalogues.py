"""Reads and writes the translation catalogues: ``.po`` text and compiled ``.mo`` files.

The ``.po`` files in ``resources/locale/LANG/LC_MESSAGES/`` are what translators edit and
reviewers read; :mod:`gettext` reads only the compiled ``.mo``. :func:`compile_all` makes
each ``.mo`` from its ``.po``: the build (setup.py's ``build_py``, forumdesk.spec) calls it,
and so does :func:`forumdesk.i18n.for_language` in a source checkout when a ``.mo`` is
missing or older than its ``.po`` (docs/internals.md, "The text seam"). Nothing here is
imported when the ``.mo`` files are up to date, so start-up pays nothing for it.
"""

from __future__ import annotations

import ast
import contextlib
import os
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "forumdesk"
TEMPLATE_NOTE = (
    "# ForumDesk's messages: made by tools/catalogue.py, do not edit.\n"  # i18n: not text
)
POT_HEADER = (
    "Project-Id-Version: ForumDesk\n"  # i18n: not text (the .pot header)
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)


@dataclass
class Message:
    """One message of a catalogue: its context, text, plural text and translations."""

    context: str | None
    msgid: str
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _field(keyword: str, text: str) -> str:
    """A keyword and its string, split after each newline as msgmerge does."""
    if "\n" not in text.rstrip("\n") and len(text) < 70:
        return f"{keyword} {_quote(text)}\n"
    pieces = text.splitlines(keepends=True)
    return f'{keyword} ""\n' + "".join(_quote(piece) + "\n" for piece in pieces)


def write_po(messages: list[Message], header: str | None) -> str:
    """The text of a ``.po`` file (a template when ``header`` is None)."""
    out = []
    if header is None:
        out.append(TEMPLATE_NOTE)
        header = POT_HEADER
    out.append('msgid ""\n' + _field("msgstr", header))  # i18n: not text
    for message in messages:
        out.append("\n")
        for where in message.locations[:6]:
            out.append(f"#: {where}\n")
        if message.fuzzy:
            out.append("#, fuzzy\n")  # i18n: not text
        if "{" in message.msgid:
            out.append("#, python-brace-format\n")  # i18n: not text
        if message.context is not None:
            out.append(_field("msgctxt", message.context))
        out.append(_field("msgid", message.msgid))
        if message.plural is not None:
            out.append(_field("msgid_plural", message.plural))
            forms = message.translations or []
            count = max(len(forms), _nplurals(header))
            for index in range(count):
                text = forms[index] if index < len(forms) else ""
                out.append(_field(f"msgstr[{index}]", text))
        else:
            text = message.translations[0] if message.translations else ""
            out.append(_field("msgstr", text))
    return "".join(out)


def _nplurals(header: str) -> int:
    for line in header.splitlines():
        if line.startswith("Plural-Forms:") and "nplurals=" in line:
            return int(line.split("nplurals=")[1].split(";")[0])
    return 2


def read_po(path: Path) -> tuple[str, dict[tuple[str | None, str], Message]]:
    """The header and the messages of a ``.po`` file (entries apart by blank lines)."""
    header = ""
    messages: dict[tuple[str | None, str], Message] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        locations: list[str] = []
        last = None
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                locations.append(line[2:].strip())
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"') and last is not None:
                fields[last] += ast.literal_eval(line)
            else:
                keyword, _space, value = line.partition(" ")
                if not value.startswith('"'):
                    raise ValueError(f"{path}: cannot read {raw!r}")  # i18n: not text
                fields[keyword] = ast.literal_eval(value)
                last = keyword
        if "msgid" not in fields:
            continue
        if fields["msgid"] == "" and "msgctxt" not in fields:
            header = fields.get("msgstr", "")
            continue
        plural = fields.get("msgid_plural")
        if plural is None:
            translations = [fields.get("msgstr", "")]
        else:
            forms = sorted((int(k[7:-1]), v) for k, v in fields.items() if k.startswith("msgstr["))
            translations = [text for _index, text in forms]
        message = Message(
            fields.get("msgctxt"),
            fields["msgid"],
            plural,
            translations,
            locations,
            fuzzy="fuzzy" in flags,
        )
        messages[message.key] = message
    return header, messages


def write_mo(header: str, messages: dict[tuple[str | None, str], Message]) -> bytes:
    """A GNU ``.mo`` file of the translated messages (untranslated and fuzzy ones left out)."""
    entries = {b"": header.encode()}
    for message in messages.values():
        if message.fuzzy or not all(message.translations) or not message.translations:
            continue
        key = message.msgid if message.context is None else f"{message.context}\x04{message.msgid}"
        if message.plural is not None:
            key += "\0" + message.plural
        entries[key.encode()] = "\0".join(message.translations).encode()
    keys = sorted(entries)
    count = len(keys)
    ids_at = 7 * 4
    strs_at = ids_at + count * 8
    offset = strs_at + count * 8
    id_table, str_table, data = [], [], []
    for packed in keys:
        id_table.append(struct.pack("<II", len(packed), offset))
        data.append(packed + b"\0")
        offset += len(packed) + 1
    for packed in keys:
        value = entries[packed]
        str_table.append(struct.pack("<II", len(value), offset))
        data.append(value + b"\0")
        offset += len(value) + 1
    head = struct.pack("<7I", 0x950412DE, 0, count, ids_at, strs_at, 0, 0)
    return head + b"".join(id_table) + b"".join(str_table) + b"".join(data)


def compile_po(po: Path, mo: Path | None = None) -> Path:
    """Writes the ``.mo`` beside ``po`` (or at ``mo``) and returns its path."""
    target = mo or po.with_suffix(".mo")
    header, messages = read_po(po)
    data = write_mo(header, messages)
    # Several processes may compile the same catalogue at once (test workers, two
    # windows started together): each writes a temporary file of its own, then
    # renames it over the target, so a reader sees the old catalogue or a whole new
    # one, never half of one (docs/internals.md, "Running the tests").
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(name, 0o644)  # mkstemp makes it 0600; a catalogue is for everyone to read
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return target


def stale(locale: Path = LOCALE) -> list[Path]:
    """The ``.po`` files whose ``.mo`` is missing or older."""
    found = []
    for po in sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            found.append(po)
    return found


def compile_all(locale: Path = LOCALE, *, only_stale: bool = False) -> list[Path]:
    """Compiles every catalogue under ``locale`` (or only those out of date)."""
    pos = stale(locale) if only_stale else sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [compile_po(po) for po in pos]
