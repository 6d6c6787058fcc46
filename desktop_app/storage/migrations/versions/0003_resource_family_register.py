"""resource family register

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The resource-family register: the family's profile and readiness documents, its steps, documents and
placements of children. Existing families get codes «РС-0001» … in the order they were entered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_placement",
        sa.Column("family_id", sa.String(length=36), nullable=False),
        sa.Column("child_code", sa.String(length=40), nullable=False),
        sa.Column("child_birth_date", sa.String(length=10), nullable=False),
        sa.Column("child_sex", sa.String(length=1), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=False),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("separation_reason", sa.Text(), nullable=False),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["resource_family.id"],
            name=op.f("fk_child_placement_family_id_resource_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_placement")),
    )
    with op.batch_alter_table("child_placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_placement_end_date"), ["end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_child_placement_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_child_placement_start_date"), ["start_date"], unique=False)

    op.create_table(
        "family_document",
        sa.Column("family_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("doc_number", sa.String(length=100), nullable=False),
        sa.Column("doc_date", sa.String(length=10), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["resource_family.id"],
            name=op.f("fk_family_document_family_id_resource_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_document")),
    )
    with op.batch_alter_table("family_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_document_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_document_sha256"), ["sha256"], unique=False)

    op.create_table(
        "family_step",
        sa.Column("family_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("on_date", sa.String(length=10), nullable=False),
        sa.Column("done_by", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["resource_family.id"],
            name=op.f("fk_family_step_family_id_resource_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_step")),
    )
    with op.batch_alter_table("family_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_step_family_id"), ["family_id"], unique=False)

    with op.batch_alter_table("family_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("resource_family", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("status_since", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("age_from_months", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("age_to_months", sa.Integer(), nullable=False, server_default="47"))
        batch_op.add_column(sa.Column("household", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("housing", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("shpr_certificate", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("shpr_date", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("conclusion_number", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("conclusion_date", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("supervisor", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("placed_now", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_resource_family_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_family_municipality"), ["municipality"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_family_status"), ["status"], unique=False)

    _number_existing_families()


def _number_existing_families() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id FROM resource_family ORDER BY created_at, id")).fetchall()
    for number, (family_id,) in enumerate(rows, start=1):
        connection.execute(
            sa.text("UPDATE resource_family SET code = :code WHERE id = :id"),
            {"code": f"РС-{number:04d}", "id": family_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("resource_family", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_family_status"))
        batch_op.drop_index(batch_op.f("ix_resource_family_municipality"))
        batch_op.drop_index(batch_op.f("ix_resource_family_code"))
        batch_op.drop_column("placed_now")
        batch_op.drop_column("supervisor")
        batch_op.drop_column("conclusion_date")
        batch_op.drop_column("conclusion_number")
        batch_op.drop_column("shpr_date")
        batch_op.drop_column("shpr_certificate")
        batch_op.drop_column("housing")
        batch_op.drop_column("household")
        batch_op.drop_column("age_to_months")
        batch_op.drop_column("age_from_months")
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status_since")
        batch_op.drop_column("code")

    with op.batch_alter_table("family_member", schema=None) as batch_op:
        batch_op.drop_column("position")
        batch_op.drop_column("email")

    with op.batch_alter_table("family_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_step_family_id"))

    op.drop_table("family_step")
    with op.batch_alter_table("family_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_family_document_family_id"))

    op.drop_table("family_document")
    with op.batch_alter_table("child_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_placement_start_date"))
        batch_op.drop_index(batch_op.f("ix_child_placement_family_id"))
        batch_op.drop_index(batch_op.f("ix_child_placement_end_date"))

    op.drop_table("child_placement")
