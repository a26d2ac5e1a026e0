"""Engagements: petitions, consultations, scrutiny co-option, juries, ballots, online
deliberation, residents' offers, and how each co-decision was decided.

New tables (all travel, exchange format 1.5): ``engagement``, ``engagement_issue``,
``participant``, ``engagement_count``, ``draw``, ``contribution``, ``offer``. New
columns: ``meeting.engagement_id`` (a session held for an engagement),
``outcome``/``timeline_event`` ``decided_by`` and the votes of a show of hands,
``erasure.records`` (engagement records an erasure blanked).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "petition",
                "consultation",
                "scrutiny",
                "jury",
                "ballot",
                "deliberation",
                name="engagement_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("wording", sa.Text(), nullable=True),
        sa.Column("opens", sa.Date(), nullable=True),
        sa.Column("closes", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "open",
                "closed",
                "reported",
                "withdrawn",
                name="engagement_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("response_due", sa.Date(), nullable=True),
        sa.Column("responded_at", sa.Date(), nullable=True),
        sa.Column("threshold_response", sa.Integer(), nullable=True),
        sa.Column("threshold_debate", sa.Integer(), nullable=True),
        sa.Column("response_days", sa.Integer(), nullable=True),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("you_said_we_did", sa.Text(), nullable=True),
        sa.Column("committee", sa.String(length=200), nullable=True),
        sa.Column("electorate", sa.Integer(), nullable=True),
        sa.Column(
            "rule",
            sa.Enum(
                "simple-majority",
                "threshold",
                name="ballot_rule",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("rule_threshold", sa.Integer(), nullable=True),
        sa.Column("binding", sa.Boolean(), nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
            name=op.f("fk_engagement_forum_id_forum"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement")),
        sa.UniqueConstraint("uuid", name=op.f("uq_engagement_uuid")),
    )
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.create_index("ix_engagement_kind_forum", ["kind", "forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_reference"), ["reference"], unique=False)

    op.create_table(
        "draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("strata", sa.JSON(), nullable=False),
        sa.Column("quotas", sa.JSON(), nullable=False),
        sa.Column("witnesses", sa.Text(), nullable=True),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("pool", sa.JSON(), nullable=False),
        sa.Column("chosen", sa.JSON(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_draw_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw")),
        sa.UniqueConstraint("uuid", name=op.f("uq_draw_uuid")),
    )
    with op.batch_alter_table("draw", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draw_engagement_id"), ["engagement_id"], unique=False)

    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "lead-petitioner",
                "co-opted",
                "volunteer",
                "juror",
                "witness",
                "other",
                name="participant_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("consent_named", sa.Boolean(), nullable=False),
        sa.Column("consent_contact", sa.Boolean(), nullable=False),
        sa.Column("consent_named_at", sa.DateTime(), nullable=True),
        sa.Column("consent_contact_at", sa.DateTime(), nullable=True),
        sa.Column("ward", sa.String(length=200), nullable=True),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.Column("term_from", sa.Date(), nullable=True),
        sa.Column("term_to", sa.Date(), nullable=True),
        sa.Column("interests", sa.Text(), nullable=True),
        sa.Column("attendance_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("draw_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f("fk_participant_attendance_id_attendance"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draw.id"], name=op.f("fk_participant_draw_id_draw"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_participant_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_participant_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
        sa.UniqueConstraint("uuid", name=op.f("uq_participant_uuid")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_engagement_id"), ["engagement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_participant_person_id"), ["person_id"], unique=False)

    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("supports", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_contribution_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_contribution_issue_id_issue"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
        sa.UniqueConstraint("uuid", name=op.f("uq_contribution_uuid")),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contribution_external", ["engagement_id", "external_id"], unique=False
        )

    op.create_table(
        "engagement_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "sheet",
                "online",
                "responses",
                "ballots",
                "spoilt",
                name="count_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("option", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "meeting",
                "paper",
                "online",
                name="channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_count_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_engagement_count_issue_id_issue"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_count")),
        sa.UniqueConstraint("uuid", name=op.f("uq_engagement_count_uuid")),
    )
    with op.batch_alter_table("engagement_count", schema=None) as batch_op:
        batch_op.create_index(
            "ix_engagement_count_key", ["engagement_id", "kind", "key", "option"], unique=False
        )

    op.create_table(
        "engagement_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "co-definition",
                "co-formulation",
                "co-decision",
                "co-implementation",
                "co-evaluation",
                name="link_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "role",
            sa.Enum(
                "concerns",
                "raised",
                "supported",
                "recommendation",
                "result",
                name="link_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_issue_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_engagement_issue_issue_id_issue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_issue")),
        sa.UniqueConstraint("uuid", name=op.f("uq_engagement_issue_uuid")),
    )
    with op.batch_alter_table("engagement_issue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_issue_engagement_id"), ["engagement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_engagement_issue_issue_id"), ["issue_id"], unique=False
        )

    op.create_table(
        "offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "time",
                "skills",
                "knowledge",
                "equipment",
                "money",
                name="offer_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "offered",
                "matched",
                "delivered",
                "withdrawn",
                name="offer_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("consent_named", sa.Boolean(), nullable=False),
        sa.Column("consent_contact", sa.Boolean(), nullable=False),
        sa.Column("consent_named_at", sa.DateTime(), nullable=True),
        sa.Column("consent_contact_at", sa.DateTime(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("attendance_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("offered_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("delivered", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("dots", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_here_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_offer_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f("fk_offer_attendance_id_attendance"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_offer_engagement_id_engagement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"], ["forum.id"], name=op.f("fk_offer_forum_id_forum"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name=op.f("fk_offer_issue_id_issue"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_offer_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_offer_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
        sa.UniqueConstraint("uuid", name=op.f("uq_offer_uuid")),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_issue_id"), ["issue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_person_id"), ["person_id"], unique=False)

    # A plain ADD COLUMN: a batch copy of the table would break the search index's triggers.
    op.add_column("erasure", sa.Column("records", sa.JSON(), nullable=True))

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("engagement_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_meeting_engagement_id"), ["engagement_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_engagement_id_engagement"),
            "engagement",
            ["engagement_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # Plain ADD COLUMNs: a batch copy of timeline_event would break the search index's
    # triggers, and none of these columns needs one.
    for table in ("outcome", "timeline_event"):
        op.add_column(
            table,
            sa.Column(
                "decided_by",
                sa.Enum(
                    "consensus",
                    "show-of-hands",
                    "ballot",
                    "jury",
                    "delegated",
                    name="decision_method",
                    native_enum=False,
                    create_constraint=False,
                ),
                nullable=True,
            ),
        )
        for column in ("votes_for", "votes_against", "votes_abstain"):
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ("timeline_event", "outcome"):  # DROP COLUMN: no table copy (SQLite 3.35)
        for column in ("votes_abstain", "votes_against", "votes_for", "decided_by"):
            op.drop_column(table, column)

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_meeting_engagement_id_engagement"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_meeting_engagement_id"))
        batch_op.drop_column("engagement_id")

    op.drop_column("erasure", "records")

    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_person_id"))
        batch_op.drop_index(batch_op.f("ix_offer_issue_id"))
        batch_op.drop_index(batch_op.f("ix_offer_forum_id"))

    op.drop_table("offer")
    with op.batch_alter_table("engagement_issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_issue_issue_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_issue_engagement_id"))

    op.drop_table("engagement_issue")
    with op.batch_alter_table("engagement_count", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_count_key")

    op.drop_table("engagement_count")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index("ix_contribution_external")

    op.drop_table("contribution")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_person_id"))
        batch_op.drop_index(batch_op.f("ix_participant_engagement_id"))

    op.drop_table("participant")
    with op.batch_alter_table("draw", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draw_engagement_id"))

    op.drop_table("draw")
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_reference"))
        batch_op.drop_index("ix_engagement_kind_forum")

    op.drop_table("engagement")
