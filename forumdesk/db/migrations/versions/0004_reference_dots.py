"""Version dots of references kept under the names they travel by ("meeting", not "meeting_id").

An edit of an issue's meeting, agenda item or resident stamped the id column's name,
which other desks' exchange schema refuses; this renames those dots in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Fixed here, as they were when this migration was written.
RENAMED = {
    "forum_id": "forum",
    "meeting_id": "meeting",
    "agenda_item_id": "agenda_item",
    "raised_by_id": "raised_by",
    "issue_id": "issue",
    "action_id": "action",
    "carried_from_id": "carried_from",
    "agreed_at_meeting_id": "agreed_at",
}
TABLES = (
    "forum",
    "theme",
    "meeting",
    "attendance",
    "agenda_item",
    "issue",
    "timeline_event",
    "action",
    "outcome",
    "minutes_version",
)


def upgrade() -> None:
    connection = op.get_bind()
    for table in TABLES:
        # "_" is a wildcard to LIKE: a few more rows than needed are read, none missed.
        found = sa.text(f'SELECT id, dots FROM "{table}" WHERE CAST(dots AS TEXT) LIKE :like')
        change = sa.text(f'UPDATE "{table}" SET dots = :dots WHERE id = :id')
        for ident, dots in connection.execute(found, {"like": '%_id"%'}).all():
            old = json.loads(dots) if isinstance(dots, str) else dict(dots)
            new = {RENAMED.get(name, name): dot for name, dot in old.items()}
            if new != old:
                connection.execute(change, {"dots": json.dumps(new), "id": ident})


def downgrade() -> None:
    """Nothing to undo: the old names were never read back."""
