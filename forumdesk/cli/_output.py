"""How the command line prints: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from forumdesk.db.files import write_whole
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _


def plain(value: Any) -> Any:
    """Turns records into JSON-ready values: dates as ISO text, enums as their stored value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def print_json(value: Any, out: TextIO | None = None) -> None:
    """Prints a record or a list of records as JSON (UTF-8, not escaped)."""
    stream = out or sys.stdout
    json.dump(plain(value), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def read_file(path: str | Path) -> bytes:
    """A file's bytes, or a sentence saying why it cannot be read.

    Raises:
        InputRefused: the file cannot be read (missing, a folder, no permission).
    """
    try:
        return Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise InputRefused(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
        ) from exc


def open_file(path: str | Path) -> BinaryIO:
    """A file opened for reading as it goes (the caller closes it), or a sentence saying
    why it cannot be, as :func:`read_file` says it.

    Raises:
        InputRefused: the file cannot be read (missing, a folder, no permission).
    """
    try:
        return Path(path).expanduser().open("rb")
    except OSError as exc:
        raise InputRefused(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
        ) from exc


def write_file(path: Path, data: bytes) -> None:
    """Writes a file a command made, whole or not at all (:func:`forumdesk.db.files.write_whole`),
    or says in one sentence why it cannot."""
    write_whole(path, data)


def cell(value: Any, width: int | None = None) -> str:
    """One table cell: enums by label, None as empty, long text cut with an ellipsis."""
    if value is None:
        text = ""
    elif isinstance(value, Enum):
        text = getattr(value, "label", value.value)
    elif isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date | time):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def print_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int | None] | None = None,
    out: TextIO | None = None,
    empty: str | None = None,
) -> None:
    """Prints rows under headers, each column as wide as its widest cell (or its cap).

    ``empty``: the sentence printed instead of a bare header when there are no rows.
    """
    stream = out or sys.stdout
    caps = list(widths or [None] * len(headers))
    texts = [[cell(v, caps[i]) for i, v in enumerate(row)] for row in rows]
    if not texts and empty is not None:
        stream.write(f"{empty}\n")
        return
    sizes = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]
    for line in [list(headers), *texts]:
        stream.write("  ".join(t.ljust(sizes[i]) for i, t in enumerate(line)).rstrip() + "\n")


#: Control characters a terminal would act on (ESC starts a command sequence, CR goes back
#: over the line, BEL rings), shown as the JSON escape that names them (``\\u001b``), which
#: inside JSON output still means the same character. Line feeds and tabs stay, and so
#: does a CR before a line feed.
_SHOWN = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0D, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),  # bidirectional overrides: text shown in another order
        *range(0x2066, 0x206A),
    )
}


class _TerminalSafe:
    """A text stream that writes control characters as visible escapes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.replace("\r\n", "\n").translate(_SHOWN))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, buffer, encoding…
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_safe() -> Iterator[None]:
    """While a command runs, nothing it prints (a desk name from a file, a title stored by
    an older version) reaches the terminal as a raw control character."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(out), _TerminalSafe(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
