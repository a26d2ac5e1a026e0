"""Reading an exchange file a piece at a time, and keeping its records on disk.

A 100,000-issue file is 180 MB of JSON; read whole, as Python objects, it takes several
times that in memory. :func:`members` reads it in chunks instead: the envelope's members
(small) are decoded whole, the records one at a time, each by the same strict JSON
decoder that read the whole file before (:mod:`json`, with the hooks given), so that what
is refused and what is said about it do not change. :class:`Spool` keeps records on disk
(in a temporary file, each as a :mod:`marshal` frame) and gives them back one at a time,
as many times as they are read; :class:`Records` is the file's records by kind.
"""

from __future__ import annotations

import codecs
import json
import marshal
import os
import re
import struct
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

#: Bytes read from the file at a time.
CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_FRAME = struct.Struct("<I")
# The json module's own words for what it would say here: its messages reach a person as
# they are (in English), within a sentence that is translated.
_EXTRA = "Extra data"  # i18n: not text
_NAME = "Expecting property name enclosed in double quotes"  # i18n: not text
_COLON = "Expecting ':' delimiter"  # i18n: not text
_COMMA = "Expecting ',' delimiter"  # i18n: not text
#: A syntax error this far before the end of the text read so far is in the file itself;
#: nearer the end it may only be where the chunk was cut (``-Infinity`` is 9 characters).
_SLACK = 16


