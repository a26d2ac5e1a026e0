"""Migrations: one head, an empty database reaches it, the models match, child rows survive."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from forumdesk.core import forums, meetings
from forumdesk.db import backup, migrate, schema
from forumdesk.db.base import Base
from forumdesk.db.engine import make_engine
from forumdesk.db.store import open_database
from forumdesk.domain.errors import MigrationFailed
from forumdesk.paths import migrations_dir
from tests.helpers import snapshot

pytestmark = pytest.mark.sqlite_only(reason="upgrading SQLite files: backups, batch copies")


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert migrate.head_revision() == script.get_heads()[0]
    assert script.get_heads()[0] == schema.HEAD, "update forumdesk/db/schema.py with each migration"


def test_an_empty_database_upgrades_to_head_and_matches_the_models(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    assert migrate.upgrade(url) is True
    assert migrate.upgrade(url) is False  # already at head: nothing done
    engine = make_engine(url)
    with engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
        app_id = connection.exec_driver_sql("PRAGMA application_id").scalar()
    assert app_id == migrate.APPLICATION_ID
    engine.dispose()


def _script_dir_with(tmp_path: Path, body: str) -> Path:
    """Our migrations plus one more revision on top, whose upgrade() is ``body``."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9000_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9000'\ndown_revision = {head!r}\nbranch_labels = None\n"
        "depends_on = None\n\n\ndef upgrade():\n"
        + "".join(f"    {line}\n" for line in body.strip().splitlines())
    )
    return scripts


BATCH_ON_PARENT = """
with op.batch_alter_table("forum", recreate="always") as batch:
    batch.add_column(sa.Column("website", sa.String(200), nullable=True))
"""


def _forum_with_meetings(db_path: Path) -> None:
    db = open_database(str(db_path))
    with db.session() as s:
        forums.create_forum(s, code="BHF", name="Brixton Hill")
        for day in ("2026-01-01", "2026-02-01", "2026-03-01"):
            meetings.create_meeting(s, forum="BHF", format="area-forum", date=day)
    db.dispose()


