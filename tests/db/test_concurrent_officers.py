"""Officers sharing one register at the same moment, each in a program of their own.

Every test runs real parallel processes on a SQLite file (whose writers take turns) and
on a PostgreSQL database (whose transactions run side by side): issues recorded at once
get references of their own, imports of overlapping files at once store each record
once, and edits of one issue at once are all kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forumdesk.cli import main
from forumdesk.db.models import Conflict, FieldRevision, Issue
from forumdesk.db.store import open_database

WRITERS = 4
ADDS = 200
EDITS = 60
EDITS_MEANWHILE = 100  # edits made while a file is imported: they outlast the import

# Each worker opens the database, waits for the word to start (a file appearing), then
# works through the window's own path for a change (db.changes.write: one unit of work
# per change, run again when it met another officer's transaction). It prints a JSON
# line: how many changes failed, and what they said.
WORKER = """
import json, sys, time
from pathlib import Path
from forumdesk.core import issues
from forumdesk.db import changes
from forumdesk.db.store import open_database
from forumdesk.domain.errors import ForumDeskError

url, go, job, name, count = sys.argv[1:6]
db = open_database(url, create=False)
while not Path(go).exists():
    time.sleep(0.005)
said = []
if job == "import":  # name: the file
    from forumdesk.cli import main

    said = [] if main(["--db", url, "import", name]) == 0 else ["the import failed"]
    count = 0
for n in range(int(count)):
    if job == "add":
        work = lambda s: issues.record_issue(s, forum="BHF", title=f"{name} issue {n}")
    else:
        work = lambda s: issues.edit_issue(s, "BHF-0001", {job: f"{name} {n}"})
    try:
        changes.write(db, work)
    except ForumDeskError as exc:
        said.append(str(exc))
