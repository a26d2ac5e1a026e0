"""Opening a database on a PostgreSQL server: refusing what is not ForumDesk's, and one
sentence (never a password) for every way reaching it can fail."""

from __future__ import annotations

import sys

import psycopg
import pytest
from sqlalchemy.engine import make_url

from forumdesk.cli import main
from forumdesk.db.store import open_database
from forumdesk.domain.errors import NotAForumDeskDatabase, StoreError
from tests import postgres

SECRET = "s3cret-Pa55"


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _tables(url: str) -> set[str]:
    with psycopg.connect(_plain(url)) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        return {row[0] for row in rows}


def _with_password(url: str, password: str, user: str | None = None) -> str:
    parsed = make_url(url)
    return parsed.set(password=password, username=user or parsed.username).render_as_string(
        hide_password=False
    )


def test_init_prepares_an_empty_database_and_says_its_url_without_the_password(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # trust authentication: the password given is not needed, but it must not be shown
    assert main(["--db", _with_password(postgres_url, SECRET), "init"]) == 0
    out, err = capsys.readouterr()
    assert "is ready" in out
    assert SECRET not in out + err
    assert "***" in out
    assert {"desk", "issue", "alembic_version"} <= _tables(postgres_url)
    assert main(["--db", _with_password(postgres_url, SECRET), "stats"]) == 0
    out, err = capsys.readouterr()
    assert SECRET not in out + err


def test_a_database_of_another_program_is_refused_and_nothing_is_made_in_it(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(_plain(postgres_url)) as connection:
        connection.execute("CREATE TABLE payroll (id integer PRIMARY KEY, salary integer)")
    with pytest.raises(NotAForumDeskDatabase):
        open_database(postgres_url)
    assert main(["--db", postgres_url, "init"]) == 3
    err = capsys.readouterr().err
    assert "another program" in err and "nothing was made in it" in err
    assert _tables(postgres_url) == {"payroll"}


def test_a_missing_database_is_one_sentence(
    postgres_server: postgres.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _with_password(f"{postgres_server.url}/no_such_register", SECRET)
    assert main(["--db", url, "init"]) == 1
    err = capsys.readouterr().err
    assert "There is no database no_such_register on the PostgreSQL server" in err
    assert SECRET not in err and "Traceback" not in err and err.count("\n") == 1


def test_a_server_that_cannot_be_reached_is_one_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with __import__("socket").socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://officer:{SECRET}@127.0.0.1:{port}/register"
    assert main(["--db", url, "stats"]) == 1
    err = capsys.readouterr().err
    assert f"The PostgreSQL server at 127.0.0.1:{port} cannot be reached" in err
    assert SECRET not in err and err.count("\n") == 1


def test_a_url_that_cannot_be_read_is_refused_without_echoing_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--db", f"postgresql://officer:{SECRET}@host:notaport/register", "stats"]) == 1
    err = capsys.readouterr().err
    assert "not a database URL ForumDesk understands" in err
    assert SECRET not in err and "unexpected" not in err


def test_another_kind_of_database_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"mysql://officer:{SECRET}@host/register", "stats"]) == 1
    err = capsys.readouterr().err
    assert "SQLite file or a PostgreSQL database" in err and SECRET not in err


def test_without_the_driver_the_sentence_gives_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails, as uninstalled
    assert main(["--db", "postgresql://officer@127.0.0.1/register", "stats"]) == 1
    err = capsys.readouterr().err
    assert "psycopg, is not installed" in err
    assert 'pip install "forumdesk[postgres]"' in err


def test_a_wrong_password_is_one_sentence_that_does_not_show_it(
    postgres_server: postgres.Server, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if postgres_server.folder is None:
        pytest.skip("a server the tests did not start: its authentication cannot be set")
    hba = postgres_server.folder / "data" / "pg_hba.conf"
    rule = "host all officer_pw 127.0.0.1/32 scram-sha-256\n"
    if rule not in hba.read_text():  # this role only: every other test stays on trust
        hba.write_text(rule + hba.read_text())
    with psycopg.connect(postgres_server.plain_url() + "/postgres", autocommit=True) as c:
        c.execute("DROP ROLE IF EXISTS officer_pw")
        c.execute("CREATE ROLE officer_pw LOGIN PASSWORD 'the-right-one'")
        c.execute("SELECT pg_reload_conf()")
    wrong = _with_password(postgres_url, SECRET, user="officer_pw")
    assert main(["--db", wrong, "init"]) == 1
    err = capsys.readouterr().err
    assert "did not accept the password of officer_pw" in err
    assert ".pgpass" in err and "PGPASSWORD" in err
    assert SECRET not in err and err.count("\n") == 1
    with pytest.raises(StoreError, match="did not accept the password"):
        open_database(make_url(wrong).set(password="").render_as_string(hide_password=False))


def test_forumdesk_db_may_name_a_server_database(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORUMDESK_DB", _with_password(postgres_url, SECRET))
    assert main(["init"]) == 0
    assert main(["forum", "add", "BHF", "Brixton Hill Area Forum"]) == 0
    assert main(["stats"]) == 0
    out, err = capsys.readouterr()
    assert "Forums:" in out and "1" in out
    assert SECRET not in out + err


def test_a_password_that_reaches_an_unexpected_error_is_kept_out_of_its_sentence_and_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    from forumdesk.cli import cmd_admin

    def failing(_args: object) -> int:
        raise RuntimeError(f"lost postgresql+psycopg://officer:{SECRET}@db.council.gov.uk/reg")

    monkeypatch.setattr(cmd_admin, "run_stats", failing)
    monkeypatch.setenv("FORUMDESK_LOG_DIR", str(tmp_path / "logs"))
    assert main(["--db", str(tmp_path / "x.sqlite"), "stats"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error" in err and "officer:***@db.council.gov.uk" in err
    log = (tmp_path / "logs" / "forumdesk.log").read_text()
    assert "officer:***@db.council.gov.uk" in log
    assert SECRET not in err + log
