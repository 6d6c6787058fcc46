"""Planning an import: each record of a file against the local one and what was last agreed with its
source — the outcome the preview shows and the apply carries out (FORMAT.md, «Records»)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
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
    content_hashes,
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


@dataclass(frozen=True)
class RecordBlock:
    """Records of one entity with one outcome and nothing here to compare them with: new records never
    agreed with the source (nearly all of a region's first import of a district), or the very file taken
    before. Kept as lists, not a RecordPlan each: at the region the plan objects and the passes over them
    cost more than writing the rows. ``plans()`` gives the RecordPlans the per-record path would give."""

    entity: str
    outcome: Outcome
    records: list[dict[str, Any]]
    hashes: list[str] | None = None  # None for the very file taken before: nothing was hashed
    rows: list[tuple[Any, ...]] | None = None  # new records as the database stores them

    def __len__(self) -> int:
        return len(self.records)

    def plans(self) -> Iterator[RecordPlan]:
        hashes = self.hashes if self.hashes is not None else repeat("")
        rows = self.rows if self.rows is not None else repeat(None)
        for record, digest, row in zip(self.records, hashes, rows, strict=False):
            yield RecordPlan(self.entity, record["id"], self.outcome, record, digest, row=row)


@dataclass(frozen=True)
class EntityPlan:
    """The plans for one entity's records: a block of alike records and the rest one by one. ``counts``
    are in the order the outcomes first occur in the file, as a preview lists them."""

    entity: str
    counts: Counter[Outcome]
    plans: list[RecordPlan] = field(default_factory=list)
    block: RecordBlock | None = None

    def all_plans(self) -> Iterator[RecordPlan]:
        if self.block is not None:
            yield from self.block.plans()
        yield from self.plans


_EITHER_WINS = (Outcome.CHANGED, Outcome.NEWER_HERE)


def plan_all(
    session: Session,
    data: dict[str, list[dict[str, Any]]],
    peer: SyncPeer | None,
    protected: frozenset[str],
    path: Path,
    same_file: bool,
    independent: frozenset[str] = frozenset(),
) -> list[EntityPlan]:
    """A plan for every record of the file; records of ``protected`` entities that exist here and never
    came from this source are this installation's own and stay as they are. ``independent`` are local ids
    the file's records were matched to by natural key (desktop_app/sync/natural_keys.py)."""
    unknown = sorted(set(data) - set(BY_NAME) - {"region_keys", "districts", "forms", "receipts"})
    if unknown:
        raise UserError(f"Файл «{path.name}»: неизвестный вид записей «{unknown[0]}» — обновите программу.")
    planned: list[EntityPlan] = []
    for spec in ENTITIES:
        where = f"Файл «{path.name}», {spec.label}"
        records = data.get(spec.name, [])
        for number, record in enumerate(records, 1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise UserError(f"{where}, запись {number}: нет идентификатора записи.")
        if not records:
            continue
        if same_file:
            # the very file taken before: everything in it is already here (or was changed here since)
            block = RecordBlock(spec.name, Outcome.UNCHANGED, records)
            planned.append(EntityPlan(spec.name, Counter({Outcome.UNCHANGED: len(records)}), block=block))
            continue
        planned.append(_plan_entity(session, spec, records, peer, spec.name in protected, where, independent))
    return planned


def _plan_entity(
    session: Session,
    spec: EntitySpec,
    records: list[dict[str, Any]],
    peer: SyncPeer | None,
    protect_own: bool,
    where: str,
    independent: frozenset[str] = frozenset(),
) -> EntityPlan:
    """Compare each record in its JSON form (as the file has it) with the local one in the same form; only
    records that will be written are converted and checked column by column. Records with neither a local
    row nor an agreed state are new without a comparison and go to one block."""
    ids = [record["id"] for record in records]
    (local, local_hashes), agreed = _local(session, spec, ids), _agreed(session, spec, ids, peer)
    if local or agreed:
        fresh = [index for index, record_id in enumerate(ids) if record_id not in local and record_id not in agreed]
    else:
        fresh = list(range(len(records)))
    outcomes = [Outcome.NEW] * len(records)
    hashes: list[str] = [""] * len(records)
    for index, digest in zip(fresh, content_hashes([records[index] for index in fresh], spec), strict=True):
        hashes[index] = digest
    compared = sorted(set(range(len(records))) - set(fresh)) if len(fresh) < len(records) else []
    for index in compared:
        record, here = records[index], local.get(ids[index])
        hashes[index] = incoming_hash = content_hash(record, spec)
        version = record.get("row_version")
        outcome = classify(
            version if isinstance(version, int) and not isinstance(version, bool) else 1,
            incoming_hash,
            int(here["row_version"]) if here else None,
            local_hashes.get(ids[index]),
            agreed.get(ids[index]),
            protect_own,
        )
        if ids[index] in independent and ids[index] not in agreed and outcome in _EITHER_WINS:
            outcome = Outcome.CONFLICT  # entered on two PCs independently: a person decides, not the clock
        outcomes[index] = outcome
    new_at = fresh if not compared else [index for index, outcome in enumerate(outcomes) if outcome is Outcome.NEW]
    converted = stored_rows([records[index] for index in new_at], spec, where, [index + 1 for index in new_at])
    rows = dict(zip(new_at, converted, strict=True))
    blocked = [index for index in fresh if rows[index] is not None]
    one_by_one = sorted(set(compared) | {index for index in fresh if rows[index] is None})
    plans = []
    for index in one_by_one:
        record, outcome, here = records[index], outcomes[index], local.get(ids[index])
        values: dict[str, Any] = record
        changes: tuple[tuple[str, Any, Any], ...] = ()
        row = rows.get(index)
        if (outcome.applies or outcome is Outcome.CONFLICT) and row is None:
            values = from_json(record, spec, f"{where}, запись {index + 1}")
            changes = tuple(field_changes(here, record)) if outcome is not Outcome.NEW else ()
        base = agreed.get(ids[index])
        plans.append(RecordPlan(spec.name, ids[index], outcome, values, hashes[index], changes, here, base, row))
    block = None
    if blocked:
        block = RecordBlock(
            spec.name,
            Outcome.NEW,
            records if len(blocked) == len(records) else [records[i] for i in blocked],
            [hashes[i] for i in blocked],
            [rows[i] for i in blocked],  # type: ignore[misc]  # None only outside ``blocked``
        )
    return EntityPlan(spec.name, Counter(outcomes), plans, block)


REFERENCE_ROWS = "opeka.reference_rows"  # Session.info key: ReferenceRows kept between the files of a folder
ReferenceRows = dict[str, dict[str, tuple[dict[str, Any], str] | None]]  # entity → id → (row, hash) or absent


def _local(session: Session, spec: EntitySpec, ids: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The records here with these ids in their JSON form, and their content hashes. In a folder's transaction
    the reference records (the region's program, a few hundred in every district's file) are read and hashed
    once and kept in the session (``REFERENCE_ROWS``) until a file writes any of them."""
    kept: ReferenceRows | None = session.info.get(REFERENCE_ROWS) if spec.reference else None
    if kept is None:
        local = _read_local(session, spec, ids)
        return local, {record_id: content_hash(here, spec) for record_id, here in local.items()}
    known = kept.setdefault(spec.name, {})
    if missing := [record_id for record_id in dict.fromkeys(ids) if record_id not in known]:
        found = _read_local(session, spec, missing)
        for record_id in missing:
            here = found.get(record_id)
            known[record_id] = None if here is None else (here, content_hash(here, spec))
    local, hashes = {}, {}
    for record_id in ids:
        if (entry := known[record_id]) is not None:
            local[record_id], hashes[record_id] = entry
    return local, hashes


def forget_reference_rows(session: Session, planned: Iterable[EntityPlan]) -> None:
    """Drop the kept records (``_local``) of every reference entity a file is about to write: the next file
    reads them again. Writing one table changes no other's rows (no triggers, no cascades on update)."""
    kept: ReferenceRows | None = session.info.get(REFERENCE_ROWS)
    if not kept:
        return
    for part in planned:
        if any(outcome.applies or outcome is Outcome.DELETED for outcome in part.counts):
            kept.pop(part.entity, None)


def _read_local(session: Session, spec: EntitySpec, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The records here with these ids, in their JSON form. Which of them exist is asked first in plain SQL:
    at a region most records of a district's file are new, and the full query through the column types
    costs a tenth of a second per file even when it finds nothing."""
    table = table_of(spec)
    connection = session.connection()
    present = []
    for chunk in chunks(ids):
        marks = ", ".join("?" * len(chunk))
        query = f'SELECT id FROM "{table.name}" WHERE id IN ({marks})'
        present += [found for (found,) in connection.exec_driver_sql(query, tuple(chunk))]
    local: dict[str, dict[str, Any]] = {}
    for chunk in chunks(present):
        for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            local[found["id"]] = {key: json_value(value) for key, value in found.items()}
    return local


def _agreed(session: Session, spec: EntitySpec, ids: list[str], peer: SyncPeer | None) -> dict[str, Agreed]:
    """What was last agreed with the source for these ids."""
    agreed: dict[str, Agreed] = {}
    if peer is not None:
        connection = session.connection()  # plain SQL: the columns are plain text and numbers
        for chunk in chunks(ids):
            query = (
                "SELECT record_id, row_version, content_hash FROM sync_record_state"
                f" WHERE peer_id = ? AND entity = ? AND record_id IN ({', '.join('?' * len(chunk))})"
            )
            found = connection.exec_driver_sql(query, (peer.id, spec.name, *chunk))
            agreed.update({record_id: Agreed(version, digest) for record_id, version, digest in found})
    return agreed


def deleted_there(session: Session, peer: SyncPeer, data: dict[str, list[dict[str, Any]]]) -> list[EntityPlan]:
    """Records once taken from this source that its complete snapshot no longer holds: deleted there. They go
    here too unless they were changed here since (then they stay, as a newer version)."""
    planned = []
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
        plans = []
        for chunk in chunks(list(gone)):
            for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                here = {key: json_value(value) for key, value in found.items()}
                agreed = gone[here["id"]]
                unchanged_here = content_hash(here, spec) == agreed.content_hash
                outcome = Outcome.DELETED if unchanged_here else Outcome.NEWER_HERE
                plans.append(RecordPlan(spec.name, here["id"], outcome, here, "", (), here, agreed))
        if plans:
            planned.append(EntityPlan(spec.name, Counter(plan.outcome for plan in plans), plans))
    return planned
