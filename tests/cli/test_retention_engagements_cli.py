"""`retention apply` says what it erases of engagement participants and offers (issue 14)."""

from __future__ import annotations

import json

from tests.core.test_retention_engagements import TODAY, _scene


def test_the_command_line_says_what_retention_would_erase_of_engagements(cli, monkeypatch) -> None:
    from forumdesk.db.store import open_database

    db = open_database(str(cli.db))
    try:
        _scene(db)
    finally:
        db.dispose()
    monkeypatch.setenv("FORUMDESK_RETENTION_TODAY", TODAY.isoformat())
    code, out, _ = cli("retention", "apply", "--dry-run")
    assert code == 0
    assert out.strip() == (
        "Would erase the personal data of 2 engagement participants or offers of help whose "
        "people last took part before 15 June 2027. Nothing was changed."
    )
    code, out, _ = cli("retention", "apply", "--json")
    assert [r["kind"] for r in json.loads(out)["records"]] == ["participants", "offers"]
    assert cli("retention", "apply", "--dry-run")[1].startswith("Nothing is due")
