"""Bad issue log CSV files, each with what the import said of it before it streamed.

``csv_refusals.json`` holds the message the whole-file import (read into memory, decoded
at once) gave for each case on the ``sample`` desk; the streaming import must say exactly
the same. Regenerate it only from a version known to be right:
``python -m tests.exchange.csv_refusal_cases`` (it prints the JSON).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

EXPECTED = Path(__file__).with_name("csv_refusals.json")
BOM = "\ufeff".encode()
#: A blank row (one cell of spaces): skipped by the import, cheap padding for big files.
BLANK = b" " * 98 + b"\r\n"


def write(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return BOM + out.getvalue().encode()


def padded(head: bytes, size: int, tail: bytes) -> bytes:
    """``head``, then blank rows to about ``size`` bytes, then ``tail``."""
    return head + BLANK * max(0, (size - len(head)) // len(BLANK)) + tail


def _chunk_boundary() -> bytes:
    """A file whose first bad byte starts a two-byte letter cut at the 8,192nd byte."""
    head = write([["Title", "Forum"], ["Ok", "BHF"]])
    data = head + b"x" * (8191 - len(head))
    return data + b"\xc5y\r\n"


#: name: (the file's bytes, module attributes of csv_log set for the case)
CASES: dict[str, tuple[Callable[[], bytes], dict[str, int]]] = {
    "bad-byte-early": (lambda: b"Title,Forum\r\nCaf\xe9,BHF\r\n", {}),
    "bad-byte-after-a-mark": (lambda: write([["Title", "Forum"]]) + b"Caf\xe9,BHF\r\n", {}),
    "bad-byte-far-in": (
        lambda: padded(write([["Title", "Forum"], ["Ok", "BHF"]]), 300_000, b"Caf\xe9,BHF\r\n"),
        {},
    ),
    "bad-byte-past-the-first-mebibyte": (
        lambda: padded(write([["Title", "Forum"]]), 3_000_000, b"Caf\xe9,BHF\r\n"),
        {},
    ),
    "bad-byte-cut-at-a-chunk": (_chunk_boundary, {}),
    "cut-short-at-the-end": (lambda: write([["Title", "Forum"], ["Ok", "BHF"]]) + b"\xe2\x82", {}),
    "header-problem-then-bad-byte": (
        lambda: padded(write([["Title", "Title", "Forum"]]), 100_000, b"\xff\r\n"),
        {},
    ),
    "row-limit-then-bad-byte": (
        lambda: write([["Title", "Forum"]] + [["Row", "ZZZ"]] * 8) + b"\xff\r\n",
        {"MAX_ROWS": 5},
    ),
    "row-limit": (lambda: write([["Title", "Forum"]] + [["Row", "ZZZ"]] * 8), {"MAX_ROWS": 5}),
    "unreadable-then-bad-byte": (
        lambda: write([["Title", "Forum"], ["Huge", "x" * 140_000]]) + b"\xff\r\n",
        {},
    ),
    "empty": (lambda: b"", {}),
    "only-a-mark": (lambda: BOM, {}),
    "half-a-mark": (lambda: BOM[:2], {}),
    "a-mark-then-a-cut-letter": (lambda: BOM + b"\xc5", {}),
    "a-database": (lambda: b"SQLite format 3\x00" + bytes(200), {}),
    "too-large": (
        lambda: write([["Title", "Forum"]] + [["Row", "BHF"]] * 200),
        {"MAX_BYTES": 1000},
    ),
    "many-problems": (lambda: write([["Title", "Forum"]] + [["Row", "ZZZ"]] * 42), {}),
    "bad-row-far-in": (
        lambda: padded(
            write([["Title", "Forum"], ["Ok", "BHF"]]), 2_500_000, b"Bad,ZZZ\r\nOk too,BHF\r\n"
        ),
        {},
    ),
    "huge-cell-far-in": (
        lambda: padded(
            write([["Title", "Forum", "Notes"]]),
            2_500_000,
            write([["Two\nlines", "BHF", ""], ["Huge", "BHF", "n" * 140_000]])[len(BOM) :],
        ),
        {},
    ),
    "long-cell-before-a-huge-one": (
        lambda: write([["Title", "Notes", "Forum"], ["Big", "ŵ" * 30_000, "y" * 140_000]]),
        {},
    ),
    "huge-cell-in-quotes-with-doubled-quotes": (
        lambda: write([["Title", "Forum"], ['Say ""' + '"' * 7 + "q" * 140_000, "BHF"]]),
        {},
    ),
    "huge-header-cell": (lambda: b"Title,Forum," + b"h" * 140_000 + b"\r\nOk,BHF\r\n", {}),
    "open-quote-far-in": (
        lambda: padded(write([["Title", "Forum"]]), 1_500_000, b'Ok,"BHF\r\nnever closed\r\n'),
        {},
    ),
    "separator-line-then-problems": (
        lambda: b'sep=;\r\r\nTitle;Forum\r\n"Two\r\nlines";ZZZ\r\nHuge;' + b"z" * 140_000 + b"\r\n",
        {},
    ),
    "separator-line-semicolon-file": (
        lambda: write([["sep=;"], ["Title;Forum"]]) + b"Ok;ZZZ\r\n",
        {},
    ),
    "separator-line-alone": (lambda: b"sep=\t", {}),
    "carriage-returns-only": (lambda: b"Title,Forum\rOne,ZZZ\rTwo,QQQ\r", {}),
    "a-tab-file-with-problems": (
        lambda: write([["Title", "Forum", "Support"], ["A", "BHF", "many"]], delimiter="\t"),
        {},
    ),
    "named-twice-far-apart": (
        lambda: padded(
            write([["Reference", "Title"], ["BHF-0001", "First"]]),
            1_200_000,
            b"BHF-0001,Again\r\n",
        ),
        {},
    ),
    "no-known-column": (lambda: b"Teitl|Fforwm\r\nLlyfrgell|BHF\r\n", {}),
    "no-title": (lambda: write([["Forum", "Stage"], ["BHF", "1"]]), {}),
    "no-way-to-match": (lambda: write([["Title", "Ward"], ["Bench", "Tulse Hill"]]), {}),
    "wider-rows": (lambda: write([["Title", "Forum"], ["Wide", "BHF", "extra", "more"]]), {}),
}


def _generate() -> None:  # pragma: no cover - run by hand, on a version known to be right
    import json
    import tempfile

    from forumdesk.core import forums, issues, meetings
    from forumdesk.db.store import open_database
    from forumdesk.domain.errors import InputRefused
    from forumdesk.exchange import csv_log

    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(str(Path(folder) / "desk.sqlite"))
        with db.session() as s:
            forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
            meeting = meetings.create_meeting(
                s, forum="BHF", format="area-forum", date="2026-03-04"
            )
            for title in ("Potholes", "Street lights", "Library"):
                issues.record_issue(s, forum="BHF", title=title, meeting=meeting.id)
        for name, (make, settings) in CASES.items():
            saved = {k: getattr(csv_log, k) for k in settings}
            for key, value in settings.items():
                setattr(csv_log, key, value)
            try:
                with db.preview_session() as s:
                    csv_log.import_csv(s, make())
            except InputRefused as exc:
                found[name] = str(exc)
            else:
                raise SystemExit(f"{name} was not refused")
            finally:
                for key, value in saved.items():
                    setattr(csv_log, key, value)
        db.dispose()
    print(json.dumps(found, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    _generate()
