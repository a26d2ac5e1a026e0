"""Initial schema: forums, meetings, agenda, attendance, issues, timeline, actions, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# Full-text search (SQLite only): a regular FTS5 table keyed by issue id holding the
# live issues, kept in step by triggers. Diacritics are folded so that "wyl" finds
# "Ŵyl". Ward and place share one column; comments and responses to residents are
# appended as they come.
SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE issue_search USING fts5(
        title, description, place, comments,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    """CREATE TRIGGER issue_search_insert AFTER INSERT ON issue
        WHEN new.deleted_at IS NULL BEGIN
        INSERT INTO issue_search (rowid, title, description, place, comments)
        VALUES (new.id, new.title, coalesce(new.description, ''),
                trim(coalesce(new.ward, '') || ' ' || coalesce(new.place, '')), '');
    END""",
    """CREATE TRIGGER issue_search_update AFTER UPDATE OF title, description, ward, place
        ON issue WHEN new.deleted_at IS NULL BEGIN
        UPDATE issue_search SET title = new.title,
            description = coalesce(new.description, ''),
            place = trim(coalesce(new.ward, '') || ' ' || coalesce(new.place, ''))
        WHERE rowid = new.id;
    END""",
    # A tombstoned issue leaves the index, so that a search's count needs no join.
    """CREATE TRIGGER issue_search_tombstone AFTER UPDATE OF deleted_at ON issue
        WHEN new.deleted_at IS NOT NULL AND old.deleted_at IS NULL BEGIN
        DELETE FROM issue_search WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER issue_search_revive AFTER UPDATE OF deleted_at ON issue
        WHEN new.deleted_at IS NULL AND old.deleted_at IS NOT NULL BEGIN
        INSERT INTO issue_search (rowid, title, description, place, comments)
        VALUES (new.id, new.title, coalesce(new.description, ''),
                trim(coalesce(new.ward, '') || ' ' || coalesce(new.place, '')),
                coalesce((SELECT group_concat(e.text, ' ') FROM timeline_event e
                          WHERE e.issue_id = new.id AND e.kind IN ('comment', 'response')
                            AND e.text IS NOT NULL), ''));
    END""",
    """CREATE TRIGGER issue_search_delete AFTER DELETE ON issue BEGIN
        DELETE FROM issue_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER issue_search_comment AFTER INSERT ON timeline_event
        WHEN new.kind IN ('comment', 'response') AND new.text IS NOT NULL BEGIN
        UPDATE issue_search SET comments = trim(comments || ' ' || new.text)
        WHERE rowid = new.issue_id;
    END""",
)


def upgrade() -> None:
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk")),
        sa.UniqueConstraint("uuid", name=op.f("uq_desk_uuid")),
    )
    op.create_table(
        "forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("wards", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum")),
        sa.UniqueConstraint("code", name=op.f("uq_forum_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_forum_uuid")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("name", name=op.f("uq_theme_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_theme_uuid")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "area-forum",
                "community-conference",
                "petition-hearing",
                "consultation-workshop",
                "policy-jury",
                "referendum",
                "online-deliberation",
                "scrutiny-session",
                "other",
                name="meeting_format",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("chair", sa.String(length=200), nullable=True),
        sa.Column("facilitator", sa.String(length=200), nullable=True),
        sa.Column("clerk", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in-progress",
                "closed",
                name="meeting_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["forum_id"], ["forum.id"], name=op.f("fk_meeting_forum_id_forum"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("uuid", name=op.f("uq_meeting_uuid")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_forum_date", ["forum_id", "date"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("discussed", sa.Boolean(), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["agenda_item.id"],
            name=op.f("fk_agenda_item_carried_from_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_agenda_item_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
        sa.UniqueConstraint("uuid", name=op.f("uq_agenda_item_uuid")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "resident",
                "councillor",
                "officer",
                "partner",
                "other",
                name="attendance_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "presence",
            sa.Enum(
                "present",
                "apologies",
                "left-early",
                name="presence",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("consent_named", sa.Boolean(), nullable=False),
        sa.Column("consent_contact", sa.Boolean(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_attendance_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("uuid", name=op.f("uq_attendance_uuid")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("ward", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "co-definition",
                "co-formulation",
                "co-decision",
                "co-implementation",
                "co-evaluation",
                name="policy_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in-progress",
                "referred",
                "resolved",
                "closed",
                "withdrawn",
                name="issue_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "mechanism",
            sa.Enum(
                "area-forum",
                "community-conference",
                "petition",
                "consultation",
                "scrutiny-co-option",
                "policy-jury",
                "referendum",
                "online-deliberation",
                "co-production",
                "volunteering",
                "feedback-survey",
                "other",
                name="mechanism",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("support", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_issue_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"], ["forum.id"], name=op.f("fk_issue_forum_id_forum"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_issue_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["attendance.id"],
            name=op.f("fk_issue_raised_by_id_attendance"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue")),
        sa.UniqueConstraint("forum_id", "number", name=op.f("uq_issue_forum_id_number")),
        sa.UniqueConstraint("reference", name=op.f("uq_issue_reference")),
        sa.UniqueConstraint("uuid", name=op.f("uq_issue_uuid")),
    )
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_issue_stage_status", ["stage", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_ward"), ["ward"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in-progress",
                "done",
                "cancelled",
                name="action_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_action_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name=op.f("fk_action_issue_id_issue"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_uuid")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_issue_id"), ["issue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "issue_theme",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_issue_theme_issue_id_issue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_issue_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("issue_id", "theme_id", name=op.f("pk_issue_theme")),
    )
    op.create_table(
        "timeline_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "raised",
                "stage-moved",
                "status-changed",
                "comment",
                "response",
                "discussed",
                name="timeline_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "co-definition",
                "co-formulation",
                "co-decision",
                "co-implementation",
                "co-evaluation",
                name="from_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "co-definition",
                "co-formulation",
                "co-decision",
                "co-implementation",
                "co-evaluation",
                name="to_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "open",
                "in-progress",
                "referred",
                "resolved",
                "closed",
                "withdrawn",
                name="from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "open",
                "in-progress",
                "referred",
                "resolved",
                "closed",
                "withdrawn",
                name="to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("desk_uuid", sa.String(length=36), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_timeline_event_issue_id_issue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_timeline_event_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_event")),
        sa.UniqueConstraint("uuid", name=op.f("uq_timeline_event_uuid")),
    )
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeline_event_issue_id"), ["issue_id"], unique=False)

    op.create_table(
        "action_carry",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("carried_at", sa.DateTime(), nullable=False),
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
        sa.PrimaryKeyConstraint("action_id", "meeting_id", name=op.f("pk_action_carry")),
    )
    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "information",
                "decision",
                "action",
                name="outcome_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_outcome_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_outcome_agenda_item_id_agenda_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome")),
        sa.UniqueConstraint("uuid", name=op.f("uq_outcome_uuid")),
    )
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_agenda_item_id"), ["agenda_item_id"], unique=False
        )

    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS issue_search")
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_agenda_item_id"))

    op.drop_table("outcome")
    op.drop_table("action_carry")
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_event_issue_id"))

    op.drop_table("timeline_event")
    op.drop_table("issue_theme")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_issue_id"))

    op.drop_table("action")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_ward"))
        batch_op.drop_index("ix_issue_stage_status")
        batch_op.drop_index(batch_op.f("ix_issue_meeting_id"))

    op.drop_table("issue")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_forum_date")

    op.drop_table("meeting")
    op.drop_table("theme")
    op.drop_table("setting")
    op.drop_table("forum")
    op.drop_table("desk")
