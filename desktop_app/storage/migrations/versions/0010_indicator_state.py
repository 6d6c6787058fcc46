"""an indicator's state in the catalogue

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

A region authors its own catalogue (issue 23): key indicators read from a plan document arrive as drafts for
the coordinator to confirm, and an indicator removed after values were entered is retired, not deleted, so
its history stays. Every indicator that exists today is in use: ``active``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch_op:
        batch_op.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="active"))


def downgrade() -> None:
    with op.batch_alter_table("indicator") as batch_op:
        batch_op.drop_column("state")
