"""The issue log as CSV for spreadsheets: export safely, import edits back all or nothing.

Written as UTF-8 with a byte-order mark and CRLF line ends, so that Excel and
LibreOffice show Welsh letters; a text cell that a spreadsheet would take for a formula
(starting with = + - @, a tab, CR or LF) is written with a leading apostrophe (OWASP),
which reading removes again; so is a text that itself starts with an apostrophe, so that
the rule can be undone exactly (``'=A1`` is written ``''=A1`` and read back as ``'=A1``).
A row with more cells than the header names columns is refused by line. Reading takes
commas, semicolons or tabs between cells (whichever makes sense of the header), matches
columns by name, ignoring case and spacing, and matches rows to issues by UUID or
reference; other rows become new issues. Dates are written ISO (2026-12-31) and read ISO
or day first (31/12/2026), as Excel saves them again in a UK locale. A problem names the
line of the file its row starts on and the column as the file heads it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.core import forums, issues, lookup, preferences, report_back
from forumdesk.core.issue_query import issue_pages
from forumdesk.db.files import write_whole
from forumdesk.db.models import Issue, Meeting
from forumdesk.domain import limits
from forumdesk.domain.document_text import CODES, DocumentText
from forumdesk.domain.enums import IssueStatus, Mechanism, PolicyStage
from forumdesk.domain.errors import InputRefused, InvalidValue, NotFound
from forumdesk.domain.feedback import ResponseStanding
from forumdesk.domain.records import IssueFilter, IssueInfo
from forumdesk.exchange import document
from forumdesk.i18n import N_, _, ngettext

#: The columns of the file, by key: headed in the document language (HEADINGS), read back
#: whichever language (or both) heads them, so that any desk reads any file back.
COLUMNS = (
    "reference",
    "uuid",
    "title",
    "description",
    "forum",
    "meeting date",  # i18n: not text
    "ward",
    "place",
    "themes",
    "stage",
    "status",
    "mechanism",
    "support",
    "owner",
    "due",
    "last update",  # i18n: not text
    # Report-back: the latest response to residents (written for reading: a response is
    # recorded on the issue's timeline, not imported), and when the next one is due
    # (imported like Due); "overdue" when that day has passed without one.
    "response",
    "response date",  # i18n: not text
    "response due",  # i18n: not text
    "response overdue",  # i18n: not text
)
#: Each column's heading as a person reads it, translated in a document's language (the
#: English is what ForumDesk has always written: the column's name in title case).
HEADINGS = {
    "reference": N_("Reference"),
    "uuid": N_("Uuid"),
    "title": N_("Title"),
    "description": N_("Description"),
    "forum": N_("Forum"),
    "meeting date": N_("Meeting Date"),  # i18n: not text
    "ward": N_("Ward"),
    "place": N_("Place"),
    "themes": N_("Themes"),
    "stage": N_("Stage"),
    "status": N_("Status"),
    "mechanism": N_("Mechanism"),
    "support": N_("Support"),
    "owner": N_("Owner"),
    "due": N_("Due"),
    "last update": N_("Last Update"),  # i18n: not text
    "response": N_("Response"),
    "response date": N_("Response Date"),  # i18n: not text
    "response due": N_("Response Due"),  # i18n: not text
    "response overdue": N_("Response Overdue"),  # i18n: not text
}
#: What the Response Overdue column says of an issue whose response is overdue.
OVERDUE = "overdue"  # i18n: not text
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What gets an apostrophe in front on export, and loses one on import: a formula start,
#: and an apostrophe itself, so that text which really starts with one (``'=A1``, written
#: ``''=A1``) comes back as it was. An apostrophe before anything else is left alone.
QUOTED = (*FORMULA_STARTS, "'")
MAX_ROWS = 200_000
MAX_BYTES = 200_000_000
#: Characters read from the start of a file to find Excel's "sep=" line and the delimiter
#: (a header row of twenty headings is a few hundred).
HEAD_CHARS = 1 << 16
#: Bytes read (and characters decoded) at a time.
CHUNK = 1 << 16
#: No cell may be longer than the longest field of an issue (its description); titles,
#: names and the themes list are shorter. The csv module's own limit (131,072 characters,
#: process-wide) is left alone: longer cells are refused by line like any other problem.
MAX_CELL = limits.LONG_TEXT
DELIMITERS = (",", ";", "\t")  # what spreadsheets write: comma, semicolon (comma locales), tab
KNOWN = frozenset(COLUMNS)
#: The column each field of an issue is read from, to name it as the file heads it.
COLUMN_OF = {
    "title": "title",
    "description": "description",
    "ward": "ward",
    "place": "place",
    "owner": "owner",
    "support": "support",
    "due_date": "due",
    "response_due": "response due",  # i18n: not text
    "mechanism": "mechanism",
    "themes": "themes",
    "stage": "stage",
    "status": "status",
}
#: A date as Excel in a UK locale saves one: day first, 31/12/2026 or 1/2/2027.
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet should see it: numbers as numbers, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(QUOTED) else text


#: Issues read at a time by :func:`stream_csv`. Reading the next page holds two (the
#: database driver's rows and the last page's); a page of the longest issues (descriptions
#: of 20,000 characters) holds some 4 MB, of common ones 0.2 MB. Smaller pages cost more
#: queries: 100,000 issues took 15.4 s in pages of 100, 18.8 s in pages of 1,000.
CSV_BATCH = 100


def export_csv(
    session: Session,
    wanted: IssueFilter,
    *,
    today: date | None = None,
    language: str | None = None,
) -> bytes:
    """The issue log of a filtered list, as CSV bytes; a response is overdue on ``today``
    (default: the computer's date). The header row is in the document ``language`` (default:
    the ``document_language`` setting); a bilingual one says "Cyfeirnod / Reference".
    :func:`write_csv` writes the same bytes to a file without holding them."""
    return b"".join(stream_csv(session, wanted, today=today, language=language))


def write_csv(
    session: Session,
    path: Path,
    wanted: IssueFilter,
    *,
    today: date | None = None,
    language: str | None = None,
) -> int:
    """Writes the issue log of :func:`export_csv` to ``path``, whole or not at all
    (:func:`forumdesk.db.files.write_whole`), a page of issues at a time; returns how many
    issues it holds.

    Raises:
        InputRefused: ``path`` is a folder, a device or a pipe.
        StoreError: the file cannot be written; none was left behind.
    """
    written = [0]
    write_whole(path, stream_csv(session, wanted, today=today, language=language, counted=written))
    return written[0]


def stream_csv(
    session: Session,
    wanted: IssueFilter,
    *,
    today: date | None = None,
    language: str | None = None,
    counted: list[int] | None = None,
) -> Iterator[bytes]:
    """The bytes of :func:`export_csv`, the header and then a page of CSV_BATCH issues at a
    time, read by one query as it goes (within the caller's unit of work, so every page
    sees the same state of the database); ``counted[0]`` is kept at the issues written."""
    words = preferences.document_language(session, language)
    day = today or date.today()
    out = _Pieces()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([words.gettext(HEADINGS[c]) for c in COLUMNS])
    yield "\ufeff".encode() + out.take()
    whole = IssueFilter(**{**wanted.__dict__, "limit": None, "offset": 0})
    for page in issue_pages(session, whole, CSV_BATCH):
        meeting_dates = _meeting_dates(session, [i.meeting_id for i in page if i.meeting_id])
        standing = report_back.standing(session, [i.id for i in page], day)
        for issue in page:
            writer.writerow(
                [safe_cell(v) for v in _row(issue, meeting_dates, standing.get(issue.id))]
            )
            if out.size >= CHUNK:
                yield out.take()
        if counted is not None:
            counted[0] += len(page)
        del page, meeting_dates, standing  # before the next page is read
        yield out.take()


class _Pieces:
    """What a csv writer writes, kept as UTF-8 bytes until taken."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, text: str) -> int:
        piece = text.encode("utf-8")
        self._parts.append(piece)
        self.size += len(piece)
        return len(text)

    def take(self) -> bytes:
        taken = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return taken