class Malformed(ValueError):
    """Not JSON: what the decoder said, and where (line and column from 1)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class NotUtf8(ValueError):
    """The bytes are not UTF-8; ``byte`` is the offset of the first bad one."""

    def __init__(self, byte: int) -> None:
        super().__init__(byte)
        self.byte = byte


class TwiceAt(ValueError):
    """A key named twice in the envelope or in ``records`` (the skeleton this module reads)."""

    def __init__(self, path: list[Any]) -> None:
        super().__init__(path)
        self.path = path


class NotStrict(ValueError):
    """A value the strict decoder refused through one of its hooks (a key twice, NaN…):
    ``path`` is where the value is, ``marked`` the value as the marking decoder read it
    (which says where inside it)."""

    def __init__(self, path: list[Any], marked: Any) -> None:
        super().__init__(path)
        self.path, self.marked = path, marked


class NotAnObject(ValueError):
    """The file is JSON, but not an object (so it has no envelope)."""


class _Text:
    """The file's text, decoded a chunk at a time; ``pos`` is where reading has got to in
    ``buf`` (what is before it is dropped as more is read)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.read = 0  # bytes read from the file
        self.line = 1  # the line buf[0] is on
        self.column = 0  # how many characters of that line come before buf[0]

    def more(self) -> bool:
        """Reads the next chunk; False at the end of the file."""
        if self.eof:
            return False
        # A value longer than a chunk is decoded again from its start after each read:
        # reading as much again as is held keeps that work in proportion to its length.
        data = self.handle.read(max(CHUNK, len(self.buf) - self.pos))
        final = not data
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            pending = len(self.decoder.getstate()[0]) if not final else 0
            raise NotUtf8(self.read - pending + exc.start) from exc
        self.read += len(data)
        self.eof = final
        self._drop()
        self.buf += text
        return not final or bool(text)

    def _drop(self) -> None:
        """Forgets the text before ``pos``, keeping count of lines and columns."""
        if not self.pos:
            return
        lines = self.buf.count("\n", 0, self.pos)
        if lines:
            self.line += lines
            self.column = self.pos - self.buf.rfind("\n", 0, self.pos) - 1
        else:
            self.column += self.pos
        self.buf = self.buf[self.pos :]
        self.pos = 0

    def where(self, index: int) -> tuple[int, int]:
        """The line and column (from 1) of ``buf[index]``."""
        lines = self.buf.count("\n", 0, index)
        if lines:
            return self.line + lines, index - self.buf.rfind("\n", 0, index)
        return self.line, self.column + index + 1

    def malformed(self, message: str, index: int) -> Malformed:
        line, column = self.where(index)
        return Malformed(message, line, column)

    def skip(self) -> None:
        """Past white space (reading on when the text read so far ends in it)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]  # matches empty
            if self.pos < len(self.buf) or not self.more():
                return

    def peek(self) -> str:
        """The next character after white space ('' at the end of the file)."""
        self.skip()
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, wanted: str, saying: str) -> None:
        if self.peek() != wanted:
            raise self.malformed(saying, self.pos)
        self.pos += 1

    def value(self, decoders: _Decoders, path: list[Any]) -> Any:
        """The JSON value that starts here (at ``path`` in the file), read strictly.

        Raises:
            NotStrict: the strict decoder's hooks refused it.
        """
        self.skip()
        try:
            return self._decode(decoders.strict)
        except (json.JSONDecodeError, RecursionError, Malformed):
            raise
        except ValueError:
            raise NotStrict(path, self._decode(decoders.marking)) from None

    def _decode(self, decoder: json.JSONDecoder) -> Any:
        """The value that starts at ``pos``, reading on until it is whole."""
        while True:
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                ahead = exc.pos - self.pos  # reading more moves the text read so far
                cut = exc.pos >= len(self.buf) - _SLACK or exc.msg.startswith("Unterminated")
                if cut and self.more():
                    continue
                raise self.malformed(exc.msg, self.pos + ahead) from None
            self.pos = end
            return value


class _Decoders(NamedTuple):
    strict: json.JSONDecoder
    marking: json.JSONDecoder  # reads what ``strict`` refuses, marking where


def members(
    handle: IO[bytes], strict: json.JSONDecoder, marking: json.JSONDecoder
) -> Iterator[tuple[str, str, Any]]:
    """The file's parts, in the file's order, as ``(what, name, value)``:

    * ``("member", key, value)``: a member of the envelope (anything but ``records``);
    * ``("open", "records", None)``: the start of the ``records`` object;
    * ``("kind", kind, None)``: the start of a kind's array of records;
    * ``("record", kind, record)``: one record of it;
    * ``("odd", kind, value)``: a kind whose value is not an array (the schema says why);
    * ``("records", "records", value)``: a ``records`` that is not an object.

    Raises:
        Malformed: the text is not JSON (with where).
        NotUtf8: the bytes are not UTF-8.
        NotAnObject: the file is JSON, but not an object.
        TwiceAt: the envelope or ``records`` names a key twice.
        NotStrict: ``strict``'s hooks refused a value (``marking`` says where in it).
        RecursionError: the decoder's guard against runaway nesting.
    """
    decoder = _Decoders(strict, marking)
    text = _Text(handle)
    if text.peek() != "{":
        text.value(decoder, [])  # not JSON at all, or JSON of another shape
        if text.peek():
            raise text.malformed(_EXTRA, text.pos)
        raise NotAnObject
    text.pos += 1
    keys: set[str] = set()
    first = True
    while True:
        if text.peek() == "}" and first:
            text.pos += 1
            break
        key = _key(text, decoder, keys, [])
        if key == "records" and text.peek() == "{":
            text.pos += 1
            yield "open", key, None
            yield from _records(text, decoder)
        elif key == "records":
            yield "records", key, text.value(decoder, [key])
        else:
            yield "member", key, text.value(decoder, [key])
        first = False
        if _after(text, "}"):
            break
    if text.peek():
        raise text.malformed(_EXTRA, text.pos)


def _records(text: _Text, decoder: _Decoders) -> Iterator[tuple[str, str, Any]]:
    kinds: set[str] = set()
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        kind = _key(text, decoder, kinds, ["records"])
        if text.peek() != "[":
            yield "odd", kind, text.value(decoder, ["records", kind])
        else:
            text.pos += 1
            yield "kind", kind, None
            if text.peek() == "]":
                text.pos += 1
            else:
                index = 0
                while True:
                    yield "record", kind, text.value(decoder, ["records", kind, index])
                    index += 1
                    if _after(text, "]"):
                        break
        if _after(text, "}"):
            return


def _key(text: _Text, decoder: _Decoders, seen: set[str], path: list[Any]) -> str:
    if text.peek() != '"':
        raise text.malformed(_NAME, text.pos)
    key = text.value(decoder, path)
    if key in seen:
        raise TwiceAt([*path, key])
    seen.add(key)
    text.expect(":", _COLON)
    return str(key)


def _after(text: _Text, closing: str) -> bool:
    """Past the comma between two items (False) or the closing bracket (True)."""
    found = text.peek()
    if found == ",":
        text.pos += 1
        return False
    if found == closing:
        text.pos += 1
        return True
    raise text.malformed(_COMMA, text.pos)


class Spool:
    """Records of one kind, kept on disk and read back one at a time, as often as wanted
    (each reading has its own place in the file, so two may go on at once)."""

    def __init__(self, file: IO[bytes], start: int, end: int, count: int) -> None:
        self._file, self._start, self._end, self._count = file, start, end, count

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Any]:
        fd, offset = self._file.fileno(), self._start
        block, at = b"", 0
        for _ in range(self._count):
            while len(block) - at < _FRAME.size:
                block, at, offset = self._read(fd, block, at, offset, CHUNK)
            (size,) = _FRAME.unpack_from(block, at)
            while len(block) - at < _FRAME.size + size:
                block, at, offset = self._read(fd, block, at, offset, _FRAME.size + size)
            at += _FRAME.size
            yield marshal.loads(memoryview(block)[at : at + size])
            at += size

    def _read(
        self, fd: int, block: bytes, at: int, offset: int, wanted: int
    ) -> tuple[bytes, int, int]:
        """The unread rest of ``block`` with at least ``wanted`` more bytes of the spool."""
        read = os.pread(fd, min(max(wanted, CHUNK), self._end - offset), offset)
        if not read:
            raise OSError("a temporary file of the import ended early")  # i18n: not text
        return block[at:] + read, 0, offset + len(read)


class Records(dict[str, Spool]):
    """A file's records by kind, each kind a :class:`Spool` (read as lists are), with
    what was gathered while they were first read, so that no check reads them again for
    it: each kind's UUIDs, every desk in a stamp, and how often each issue reference is
    claimed."""

    def __init__(self) -> None:
        super().__init__()
        self.uuids: dict[str, set[str]] = {}
        self.desks: set[str] = set()
        self.references: Counter[str] = Counter()
        self.problems: list[str] = []  # what breaks a field rule, or a UUID given twice
        #: By kind: the UUIDs of its records that records refer to, each with the first
        #: record (as a person knows it) that does: found nowhere in the file (``wanted``),
        #: or of a kind read after the record (``later``).
        self.wanted: dict[str, dict[str, str]] = {}
        self.later: dict[str, dict[str, str]] = {}


class SpoolWriter:
    """Writes records to one temporary file, kind after kind, making a :class:`Spool` of
    each. The file is gone once the spools are (an unnamed temporary file)."""

    def __init__(self, folder: str | None = None) -> None:
        # Open as long as a spool of it is: closed (and so removed) with the last one.
        self.file: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115
        self._writer = self.file  # buffered by the file object itself
        self._start = 0
        self._count = 0

    def add(self, record: Any) -> None:
        data = marshal.dumps(record)
        self._writer.write(_FRAME.pack(len(data)))
        self._writer.write(data)
        self._count += 1

    def close_kind(self) -> Spool:
        """The spool of the records added since the last one."""
        self._writer.flush()
        end = self.file.tell()
        spool = Spool(self.file, self._start, end, self._count)
        self._start, self._count = end, 0
        return spool
