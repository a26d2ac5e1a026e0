"""Reading an online platform's export of contributions (CSV or JSON) into plain rows.

Platforms name their columns differently ("Idea title", "Votes", "Username"), so each
field is found under any of several names, compared without case, spaces or
punctuation. The whole file is read and checked before anything is stored: a problem
anywhere refuses the file, saying what is wrong and on which row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from forumdesk.domain import limits, rules
from forumdesk.domain.errors import InputRefused, InvalidValue
from forumdesk.i18n import _, ngettext

#: Larger than any platform's export of one deliberation (tens of thousands of ideas).
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
#: Problems listed before "… and N more".
SHOWN = 30
DELIMITERS = (",", ";", "\t")  # i18n: not text

#: Each field and the names platforms give it (compared as :func:`_key` makes them).
NAMES: dict[str, tuple[str, ...]] = {  # i18n: not text
    "external_id": (
        "externalid",
        "id",
        "contributionid",
        "ideaid",
        "postid",
        "proposalid",
        "submissionid",
        "commentid",
        "uid",
        "uuid",
    ),
    "title": ("title", "ideatitle", "proposaltitle", "subject", "heading", "idea", "proposal"),
    "text": ("text", "body", "description", "content", "details", "message", "comment"),
    "author": (
        "author",
        "pseudonym",
        "username",
        "user",
        "authorname",
        "nickname",
        "displayname",
        "postedby",
        "submittedby",
    ),
    "supports": (
        "supports",
        "support",
        "supporters",
        "votes",
        "upvotes",
        "likes",
        "endorsements",
        "agrees",
        "score",
    ),
    "issue": ("issue", "issuereference", "issueref", "forumdeskissue", "forumdeskreference"),
}
#: The keys a JSON export may keep its list of contributions under.
LIST_KEYS = ("contributions", "ideas", "proposals", "posts", "items", "results", "data")


@dataclass(frozen=True)
class Row:
    """One contribution as the file gives it, checked; ``where`` names it in messages."""

    where: str
    external_id: str
    title: str
    text: str | None
    author: str | None
    supports: int
    issue: str | None


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.replace("\ufeff", "")).casefold()


_FIELD_OF = {name: field for field, names in NAMES.items() for name in names}


def read_rows(data: bytes, name: str) -> list[Row]:
    """The contributions of an export, every one checked.

    Raises:
        InputRefused: the file is not a CSV or JSON export of contributions, lacks a
            column, or has rows that cannot be taken (each listed by row number).
    """
    if len(data) > MAX_BYTES:
        raise InputRefused(
            _("{name} is larger than {limit} MB; no platform's export is this large.").format(
                name=name, limit=MAX_BYTES // (1024 * 1024)
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRefused(
            _(
                "{name} is not a CSV or JSON export: it is not UTF-8 text (byte {byte}). "
                'Export it from the platform again, or save it as "CSV UTF-8".'
            ).format(name=name, byte=exc.start)
        ) from None
    if not text.strip():
        raise InputRefused(_("{name} is empty.").format(name=name))
    if "\x00" in text:
        raise InputRefused(
            _("{name} is not a CSV or JSON export: it holds binary data.").format(name=name)
        )
    if text.lstrip()[:1] in ("[", "{"):
        records = _json_records(text, name)
    else:
        records = _csv_records(text, name)
    return _checked(records, name)


def _json_records(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        found = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputRefused(
            _("{name} is not valid JSON (line {line}): export it from the platform again.").format(
                name=name, line=line or "?"
            )
        ) from None
    if isinstance(found, dict):
        lists = [
            found[k] for k in found if _key(str(k)) in LIST_KEYS and isinstance(found[k], list)
        ]
        found = lists[0] if lists else None
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise InputRefused(
            _(
                "{name} does not hold a list of contributions: a JSON export should be a list "
                'of entries (or hold one under "contributions" or "ideas"), each with an id '
                "and a title."
            ).format(name=name)
        )
    if len(found) > MAX_ROWS:
        raise InputRefused(
            _("{name} holds more than {limit:,} contributions; split it.").format(
                name=name, limit=MAX_ROWS
            )
        )
    return [
        (_("Entry {n}").format(n=number), {str(k): v for k, v in item.items()})
        for number, item in enumerate(found, start=1)
    ]


def _csv_records(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputRefused(_unreadable(name, 1, exc)) from None
    records: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_unreadable(name, line, exc))
            break  # the reader cannot find the next row reliably after this
        if not any(c.strip() for c in cells):
            continue
        if len(records) >= MAX_ROWS:
            problems.append(
                _("{name} holds more than {limit:,} contributions; split it.").format(
                    name=name, limit=MAX_ROWS
                )
            )
            break
        where = _("Row {row} (line {line})").format(row=len(records) + 1, line=line)
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                _(
                    "{where}: the row has {cells} cells but the header names {columns}; "
                    "check the separators and quotes on that line."
                ).format(where=where, cells=len(cells), columns=len(header))
            )
            continue
        records.append((where, dict(zip(header, cells, strict=False))))
    _refuse(problems, name)
    if not records:
        _columns(header, name)  # a header of the wrong columns says so first
        raise InputRefused(_("{name} holds no contributions.").format(name=name))
    return records


def _delimiter(text: str) -> str:
    """The separator whose reading of the header finds the most known columns (ties: comma)."""
    best, found = ",", 0
    first = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        known = len({_FIELD_OF.get(_key(c)) for c in first.split(delimiter)} - {None})
        if known > found:
            best, found = delimiter, known
    return best


def _unreadable(name: str, line: int, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return _(
            "{name}, line {line}: a cell is more than {size:,} characters long; no "
            "contribution is this long."
        ).format(name=name, line=line, size=csv.field_size_limit())
    if "unexpected end of data" in str(exc):
        return _(
            '{name}, line {line}: a quote (") opens a cell that is never closed; close the '
            "quote or remove it."
        ).format(name=name, line=line)
    return _("{name}, line {line}: the CSV cannot be read there ({problem}).").format(
        name=name, line=line, problem=exc
    )


def _columns(header: list[str], name: str) -> dict[str, str]:
    """Which heading of the file holds each field; refuses a file without id or title."""
    columns: dict[str, str] = {}
    for heading in header:
        field = _FIELD_OF.get(_key(str(heading)))
        if field is not None:
            columns.setdefault(field, heading)
    if "external_id" in columns and "title" in columns:
        return columns
    if "external_id" in columns:
        missing = _('a title (a column such as "title" or "subject")')
    elif "title" in columns:
        missing = _('an id (a column such as "id" or "external id")')
    else:
        missing = _(
            'an id or a title (columns such as "id" and "title"); it may not be a '
            "platform's export of contributions"
        )
    shown = ", ".join(f'"{h}"' for h in header[:12] if str(h).strip()) or _("none")
    raise InputRefused(
        _(
            "{name} cannot be imported: it has no column for {missing}. Its columns are: {columns}."
        ).format(name=name, missing=missing, columns=shown)
    )


def _checked(records: list[tuple[str, dict[str, Any]]], name: str) -> list[Row]:
    headings: list[str] = []
    for _where, record in records:  # a JSON export's entries may each have other keys
        headings.extend(k for k in record if k not in headings)
    columns = _columns(headings, name)
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for where, record in records:
        try:
            row = _row(where, {f: record.get(h) for f, h in columns.items()})
        except InvalidValue as exc:
            heading = columns.get(exc.field, exc.field)
            problems.append(
                _("{where}: {column} {problem}").format(
                    where=where, column=heading, problem=exc.problem
                )
            )
            continue
        if row.external_id in seen:
            problems.append(
                _("{where}: the id {id} is also on {earlier}; keep one of the two.").format(
                    where=where, id=row.external_id, earlier=seen[row.external_id].lower()
                )
            )
            continue
        seen[row.external_id] = where
        rows.append(row)
    _refuse(problems, name)
    return rows


def _row(where: str, values: dict[str, Any]) -> Row:
    for field, value in values.items():
        if isinstance(value, (dict, list)):
            raise InvalidValue(field, _("holds a list or an object where text was expected"))
        if value is not None and not isinstance(value, str):
            values[field] = str(value) if not isinstance(value, bool) else None
    external = str(values.get("external_id") or "").strip()
    title = " ".join(str(values.get("title") or "").split())  # one line, as lists show it
    cleaned = {
        "external_id": rules.CONTRIBUTION["external_id"](external),
        "title": rules.CONTRIBUTION["title"](title),
        "text": rules.CONTRIBUTION["text"](values.get("text")),
        "author": rules.CONTRIBUTION["author"](values.get("author")),
        "supports": rules.CONTRIBUTION["supports"](_number(values.get("supports"))),
    }
    issue = limits.text("issue", values.get("issue"), limits.SHORT_TEXT, one_line=True)
    return Row(where=where, issue=issue, **cleaned)


def _number(value: Any) -> int:
    """A count as platforms write it: "1,204", " 12 ", "" (none)."""
    text = str(value or "").strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not text:
        return 0
    if text.endswith(".0"):  # a spreadsheet's number
        text = text[:-2]
    if not text.lstrip("-").isdigit():
        raise InvalidValue("supports", _("is {value!r}, not a whole number").format(value=value))
    return int(text)


def _refuse(problems: list[str], name: str) -> None:
    if not problems:
        return
    listed = _("{name} was refused; nothing was changed:\n  {problems}").format(
        name=name, problems="\n  ".join(problems[:SHOWN])
    )
    more = len(problems) - SHOWN
    if more > 0:
        listed += "\n  " + ngettext("… and {n} more", "… and {n} more", more).format(n=more)
    raise InputRefused(listed)
