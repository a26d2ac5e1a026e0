"""Alembic environment: runs on the connection ForumDesk hands over; leaves logging alone."""

from __future__ import annotations

from alembic import context

from forumdesk.db import models  # noqa: F401  (registers every table on Base.metadata)
from forumdesk.db.base import Base
from forumdesk.db.migrate import include_name


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
