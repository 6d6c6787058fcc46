"""Declarative base, column types and the columns every synchronised record carries."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import MetaData, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    """Record ids are UUIDs made where the record is created, so bundles from many offices never collide."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_text(value: datetime) -> str:
    """A moment as stored: UTC, ISO text with microseconds (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def json_text(value: Any) -> str | None:
    """A JSON column's value as stored: UTF-8 text with sorted keys."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC as ISO text and always returns an aware datetime, whatever the caller passed."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class IsoDate(TypeDecorator[date]):
    """A calendar date stored as ``YYYY-MM-DD`` text, readable in any SQLite browser."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        return value.isoformat() if value is not None else None

    def process_result_value(self, value: str | None, dialect: Dialect) -> date | None:
        return date.fromisoformat(value) if value else None


class JsonText(TypeDecorator[Any]):
    """Lists and small mappings stored as UTF-8 JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return json_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """Identity and change tracking for every record that can travel between installations.

    ``row_version`` grows by one on each change; with ``updated_at`` and ``changed_by`` it lets the
    exchange tell a newer record from an older one and spot edits made on both sides.

    It is also the mapper's version column: every UPDATE and DELETE says ``WHERE id = ? AND row_version = ?``
    (the version this session read), so a change another process committed in between makes the statement
    touch no row and the unit of work fails with ConcurrentChange instead of writing over that change. The
    audit hook sets the new value itself (only a real change counts), hence no version generator.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    changed_by: Mapped[str | None] = mapped_column(String(36), default=None)
    row_version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a declared_attr receives the class)
        return {"version_id_col": cls.row_version, "version_id_generator": False}

    # Human label of the entity for the audit trail, e.g. «Мероприятие».
    __audit_label__ = ""
    # Columns the audit trail never copies (password hashes and the like).
    __audit_exclude__: frozenset[str] = frozenset()
