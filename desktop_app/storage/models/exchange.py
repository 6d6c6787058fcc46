"""Bookkeeping of the exchange: the installations we receive from (with their pinned keys), what we last
took from each of them record by record, the conflicts waiting for a person, and the log of imports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.storage.base import Base, JsonText, RecordMixin, UtcDateTime, new_uuid, utc_now


class SyncPeer(RecordMixin, Base):
    """Another installation whose files we import: a district at the region, the region at a district,
    a second workstation at the office's main PC. Its signing key is pinned on the first file."""

    __tablename__ = "sync_peer"
    __audit_label__ = "Участник обмена"

    installation_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(4), default="")
    district: Mapped[str] = mapped_column(String(300), default="")
    name: Mapped[str] = mapped_column(String(300), default="")
    signing_key: Mapped[str] = mapped_column(String(64), default="")
    encryption_key: Mapped[str] = mapped_column(String(64), default="")
    pinned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_file_sha256: Mapped[str] = mapped_column(String(64), default="")
    last_received_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_created_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    periods: Mapped[list[str]] = mapped_column(JsonText(), default=list)


class SyncRecordState(Base):
    """The version and content of a record as last taken from a peer: the common ancestor that tells an
    edit made there from an edit made here, and both from a conflict."""

    __tablename__ = "sync_record_state"
    # the rows live in their key's B-tree: one tree written per record, not a row table plus an index
    __table_args__ = {"sqlite_with_rowid": False}

    peer_id: Mapped[str] = mapped_column(ForeignKey("sync_peer.id", ondelete="CASCADE"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))


class SyncConflict(RecordMixin, Base):
    """A record changed both here and at the peer since they last agreed; kept until a person decides."""

    __tablename__ = "sync_conflict"
    __audit_label__ = "Конфликт обмена"

    peer_id: Mapped[str] = mapped_column(ForeignKey("sync_peer.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    local_values: Mapped[dict[str, object]] = mapped_column(JsonText(), default=dict)
    incoming_values: Mapped[dict[str, object]] = mapped_column(JsonText(), default=dict)
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_by: Mapped[str] = mapped_column(String(300), default="")
    resolution: Mapped[str] = mapped_column(String(16), default="")


class ImportLogEntry(Base):
    """One attempt to import a file, whatever its outcome; never edited."""

    __tablename__ = "import_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, index=True)
    user_login: Mapped[str] = mapped_column(String(64), default="")
    user_name: Mapped[str] = mapped_column(String(300), default="")
    file_name: Mapped[str] = mapped_column(String(260), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    kind: Mapped[str] = mapped_column(String(32), default="")
    source_installation: Mapped[str] = mapped_column(String(36), default="")
    source_name: Mapped[str] = mapped_column(String(300), default="")
    sequence: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text, default="")
    counts: Mapped[dict[str, object]] = mapped_column(JsonText(), default=dict)
    periods: Mapped[list[str]] = mapped_column(JsonText(), default=list)


class SentAttachment(Base):
    """A document file carried by one of this installation's bundles. Once the region's receipt says that
    bundle was taken, the file is at the region and later bundles leave it out (DOMAIN: scans are large)."""

    __tablename__ = "sent_attachment"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
