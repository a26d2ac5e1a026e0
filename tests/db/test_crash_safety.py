"""A laptop dies mid-meeting: every acknowledged issue survives and the file stays sound."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forumdesk.cli import main

pytestmark = pytest.mark.sqlite_only(reason="a SQLite file's WAL surviving a killed program")

RECORDER = """
import sys
from forumdesk.core import issues
from forumdesk.db.store import open_database

db = open_database(sys.argv[1])
n = 0
while True:
    n += 1
    with db.session() as session:
        made = issues.record_issue(session, forum="BHF", title=f"Issue {n} from the hall",
                                   description="x" * (n % 500), themes=["Roads"])
    # Printed only after the commit returned: the acknowledgement a person sees.
    print(made.reference, flush=True)
"""

KILLS = 20


@pytest.mark.slow
def test_killing_the_writer_at_random_moments_loses_no_acknowledged_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "hall.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    rng = random.Random(20)
    acknowledged: list[str] = []
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", RECORDER, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the child is writing now
        assert first, "the recorder did not start"
        acknowledged.append(first.strip())
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        acknowledged.extend(line.strip() for line in child.stdout if line.strip())
        child.wait()
        assert child.returncode == -signal.SIGKILL

        capsys.readouterr()
        assert main(["--db", str(db), "check"]) == 0, capsys.readouterr()
        connection = sqlite3.connect(db)
        stored = {row[0] for row in connection.execute("SELECT reference FROM issue")}
        indexed = connection.execute("SELECT count(*) FROM issue_search").fetchone()[0]
        events = connection.execute("SELECT count(*) FROM timeline_event").fetchone()[0]
        connection.close()
        missing = [ref for ref in acknowledged if ref not in stored]
        assert not missing, f"acknowledged but lost: {missing}"
        # No half-written issue: each has its search entry and its "raised" event.
        assert indexed == len(stored) == events
    assert len(acknowledged) > KILLS
