"""Writing and checking the hash chain of the audit trail (the rule is in desktop_app/domain/audit_chain.py).

New entries are numbered and chained in the same flush that inserts them, after the head is read inside the
same transaction: the program keeps a single writing connection, and a second process writing at the same
moment is stopped by SQLite's write lock and the unique entry number, never by a fork in the chain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from desktop_app.domain.audit_chain import GENESIS, BreakKind, ChainBreak, StoredEntry, chain_breaks, link_hash
from desktop_app.domain.periods import format_moment
from desktop_app.storage import cipher
from desktop_app.storage.base import json_text, new_uuid, utc_now, utc_text
from desktop_app.storage.models import AuditEntry, AuditHead
from desktop_app.storage.sqlite_files import open_read_only

HEAD_ID = 1
# SQLite refuses to change or delete an entry, whoever asks; a tool can drop these, and `opeka check` says so.
GUARD_TRIGGERS = {
    "audit_entry_no_update": "UPDATE",
    "audit_entry_no_delete": "DELETE",
}
GUARD_MESSAGE = "Журнал изменений не редактируется"


def guard_trigger_sql() -> list[str]:
    """The statements that make audit_entry append-only (for the migration and for new databases)."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {verb} ON audit_entry "
        f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END"
        for name, verb in GUARD_TRIGGERS.items()
    ]


def stored_entry(entry: AuditEntry) -> StoredEntry:
    """The fields of a new entry as they will be stored."""
    assert entry.seq is not None
    return StoredEntry(
        seq=entry.seq,
        id=entry.id,
        at=utc_text(entry.at),
        user_id=entry.user_id,
        user_login=entry.user_login or "",
        action=entry.action,
        entity=entry.entity or "",
        entity_id=entry.entity_id,
        summary=entry.summary or "",
        old_values=json_text(entry.old_values),
        new_values=json_text(entry.new_values),
    )


def chain_new_entries(session: Session, entries: list[AuditEntry]) -> None:
    """Number ``entries`` after the trail's last one, chain their hashes and move the head to the last of them."""
    if not entries:
        return
    head = session.execute(select(AuditHead.seq, AuditHead.chain_hash).where(AuditHead.id == HEAD_ID)).first()
    seq, previous = (head.seq, head.chain_hash) if head else (0, GENESIS)
    for entry in entries:
        seq += 1
        entry.id = entry.id or new_uuid()
        entry.at = entry.at or utc_now()
        entry.user_login = entry.user_login or ""
        entry.entity = entry.entity or ""
        entry.summary = entry.summary or ""
        entry.seq = seq
        entry.chain_hash = previous = link_hash(previous, stored_entry(entry))
    upsert = insert(AuditHead).values(id=HEAD_ID, seq=seq, chain_hash=previous)
    session.execute(upsert.on_conflict_do_update(index_elements=["id"], set_={"seq": seq, "chain_hash": previous}))


_COLUMNS = "seq, id, at, user_id, user_login, action, entity, entity_id, summary, old_values, new_values, chain_hash"


def _stored_rows(connection: sqlite3.Connection) -> Iterator[tuple[StoredEntry, str | None]]:
    rows = connection.execute(f"SELECT {_COLUMNS} FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq")
    for row in rows:
        yield StoredEntry(*row[:11]), row[11]


def _entry_label(entry: StoredEntry | None) -> str:
    if entry is None:
        return ""
    try:
        moment = format_moment(datetime.fromisoformat(entry.at))
    except (TypeError, ValueError):
        moment = str(entry.at)
    who = entry.user_login or "система"
    # the table, not the summary: a summary may name a family's adult, and `opeka check` runs without signing in
    return f" ({moment}, {who}, таблица {entry.entity or '—'})"


def _numbers(first: int, last: int) -> str:
    return f"№ {first}" if first == last else f"№ {first}–{last}"


def describe_break(found: ChainBreak) -> str:
    """One Russian sentence for ``found``."""
    prefix = "Журнал изменений:"
    if found.kind is BreakKind.CHANGED and found.entry is not None:
        return f"{prefix} запись № {found.seq}{_entry_label(found.entry)} изменена вне программы."
    if found.kind is BreakKind.CHANGED:
        return f"{prefix} отметка последней записи (№ {found.seq}) не совпадает с журналом — записи подменены."
    if found.kind is BreakKind.MISSING:
        return f"{prefix} записи {_numbers(found.seq, found.last_seq)} удалены вне программы."
    if found.kind is BreakKind.TRUNCATED:
        return f"{prefix} последние записи {_numbers(found.seq, found.last_seq)} удалены вне программы."
    if found.kind is BreakKind.HEAD_LOST:
        return f"{prefix} удалена отметка последней записи (№ {found.seq}); журнал мог быть обрезан."
    return f"{prefix} {found.last_seq} записей без номера добавлены вне программы."


def chain_problems(connection: sqlite3.Connection) -> list[str]:
    """What is wrong with the audit trail in the database behind ``connection`` (read only), in Russian."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "audit_head" not in tables:
        return []  # a database before the chain existed: migration 0007 chains it when the program opens it
    head_row = connection.execute("SELECT seq, chain_hash FROM audit_head WHERE id = ?", (HEAD_ID,)).fetchone()
    unnumbered = connection.execute("SELECT count(*) FROM audit_entry WHERE seq IS NULL").fetchone()[0]
    head = (int(head_row[0]), str(head_row[1])) if head_row else None
    breaks = chain_breaks(_stored_rows(connection), head, unnumbered)
    problems = [describe_break(found) for found in breaks[:20]]
    if len(breaks) > 20:
        problems.append(f"Журнал изменений: ещё {len(breaks) - 20} нарушений цепочки.")
    triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    if not set(GUARD_TRIGGERS) <= triggers:
        problems.append("Журнал изменений: снята защита от правки (триггеры удалены вне программы).")
    return problems


def audit_trail_problems(path: Path, key: bytes | None = None) -> list[str]:
    """The chain check of the database file at ``path``, opened read-only (keyed when encrypted)."""
    try:
        with closing(open_read_only(path, key)) as connection:
            return chain_problems(connection)
    except cipher.DatabaseError as exc:
        return [f"Журнал изменений не прочитан: {exc}"]
