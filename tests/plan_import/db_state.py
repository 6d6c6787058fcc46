"""Row counts of everything a plan import may write: equal before and after means nothing was written."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
    ProgramSection,
)

TABLES = (AuditEntry, Program, ProgramSection, ProgramBlock, Measure, MeasureExecutor, Organisation)


def state(db: Database) -> dict[str, int]:
    """The audit trail grows with any write at all, so an unchanged count means an untouched database."""
    with db.reading() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0 for table in TABLES}
