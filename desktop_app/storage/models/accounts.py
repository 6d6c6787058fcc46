"""The installation itself, its local user accounts and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.storage.base import Base, JsonText, RecordMixin, UtcDateTime, new_uuid, utc_now


class Installation(RecordMixin, Base):
    """One row: whether this database belongs to a district office or to the region, and where."""

    __tablename__ = "installation"
    __audit_label__ = "Установка"

    kind: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(4))
    region_name: Mapped[str] = mapped_column(String(200))
    district_name: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisation.id"))
    reporting_period_kind: Mapped[str] = mapped_column(String(16), default="half_year")
    # Grows by one with every exchange file this installation writes (manifest «sequence»).
    export_sequence: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class User(RecordMixin, Base):
    """A local account; the password is kept only as an argon2id hash."""

    __tablename__ = "user_account"
    __audit_label__ = "Пользователь"
    __audit_exclude__ = frozenset({"password_hash", "failed_attempts", "locked_until", "last_login_at"})

    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """One change or security event; written by the services, never edited by the program."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_entity", "entity", "entity_id"),
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_seq", "seq", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    user_id: Mapped[str | None] = mapped_column(String(36))
    user_login: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str | None] = mapped_column(String(36))
    summary: Mapped[str] = mapped_column(Text, default="")
    old_values: Mapped[dict[str, object] | None] = mapped_column(JsonText())
    new_values: Mapped[dict[str, object] | None] = mapped_column(JsonText())
    # The entry's number (1, 2, …) and its link in the hash chain (desktop_app/domain/audit_chain.py).
    seq: Mapped[int | None] = mapped_column(Integer)
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the number and hash of the audit trail's last entry, so that cutting entries off its end shows."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    chain_hash: Mapped[str] = mapped_column(String(64))
