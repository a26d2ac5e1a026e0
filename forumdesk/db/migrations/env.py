"""Alembic environment: runs on the connection ForumDesk hands over; leaves logging alone."""

from __future__ import annotations

from alembic import context

from forumdesk.db import models  # noqa: F401  (registers every table on Base.metadata)
from forumdesk.db.base import Base

#: Tables Alembic must neither create nor drop: the FTS5 index and its shadow tables.
SEARCH_TABLE_PREFIX = "issue_search"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Keeps autogenerate away from the full-text index (PITFALLS.md)."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE_PREFIX))


def run_migrations() -> None:
    """Online only: ForumDesk always passes an open connection in ``attributes``."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
