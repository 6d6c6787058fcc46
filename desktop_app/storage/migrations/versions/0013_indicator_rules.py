"""rules across a program's indicators

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

A coordinator declares how a program's indicators relate (issue 24, DHIS2's validation rules): «числитель 1.2
≤ 1.1», parts summing to a total. Each rule is a row of its program's catalogue and travels with it in the
region's package; existing programs declare none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_rule",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("left", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(length=4), nullable=False),
        sa.Column("right", sa.Text(), nullable=False),
        sa.Column("importance", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_indicator_rule_program_id_program"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_rule")),
    )
    with op.batch_alter_table("indicator_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_rule_program_id"), ["program_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("indicator_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_rule_program_id"))
    op.drop_table("indicator_rule")
