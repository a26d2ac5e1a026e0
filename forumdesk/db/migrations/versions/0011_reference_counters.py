"""Reference counters: the last number each forum gave in each series of references.

New table ``reference_counter`` (forum, prefix such as ``BHF-`` or ``BHF-KT-``, last
number), bookkeeping that never travels. A new issue locks its series' row in the
transaction that records it, so that officers recording issues at the same moment on a
database server never take the same number (before, the number was the highest one
there plus one, and two transactions could both see the same highest one).

The counters are filled from the issues there: for each forum and series, the highest
number of a reference that goes on with a digit after the prefix (what the next issue
was numbered from until now). Plain SQL and Python only: runs on SQLite and PostgreSQL.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: After the forum's code and "-": digits (the home series) or a desk's mark, "-", digits.
_SERIES = re.compile(r"^(?:([A-Z]{2,3})-)?[0-9]")


def upgrade() -> None:
    counter = op.create_table(
        "reference_counter",
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
            name=op.f("fk_reference_counter_forum_id_forum"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("forum_id", "prefix", name=op.f("pk_reference_counter")),
    )
    connection = op.get_bind()
    last: dict[tuple[int, str], int] = {}
    found = connection.execute(
        sa.text(
            "SELECT issue.forum_id, forum.code, issue.reference, issue.number "  # i18n: not text
            "FROM issue JOIN forum ON forum.id = issue.forum_id"
        )
    )
    for forum_id, code, reference, number in found:
        home = f"{code}-"
        if not reference.startswith(home):
            continue
        series = _SERIES.match(reference[len(home) :])
        if series is None:
            continue
        prefix = f"{home}{series.group(1)}-" if series.group(1) else home
        key = (forum_id, prefix)
        last[key] = max(last.get(key, 0), number)
    if last:
        op.bulk_insert(
            counter,
            [
                {"forum_id": forum_id, "prefix": prefix, "last": number}
                for (forum_id, prefix), number in sorted(last.items())
            ],
        )


def downgrade() -> None:
    op.drop_table("reference_counter")
