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
    """One installation: a database, and the moves a person makes with files."""

    def __init__(self, path: Path) -> None:
        self.db: Database = open_database(str(path))
        self.folder = path.parent

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
def desks(tmp_path: Path, request: pytest.FixtureRequest):
    """Makes desks; ``demo=True``: holding the demo, copied from the one made once per test
    process (at most one such desk per test: copies share the demo desk's identity)."""
    made: list[Desk] = []

    def make(name: str, *, demo: bool = False) -> Desk:
        folder = tmp_path / name
        folder.mkdir()
        if demo:
            copy_database(request.getfixturevalue("demo_template"), folder / "desk.sqlite")
        desk = Desk(folder / "desk.sqlite")
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.db.dispose()


def load(data: bytes) -> dict[str, Any]:
    return json.loads(data)


def dump(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()
