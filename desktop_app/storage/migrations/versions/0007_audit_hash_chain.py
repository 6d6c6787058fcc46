"""audit trail hash chain

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

Numbers every audit entry, chains their SHA-256 hashes (desktop_app/domain/audit_chain.py), keeps the last
entry's number and hash in audit_head, and makes audit_entry append-only with two triggers. Existing entries
are chained in the order they were written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop_app.domain.audit_chain import GENESIS, StoredEntry, link_hash
from desktop_app.storage.audit_chain import HEAD_ID, guard_trigger_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = "id, at, user_id, user_login, action, entity, entity_id, summary, old_values, new_values"


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    connection = op.get_bind()
    rows = connection.exec_driver_sql(f"SELECT rowid, {_COLUMNS} FROM audit_entry ORDER BY at, rowid").fetchall()
    previous, seq = GENESIS, 0
    for rowid, *fields in rows:
        seq += 1
        entry = StoredEntry(
            seq,
            fields[0],
            fields[1],
            fields[2],
            fields[3] or "",
            fields[4],
            fields[5] or "",
            fields[6],
            fields[7] or "",
            fields[8],
            fields[9],
        )
        previous = link_hash(previous, entry)
        connection.exec_driver_sql(
            "UPDATE audit_entry SET seq = ?, chain_hash = ?, user_login = ?, entity = ?, summary = ? WHERE rowid = ?",
            (seq, previous, entry.user_login, entry.entity, entry.summary, rowid),
        )
    if seq:
        connection.exec_driver_sql(
            "INSERT INTO audit_head (id, seq, chain_hash) VALUES (?, ?, ?)", (HEAD_ID, seq, previous)
        )
    op.create_index("ix_audit_entry_seq", "audit_entry", ["seq"], unique=True)
    for statement in guard_trigger_sql():
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    op.drop_index("ix_audit_entry_seq", table_name="audit_entry")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("chain_hash")
        batch.drop_column("seq")