def _row(
    issue: IssueInfo, meeting_dates: dict[int, date], standing: ResponseStanding | None
) -> list[Any]:
    meeting_day = meeting_dates.get(issue.meeting_id) if issue.meeting_id else None
    last = standing.last if standing else None
    return [
        issue.reference,
        issue.uuid,
        issue.title,
        issue.description,
        issue.forum_code,
        meeting_day.isoformat() if meeting_day else None,
        issue.ward,
        issue.place,
        ", ".join(issue.themes),
        issue.stage.value,
        issue.status.value,
        issue.mechanism.value if issue.mechanism else None,
        issue.support,
        issue.owner,
        issue.due_date.isoformat() if issue.due_date else None,
        issue.updated_at.strftime("%Y-%m-%d %H:%M"),
        last.text if last else None,
        last.day.isoformat() if last else None,
        issue.response_due.isoformat() if issue.response_due else None,
        OVERDUE if standing and standing.overdue else None,
    ]


def _meeting_dates(session: Session, ids: list[int]) -> dict[int, date]:
    if not ids:
        return {}
    rows = session.execute(select(Meeting.id, Meeting.date).where(Meeting.id.in_(set(ids))))
    return dict(rows.all())


@dataclass
class CsvReport:
    """What importing a CSV did (or would do)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def _key(name: str) -> str:
    """The column a heading names, in any document language ("Cyfeirnod / Reference" and
    "Cyfeirnod" are "reference"); an unknown heading as it is, normalised."""
    key = _normal(name)
    return _headed().get(key, key)


def _normal(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.replace("\ufeff", "")).strip().casefold()


@cache
def _headed() -> dict[str, str]:
    return {
        _normal(DocumentText.of(code).gettext(heading)): column
        for code in CODES
        for column, heading in HEADINGS.items()
    }


def import_csv(session: Session, source: bytes | PathLike[str] | BinaryIO) -> CsvReport:
    """Applies an issue log CSV: all rows, or none when any row has a problem.

    ``source`` is the file: its path, a binary file object that can seek (read from where
    it stands), or its bytes. It is read as it goes and never held whole: each row is
    checked and applied as it is read, inside the caller's unit of work, and forgotten;
    what is kept of the rows is their count, the references and UUIDs named (to find one
    named twice) and those of the issues created or updated. When any row has a problem
    this raises, and the caller's unit of work, rolled back, undoes the rows applied.

    Raises:
        InputRefused: listing every problem with its line number (the file's path that
            cannot be read, in a sentence).
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return _import(session, io.BytesIO(source))
    if isinstance(source, PathLike):
        try:
            binary = open(source, "rb")  # noqa: SIM115 - closed below, whatever happens
        except OSError as exc:
            raise InputRefused(
                _("{path} cannot be read: {reason}.").format(path=source, reason=exc.strerror)
            ) from exc
        with binary:
            return _import(session, binary)
    return _import(session, source)


