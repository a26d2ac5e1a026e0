"""Records what a write session changed, as a :class:`forumdesk.domain.changes.Changes`.

Two sources, so that nothing written is missed however it was written:

- the ORM's flushes (``after_flush``): every new, edited or deleted object, by table
  and primary key;
- statements executed on the session's connection outside a flush (``after_execute``):
  an INSERT, UPDATE or DELETE names its table; a single-row insert also its new id; a
  statement of many rows or of raw SQL marks its table as changed in bulk.

Use :func:`recording` around a write session (see ``Desk``)::

    recorder = Recorder()
    with db.session() as session:
        recorder.attach(session)
        work(session)
    changes = recorder.detach()
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.elements import TextClause

from forumdesk.domain.changes import BOOKKEEPING, Changes

_KEY = "forumdesk.recorder"  # i18n: not text (the key of a connection's info)
_WRITES = re.compile(  # i18n: not text
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)",
    re.IGNORECASE,
)
_engines: set[int] = set()


class Recorder:
    """Collects the changes of one write session."""

    def __init__(self) -> None:
        self.touched: dict[str, set[int]] = {}
        self.created: dict[str, set[int]] = {}
        self.bulk: set[str] = set()
        self._session: Session | None = None
        self._info: dict[Any, Any] | None = None
        self.flushing = False

    def attach(self, session: Session) -> None:
        """Starts recording the writes made through ``session``."""
        self._session = session
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)
        connection = session.connection()
        _listen_once(connection.engine)
        self._info = connection.info  # the pooled connection's own dict: outlives the session
        self._info[_KEY] = self

    def detach(self) -> Changes:
        """Stops recording (after the commit) and returns what was written."""
        if self._session is not None:
            event.remove(self._session, "before_flush", self._before_flush)
            event.remove(self._session, "after_flush", self._after_flush)
            self._session = None
        if self._info is not None:
            self._info.pop(_KEY, None)
            self._info = None
        return self.changes()

    def changes(self) -> Changes:
        """What was recorded so far."""
        keep = {k: v for k, v in self.touched.items() if k not in BOOKKEEPING}
        made = {k: v for k, v in self.created.items() if k not in BOOKKEEPING}
        return Changes.of(keep, made, self.bulk - BOOKKEEPING)

    def note(self, kind: str, ident: Any = None, *, new: bool = False) -> None:
        """Records one row written (``ident`` None: rows of the kind, unnamed)."""
        if not isinstance(ident, int):
            self.bulk.add(kind)
            return
        self.touched.setdefault(kind, set()).add(ident)
        if new:
            self.created.setdefault(kind, set()).add(ident)

    def _before_flush(self, *_args: Any) -> None:
        self.flushing = True

    def _after_flush(self, session: Session, _context: Any) -> None:
        self.flushing = False
        for objects, new in ((session.new, True), (session.dirty, False), (session.deleted, False)):
            for obj in objects:
                if not new and obj in session.dirty and not session.is_modified(obj):
                    continue
                table = getattr(obj, "__tablename__", None)
                if table is None:
                    continue
                # A new object's identity is set only after the flush ends: read its key.
                key = inspect(obj).mapper.primary_key_from_instance(obj)
                self.note(table, key[0] if len(key) == 1 else None, new=new)


def _listen_once(engine: Engine) -> None:
    if id(engine) in _engines:
        return
    _engines.add(id(engine))
    event.listen(engine, "after_execute", _after_execute)


def _after_execute(
    connection: Connection, statement: Any, _multi: Any, params: Any, _options: Any, result: Any
) -> None:
    recorder = connection.info.get(_KEY)
    if recorder is None or recorder.flushing:
        return
    if isinstance(statement, Insert | Update | Delete):
        table = statement.table.name  # type: ignore[union-attr]  # DML here names one table, never a join
        many = isinstance(params, list) and len(params) > 1
        if isinstance(statement, Insert) and not many:
            try:
                key = result.inserted_primary_key
            except Exception:
                key = None
            recorder.note(table, key[0] if key and len(key) == 1 else None, new=True)
        else:
            recorder.note(table)
        return
    text = statement.text if isinstance(statement, TextClause) else statement
    if isinstance(text, str):
        match = _WRITES.match(text)
        if match:
            recorder.note(match.group(1).lower())


def write(db: Any, work: Any) -> tuple[Any, Changes]:
    """Runs ``work(session)`` in a write session of ``db`` and commits it; returns its
    result and what it wrote. Nothing is recorded when it fails (nothing was stored).

    A unit that lost a race with another officer's transaction on a database server is
    run again (``Database.write``); only the attempt that committed is recorded.
    """
    recorders: list[Recorder] = []

    def attempt(session: Session) -> Any:
        for earlier in recorders:  # a rolled-back attempt: what it wrote was not stored
            earlier.detach()
        recorders[:] = [Recorder()]
        recorders[0].attach(session)
        return work(session)

    try:
        result = db.write(attempt)
    finally:
        changes = recorders[0].detach() if recorders else Changes.of()
    return result, changes
