"""who owns a program and an organisation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Only the owner of a record edits it, and a file may carry only records its signer owns (DOMAIN.md «Who owns a
record»). Programs and organisations get an ``owner``: "" for the region, else a district's name; the records
under a program (sections, blocks, measures, indicators, plan values) belong to the program's owner. At a
district, what came in a region package stays the region's and everything else becomes the district's own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TABLES = (("program", "programs"), ("organisation", "organisations"))


def upgrade() -> None:
    for table, _entity in _TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("owner", sa.String(300), nullable=False, server_default=""))
    connection = op.get_bind()
    district = connection.execute(
        sa.text("SELECT district_name FROM installation WHERE kind = 'district' LIMIT 1")
    ).scalar()
    if not district:
        return  # the region (or a folder not set up yet): everything it holds is its own
    for table, entity in _TABLES:
        connection.execute(
            sa.text(
                f"UPDATE {table} SET owner = :district WHERE id NOT IN ("
                " SELECT state.record_id FROM sync_record_state AS state"
                " JOIN sync_peer AS peer ON peer.id = state.peer_id"
                " WHERE peer.kind = 'region' AND state.entity = :entity)"
            ),
            {"district": district, "entity": entity},
        )


def downgrade() -> None:
    for table, _entity in _TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("owner")