def _import(session: Session, binary: BinaryIO) -> CsvReport:
    source = _Source(binary)
    if source.size > MAX_BYTES:
        raise InputRefused(_("The CSV file is too large for an issue log."))
    if source.opening.startswith(document.SQLITE_HEADER):
        raise InputRefused(_(document.NOT_A_DATABASE))
    source.check_short()
    # Excel's "sep=" line and the delimiter are found from the start of the file only
    # (HEAD_CHARS), not from all of it (which would hold it all): the header row is read
    # with each delimiter from there, so a header longer than that (a heading of tens of
    # thousands of characters) is judged by its start alone.
    head = source.decoded(source.text().read, HEAD_CHARS)
    rest, first, hinted = _separator_line(head)
    delimiter = hinted or _delimiter(rest)
    skip = len(head) - len(rest)  # the characters of the "sep=" line
    del head, rest
    text = source.text(skip)
    # strict: a quote left open (a cell that never ends) is an error, not the rest of
    # the file swallowed into one cell.
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputRefused(_("The CSV file is empty.")) from None
    except UnicodeDecodeError as exc:
        raise source.not_utf8(exc) from exc
    except csv.Error as exc:
        source.drain(text)  # a byte that is not UTF-8 anywhere is said first, as it always was
        raise InputRefused(_unreadable(first, exc, source, skip, first, delimiter, [])) from None
    names = [_key(h) for h in header]
    twice = sorted({n for n in names if n in KNOWN and names.count(n) > 1})
    if twice:
        source.drain(text)
        columns = ", ".join(header[names.index(n)].replace("\ufeff", "").strip() for n in twice)
        raise InputRefused(
            _(
                "Line {line} of the CSV file names the column {columns} more than once; "
                "which one to take is not clear. Keep one and import again."
            ).format(line=first, columns=columns)
        )
    headings: dict[str, str] = {}
    for name, heading in zip(names, header, strict=True):
        headings.setdefault(name, heading.replace("\ufeff", "").strip())
    if not set(names) & KNOWN:
        source.drain(text)
        raise InputRefused(
            _(
                "Line {line} of the CSV file names none of the issue log's columns (such as "
                "Reference, Title and Forum), whether separated by commas, semicolons or tabs."
            ).format(line=first)
        )
    if "title" not in names:
        source.drain(text)
        raise InputRefused(_("The CSV file has no Title column (line {line}).").format(line=first))
    if not {"reference", "uuid", "forum"} & set(names):
        source.drain(text)
        raise InputRefused(
            _(
                "The CSV file needs a Reference, UUID or Forum column (line {line}) to "
                "know which issue or forum each row belongs to."
            ).format(line=first)
        )
    report = CsvReport()
    problems = _Problems()
    rows = 0
    seen: dict[str, int] = {}  # an issue's reference or UUID: the line that names it
    while True:
        # A row is named by the line of the file it starts on: a cell of several lines
        # takes several (the reader's line_num counts the lines read so far).
        line = first + reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            break
        except UnicodeDecodeError as exc:
            raise source.not_utf8(exc) from exc
        except csv.Error as exc:  # a cell beyond what the csv module reads at all
            source.drain(text)
            problems.add(_unreadable(line, exc, source, skip, first, delimiter, header))
            break  # the reader cannot find the next row reliably after this
        rows += 1
        if rows > MAX_ROWS:
            source.drain(text)
            problems.add(_("More than {limit:,} rows; split the file.").format(limit=MAX_ROWS))
            break
        if not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[len(names) :] if c.strip()]
        if extra:
            problems.add(
                _(
                    "Line {line}: the row has {cells:,} cells but the header names {columns:,} "
                    "columns; what is past the last column would be lost. Remove it, or "
                    "check the separators and quotes on that line."
                ).format(line=line, cells=len(cells), columns=len(names))
            )
            continue
        row = {names[i]: _unsafe(cells[i]) for i in range(min(len(names), len(cells)))}
        named = (row.get("uuid") or "").strip().lower() or (row.get("reference") or "").strip()
        if named:
            key = named.upper()
            if key in seen:
                problems.add(
                    _(
                        "Line {line}: {issue} is also on line {earlier}; which of the two rows "
                        "is meant is not clear. Keep one."
                    ).format(line=line, issue=named, earlier=seen[key])
                )
                continue
            seen[key] = line
        too_long = _too_long(header, cells)
        if too_long:
            problems.add(_("Line {line}: {problem}").format(line=line, problem=too_long))
            continue
        try:
            with session.begin_nested():
                _apply(session, row, report, headings)
        except InvalidValue as exc:  # a field's value: named by the column it came from
            heading_of = headings.get(COLUMN_OF.get(exc.field, ""))
            problem = (
                _("{column}: {problem}").format(column=heading_of, problem=exc.problem)
                if heading_of
                else str(exc)
            )
            problems.add(_("Line {line}: {problem}").format(line=line, problem=problem))
        except InputRefused as exc:
            problems.add(_("Line {line}: {problem}").format(line=line, problem=exc))
        except (ValueError, TypeError) as exc:
            problems.add(_("Line {line}: {problem}").format(line=line, problem=exc))
    if problems.shown:
        listed = _("The CSV file was refused; nothing was changed:\n  {problems}").format(
            problems="\n  ".join(problems.shown)
        )
        if problems.more > 0:
            listed += "\n  " + ngettext("… and {n} more", "… and {n} more", problems.more).format(
                n=problems.more
            )
        raise InputRefused(listed)
    return report


