"""measure schedules and execution reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Adds the structured schedule of measures (filled from each measure's deadline text), the reporting
procedure of programs, execution reports and their confirming documents.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from desktop_app.domain.schedules import parse_schedule

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "execution_report",
        sa.Column("measure_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_text", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=300), nullable=False),
        sa.Column("reported_at", sa.String(length=32), nullable=True),
        sa.Column("approved_by", sa.String(length=300), nullable=False),
        sa.Column("approved_at", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measure.id"], name=op.f("fk_execution_report_measure_id_measure"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_execution_report")),
        sa.UniqueConstraint("measure_id", "period", name=op.f("uq_execution_report_measure_id")),
    )
    with op.batch_alter_table("execution_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_execution_report_measure_id"), ["measure_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_execution_report_period"), ["period"], unique=False)

    op.create_table(
        "report_document",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("doc_number", sa.String(length=100), nullable=False),
        sa.Column("doc_date", sa.String(length=10), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["execution_report.id"],
            name=op.f("fk_report_document_report_id_execution_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_document")),
    )
    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_document_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_document_sha256"), ["sha256"], unique=False)

    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("schedule", sa.Text(), nullable=False, server_default="{}"))

    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reporting_period", sa.String(length=16), nullable=False, server_default="half_year")
        )
        batch_op.add_column(sa.Column("report_due_working_days", sa.Integer(), nullable=False, server_default="3"))
        batch_op.add_column(sa.Column("report_due_year_end", sa.String(length=5), nullable=False, server_default=""))

    _fill_schedules()


def _fill_schedules() -> None:
    """Read every existing measure's deadline text into its schedule, as new measures get it."""
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, deadline_text FROM measure")).all()
    for measure_id, deadline_text in rows:
        schedule = json.dumps(parse_schedule(deadline_text or "").to_dict(), ensure_ascii=False)
        connection.execute(
            sa.text("UPDATE measure SET schedule = :s WHERE id = :id"), {"s": schedule, "id": measure_id}
        )


def downgrade() -> None:
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_column("report_due_year_end")
        batch_op.drop_column("report_due_working_days")
        batch_op.drop_column("reporting_period")

    with op.batch_alter_table("measure", schema=None) as batch_op:
        batch_op.drop_column("schedule")

    with op.batch_alter_table("report_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_report_document_report_id"))

    op.drop_table("report_document")
    with op.batch_alter_table("execution_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_execution_report_period"))
        batch_op.drop_index(batch_op.f("ix_execution_report_measure_id"))

    op.drop_table("execution_report")
