"""Every stored field has a Russian name, so the journal never shows a user an English column name."""

from __future__ import annotations

from desktop_app.services.audit_log import FIELD_LABELS
from desktop_app.storage import models  # noqa: F401  (registers the tables)
from desktop_app.storage.base import Base

# Bookkeeping columns the audit trail never copies (see storage/audit.py) and the audit table itself.
NOT_AUDITED = {
    "id",
    "created_at",
    "updated_at",
    "changed_by",
    "row_version",
    "search_key",
    "password_hash",
    "failed_attempts",
    "locked_until",
    "last_login_at",
}


# logs and bookkeeping written without the audit hook (they are themselves the record of what happened)
NOT_AUDITED_TABLES = {"audit_entry", "audit_head", "import_log", "sync_record_state", "sent_attachment"}


def test_every_audited_column_has_a_russian_label() -> None:
    missing = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name not in NOT_AUDITED_TABLES
        for column in table.columns
        if column.name not in NOT_AUDITED and column.name not in FIELD_LABELS
    ]
    assert missing == []
