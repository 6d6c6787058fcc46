"""a program's reporting chain and the marks of its steps

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Seed 002's procedure is a chain (executors → the ЦССУ's summary → the department's approval → the
administration's submission to the ministry), each step with its deadline in working days after the period.
A program may declare its chain; each step done for a period by a territory is marked (who, when, note).
Existing programs declare none and keep behaving as before: the executors' reports, then the approval.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _tracking() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "reporting_step",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("performer", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("working_days_after", sa.Integer(), nullable=True),
        sa.Column("year_end", sa.String(length=5), nullable=False),
        *_tracking(),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_reporting_step_program_id_program"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_step")),
    )
    with op.batch_alter_table("reporting_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reporting_step_program_id"), ["program_id"], unique=False)

    op.create_table(
        "reporting_step_mark",
        sa.Column("step_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("territory", sa.String(length=300), nullable=False),
        sa.Column("done_by", sa.String(length=300), nullable=False),
        sa.Column("done_at", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_tracking(),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["reporting_step.id"],
            name=op.f("fk_reporting_step_mark_step_id_reporting_step"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_step_mark")),
        sa.UniqueConstraint("step_id", "period", "territory", name=op.f("uq_reporting_step_mark_step_id")),
    )
    with op.batch_alter_table("reporting_step_mark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reporting_step_mark_step_id"), ["step_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reporting_step_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_step_mark_step_id"))
    op.drop_table("reporting_step_mark")
    with op.batch_alter_table("reporting_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_step_program_id"))
    op.drop_table("reporting_step")