db.dispose()
print(json.dumps({"failures": len(said), "said": said[:3]}), flush=True)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty shared register, on each database."""
    if request.param == "sqlite":
        url = str(tmp_path / "register.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
    assert main(["--db", url, "init"]) == 0
    yield url


@pytest.fixture
def register(empty_register: str) -> str:
    """A new shared register with one forum, BHF."""
    assert main(["--db", empty_register, "forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    return empty_register


def _together(url: str, tmp_path: Path, jobs: list[tuple[str, str, int]]) -> list[dict]:
    """Runs one worker per job (what it changes, its name, how many times), all started
    at the same moment; returns what each said."""
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(go), job, name, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job, name, count in jobs
    ]
    time.sleep(1.0)  # every worker has started Python and opened the database
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=900)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.slow
def test_four_officers_recording_issues_at_once_get_references_of_their_own(
    register: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    jobs = [("add", f"officer{k}", ADDS) for k in range(WRITERS)]
    results = _together(register, tmp_path, jobs)
    assert [r["failures"] for r in results] == [0] * WRITERS, results

    db = open_database(register, create=False)
    try:
        with db.read_session() as session:
            rows = session.execute(select(Issue.reference, Issue.number, Issue.title)).all()
    finally:
        db.dispose()
    assert len(rows) == WRITERS * ADDS
    assert len({reference for reference, _n, _t in rows}) == WRITERS * ADDS
    # No transaction failed for good, so no number was left unused either.
    assert sorted(number for _r, number, _t in rows) == list(range(1, WRITERS * ADDS + 1))
    assert {reference for reference, _n, _t in rows} == {
        f"BHF-{n:04d}" for n in range(1, WRITERS * ADDS + 1)
    }
    for k in range(WRITERS):  # every officer's every issue is there, once
        mine = sorted(title for _r, _n, title in rows if title.startswith(f"officer{k} "))
        assert mine == sorted(f"officer{k} issue {n}" for n in range(ADDS))
    # The next issue, recorded later by another program, follows on.
    assert main(["--db", register, "issue", "add", "BHF", "Later", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reference"] == f"BHF-{WRITERS * ADDS + 1:04d}"


@pytest.mark.slow
def test_two_officers_editing_one_issue_at_once_keep_every_edit(
    register: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", register, "issue", "add", "BHF", "Pavement on Acre Lane"]) == 0
    capsys.readouterr()
    jobs = [("title", "Title", EDITS), ("description", "Description", EDITS)]
    results = _together(register, tmp_path, jobs)
    assert [r["failures"] for r in results] == [0, 0], results

    db = open_database(register, create=False)
    try:
        with db.read_session() as session:
            issue = session.scalars(select(Issue)).one()
            title, description, vv, dots = issue.title, issue.description, issue.vv, issue.dots
            kept = dict(
                session.execute(
                    select(FieldRevision.field, func.count())
                    .where(FieldRevision.table_name == "issue")
                    .group_by(FieldRevision.field)
                ).all()
            )
    finally:
        db.dispose()
    # Each officer's last edit is what the issue says, and neither undid the other's.
    assert title == f"Title {EDITS - 1}"
    assert description == f"Description {EDITS - 1}"
    # Every edit was made on top of the one before it: the version counts them all, each
    # field's stamp is the edit that last wrote it, and every replaced value is kept.
    desk = db.desk_uuid
    assert vv == {desk: 1 + 2 * EDITS}
    stamps = sorted(dots[field][1] for field in ("title", "description"))
    assert stamps[1] == 1 + 2 * EDITS
    assert stamps[0] < stamps[1]
    assert kept == {"title": EDITS, "description": EDITS}


def _laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, Path, Path]:
    """A facilitator's laptop making BHF's issues, and two files of it that overlap: the
    first with 30 issues, the second (later) with 60, ten of the first 30 retitled."""
    laptop = str(tmp_path / "laptop.sqlite")
    assert main(["--db", laptop, "init"]) == 0
    assert main(["--db", laptop, "forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    db = open_database(laptop, create=False)
    try:
        from forumdesk.core import issues

        with db.session() as session:
            for n in range(30):
                issues.record_issue(session, forum="BHF", title=f"Raised {n}")
        first = tmp_path / "first.forumdesk.json"
        assert main(["--db", laptop, "export", str(first)]) == 0
        with db.session() as session:
            for n in range(30, 60):
                issues.record_issue(session, forum="BHF", title=f"Raised {n}")
            for n in range(1, 11):
                issues.edit_issue(session, f"BHF-{n:04d}", {"title": f"Retitled {n}"})
        second = tmp_path / "second.forumdesk.json"
        assert main(["--db", laptop, "export", str(second)]) == 0
    finally:
        db.dispose()
    capsys.readouterr()
    return laptop, first, second


def _issues(url: str) -> dict[str, tuple[str, str]]:
    db = open_database(url, create=False)
    try:
        with db.read_session() as session:
            rows = session.execute(select(Issue.uuid, Issue.reference, Issue.title)).all()
    finally:
        db.dispose()
    assert len(rows) == len({uuid for uuid, _r, _t in rows})
    return {uuid: (reference, title) for uuid, reference, title in rows}


@pytest.mark.slow
def test_officers_importing_overlapping_files_at_once_store_each_record_once(
    empty_register: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, first, second = _laptop(tmp_path, capsys)
    files = [first, second, second, first, second, first]  # identical and different
    imports = [
        subprocess.Popen(
            [sys.executable, "-m", "forumdesk", "--db", empty_register, "import", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for run in imports:
        _out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        assert "duplicate" not in err.lower(), err
    # The register holds the laptop's issues as the second file had them: each once,
    # with its reference, none renumbered, whichever import came first.
    assert _issues(empty_register) == _issues(laptop)
    db = open_database(empty_register, create=False)
    try:
        with db.read_session() as session:
            assert session.scalar(select(func.count()).select_from(Conflict)) == 0
    finally:
        db.dispose()


@pytest.mark.slow
def test_an_import_while_an_officer_edits_the_issue_is_a_conflict_and_loses_no_edit(
    empty_register: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The register and the laptop both retitled BHF-0001 since the first file: the
    laptop's file is imported while an officer edits the issue's description again and
    again. The titles are a conflict, as ever; every edit of the officer is kept."""
    from forumdesk.core import issues

    laptop, first, _second = _laptop(tmp_path, capsys)
    assert main(["--db", empty_register, "import", str(first)]) == 0
    db = open_database(empty_register, create=False)
    with db.session() as session:
        issues.edit_issue(session, "BHF-0001", {"title": "Retitled on the register"})
    db.dispose()
    other = open_database(laptop, create=False)
    with other.session() as session:
        sent = issues.edit_issue(session, "BHF-0001", {"title": "Retitled on the laptop"})
        laptop_vv = session.get_one(Issue, sent.id).vv  # every edit the laptop made
    other.dispose()
    third = tmp_path / "third.forumdesk.json"
    assert main(["--db", laptop, "export", str(third)]) == 0
    capsys.readouterr()

    jobs = [("description", "Description", EDITS_MEANWHILE), ("import", str(third), 1)]
    results = _together(empty_register, tmp_path, jobs)
    assert [r["failures"] for r in results] == [0, 0], results

    db = open_database(empty_register, create=False)
    try:
        with db.read_session() as session:
            issue = session.scalars(select(Issue).where(Issue.reference == "BHF-0001")).one()
            title, description, vv = issue.title, issue.description, issue.vv
            conflicts = session.execute(select(Conflict.field, Conflict.theirs)).all()
    finally:
        db.dispose()
    assert title == "Retitled on the register"  # this desk's value stays ...
    assert conflicts == [("title", {"value": "Retitled on the laptop"})]  # ... theirs kept
    assert description == f"Description {EDITS_MEANWHILE - 1}"
    # the retitling and every description edit
    assert vv == {**laptop_vv, db.desk_uuid: 1 + EDITS_MEANWHILE}


