"""Carried actions travel between desks: each carry gets an id, a UUID and versions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    carried = connection.exec_driver_sql(
        "SELECT action_id, meeting_id, carried_at FROM action_carry ORDER BY carried_at"
    ).all()
    desk = connection.exec_driver_sql("SELECT uuid FROM desk ORDER BY id LIMIT 1").scalar()
    op.drop_table("action_carry")
    op.create_table(
        "action_carry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        *_references(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_carry")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_carry_uuid")),
    )
    with op.batch_alter_table("action_carry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_carry_meeting_id"), ["meeting_id"], unique=False
        )
    if not carried:
        return
    # Each carry was made on this desk: its first version is this desk's (core/sync.py, created).
    first = json.dumps({desk: 1} if desk else {})
    connection.execute(
        sa.text(
            "INSERT INTO action_carry (action_id, meeting_id, uuid, vv, dots, created_at,"
            " updated_at) VALUES (:action, :meeting, :uuid, :vv, '{}', :at, :at)"
        ),
        [
            {"action": action, "meeting": meeting, "uuid": str(uuid.uuid4()), "vv": first, "at": at}
            for action, meeting, at in carried
        ],
    )


def _references() -> list[sa.ForeignKeyConstraint]:
    """The carry's action and meeting (the same before and after this revision)."""
    return [
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_carry_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_carry_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
    ]


def downgrade() -> None:
    connection = op.get_bind()
    carried = connection.exec_driver_sql(
        "SELECT action_id, meeting_id, min(created_at) FROM action_carry"
        " GROUP BY action_id, meeting_id"
    ).all()
    op.drop_table("action_carry")
    op.create_table(
        "action_carry",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("carried_at", sa.DateTime(), nullable=False),
        *_references(),
        sa.PrimaryKeyConstraint("action_id", "meeting_id", name=op.f("pk_action_carry")),
    )
    if carried:
        connection.execute(
            sa.text(
                "INSERT INTO action_carry (action_id, meeting_id, carried_at)"
                " VALUES (:action, :meeting, :at)"
            ),
            [{"action": a, "meeting": m, "at": at} for a, m, at in carried],
        )
