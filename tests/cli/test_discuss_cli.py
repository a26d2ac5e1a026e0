"""`forumdesk issue discuss`: an earlier issue at a later meeting, and its refusals."""

from __future__ import annotations

import pytest

from forumdesk.core import issues
from forumdesk.db.store import open_database
from tests.cli.test_cli import snapshot


@pytest.fixture
def forum(cli):
    cli("forum", "add", "BHF", "Brixton Hill Area Forum")
    cli("meeting", "add", "BHF", "--format", "area-forum", "--date", "2026-03-04")
    cli("issue", "add", "BHF", "Potholes on Brixton Hill", "--meeting", "BHF 2026-03-04")
    cli("meeting", "add", "BHF", "--format", "area-forum", "--date", "2026-04-08")
    return cli


def test_an_issue_is_discussed_at_a_meeting_named_by_code_and_date(forum) -> None:
    code, out, err = forum(
        "issue", "discuss", "BHF-0001", "--meeting", "BHF 2026-04-08", "--note", "Survey done"
    )
    assert (code, err) == (0, "")
    assert out == "BHF-0001 recorded as discussed at BHF 2026-04-08, Area forum meeting.\n"
    code, out, _ = forum("issue", "show", "BHF-0001")
    assert "Discussed at meeting" in out
    assert "At BHF 2026-04-08, Area forum meeting: Survey done" in out


def test_a_status_change_names_the_meeting_that_made_it(forum) -> None:
    code, _, _ = forum("issue", "status", "BHF-0001", "referred", "--meeting", "BHF 2026-04-08")
    assert code == 0
    _, out, _ = forum("issue", "show", "BHF-0001")
    assert "Open → Referred, at BHF 2026-04-08, Area forum meeting" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["BHF-0001", "--meeting", "BHF 2026-04-08"],  # the second time
            "BHF-0001 was already discussed at the Brixton Hill Area Forum meeting of "
            "8 April 2026.",
        ),
        (["BHF-0001", "--meeting", "BHF 2026-03-04"], "BHF-0001 was raised at this meeting"),
        (["BHF-0009", "--meeting", "BHF 2026-04-08"], "no issue with reference 'BHF-0009'"),
        (["BHF-0001", "--meeting", "BHF 2026-05-01"], "BHF has no meeting on 2026-05-01."),
    ],
)
def test_refusals_say_why_exit_3_and_change_nothing(forum, args, message) -> None:
    assert forum("issue", "discuss", "BHF-0001", "--meeting", "BHF 2026-04-08")[0] == 0
    before = snapshot(forum.db)
    code, out, err = forum("issue", "discuss", *args)
    assert (code, out) == (3, "")
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert snapshot(forum.db) == before


def test_approved_minutes_refuse_a_discussion_and_a_deleted_issue_is_refused(forum) -> None:
    assert forum("minutes", "approve", "BHF 2026-04-08", "--by", "Clerk")[0] == 0
    code, _, err = forum("issue", "discuss", "BHF-0001", "--meeting", "BHF 2026-04-08")
    assert code == 3
    assert "The minutes of this meeting are approved (version 1)" in err
    forum("issue", "add", "BHF", "Dropped")
    db = open_database(str(forum.db))
    with db.session() as s:
        issues.delete_issue(s, "BHF-0002")
    db.dispose()
    code, _, err = forum("issue", "discuss", "BHF-0002", "--meeting", "BHF 2026-03-04")
    assert code == 3
    assert "BHF-0002 was deleted, so it cannot be discussed at a meeting." in err
