"""The register: when each issue entered its stage, and when its response is due.

``issue.stage_since`` is kept by this desk (it never travels): the time of the issue's
latest "raised" or "stage moved" timeline event, so that "days in this stage" can be
sorted and filtered in SQL. ``issue.response_due`` is the date by which residents should
hear back; it travels (exchange format 1.4).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issue") as batch:
        batch.add_column(sa.Column("stage_since", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("response_due", sa.Date(), nullable=True))
        batch.create_index(
            batch.f("ix_issue_stage_stage_since"), ["stage", "stage_since"], unique=False
        )
        batch.create_index(batch.f("ix_issue_response_due"), ["response_due"], unique=False)
    op.execute(
        "UPDATE issue SET stage_since = COALESCE("  # i18n: not text
        "(SELECT MAX(e.at) FROM timeline_event e WHERE e.issue_id = issue.id "
        "AND e.kind IN ('raised', 'stage-moved') AND e.deleted_at IS NULL), created_at)"
    )


def downgrade() -> None:
    with op.batch_alter_table("issue") as batch:
        batch.drop_index(batch.f("ix_issue_response_due"))
        batch.drop_index(batch.f("ix_issue_stage_stage_since"))
        batch.drop_column("response_due")
        batch.drop_column("stage_since")
