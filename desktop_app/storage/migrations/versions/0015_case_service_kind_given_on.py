"""an index of the route's services by kind and date given

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08

Issue 25's benchmark (tests/bench/bench_cases.py): with 500 000 services the figures «families helped with
addiction / employment» for a half-year read every service of every case through the case_id index; an index on
(kind, given_on) lets them read only the services of that kind given in the period.
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_service_kind_given_on", "case_service", ["kind", "given_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_service_kind_given_on", table_name="case_service")