def test_a_deadlock_between_two_officers_is_run_again_not_shown(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two officers each change two issues, in the opposite order, at the same moment:
    the server stops one of them (a deadlock); it is run again and both changes are
    kept, and nobody is told of it. (SQLite's writers take turns: none happens there.)"""
    import threading

    from forumdesk.core import issues
    from forumdesk.db import changes

    assert main(["--db", postgres_url, "init"]) == 0
    assert main(["--db", postgres_url, "forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    for title in ("Pavement", "Lighting"):
        assert main(["--db", postgres_url, "issue", "add", "BHF", title]) == 0
    capsys.readouterr()
    both_hold_one = threading.Barrier(2, timeout=10)
    outcome: dict[str, object] = {}

    def officer(name: str, first: str, then: str) -> None:
        db = open_database(postgres_url, create=False)
        attempts = []

        def work(session):
            attempts.append(1)
            issues.edit_issue(session, first, {"owner": name})
            if len(attempts) == 1:
                both_hold_one.wait()
            issues.edit_issue(session, then, {"owner": name})

        try:
            changes.write(db, work)
            outcome[name] = len(attempts)
        except Exception as exc:
            outcome[name] = exc
        finally:
            db.dispose()

    threads = [
        threading.Thread(target=officer, args=("Ana", "BHF-0001", "BHF-0002")),
        threading.Thread(target=officer, args=("Bryn", "BHF-0002", "BHF-0001")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Both finished without an error; one of them ran twice.
    assert sorted(outcome.values(), key=str) == [1, 2], outcome
    second = "Ana" if outcome["Ana"] == 2 else "Bryn"
    db = open_database(postgres_url, create=False)
    try:
        with db.read_session() as session:
            owners = set(session.scalars(select(Issue.owner)))
    finally:
        db.dispose()
    assert owners == {second}  # the one run again changed both, after the other
