"""exchange bookkeeping

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

The exchange with the region: peers with their pinned keys, the last agreed version of each record taken
from a peer, conflicts kept for a person, the import log, and the installation's export sequence.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=300), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source_installation", sa.String(length=36), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_log")),
    )
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_log_file_sha256"), ["file_sha256"], unique=False)

    op.create_table(
        "sync_peer",
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=4), nullable=False),
        sa.Column("district", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("signing_key", sa.String(length=64), nullable=False),
        sa.Column("encryption_key", sa.String(length=64), nullable=False),
        sa.Column("pinned_at", sa.String(length=32), nullable=True),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_file_sha256", sa.String(length=64), nullable=False),
        sa.Column("last_received_at", sa.String(length=32), nullable=True),
        sa.Column("last_created_at", sa.String(length=32), nullable=True),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_peer")),
        sa.UniqueConstraint("installation_id", name=op.f("uq_sync_peer_installation_id")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("local_values", sa.Text(), nullable=False),
        sa.Column("incoming_values", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolved_by", sa.String(length=300), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["sync_peer.id"], name=op.f("fk_sync_conflict_peer_id_sync_peer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_peer_id"), ["peer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_conflict_record_id"), ["record_id"], unique=False)

    op.create_table(
        "sync_record_state",
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["sync_peer.id"], name=op.f("fk_sync_record_state_peer_id_sync_peer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("peer_id", "entity", "record_id", name=op.f("pk_sync_record_state")),
    )
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("export_sequence", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("execution_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("territory", sa.String(length=300), nullable=False, server_default=""))
    # the reports a district kept so far are its own
    op.execute("UPDATE execution_report SET territory = COALESCE((SELECT district_name FROM installation LIMIT 1), '')")
    with op.batch_alter_table("execution_report", schema=None) as batch_op:
        batch_op.drop_constraint("uq_execution_report_measure_id", type_="unique")
        batch_op.create_unique_constraint("uq_execution_report_measure_id", ["measure_id", "period", "territory"])


def downgrade() -> None:
    with op.batch_alter_table("execution_report", schema=None) as batch_op:
        batch_op.drop_constraint("uq_execution_report_measure_id", type_="unique")
        batch_op.create_unique_constraint("uq_execution_report_measure_id", ["measure_id", "period"])
        batch_op.drop_column("territory")
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("export_sequence")

    op.drop_table("sync_record_state")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_record_id"))
        batch_op.drop_index(batch_op.f("ix_sync_conflict_peer_id"))

    op.drop_table("sync_conflict")
    op.drop_table("sync_peer")
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_log_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_import_log_at"))

    op.drop_table("import_log")
