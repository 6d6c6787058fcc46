"""The journal read page by page by the entries' numbers: scrolling reaches its very first entry, each entry
once, newest first; a search reads on past the first page's window and finds ё/е and case variants."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import Role
from desktop_app.services import audit_log
from desktop_app.services.audit_log import AuditLogService
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry
from tests.conftest import make_actor

HEAD = make_actor(Role.HEAD, "head")
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
ENTRIES = 1_234


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def summary_of(number: int) -> str:
    """Every seventh entry is about the Ёлкины (spelt with ё or е, any case), the rest about a measure."""
    if number % 7 == 0:
        return ("Просмотр: семья ЁЛКИНЫХ", "Просмотр: Семья Елкиных")[number % 2]
    return f"Просмотр: мероприятие {number}"


def write_journal(db: Database) -> int:
    """``ENTRIES`` entries after those the set-up wrote, numbered on; returns the first number written."""
    with db.reading() as session:
        first = int(session.query(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1).scalar() or 0) + 1
    start = datetime(2026, 6, 1, tzinfo=UTC)
    rows = [
        {
            "id": str(uuid.uuid4()),
            "at": start + timedelta(minutes=number),
            "user_login": "specialist",
            "action": "view",
            "entity": "",
            "summary": summary_of(number),
            "seq": first + number,
        }
        for number in range(ENTRIES)
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEntry), rows)
    return first


def scroll(journal: AuditLogService, search: str = "", limit: int = 100) -> list[str]:
    ids: list[str] = []
    before: int | None = None
    while True:
        rows, before = journal.page(HEAD, search, before, limit)
        ids.extend(row.id for row in rows)
        if before is None:
            return ids


def test_scrolling_reaches_the_first_entry_each_once_newest_first(db: Database) -> None:
    write_journal(db)
    journal = AuditLogService(db)
    with db.reading() as session:
        expected = [entry.id for entry in session.query(AuditEntry).order_by(AuditEntry.seq.desc())]
    assert journal.count(HEAD) == len(expected) >= ENTRIES
    assert scroll(journal, limit=100) == expected
    assert scroll(journal, limit=len(expected)) == expected  # a full last page is followed by an empty one


def test_a_search_pages_past_its_window_and_folds_case_and_yo(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_log, "SEARCH_BATCH", 50)
    monkeypatch.setattr(audit_log, "SEARCH_WINDOW", 300)
    first = write_journal(db)
    journal = AuditLogService(db)
    about_them = [number for number in range(ENTRIES) if number % 7 == 0]
    found = scroll(journal, "ёлкиных", limit=20)
    with db.reading() as session:
        by_number = {entry.seq: entry.id for entry in session.query(AuditEntry)}
    assert found == [by_number[first + number] for number in reversed(about_them)]
    assert scroll(journal, "ЕЛКИНЫХ", limit=20) == found


def test_a_search_that_finds_nothing_in_a_window_stops(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_log, "SEARCH_BATCH", 50)
    monkeypatch.setattr(audit_log, "SEARCH_WINDOW", 300)
    write_journal(db)
    assert AuditLogService(db).page(HEAD, "нет такого текста", None, 20) == ([], None)


def test_a_role_without_the_right_is_refused(db: Database) -> None:
    from desktop_app.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        AuditLogService(db).page(SPECIALIST, "", None, 20)
