"""family support cases, the resource map and the consilium

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

Issue 25: the district's cases of families in ТЖС/СОП (seed 004's cycle: identification, assessment, request, team,
route, services, monitoring, prolongation or closure), their adults, children (codes only), stages and teams; the
route's services, support measures from the region's catalogue and referrals; the resource map the route chooses
from; the consilium's meetings and their decisions per case. Existing installations start with none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consilium_meeting",
        sa.Column("municipality", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("chair", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consilium_meeting")),
    )
    with op.batch_alter_table("consilium_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consilium_meeting_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_consilium_meeting_municipality"), ["municipality"], unique=False)

    op.create_table(
        "family_case",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("municipality", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_detail", sa.Text(), nullable=False),
        sa.Column("identified_on", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_since", sa.String(length=10), nullable=True),
        sa.Column("support_level", sa.String(length=16), nullable=False),
        sa.Column("assessed_on", sa.String(length=10), nullable=True),
        sa.Column("next_review_on", sa.String(length=10), nullable=True),
        sa.Column("request_text", sa.Text(), nullable=False),
        sa.Column("consent_on", sa.String(length=10), nullable=True),
        sa.Column("curator", sa.String(length=300), nullable=False),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("closure_reason", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_case")),
    )
    with op.batch_alter_table("family_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_case_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_closed_on"), ["closed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_curator"), ["curator"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_identified_on"), ["identified_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_municipality"), ["municipality"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_next_review_on"), ["next_review_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_case_stage"), ["stage"], unique=False)

    op.create_table(
        "support_measure_kind",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("is_social_contract", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_retired", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=300), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_measure_kind")),
    )
    op.create_table(
        "case_adult",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("relation", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("parental_rights", sa.String(length=16), nullable=False),
        sa.Column("rights_restored_on", sa.String(length=10), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_adult_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_adult")),
    )
    with op.batch_alter_table("case_adult", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_adult_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_child",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("placed_on", sa.String(length=10), nullable=True),
        sa.Column("institution", sa.Text(), nullable=False),
        sa.Column("returned_on", sa.String(length=10), nullable=True),
        sa.Column("family_placed_on", sa.String(length=10), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_child_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_child")),
    )
    with op.batch_alter_table("case_child", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_child_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_child_placed_on"), ["placed_on"], unique=False)

    op.create_table(
        "case_referral",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("service_kind", sa.String(length=32), nullable=False),
        sa.Column("sent_on", sa.String(length=10), nullable=False),
        sa.Column("answer_due_on", sa.String(length=10), nullable=True),
        sa.Column("answered_on", sa.String(length=10), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_referral_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_case_referral_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_referral")),
    )
    with op.batch_alter_table("case_referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_referral_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_referral_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "case_stage",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.String(length=10), nullable=False),
        sa.Column("done_by", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_stage_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stage")),
    )
    with op.batch_alter_table("case_stage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_stage_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_support_measure",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind_id", sa.String(length=36), nullable=False),
        sa.Column("applied_on", sa.String(length=10), nullable=False),
        sa.Column("decided_on", sa.String(length=10), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["family_case.id"],
            name=op.f("fk_case_support_measure_case_id_family_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["support_measure_kind.id"],
            name=op.f("fk_case_support_measure_kind_id_support_measure_kind"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_support_measure")),
    )
    with op.batch_alter_table("case_support_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_support_measure_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_support_measure_decided_on"), ["decided_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_support_measure_kind_id"), ["kind_id"], unique=False)

    op.create_table(
        "case_team_member",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("person", sa.String(length=300), nullable=False),
        sa.Column("team_role", sa.String(length=200), nullable=False),
        sa.Column("is_curator", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_team_member_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_case_team_member_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_team_member")),
    )
    with op.batch_alter_table("case_team_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_team_member_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_team_member_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "resource_service",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.String(length=36), nullable=True),
        sa.Column("territory", sa.String(length=300), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("target_group", sa.Text(), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("is_retired", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=300), server_default="", nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisation.id"],
            name=op.f("fk_resource_service_provider_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_service")),
    )
    with op.batch_alter_table("resource_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_service_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_service_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_service_territory"), ["territory"], unique=False)

    op.create_table(
        "case_service",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("resource_service_id", sa.String(length=36), nullable=True),
        sa.Column("provider_id", sa.String(length=36), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("planned_on", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.String(length=10), nullable=True),
        sa.Column("given_on", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_case_service_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisation.id"],
            name=op.f("fk_case_service_provider_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resource_service_id"],
            ["resource_service.id"],
            name=op.f("fk_case_service_resource_service_id_resource_service"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_service")),
    )
    with op.batch_alter_table("case_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_service_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_given_on"), ["given_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_resource_service_id"), ["resource_service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_service_status"), ["status"], unique=False)

    op.create_table(
        "consilium_review",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("child_id", sa.String(length=36), nullable=True),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("interagency_support", sa.Boolean(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["family_case.id"], name=op.f("fk_consilium_review_case_id_family_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["case_child.id"], name=op.f("fk_consilium_review_child_id_case_child"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["consilium_meeting.id"],
            name=op.f("fk_consilium_review_meeting_id_consilium_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consilium_review")),
    )
    with op.batch_alter_table("consilium_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consilium_review_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consilium_review_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consilium_review_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consilium_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consilium_review_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_consilium_review_child_id"))
        batch_op.drop_index(batch_op.f("ix_consilium_review_case_id"))

    op.drop_table("consilium_review")
    with op.batch_alter_table("case_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_service_status"))
        batch_op.drop_index(batch_op.f("ix_case_service_resource_service_id"))
        batch_op.drop_index(batch_op.f("ix_case_service_provider_id"))
        batch_op.drop_index(batch_op.f("ix_case_service_kind"))
        batch_op.drop_index(batch_op.f("ix_case_service_given_on"))
        batch_op.drop_index(batch_op.f("ix_case_service_due_on"))
        batch_op.drop_index(batch_op.f("ix_case_service_case_id"))

    op.drop_table("case_service")
    with op.batch_alter_table("resource_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_service_territory"))
        batch_op.drop_index(batch_op.f("ix_resource_service_provider_id"))
        batch_op.drop_index(batch_op.f("ix_resource_service_kind"))

    op.drop_table("resource_service")
    with op.batch_alter_table("case_team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_team_member_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_case_team_member_case_id"))

    op.drop_table("case_team_member")
    with op.batch_alter_table("case_support_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_support_measure_kind_id"))
        batch_op.drop_index(batch_op.f("ix_case_support_measure_decided_on"))
        batch_op.drop_index(batch_op.f("ix_case_support_measure_case_id"))

    op.drop_table("case_support_measure")
    with op.batch_alter_table("case_stage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_stage_case_id"))

    op.drop_table("case_stage")
    with op.batch_alter_table("case_referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_referral_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_case_referral_case_id"))

    op.drop_table("case_referral")
    with op.batch_alter_table("case_child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_child_placed_on"))
        batch_op.drop_index(batch_op.f("ix_case_child_case_id"))

    op.drop_table("case_child")
    with op.batch_alter_table("case_adult", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_adult_case_id"))

    op.drop_table("case_adult")
    op.drop_table("support_measure_kind")
    with op.batch_alter_table("family_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_case_stage"))
        batch_op.drop_index(batch_op.f("ix_family_case_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_family_case_municipality"))
        batch_op.drop_index(batch_op.f("ix_family_case_identified_on"))
        batch_op.drop_index(batch_op.f("ix_family_case_curator"))
        batch_op.drop_index(batch_op.f("ix_family_case_code"))
        batch_op.drop_index(batch_op.f("ix_family_case_closed_on"))
        batch_op.drop_index(batch_op.f("ix_family_case_category"))

    op.drop_table("family_case")
    with op.batch_alter_table("consilium_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consilium_meeting_municipality"))
        batch_op.drop_index(batch_op.f("ix_consilium_meeting_held_on"))

    op.drop_table("consilium_meeting")
