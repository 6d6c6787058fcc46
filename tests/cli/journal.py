"""What the journal says about command-line sign-ins: every data command writes one entry when it signs in."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select

from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry


def sign_ins(db: Database) -> int:
    """Entries of successful sign-ins: a command's own sign-in is journalled, and is no write of data."""
    with db.reading() as session:
        return session.scalar(select(func.count()).where(AuditEntry.action == "login")) or 0


class Entry(NamedTuple):
    seq: int
    action: str
    entity: str
    user_login: str
    summary: str


def journal(paths: DataPaths, action: str | None = None) -> list[Entry]:
    """The journal of ``paths`` in order (only ``action``'s entries when given)."""
    db = open_database(paths, daily_copy=False)
    try:
        with db.reading() as session:
            columns = (AuditEntry.seq, AuditEntry.action, AuditEntry.entity, AuditEntry.user_login, AuditEntry.summary)
            query = select(*columns).order_by(AuditEntry.seq)
            if action is not None:
                query = query.where(AuditEntry.action == action)
            return [Entry(*row) for row in session.execute(query)]
    finally:
        db.close()
