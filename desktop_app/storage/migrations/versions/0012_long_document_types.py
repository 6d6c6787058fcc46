"""a measure's document type holds whole titles of acts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Plans name the confirming document in full: seed 000's «Перечень приоритетных направлений (План мероприятий)
реализации Стратегии государственной антинаркотической политики … (утвержден губернатором Новосибирской области
23.12.2020)» is 242 signs. The column was VARCHAR(200), so the region package refused the imported program at every
district («текст длиннее 200 знаков»). It becomes TEXT, like the measure's other columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure") as batch_op:
        batch_op.alter_column("document_type", type_=sa.Text(), existing_type=sa.String(200), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("measure") as batch_op:
        batch_op.alter_column("document_type", type_=sa.String(200), existing_type=sa.Text(), existing_nullable=False)
