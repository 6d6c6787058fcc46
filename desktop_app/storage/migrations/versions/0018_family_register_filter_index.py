"""the family register's filters and targets served by an index on (status, municipality)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Issue 26: at a region of a million families the screen's targets (ready families per municipality) and a filter by
stage and municipality read the whole table through the (status, id) index and then every row. An index on
(status, municipality) answers the targets from the index alone and seeks a filter's rows directly.
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_resource_family_status_municipality", "resource_family", ["status", "municipality"])


def downgrade() -> None:
    op.drop_index("ix_resource_family_status_municipality", table_name="resource_family")
