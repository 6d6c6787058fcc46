"""What the exchange screen manages beside import and export: the installations we exchange with (and
their pinned keys), the conflicts waiting for a person, and the history of imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, UserError
from desktop_app.domain.roles import Permission
from desktop_app.storage.database import Database
from desktop_app.storage.models import ImportLogEntry, SyncConflict, SyncPeer, SyncRecordState
from desktop_app.sync.records import BY_NAME, content_hash, from_json, table_of
from desktop_app.sync.records import TRACKING as TRACKING_FIELDS
from desktop_app.sync.shown import record_label, shown_fields


@dataclass(frozen=True)
class PeerView:
    id: str
    installation_id: str
    kind: str
    name: str
    district: str
    key_fingerprint: str
    pinned_at: datetime | None
    last_sequence: int
    last_received_at: datetime | None
    periods: tuple[str, ...]


@dataclass(frozen=True)
class ConflictView:
    id: str
    peer_name: str
    entity: str
    entity_label: str
    record_id: str
    detected_at: datetime
    fields: tuple[tuple[str, Any, Any], ...]  # (field, here, in the file), personal values masked for some roles
    record: str = ""  # how the record is named: a family by its code and district (desktop_app/sync/shown.py)


@dataclass(frozen=True)
class LogView:
    at: datetime
    user: str
    file_name: str
    file_sha256: str
    source: str
    sequence: int | None
    result: str
    message: str
    counts: dict[str, Any]


def _fingerprint(key: str) -> str:
    if not key:
        return ""
    from desktop_app.sync.keys import fingerprint

    try:
        return fingerprint(key)
    except UserError:
        return "ключ повреждён"


class ExchangeAdministration:
    def __init__(self, db: Database) -> None:
        self._db = db

    def peers(self, actor: Actor) -> list[PeerView]:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            return [
                PeerView(
                    peer.id,
                    peer.installation_id,
                    peer.kind,
                    peer.name,
                    peer.district,
                    _fingerprint(peer.signing_key),
                    peer.pinned_at,
                    peer.last_sequence,
                    peer.last_received_at,
                    tuple(peer.periods or ()),
                )
                for peer in session.scalars(select(SyncPeer).order_by(SyncPeer.kind, SyncPeer.district, SyncPeer.name))
            ]

    def unpin(self, actor: Actor, peer_id: str) -> None:
        """The administrator forgets a peer's key (its installation was reinstalled); the next file pins anew."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            peer = session.get(SyncPeer, peer_id)
            if peer is None:
                raise NotFound("Участник обмена не найден.")
            peer.signing_key, peer.pinned_at = "", None
            if peer.district:
                others = select(SyncPeer).where(SyncPeer.district == peer.district, SyncPeer.id != peer.id)
                for other in session.scalars(others):
                    other.signing_key, other.pinned_at = "", None

    def conflicts(self, actor: Actor) -> list[ConflictView]:
        """The conflicts waiting for a person; the adults' data in them only for a role that may see it."""
        actor.require(Permission.VIEW_DATA)
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        with self._db.reading() as session:
            known = list(session.scalars(select(SyncPeer)))
            peers = {peer.id: peer.name or peer.district for peer in known}
            districts = {peer.id: peer.district for peer in known}
            rows = session.scalars(
                select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.created_at)
            )
            return [
                ConflictView(
                    row.id,
                    peers.get(row.peer_id, ""),
                    row.entity,
                    BY_NAME[row.entity].label if row.entity in BY_NAME else row.entity,
                    row.record_id,
                    row.created_at,
                    shown_fields(row.entity, _differences(row.local_values, row.incoming_values), personal),
                    record_label(row.entity, row.record_id, row.incoming_values, districts.get(row.peer_id, "")),
                )
                for row in rows
            ]

    def resolve(self, actor: Actor, conflict_id: str, take_incoming: bool) -> None:
        """Keep this installation's record, or take the file's; either way the two sides agree from now on."""
        actor.require(Permission.EDIT_DATA)
        with self._db.transaction(actor) as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                raise UserError("Конфликт уже разрешён или удалён: обновите список.")
            spec = BY_NAME.get(conflict.entity)
            if spec is None:
                raise UserError("Конфликт относится к неизвестному виду записей.")
            incoming = from_json(conflict.incoming_values, spec, "Конфликт")
            if take_incoming:
                table = table_of(spec)
                session.execute(update(table).where(table.c.id == conflict.record_id).values(**incoming))
            state = session.get(SyncRecordState, (conflict.peer_id, conflict.entity, conflict.record_id))
            agreed_hash = content_hash(conflict.incoming_values, spec)
            raw_version = conflict.incoming_values.get("row_version")
            version = raw_version if isinstance(raw_version, int) else 1
            if state is None:
                session.add(
                    SyncRecordState(
                        peer_id=conflict.peer_id,
                        entity=conflict.entity,
                        record_id=conflict.record_id,
                        row_version=version,
                        content_hash=agreed_hash,
                    )
                )
            else:
                state.row_version = version
                state.content_hash = agreed_hash
            conflict.resolved_at = datetime.now(UTC)
            conflict.resolved_by = actor.full_name
            conflict.resolution = "incoming" if take_incoming else "local"

    def history(self, actor: Actor, limit: int = 500) -> list[LogView]:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            rows = session.scalars(select(ImportLogEntry).order_by(ImportLogEntry.at.desc()).limit(limit))
            return [
                LogView(
                    row.at,
                    row.user_name or row.user_login,
                    row.file_name,
                    row.file_sha256,
                    row.source_name,
                    row.sequence,
                    row.result,
                    row.message,
                    dict(row.counts or {}),
                )
                for row in rows
            ]


def _differences(local: dict[str, Any], incoming: dict[str, Any]) -> tuple[tuple[str, Any, Any], ...]:
    keys = [key for key in dict.fromkeys([*incoming, *local]) if key not in TRACKING_FIELDS]
    return tuple((key, local.get(key), incoming.get(key)) for key in keys if local.get(key) != incoming.get(key))
