"""`forumdesk retention apply [--dry-run]`, and retention applied when a database opens."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from forumdesk.cli import main
from forumdesk.core import attendance, forums, meetings, retention, sync
from forumdesk.db.models import Attendance, Person
from forumdesk.db.store import open_database
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.logs import log_file
from tests.helpers import snapshot

TODAY = date.today()
#: 30 and 10 months ago: either side of the default 24 months, away from its edge.
LONG_AGO = retention.months_before(TODAY, 30)
LATELY = retention.months_before(TODAY, 10)


def _desk(path) -> dict[str, int]:
    """Aled (long ago, BHF only), Bethan (long ago at BHF, lately at LLF: one person),
    a councillor long ago; returns the sign-in ids."""
    db = open_database(str(path))
    try:
        with db.session() as s:
            forums.create_forum(s, code="BHF", name="Brixton Hill Area Forum")
            forums.create_forum(s, code="LLF", name="Llanfair Forum")
            old = meetings.create_meeting(s, forum="BHF", format="area-forum", date=LONG_AGO).id
            new = meetings.create_meeting(s, forum="LLF", format="area-forum", date=LATELY).id

            def sign_in(meeting: int, name: str, contact: str | None = None, role="resident"):
                return attendance.add_attendance(
                    s,
                    meeting,
                    role=role,
                    name=name,
                    consent_named=True,
                    contact=contact,
                    consent_contact=contact is not None,
                ).id

            ids = {
                "aled": sign_in(old, "Aled Jones", "07700 900123"),
                "bethan_old": sign_in(old, "Bethan Price", "bethan@example.org"),
                "bethan_new": sign_in(new, "Bethan Price"),
                "cllr": sign_in(old, "Cllr Rhys Owen", role="councillor"),
            }
            person = Person()
            sync.created(s, person)
            s.add(person)
            s.flush()
            for key in ("bethan_old", "bethan_new"):  # linked across two forums
                s.get(Attendance, ids[key]).person_id = person.id
    finally:
        db.dispose()
    return ids


def _held(path, ident: int) -> tuple[str | None, str | None]:
    db = open_database(str(path))
    try:
        with db.read_session() as s:
            row = s.get(Attendance, ident)
            return row.name, row.contact
    finally:
        db.dispose()


def test_a_dry_run_lists_what_is_due_and_changes_nothing(cli) -> None:
    ids = _desk(cli.db)
    before = snapshot(cli.db)
    code, out, err = cli("retention", "apply", "--dry-run")
    assert (code, err) == (0, "")
    meeting = f"Brixton Hill Area Forum, {day_month_year(LONG_AGO, INTERFACE)}"
    assert meeting in out and "Aled Jones" in out and "name, contact details" in out
    assert "Bethan" not in out and "Rhys" not in out  # came back lately; a councillor
    assert "Would erase the personal data of 1 sign-in (1 person). Nothing was changed." in out
    assert snapshot(cli.db) == before
    assert _held(cli.db, ids["aled"]) == ("Aled Jones", "07700 900123")


def test_apply_erases_what_is_due_and_keeps_a_person_seen_lately_at_another_forum(cli) -> None:
    ids = _desk(cli.db)
    code, out, _ = cli("retention", "apply")
    assert code == 0
    assert "Aled Jones" in out  # the officer sees whose details went
    assert "Erased the personal data of 1 sign-in (1 person)" in out
    assert _held(cli.db, ids["aled"]) == (None, None)
    assert _held(cli.db, ids["bethan_old"]) == ("Bethan Price", "bethan@example.org")
    assert _held(cli.db, ids["cllr"]) == ("Cllr Rhys Owen", None)
    # The log says what went, where and when, never whose.
    logged = log_file().read_text(encoding="utf-8")
    assert "Retention" in logged and "Brixton Hill Area Forum" in logged
    assert "Aled" not in logged and "07700" not in logged
    code, out, _ = cli("retention", "apply", "--json")
    assert code == 0 and json.loads(out)["due"] == []


def test_opening_a_database_applies_retention_and_says_so(cli) -> None:
    ids = _desk(cli.db)
    code, _, err = cli("meeting", "list")
    assert code == 0
    assert (
        "forumdesk: Retention: erased the personal data of 1 sign-in (1 person) kept longer "
        "than 24 months after the person's last attendance." in err
    )
    assert _held(cli.db, ids["aled"]) == (None, None)
    assert _held(cli.db, ids["bethan_old"]) == ("Bethan Price", "bethan@example.org")


def test_a_longer_period_can_be_set_before_the_shorter_one_erases(cli) -> None:
    ids = _desk(cli.db)
    code, _, err = cli("config", "set", "retention_months", "36")
    assert (code, err) == (0, "")
    assert _held(cli.db, ids["aled"]) == ("Aled Jones", "07700 900123")
    code, _, err = cli("meeting", "list")
    assert code == 0 and "Retention" not in err
    assert _held(cli.db, ids["aled"]) == ("Aled Jones", "07700 900123")


def test_a_database_opened_read_only_is_not_changed(small_disk, capsys) -> None:
    path = small_disk.folder / "stick.sqlite"
    assert main(["--db", str(path), "init"]) == 0
    ids = _desk(path)
    small_disk.read_only()
    try:
        assert main(["--db", str(path), "meeting", "list"]) == 0
        assert "retention" not in capsys.readouterr().err.lower()  # not tried, not failed
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        held = connection.execute(
            "SELECT name FROM attendance WHERE id = ?", (ids["aled"],)
        ).fetchone()
        connection.close()
        assert held == ("Aled Jones",)
    finally:
        small_disk.writable()
