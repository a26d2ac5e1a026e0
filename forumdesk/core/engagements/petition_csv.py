"""Reading a council e-petition system's CSV export for a petition's online total.

Systems differ, so the reading is liberal: the first row names the columns; a column
named like "signatures", "signature count", "count" or "total" holds counts (several
rows, by day or by ward, are added up); without one, each row is one signature.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext

#: An export of a few hundred thousand signatures is a few tens of MB.
MAX_BYTES = 64 * 1024 * 1024
#: Column names that hold counts, most telling first (compared lower-case, words only).
COUNT_COLUMNS = (
    "signatures",
    "signature count",  # i18n: not text
    "number of signatures",  # i18n: not text
    "signatures count",  # i18n: not text
    "signature total",  # i18n: not text
    "total signatures",  # i18n: not text
    "count",
    "total",
)  # i18n: not text


@dataclass(frozen=True)
class OnlineTotal:
    """What the file said: the total and how it was read."""

    total: int
    summary: str  # a sentence: "Read 291 signatures from the column 'Signatures'."


def online_total(data: bytes) -> OnlineTotal:
    """The online total the export gives.

    Raises:
        InputRefused: the file is empty, not text, or a count is not a whole number (the
            sentence names the row and column).
    """
    rows = _rows(data)
    header = [cell.strip() for cell in rows[0]]
    column = _count_column(header)
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if column is None:
        count = len(body)
        return OnlineTotal(
            count,
            ngettext(
                "Read {n} signature from the file (one a row).",
                "Read {n} signatures from the file (one a row).",
                count,
            ).format(n=count),
        )
    if not body:
        raise InputRefused(
            _("The file has a column {column} but no row under it.").format(
                column=repr(header[column])
            )
        )
    total = 0
    for number, row in body:
        cell = row[column].strip() if column < len(row) else ""
        plain = re.sub(r"[,\s]", "", cell)
        if not plain.isdigit():
            raise InputRefused(
                _(
                    "Row {row} of the file: the column {column} holds {value}, not a whole "
                    "number of signatures. Nothing was changed."
                ).format(row=number, column=repr(header[column]), value=repr(cell))
            )
        total += int(plain)
    return OnlineTotal(
        total,
        ngettext(
            "Read {n} signature from the column {column}.",
            "Read {n} signatures from the column {column}.",
            total,
        ).format(n=total, column=repr(header[column])),
    )


def _rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise InputRefused(_("The file is too large to be an e-petition export."))
    if b"\x00" in data[:4096]:
        raise InputRefused(_("The file is not a CSV file: it holds binary data."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older exports from Excel
    if not text.strip():
        raise InputRefused(_("The file is empty: it holds no rows of signatures."))
    first = text.splitlines()[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InputRefused(
            _("The file cannot be read as CSV: {problem}.").format(problem=exc)
        ) from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    return rows


def _count_column(header: list[str]) -> int | None:
    names = [" ".join(re.findall(r"[a-z]+", h.lower())) for h in header]
    for wanted in COUNT_COLUMNS:
        if wanted in names:
            return names.index(wanted)
    for index, name in enumerate(names):  # "Signatures (online)", "Total signed"
        if "signatures" in name.split() or name.startswith("signature count"):
            return index
    return None