def _count(db_path: Path, table: str) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def test_a_batch_migration_of_a_parent_table_keeps_its_child_rows(db_path, tmp_path) -> None:
    _forum_with_meetings(db_path)
    scripts = _script_dir_with(tmp_path, BATCH_ON_PARENT)
    assert migrate.upgrade(f"sqlite:///{db_path}", script_location=scripts)
    assert _count(db_path, "meeting") == 3
    connection = sqlite3.connect(db_path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(forum)")]
    assert "website" in columns
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


def test_the_same_batch_migration_with_foreign_keys_on_would_lose_them(db_path, tmp_path) -> None:
    """The control for the test above: the pitfall is real on this SQLite."""
    _forum_with_meetings(db_path)
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("CREATE TABLE _forum_new AS SELECT * FROM forum")
    connection.execute("DROP TABLE forum")
    assert connection.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0
    connection.close()


def test_a_failing_migration_restores_the_file(db_path, tmp_path) -> None:
    _forum_with_meetings(db_path)
    before = snapshot(db_path)
    scripts = _script_dir_with(
        tmp_path,
        'op.execute("UPDATE forum SET name = \'half-done\'")\nraise RuntimeError("boom")',
    )
    with pytest.raises(MigrationFailed, match="boom"):
        migrate.upgrade(f"sqlite:///{db_path}", script_location=scripts)
    assert snapshot(db_path) == before
    assert backup.list_backups(db_path), "a backup was taken before the upgrade"


def test_a_migration_that_would_lose_rows_is_refused_and_restored(db_path, tmp_path) -> None:
    _forum_with_meetings(db_path)
    before = snapshot(db_path)
    scripts = _script_dir_with(tmp_path, 'op.execute("DELETE FROM meeting WHERE id = 1")')
    with pytest.raises(MigrationFailed, match="rows would be lost: meeting 3→2"):
        migrate.upgrade(f"sqlite:///{db_path}", script_location=scripts)
    assert snapshot(db_path) == before


def _database_at(db_path: Path, revision: str) -> sqlite3.Connection:
    """A ForumDesk database made by an older release (migrated up to ``revision`` only)."""
    from alembic import command

    url = f"sqlite:///{db_path}"
    config = migrate.alembic_config(url)
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.exec_driver_sql(f"PRAGMA application_id = {migrate.APPLICATION_ID}")
    engine.dispose()
    return sqlite3.connect(db_path)


def test_an_0002_database_upgrades_keeping_issue_themes(db_path) -> None:
    """0003 rebuilds the theme table (a batch migration); the issues' themes survive."""
    old = _database_at(db_path, "0002")
    old.executescript(
        "INSERT INTO desk (id, uuid, name, created_at) VALUES (1, 'd', 'old', '2026-01-01');"
        "INSERT INTO forum (code, name, wards, uuid, vv, dots, created_at, updated_at)"
        " VALUES ('BHF', 'Brixton Hill', '[]', 'f', '{}', '{}', '2026-01-01', '2026-01-01');"
        "INSERT INTO theme (name, uuid, vv, dots, created_at, updated_at)"
        " VALUES ('Roads', 't', '{}', '{}', '2026-01-01', '2026-01-01');"
        "INSERT INTO issue (forum_id, number, reference, title, stage, status, support, uuid,"
        " vv, dots, created_at, updated_at) VALUES (1, 1, 'BHF-0001', 'Potholes',"
        " 'co-definition', 'open', 0, 'i', '{}', '{}', '2026-01-01', '2026-01-01');"
        "INSERT INTO issue_theme (issue_id, theme_id) VALUES (1, 1);"
    )
    old.commit()
    old.close()
    db = open_database(str(db_path))  # upgrades to head, with a backup first
    db.dispose()
    assert _count(db_path, "issue_theme") == 1
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO theme (name, uuid, vv, dots, created_at, updated_at)"
            " VALUES ('Roads', 't2', '{}', '{}', '2026-01-01', '2026-01-01')"
        )  # two desks' "Roads" may now live side by side
    assert backup.list_backups(db_path)


def test_an_0003_database_upgrades_keeping_reference_dots_under_their_field_names(
    db_path,
) -> None:
    """0004 renames dots stamped under id columns ("agenda_item_id") to the field's name."""
    old = _database_at(db_path, "0003")
    old.executescript(
        "INSERT INTO desk (id, uuid, name, created_at) VALUES (1, 'd', 'old', '2026-01-01');"
        "INSERT INTO forum (code, name, wards, uuid, vv, dots, created_at, updated_at)"
        " VALUES ('BHF', 'Brixton Hill', '[]', 'f', '{\"d\": 1}', '{}', '2026-01-01',"
        " '2026-01-01');"
        "INSERT INTO issue (forum_id, number, reference, title, stage, status, support, uuid,"
        " vv, dots, created_at, updated_at) VALUES (1, 1, 'BHF-0001', 'Potholes',"
        " 'co-definition', 'open', 0, 'i', '{\"d\": 3}',"
        ' \'{"agenda_item_id": ["d", 2], "title": ["d", 3]}\', \'2026-01-01\', \'2026-01-01\');'
    )
    old.commit()
    old.close()
    open_database(str(db_path)).dispose()
    with sqlite3.connect(db_path) as connection:
        (dots,) = connection.execute("SELECT dots FROM issue").fetchone()
        (forum_dots,) = connection.execute("SELECT dots FROM forum").fetchone()
    assert json.loads(dots) == {"agenda_item": ["d", 2], "title": ["d", 3]}
    assert json.loads(forum_dots) == {}


