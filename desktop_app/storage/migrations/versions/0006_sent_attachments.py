"""documents sent by bundle

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Which document files each bundle of this installation carried, so that files the region has confirmed
are not sent again and a district's scans never push a bundle past the size limit.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_attachment",
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sequence", "sha256", name=op.f("pk_sent_attachment")),
    )


def downgrade() -> None:
    op.drop_table("sent_attachment")