class _Problems:
    """The problems found: the first SHOWN in words, the rest counted (a file of a million
    bad rows is not held as a million sentences)."""

    SHOWN = 30

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.more = 0

    def add(self, problem: str) -> None:
        if len(self.shown) < self.SHOWN:
            self.shown.append(problem)
        else:
            self.more += 1


class _Counted(io.RawIOBase):
    """A binary file read through, counting the bytes read (to say where a byte that is not
    UTF-8 is: the decoder says it within the piece it was given)."""

    def __init__(self, binary: BinaryIO) -> None:
        super().__init__()
        self._binary = binary
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._binary.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _Source:
    """The CSV file being imported, read as text from its start (again, for the rare
    refusal that names a cell); it says where a byte that is not UTF-8 is."""

    def __init__(self, binary: BinaryIO) -> None:
        self._binary = binary
        self._start = binary.tell()
        self.size = binary.seek(0, io.SEEK_END) - self._start
        binary.seek(self._start)
        #: The first bytes, to know a database and a byte-order mark.
        self.opening = binary.read(len(document.SQLITE_HEADER))
        self._counted: _Counted | None = None

    def text(self, skip: int = 0) -> io.TextIOWrapper[Any]:
        """The file as text from its start (the byte-order mark taken off), ``skip``
        characters on; lines end as the csv module wants them (newline="")."""
        self._binary.seek(self._start)
        self._counted = _Counted(self._binary)
        # A raw file is what TextIOWrapper reads at bottom; typeshed asks for a buffered one.
        text = io.TextIOWrapper(self._counted, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
        text._CHUNK_SIZE = CHUNK  # type: ignore[attr-defined]
        if skip:
            self.decoded(text.read, skip)
        return text

    def decoded(self, read: Callable[[int], str], size: int) -> str:
        """What ``read`` reads of the text, or the refusal of a byte that is not UTF-8."""
        try:
            return read(size)
        except UnicodeDecodeError as exc:
            raise self.not_utf8(exc) from exc

    def drain(self, text: io.TextIOWrapper) -> None:
        """Reads the rest of ``text``: a byte that is not UTF-8 anywhere refuses the file
        before any other problem, as when the whole file was decoded first."""
        while self.decoded(text.read, CHUNK):
            pass

    def not_utf8(self, exc: UnicodeDecodeError) -> InputRefused:
        """The refusal of the byte ``exc`` stopped at, counted as decoding the whole file
        counted it: from the start, after a byte-order mark."""
        read = self._counted.count if self._counted is not None else 0
        at = read - len(exc.object) + exc.start
        if self.opening.startswith(codecs.BOM_UTF8):
            at -= len(codecs.BOM_UTF8)
        return _not_utf8(at)

    def check_short(self) -> None:
        """Refuses a file of a byte or two that start a byte-order mark: the incremental
        decoder takes them for its start and reads them as nothing, not as bad bytes."""
        if self.size <= len(self.opening):
            try:
                self.opening.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _not_utf8(exc.start) from exc

    def pieces_from(self, skip: int, lines: int) -> Iterator[str]:
        """The text from a line on (after the ``skip`` characters of a "sep=" line; lines
        counted as the csv reader counts them), a piece at a time."""
        text = self.text(skip)
        for _line in range(lines):
            if not text.readline():
                return
        while piece := text.read(CHUNK):
            yield piece


def _not_utf8(at: int) -> InputRefused:
    return InputRefused(
        _(
            "The CSV file is not UTF-8 (byte {byte}); save it from the spreadsheet "
            'as "CSV UTF-8" and import it again.'
        ).format(byte=at)
    )


def _separator_line(text: str) -> tuple[str, int, str | None]:
    """Excel's ``sep=;`` hint line taken off: the rest, the header's line number, the delimiter."""
    head, _, rest = text.partition("\n")
    hint = head.rstrip("\r")
    if len(hint) == 5 and hint.casefold().startswith("sep=") and hint[4] in DELIMITERS:
        return rest, 2, hint[4]
    return text, 1, None


def _delimiter(text: str) -> str:
    """The delimiter whose reading of the header finds the most issue log columns.

    A header-based choice rather than csv.Sniffer: the header must name our columns,
    so trying each delimiter a spreadsheet writes (comma, semicolon, tab) and counting
    the known names it yields is deterministic, whereas Sniffer guesses from character
    frequencies over a sample, can settle on a letter or a space, and fails on a file
    of one column or with multi-line cells. Ties go to the comma.
    """
    best, found = ",", 0
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        known = len({_key(h) for h in header} & KNOWN)
        if known > found:
            best, found = delimiter, known
    return best


def _too_long(header: list[str], cells: list[str]) -> str | None:
    """Which cell, if any, is longer than any field of an issue may be."""
    for index, cell in enumerate(cells):
        length = len(_unsafe(cell).strip())
        if length > MAX_CELL:
            column = (
                header[index].strip()
                if index < len(header)
                else _("column {n}").format(n=index + 1)
            )
            return _(
                "the {column} cell is {length:,} characters long; no field of an issue "
                "may be longer than {limit:,} characters"
            ).format(column=column, length=length, limit=MAX_CELL)
    return None


def _unreadable(
    line: int,
    exc: csv.Error,
    source: _Source,
    skip: int,
    first: int,
    delimiter: str,
    header: list[str],
) -> str:
    """What the csv module could not read, said by line (and column, for a huge cell: the
    file is read again from that line to find it)."""
    if "field larger than field limit" in str(exc):
        index = _long_cell(chain.from_iterable(source.pieces_from(skip, line - first)), delimiter)
        if index is None:  # pragma: no cover - the reader found one
            return _(
                "Line {line}: a cell is more than {size:,} characters long; "
                "no field of an issue may be longer than {limit:,} characters"
            ).format(line=line, size=csv.field_size_limit(), limit=MAX_CELL)
        column = (
            header[index].replace("\ufeff", "").strip()
            if index < len(header)
            else _("column {n}").format(n=index + 1)
        )
        return _(
            "Line {line}: the {column} cell is more than {size:,} characters long; "
            "no field of an issue may be longer than {limit:,} characters"
        ).format(line=line, column=column, size=csv.field_size_limit(), limit=MAX_CELL)
    if "unexpected end of data" in str(exc):  # the csv module's words for an open quote
        return _(
            'Line {line}: a quote (") opens a cell that is never closed, so the rest of '
            "the file would be read as one cell; close the quote or remove it"
        ).format(line=line)
    return _("Line {line}: the CSV cannot be read there ({problem})").format(line=line, problem=exc)


def _long_cell(chars: Iterable[str], delimiter: str) -> int | None:
    """Which cell (0 first) of the row whose characters ``chars`` start with is longer than
    any issue's field."""
    index = length = 0
    quoted = closing = False  # closing: a quote in a quoted cell, its end or half of ""
    for char in chars:
        if closing:
            closing = False
            if char == '"':  # "" is one quote
                length += 1
                if length > MAX_CELL:
                    return index
                continue
            quoted = False
        if quoted:
            if char == '"':
                closing = True
            else:
                length += 1
        elif char == '"':
            quoted = True
        elif char == delimiter:
            index, length = index + 1, 0
        elif char in "\r\n":
            return None
        else:
            length += 1
        if length > MAX_CELL:
            return index
    return None


def _unsafe(cell: str) -> str:
    """Removes the apostrophe that :func:`safe_cell` put in front (see QUOTED)."""
    if cell.startswith("'") and cell[1:].startswith(QUOTED):
        return cell[1:]
    return cell


def _apply(
    session: Session, row: dict[str, str], report: CsvReport, headings: dict[str, str]
) -> None:
    def value(name: str) -> str | None:
        text = (row.get(name) or "").strip()
        return text or None

    existing = _find(session, value("uuid"), value("reference"))
    changes: dict[str, Any] = {}
    for column, name in (
        ("title", "title"),
        ("description", "description"),
        ("ward", "ward"),
        ("place", "place"),
        ("owner", "owner"),
    ):
        if column in row:
            changes[name] = value(column)
    if "support" in row:
        text = value("support")
        if text is not None and not text.isdigit():
            raise InputRefused(
                _("{column}: {value} is not a whole number").format(
                    column=headings["support"], value=repr(text)
                )
            )
        changes["support"] = int(text) if text else 0
    if "due" in row:
        text = value("due")
        changes["due_date"] = _date(text, headings["due"]) if text else None
    if "response due" in row:
        text = value("response due")
        changes["response_due"] = _date(text, headings["response due"]) if text else None
    if "mechanism" in row:
        text = value("mechanism")
        changes["mechanism"] = Mechanism.parse(text) if text else None
    if "themes" in row:
        changes["themes"] = [t.strip() for t in (value("themes") or "").split(",") if t.strip()]
    stage_text, status_text = value("stage"), value("status")
    stage = PolicyStage.parse(stage_text) if stage_text else None
    status = IssueStatus.parse(status_text) if status_text else None
    if existing is None:
        code = value("forum")
        if code is None:
            raise InputRefused(_("a new issue needs its forum's code in the Forum column"))
        forums.get_forum(session, code)  # a clear NotFound if there is no such forum
        made = issues.record_issue(
            session,
            forum=code,
            stage=stage or PolicyStage.CO_DEFINITION,
            **{k: v for k, v in changes.items() if k != "title"},
            title=changes.get("title") or "",
        )
        if status and status is not IssueStatus.OPEN:
            issues.change_status(session, made.id, status, note=_("From the issue log CSV."))
        report.created.append(made.reference)
        return
    before = issues.get_issue(session, existing)
    after = issues.edit_issue(session, existing, changes) if changes else before
    if stage and stage != after.stage:
        after = issues.move_issue(session, existing, stage, note=_("From the issue log CSV."))
    if status and status != after.status:
        after = issues.change_status(session, existing, status, note=_("From the issue log CSV."))
    if after.updated_at != before.updated_at:
        report.updated.append(after.reference)
    else:
        report.unchanged += 1


def _date(text: str, heading: str) -> date:
    """A date cell: ISO (2026-12-31), or day first as a UK spreadsheet saves it (31/12/2026)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = DAY_FIRST.fullmatch(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise InputRefused(
        _("{column}: {value} is not a date like 2026-12-31 or 31/12/2026").format(
            column=heading, value=repr(text)
        )
    )


def _find(session: Session, uuid: str | None, reference: str | None) -> int | None:
    if uuid:
        found = session.scalar(
            select(Issue.id).where(Issue.uuid == uuid.lower(), Issue.deleted_at.is_(None))
        )
        if found is None:
            raise NotFound(_("no issue has the UUID {uuid}").format(uuid=uuid))
        if reference:
            named = session.scalar(select(Issue.reference).where(Issue.id == found))
            if named is not None and named.upper() != reference.upper():
                raise InputRefused(
                    _(
                        "the Reference {reference} and the UUID {uuid} name two different "
                        "issues (that UUID is {named}'s); correct one of them"
                    ).format(reference=reference, uuid=uuid, named=named)
                )
        return found
    if reference:
        try:
            return lookup.issue(session, reference).id
        except NotFound:
            return None  # a council's own reference: a new issue here
    return None
