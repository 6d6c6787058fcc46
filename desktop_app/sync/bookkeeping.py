"""What an import records beside the records themselves: the states agreed with the source, the conflicts
waiting for a person, the source's peer row (its pinned key, last sequence) and the import log entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.storage.base import new_uuid
from desktop_app.storage.models import ImportLogEntry, SyncConflict, SyncPeer, SyncRecordState
from desktop_app.sync.exporter import DISTRICT_BUNDLE, WORKSTATION
from desktop_app.sync.merge import Agreed, Outcome
from desktop_app.sync.planning import RecordBlock, RecordPlan
from desktop_app.sync.records import chunks, json_value

if TYPE_CHECKING:
    from desktop_app.sync.import_preview import ImportPreview


def remember(
    session: Session, peer_id: str, entity: str, plans: list[RecordPlan], blocks: Sequence[RecordBlock] = ()
) -> None:
    """The new common ground with the source: what was taken, and what was already the same. A record whose
    agreed version is already this one is not written again, so re-importing a large bundle stays cheap.
    A block of new records had nothing agreed: each of them is remembered, nothing replaced."""
    taken = []
    for plan in plans:
        if plan.outcome not in (Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED) or not plan.content_hash:
            continue
        version = _version(plan.values.get("row_version"))
        if plan.agreed is not None and plan.agreed == Agreed(version, plan.content_hash):
            continue
        taken.append((plan, version))
    stale = [plan.record_id for plan, _ in taken if plan.agreed is not None]
    for chunk in chunks(stale):
        session.execute(
            delete(SyncRecordState).where(
                SyncRecordState.peer_id == peer_id,
                SyncRecordState.entity == entity,
                SyncRecordState.record_id.in_(chunk),
            )
        )
    rows = [(peer_id, entity, plan.record_id, version, plan.content_hash) for plan, version in taken]
    for block in blocks:
        if block.outcome is Outcome.NEW and block.hashes is not None:
            versions = map(_version, map(_ROW_VERSION, block.records))
            ids = map(_ID, block.records)
            rows += zip(repeat(peer_id), repeat(entity), ids, versions, block.hashes, strict=False)
    if rows:  # a plain executemany: tens of thousands of states per batch at the region
        session.connection().exec_driver_sql(
            "INSERT INTO sync_record_state (peer_id, entity, record_id, row_version, content_hash)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )


_ID = itemgetter("id")
_ROW_VERSION = methodcaller("get", "row_version")


def _version(value: object) -> int:
    """A record's row_version as agreed: 1 when the file has none (or not a number)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def keep_conflict(session: Session, peer_id: str, entity: str, plan: RecordPlan, file_sha256: str) -> None:
    """One open conflict per record and source: a later file with the record still in conflict replaces
    what the earlier one brought, so the person resolving it sees the latest version once."""
    local = {key: json_value(value) for key, value in (plan.local or {}).items()}
    incoming = {key: json_value(value) for key, value in plan.values.items()}
    open_one = session.scalar(
        select(SyncConflict).where(
            SyncConflict.peer_id == peer_id,
            SyncConflict.entity == entity,
            SyncConflict.record_id == plan.record_id,
            SyncConflict.resolved_at.is_(None),
        )
    )
    if open_one is None:
        session.add(
            SyncConflict(
                peer_id=peer_id,
                entity=entity,
                record_id=plan.record_id,
                file_sha256=file_sha256,
                local_values=local,
                incoming_values=incoming,
            )
        )
    else:
        open_one.local_values, open_one.incoming_values, open_one.file_sha256 = local, incoming, file_sha256


def peer_for(session: Session, preview: ImportPreview) -> SyncPeer:
    peer = session.scalar(select(SyncPeer).where(SyncPeer.installation_id == preview.source_installation))
    if peer is None:
        kind = "district" if preview.kind == DISTRICT_BUNDLE else "region"
        # the id and the values update_peer compares now, not at a flush of its own: the import flushes the
        # peer with its log entry
        peer = SyncPeer(
            id=new_uuid(),
            installation_id=preview.source_installation,
            kind=WORKSTATION if preview.from_workstation else kind,
            district=preview.source_district,
            name=preview.source_name,
            signing_key="",
            encryption_key="",
            last_sequence=0,
            last_file_sha256="",
            periods=[],
        )
        session.add(peer)
    return peer


def update_peer(peer: SyncPeer, preview: ImportPreview, now: datetime) -> None:
    if not peer.signing_key:
        peer.signing_key, peer.pinned_at = preview.signing_key, now
    if preview.region_keys.get("encryption_key") and peer.encryption_key != preview.region_keys["encryption_key"]:
        peer.encryption_key = preview.region_keys["encryption_key"]
    if preview.sequence > peer.last_sequence:
        peer.last_sequence, peer.last_created_at = preview.sequence, preview.created_at
        peer.periods = list(preview.periods)
    if peer.last_file_sha256 != preview.file_sha256:
        peer.last_file_sha256 = preview.file_sha256
    peer.last_received_at = now
    if peer.name != preview.source_name and preview.source_name:
        peer.name = preview.source_name


def log_entry(
    actor: Actor,
    path: Path,
    sha: str,
    preview: ImportPreview | None,
    result: str,
    message: str,
    counts: Counter[str],
    at: datetime,
) -> ImportLogEntry:
    """``at`` is the importer's clock: the region view judges a bundle on time or late by it."""
    return ImportLogEntry(
        at=at,
        user_login=actor.login,
        user_name=actor.full_name,
        file_name=path.name[:260],
        file_sha256=preview.file_sha256 if preview else sha,
        kind=preview.kind if preview else "",
        source_installation=preview.source_installation if preview else "",
        source_name=preview.source_name if preview else "",
        sequence=preview.sequence if preview else None,
        result=result,
        message=message,
        counts=dict(counts),
        periods=list(preview.periods) if preview else [],
    )
