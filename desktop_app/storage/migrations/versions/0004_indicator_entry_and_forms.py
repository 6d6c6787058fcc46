"""indicator entry and forms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Indicator value entry (who submitted and approved, where a computed number came from), closing of
reporting periods and their lock after the deadline, and districts' answers to forms.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_answer",
        sa.Column("form_id", sa.String(length=100), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("territory", sa.String(length=300), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_by", sa.String(length=300), nullable=False),
        sa.Column("submitted_at", sa.String(length=32), nullable=True),
        sa.Column("approved_by", sa.String(length=300), nullable=False),
        sa.Column("approved_at", sa.String(length=32), nullable=True),
        sa.Column("change_reason", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_answer")),
        sa.UniqueConstraint("form_id", "period", "territory", name=op.f("uq_form_answer_form_id")),
    )
    with op.batch_alter_table("form_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_answer_form_id"), ["form_id"], unique=False)

    op.create_table(
        "period_closure",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("territory", sa.String(length=300), nullable=False),
        sa.Column("closed_by", sa.String(length=300), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_period_closure_program_id_program"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_closure")),
        sa.UniqueConstraint("program_id", "period", "territory", name=op.f("uq_period_closure_program_id")),
    )
    with op.batch_alter_table("period_closure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_closure_program_id"), ["program_id"], unique=False)

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=64), nullable=False, server_default=""))

    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("submitted_by", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("submitted_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("approved_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("change_reason", sa.Text(), nullable=False, server_default=""))

    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value_lock_days", sa.Integer(), nullable=False, server_default="30"))


def downgrade() -> None:
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_column("value_lock_days")

    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_column("change_reason")
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("source_note")

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("source")

    with op.batch_alter_table("period_closure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_closure_program_id"))

    op.drop_table("period_closure")
    with op.batch_alter_table("form_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_answer_form_id"))

    op.drop_table("form_answer")
