"""the family register's sort keys indexed with the id; its search through an FTS5 trigram index

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

Issue 26: the register is read page by page by seeking (keyset), ordered by the column the user chose and the id;
each sort key gets an index on (key, id) so either direction reads only the page. «Семья» sorts by the adults'
names the user sees, folded as ``search_key`` folds them: the stored key without its leading code. The
(code, id), (municipality, id) and (status, id) indexes take the place of the single-column ones.

The search looks in an FTS5 trigram index over ``search_key`` (already case- and ё-folded), an external-content
table kept in step by triggers, so every write — the services', the exchange's bulk Core statements, deletes —
keeps it right. Only on SQLite with FTS5 and the trigram tokenizer (3.34 and later); without the table the
register searches with LIKE, as it always did.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from desktop_app.storage.name_fold import FAMILY_NAME_KEY
from desktop_app.storage.search_index import drop_statements, fts_statements, has_trigram

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_PAIRS = (
    ("ix_resource_family_code_id", "code"),
    ("ix_resource_family_municipality_id", "municipality"),
    ("ix_resource_family_status_id", "status"),
    ("ix_resource_family_status_since_id", "status_since"),
    ("ix_resource_family_capacity_id", "capacity_children"),
    ("ix_resource_family_placed_id", "placed_now"),
)
_SINGLE = ("code", "municipality", "status")


def upgrade() -> None:
    for column in _SINGLE:
        op.drop_index(f"ix_resource_family_{column}", table_name="resource_family")
    for name, column in _PAIRS:
        op.create_index(name, "resource_family", [column, "id"], unique=False)
    op.create_index("ix_resource_family_name_key_id", "resource_family", [text(FAMILY_NAME_KEY), "id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and has_trigram(bind):
        for statement in fts_statements("resource_family"):
            op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements("resource_family"):
        op.execute(statement)
    op.drop_index("ix_resource_family_name_key_id", table_name="resource_family")
    for name, _column in reversed(_PAIRS):
        op.drop_index(name, table_name="resource_family")
    for column in _SINGLE:
        op.create_index(f"ix_resource_family_{column}", "resource_family", [column], unique=False)
