"""the case register's sort keys indexed with the code and id; its search through an FTS5 trigram index

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

Issue 26, as 0016 did for the family register: the list of support cases is read page by page by seeking, in the
order the user chose, ties broken by the code and the id; each sort key gets an index on (key, code, id) so
either direction reads only the page. «Семья» sorts by the family's name folded (the stored search key without
its leading code); an empty date sorts as '' (first ascending, last descending), an expression the index holds.
The composite indexes take the place of the single-column ones on the same leading column. The search looks in
an FTS5 trigram index over ``search_key`` where SQLite has the trigram tokenizer.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from desktop_app.storage.name_fold import CASE_SORT_EXPRESSIONS
from desktop_app.storage.search_index import drop_statements, fts_statements, has_trigram

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLE = "family_case"
_REPLACED = ("code", "municipality", "category", "stage", "curator", "identified_on")


def upgrade() -> None:
    for column in _REPLACED:
        op.drop_index(f"ix_{TABLE}_{column}", table_name=TABLE)
    op.create_index(f"ix_{TABLE}_code_id", TABLE, ["code", "id"])
    for column in _REPLACED[1:]:
        op.create_index(f"ix_{TABLE}_{column}_code_id", TABLE, [column, "code", "id"])
    for name, expression in CASE_SORT_EXPRESSIONS.items():
        op.create_index(f"ix_{TABLE}_{name}_key", TABLE, [text(expression), "code", "id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and has_trigram(bind):
        for statement in fts_statements(TABLE):
            op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements(TABLE):
        op.execute(statement)
    for name in reversed(CASE_SORT_EXPRESSIONS):
        op.drop_index(f"ix_{TABLE}_{name}_key", table_name=TABLE)
    for column in reversed(_REPLACED[1:]):
        op.drop_index(f"ix_{TABLE}_{column}_code_id", table_name=TABLE)
    op.drop_index(f"ix_{TABLE}_code_id", table_name=TABLE)
    for column in _REPLACED:
        op.create_index(f"ix_{TABLE}_{column}", TABLE, [column])
