"""Sync you can trust: desk marks and trusted desks, forums' home desks, local change
times, the dots of a conflict's two sides, and issue numbers per desk.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: Every table whose rows travel between desks.
SYNCED = (
    "forum",
    "meeting",
    "agenda_item",
    "attendance",
    "theme",
    "issue",
    "timeline_event",
    "action",
    "outcome",
    "minutes_version",
    "action_carry",
)


def upgrade() -> None:
    op.create_table(
        "trusted_desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=100), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_desk")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_trusted_desk_fingerprint")),
    )
    with op.batch_alter_table("trusted_desk") as batch:
        batch.create_index(batch.f("ix_trusted_desk_uuid"), ["uuid"], unique=False)
    with op.batch_alter_table("desk") as batch:
        batch.add_column(sa.Column("mark", sa.String(length=3), nullable=True))
    with op.batch_alter_table("exchange_log") as batch:
        batch.add_column(sa.Column("signed_by", sa.String(length=100), nullable=True))
    with op.batch_alter_table("conflict") as batch:
        batch.add_column(sa.Column("mine_dot", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("theirs_dot", sa.JSON(), nullable=True))
    for table in SYNCED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("changed_here_at", sa.DateTime(), nullable=True))
    # Forums made before this revision have no known home desk: every desk marks the
    # references it gives in them, so that no two desks can give the same one.
    with op.batch_alter_table("forum") as batch:
        batch.add_column(sa.Column("home_desk", sa.String(length=36), nullable=True))
    # Numbers are counted per desk in a forum now; the reference stays unique.
    with _triggers_kept("issue"), op.batch_alter_table("issue") as batch:
        batch.drop_constraint("uq_issue_forum_id_number", type_="unique")
        batch.alter_column(
            "reference", existing_type=sa.String(length=20), type_=sa.String(length=32)
        )


@contextmanager
def _triggers_kept(table: str) -> Iterator[None]:
    """Makes again the triggers on ``table`` (the search index's) that recreating it drops."""
    connection = op.get_bind()
    triggers: Sequence[Any] = []
    if connection.dialect.name == "sqlite":
        triggers = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            (table,),
        ).all()
    yield
    for name, sql in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(sql)


def downgrade() -> None:
    with _triggers_kept("issue"), op.batch_alter_table("issue") as batch:
        batch.alter_column(
            "reference", existing_type=sa.String(length=32), type_=sa.String(length=20)
        )
        batch.create_unique_constraint("uq_issue_forum_id_number", ["forum_id", "number"])
    with op.batch_alter_table("forum") as batch:
        batch.drop_column("home_desk")
    for table in SYNCED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("changed_here_at")
    with op.batch_alter_table("conflict") as batch:
        batch.drop_column("theirs_dot")
        batch.drop_column("mine_dot")
    with op.batch_alter_table("exchange_log") as batch:
        batch.drop_column("signed_by")
    with op.batch_alter_table("desk") as batch:
        batch.drop_column("mark")
    op.drop_table("trusted_desk")
