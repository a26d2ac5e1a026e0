"""Two programs on one database: writers wait their turn instead of failing "database is locked"."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from forumdesk.cli import main

pytestmark = pytest.mark.sqlite_only(reason="two programs on one SQLite file (busy timeout)")

ADDS = 200

# A command-line writer: `forumdesk issue add` run ADDS times, each a whole command (it
# opens the database, reads the forum and the next number, writes, closes), in one
# process so that the test does not spend its time starting Python.
COMMAND_LINE_WRITER = """
import sys
from forumdesk.cli import main
db, name, adds = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = 0
for n in range(adds):
    if main(["--db", db, "issue", "add", "BHF", f"{name} issue {n}", "--theme", "Roads"]) != 0:
        failures += 1
print(f"failures={failures}", flush=True)
"""

# Stands in for the window: one open database, one session per captured issue, as
# gui.desk.Desk.write does, reading the issue list between captures.
WINDOW_LOOP = """
import sys
from forumdesk.core import issues
from forumdesk.core.issue_query import list_issues
from forumdesk.db.store import open_database
from forumdesk.domain.errors import ForumDeskError
from forumdesk.domain.records import IssueFilter
db = open_database(sys.argv[1])
failures = 0
for n in range(int(sys.argv[2])):
    try:
        with db.session() as session:
            issues.record_issue(session, forum="BHF", title=f"window issue {n}")
        with db.read_session() as session:
            list_issues(session, IssueFilter(limit=20))
    except ForumDeskError as exc:
        failures += 1
        print(exc, file=sys.stderr, flush=True)
print(f"failures={failures}", flush=True)
"""


@pytest.mark.slow
def test_two_command_line_writers_and_the_window_lose_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "shared.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    capsys.readouterr()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script, extra in (
            (COMMAND_LINE_WRITER, ("first", str(ADDS))),
            (COMMAND_LINE_WRITER, ("second", str(ADDS))),
            (WINDOW_LOOP, (str(ADDS),)),
        )
    ]
    results = [writer.communicate(timeout=600) for writer in writers]
    for (out, err), writer in zip(results, writers, strict=True):
        assert writer.returncode == 0, err
        assert out.strip().endswith("failures=0"), err
        assert "locked" not in err, err

    connection = sqlite3.connect(db)
    titles = [row[0] for row in connection.execute("SELECT title FROM issue")]
    references = {row[0] for row in connection.execute("SELECT reference FROM issue")}
    connection.close()
    assert len(titles) == 3 * ADDS
    assert len(references) == 3 * ADDS  # every issue has its own reference
    assert main(["--db", str(db), "check"]) == 0, capsys.readouterr()


def test_a_read_unit_refuses_to_write_and_a_writing_unit_after_it_can(db) -> None:
    """The connection that served a read serves the next unit too: query_only must not
    stay on for a write, nor be off for a read that writes by mistake."""
    from forumdesk.core import forums
    from forumdesk.domain.errors import StoreError

    for code in ("BHF", "LLF"):
        with pytest.raises(StoreError, match="cannot be written"), db.read_session() as session:
            forums.create_forum(session, code=code, name=f"Forum {code}")
        with db.session() as session:
            forums.create_forum(session, code=code, name=f"Forum {code}")
    with db.read_session() as session:
        assert [f.code for f in forums.list_forums(session)] == ["BHF", "LLF"]
