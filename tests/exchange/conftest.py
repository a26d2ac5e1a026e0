"""Several desks, each its own database, trading exchange files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forumdesk.db.engine import Database
from forumdesk.db.store import open_database
from forumdesk.exchange import export, merge, read
from tests.helpers import copy_database


class Desk:
    """One installation: a database, and the moves a person makes with files.

    ``target``: a SQLite file (its folder holds the desk's files) or a PostgreSQL URL
    (then ``folder`` is given)."""

    def __init__(self, target: Path | str, folder: Path | None = None) -> None:
        self.db: Database = open_database(str(target))
        self.folder = folder if folder is not None else Path(target).parent

    def do(self, work: Callable[[Any], Any]) -> Any:
        with self.db.session() as s:
            return work(s)

    def export(self, name: str, **selection: Any) -> bytes:
        path = self.folder / name
        key = selection.pop("key", None)
        self.do(lambda s: export.write(s, path, export.Selection(**selection), key))
        return path.read_bytes()

    def import_(self, data: bytes, key: bytes | None = None) -> merge.Report:
        return self.do(lambda s: merge.merge(s, read.check(s, data, key)))

    def preview(self, data: bytes, key: bytes | None = None) -> merge.Report:
        with self.db.preview_session() as s:
            return merge.merge(s, read.check(s, data, key))

    def content(self) -> dict[str, list[dict[str, Any]]]:
        """Everything this desk holds, keyed by uuid, in exchange form (for comparing desks)."""
        doc = self.do(lambda s: export.build(s, export.Selection(personal_data=True)))
        return {
            kind: sorted(
                ({k: v for k, v in r.items() if k not in ("updated_at",)} for r in records),
                key=lambda r: r["uuid"],
            )
            for kind, records in doc["records"].items()
        }


@pytest.fixture
def desks(tmp_path: Path, backend: str, request: pytest.FixtureRequest):
    """Makes desks, each a database of the test's backend; ``demo=True``: holding the demo,
    copied from the one made once per test process (at most one such desk per test:
    copies share the demo desk's identity)."""
    made: list[Desk] = []
    databases: list[str] = []

    def make(name: str, *, demo: bool = False) -> Desk:
        folder = tmp_path / name
        folder.mkdir()
        target: Path | str = folder / "desk.sqlite"
        if backend == "postgres":
            target = request.getfixturevalue("postgres_server").database(
                template=request.getfixturevalue(
                    "postgres_demo_template" if demo else "postgres_template"
                )
            )
            databases.append(target)
        else:  # the demo, or a new database at the current schema: copied, not migrated
            template = request.getfixturevalue("demo_template" if demo else "sqlite_template")
            copy_database(template, folder / "desk.sqlite").chmod(0o600)
        desk = Desk(target, folder)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.db.dispose()
    for url in databases:
        request.getfixturevalue("postgres_server").drop(url)


def load(data: bytes) -> dict[str, Any]:
    return json.loads(data)


def dump(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()
