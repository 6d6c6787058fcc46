"""Planning an import: each record of a file against the local one and what was last agreed with its
source — the outcome the preview shows and the apply carries out (FORMAT.md, «Records»)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import UserError
from desktop_app.storage.models import SyncPeer, SyncRecordState
from desktop_app.sync.bulk_rows import stored_rows
from desktop_app.sync.merge import Agreed, Outcome, classify, field_changes
from desktop_app.sync.records import (
    BY_NAME,
    ENTITIES,
    EntitySpec,
    chunks,
    content_hash,
    from_json,
    json_value,
    table_of,
)


@dataclass(frozen=True)
class RecordPlan:
    entity: str
    record_id: str
    outcome: Outcome
    values: dict[str, Any]
    content_hash: str
    changes: tuple[tuple[str, Any, Any], ...] = ()
    local: dict[str, Any] | None = None
    agreed: Agreed | None = None  # what was last agreed with this source for the record, if anything
    row: tuple[Any, ...] | None = None  # a new record as the database stores it, for a plain executemany


_EITHER_WINS = (Outcome.CHANGED, Outcome.NEWER_HERE)


def plan_all(
    session: Session,
    data: dict[str, list[dict[str, Any]]],
    peer: SyncPeer | None,
    protected: frozenset[str],
    path: Path,
    same_file: bool,
    independent: frozenset[str] = frozenset(),
) -> list[RecordPlan]:
    """A plan for every record of the file; records of ``protected`` entities that exist here and never
    came from this source are this installation's own and stay as they are. ``independent`` are local ids
    the file's records were matched to by natural key (desktop_app/sync/natural_keys.py)."""
    unknown = sorted(set(data) - set(BY_NAME) - {"region_keys", "districts", "forms", "receipts"})
    if unknown:
        raise UserError(f"Файл «{path.name}»: неизвестный вид записей «{unknown[0]}» — обновите программу.")
    plans: list[RecordPlan] = []
    for spec in ENTITIES:
        where = f"Файл «{path.name}», {spec.label}"
        records = data.get(spec.name, [])
        for number, record in enumerate(records, 1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise UserError(f"{where}, запись {number}: нет идентификатора записи.")
        if same_file:
            # the very file taken before: everything in it is already here (or was changed here since)
            plans.extend(RecordPlan(spec.name, r["id"], Outcome.UNCHANGED, r, "") for r in records)
            continue
        plans.extend(_plan_entity(session, spec, records, peer, spec.name in protected, where, independent))
    return plans


def _plan_entity(
    session: Session,
    spec: EntitySpec,
    records: list[dict[str, Any]],
    peer: SyncPeer | None,
    protect_own: bool,
    where: str,
    independent: frozenset[str] = frozenset(),
) -> list[RecordPlan]:
    """Compare each record in its JSON form (as the file has it) with the local one in the same form; only
    records that will be written are converted and checked column by column."""
    ids = [record["id"] for record in records]
    table = table_of(spec)
    local: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids):
        for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            local[found["id"]] = {key: json_value(value) for key, value in found.items()}
    agreed: dict[str, Agreed] = {}
    if peer is not None:
        for chunk in chunks(ids):
            query = select(SyncRecordState.record_id, SyncRecordState.row_version, SyncRecordState.content_hash).where(
                SyncRecordState.peer_id == peer.id,
                SyncRecordState.entity == spec.name,
                SyncRecordState.record_id.in_(chunk),
            )
            agreed.update({record_id: Agreed(version, digest) for record_id, version, digest in session.execute(query)})
    classified = []
    for record in records:
        incoming_hash = content_hash(record, spec)
        here = local.get(record["id"])
        version = record.get("row_version")
        outcome = classify(
            version if isinstance(version, int) and not isinstance(version, bool) else 1,
            incoming_hash,
            int(here["row_version"]) if here else None,
            content_hash(here, spec) if here else None,
            agreed.get(record["id"]),
            protect_own,
        )
        if record["id"] in independent and record["id"] not in agreed and outcome in _EITHER_WINS:
            outcome = Outcome.CONFLICT  # entered on two PCs independently: a person decides, not the clock
        classified.append((outcome, incoming_hash, here))
    new_at = [index for index, (outcome, _, _) in enumerate(classified) if outcome is Outcome.NEW]
    new_rows = stored_rows([records[index] for index in new_at], spec, where, [index + 1 for index in new_at])
    rows = dict(zip(new_at, new_rows, strict=True))
    plans = []
    for index, (record, (outcome, incoming_hash, here)) in enumerate(zip(records, classified, strict=True)):
        values: dict[str, Any] = record
        changes: tuple[tuple[str, Any, Any], ...] = ()
        row = rows.get(index)
        if (outcome.applies or outcome is Outcome.CONFLICT) and row is None:
            values = from_json(record, spec, f"{where}, запись {index + 1}")
            changes = tuple(field_changes(here, record)) if outcome is not Outcome.NEW else ()
        base = agreed.get(record["id"])
        plans.append(RecordPlan(spec.name, record["id"], outcome, values, incoming_hash, changes, here, base, row))
    return plans


def deleted_there(session: Session, peer: SyncPeer, data: dict[str, list[dict[str, Any]]]) -> list[RecordPlan]:
    """Records once taken from this source that its complete snapshot no longer holds: deleted there. They go
    here too unless they were changed here since (then they stay, as a newer version)."""
    plans = []
    for spec in ENTITIES:
        if spec.reference:
            continue
        present = {record["id"] for record in data.get(spec.name, []) if isinstance(record, dict)}
        query = select(SyncRecordState.record_id, SyncRecordState.row_version, SyncRecordState.content_hash).where(
            SyncRecordState.peer_id == peer.id, SyncRecordState.entity == spec.name
        )
        gone = {record_id: Agreed(version, digest) for record_id, version, digest in session.execute(query)}
        gone = {record_id: agreed for record_id, agreed in gone.items() if record_id not in present}
        table = table_of(spec)
        for chunk in chunks(list(gone)):
            for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                here = {key: json_value(value) for key, value in found.items()}
                agreed = gone[here["id"]]
                unchanged_here = content_hash(here, spec) == agreed.content_hash
                outcome = Outcome.DELETED if unchanged_here else Outcome.NEWER_HERE
                plans.append(RecordPlan(spec.name, here["id"], outcome, here, "", (), here, agreed))
    return plans
