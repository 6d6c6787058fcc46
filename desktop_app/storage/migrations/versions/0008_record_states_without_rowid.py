"""agreed record states stored by their key

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

sync_record_state becomes a WITHOUT ROWID table: its rows live in the B-tree of their primary key (peer,
entity, record) instead of a row table plus an index of that key, so a region taking tens of thousands of
records from a folder of district bundles writes one tree, not two, and the file is a third smaller.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = "peer_id, entity, record_id, row_version, content_hash"


def _rebuild(without_rowid: bool) -> None:
    option = " WITHOUT ROWID" if without_rowid else ""
    op.execute(
        "CREATE TABLE sync_record_state_rebuilt (\n"
        "\tpeer_id VARCHAR(36) NOT NULL, \n"
        "\tentity VARCHAR(64) NOT NULL, \n"
        "\trecord_id VARCHAR(36) NOT NULL, \n"
        "\trow_version INTEGER NOT NULL, \n"
        "\tcontent_hash VARCHAR(64) NOT NULL, \n"
        "\tCONSTRAINT pk_sync_record_state PRIMARY KEY (peer_id, entity, record_id), \n"
        "\tCONSTRAINT fk_sync_record_state_peer_id_sync_peer FOREIGN KEY(peer_id) REFERENCES sync_peer (id)"
        " ON DELETE CASCADE\n"
        f"){option}"
    )
    op.execute(f"INSERT INTO sync_record_state_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM sync_record_state")
    op.execute("DROP TABLE sync_record_state")
    op.execute("ALTER TABLE sync_record_state_rebuilt RENAME TO sync_record_state")


def upgrade() -> None:
    _rebuild(without_rowid=True)


def downgrade() -> None:
    _rebuild(without_rowid=False)
