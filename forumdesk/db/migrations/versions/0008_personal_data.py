"""Residents' personal data you can account for: people, dated consents, erasure
records that travel, and what was taken out of sealed minutes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("uuid", name=op.f("uq_person_uuid")),
    )
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("attendance", sa.JSON(), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("desk_uuid", sa.String(length=36), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=True),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure")),
        sa.UniqueConstraint("uuid", name=op.f("uq_erasure_uuid")),
    )
    with op.batch_alter_table("erasure") as batch:
        batch.create_index(batch.f("ix_erasure_person_uuid"), ["person_uuid"], unique=False)
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("consent_named_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("consent_contact_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_attendance_person_id_person"),
            "person",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_attendance_person_id"), ["person_id"], unique=False)
    with op.batch_alter_table("minutes_version") as batch:
        batch.add_column(sa.Column("redactions", sa.JSON(), nullable=True))
    with op.batch_alter_table("exchange_log") as batch:
        batch.add_column(sa.Column("personal", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exchange_log") as batch:
        batch.drop_column("personal")
    with op.batch_alter_table("minutes_version") as batch:
        batch.drop_column("redactions")
    with op.batch_alter_table("attendance") as batch:
        batch.drop_index(batch.f("ix_attendance_person_id"))
        batch.drop_constraint(batch.f("fk_attendance_person_id_person"), type_="foreignkey")
        batch.drop_column("person_id")
        batch.drop_column("consent_contact_at")
        batch.drop_column("consent_named_at")
    with op.batch_alter_table("erasure") as batch:
        batch.drop_index(batch.f("ix_erasure_person_uuid"))
    op.drop_table("erasure")
    op.drop_table("person")