def test_an_0005_database_upgrades_keeping_its_carried_actions(db_path) -> None:
    """0006 gives each carry an id, a UUID and this desk's first version, so it can travel."""
    from forumdesk.core import actions

    old = _database_at(db_path, "0005")
    stamp = "'2026-01-01', '2026-01-01'"
    old.executescript(
        "INSERT INTO desk (id, uuid, name, created_at) VALUES (1, 'd', 'old', '2026-01-01');"
        "INSERT INTO forum (code, name, wards, uuid, vv, dots, created_at, updated_at)"
        f" VALUES ('BHF', 'Brixton Hill', '[]', 'f', '{{}}', '{{}}', {stamp});"
        "INSERT INTO meeting (forum_id, format, date, status, headcount, uuid, vv, dots,"
        f" created_at, updated_at) VALUES (1, 'area-forum', '2026-03-04', 'closed', 0, 'm1',"
        f" '{{}}', '{{}}', {stamp}), (1, 'area-forum', '2026-05-06', 'planned', 0, 'm2',"
        f" '{{}}', '{{}}', {stamp});"
        "INSERT INTO action (description, status, meeting_id, uuid, vv, dots, created_at,"
        f" updated_at) VALUES ('Write to Highways', 'open', 1, 'a', '{{}}', '{{}}', {stamp});"
        "INSERT INTO action_carry (action_id, meeting_id, carried_at)"
        " VALUES (1, 2, '2026-05-06 18:30:00');"
    )
    old.commit()
    old.close()
    db = open_database(str(db_path))
    with db.session() as s:
        carried = actions.list_actions(s, meeting=2)
    db.dispose()
    assert [(a.description, a.carried) for a in carried] == [("Write to Highways", True)]
    with sqlite3.connect(db_path) as connection:
        uuid, vv, created = connection.execute(
            "SELECT uuid, vv, created_at FROM action_carry"
        ).fetchone()
    assert len(uuid) == 36 and json.loads(vv) == {"d": 1} and created.startswith("2026-05-06")


def test_an_0010_database_upgrades_with_its_reference_counters_filled(db_path) -> None:
    """0011 gives each forum's series of references its counter, from the highest number
    there: the next issue follows on, at home and under this desk's mark."""
    from forumdesk.core import issues

    old = _database_at(db_path, "0010")
    stamp = "'2026-01-01', '2026-01-01'"
    rows = [  # forum, number, reference
        (1, 1, "BHF-0001"),
        (1, 7, "BHF-0007"),
        (1, 3, "BHF-0003-3FA8"),  # renumbered after a clash: still number 3
        (1, 4, "BHF-KT-0004"),
        (2, 2, "LLF-KT-0002"),
    ]
    old.executescript(
        "INSERT INTO desk (id, uuid, name, created_at, mark)"
        " VALUES (1, 'd', 'old', '2026-01-01', 'KT');"
        "INSERT INTO forum (code, name, wards, home_desk, uuid, vv, dots, created_at,"
        f" updated_at) VALUES ('BHF', 'Brixton Hill', '[]', 'd', 'f1', '{{}}', '{{}}', {stamp}),"
        f" ('LLF', 'Llandaff', '[]', 'x', 'f2', '{{}}', '{{}}', {stamp});"
        + "".join(
            "INSERT INTO issue (forum_id, number, reference, title, stage, status, support,"
            f" uuid, vv, dots, created_at, updated_at, stage_since) VALUES ({forum}, {number},"
            f" '{reference}', 'Potholes', 'co-definition', 'open', 0, 'i{n}', '{{}}', '{{}}',"
            f" {stamp}, '2026-01-01');"
            for n, (forum, number, reference) in enumerate(rows)
        )
    )
    old.commit()
    old.close()
    db = open_database(str(db_path))
    with sqlite3.connect(db_path) as connection:
        counters = set(connection.execute("SELECT forum_id, prefix, last FROM reference_counter"))
    assert counters == {(1, "BHF-", 7), (1, "BHF-KT-", 4), (2, "LLF-KT-", 2)}
    with db.session() as s:
        made = [
            issues.record_issue(s, forum=code, title="Next").reference for code in ("BHF", "LLF")
        ]
    db.dispose()
    assert made == ["BHF-0008", "LLF-KT-0003"]
