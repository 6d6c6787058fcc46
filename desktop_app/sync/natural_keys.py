"""Two PCs of one office may each enter the record that exists once per district and period — the value of
an indicator, the report on a measure, a form's answers. They get different ids, so before a workstation's
bundle is planned at the main PC its record is matched to the local one by that natural key and takes the
local id (its child records follow). Each such pair is then merged like any other record, except that two
different versions nobody has reconciled yet are a conflict, not «the later one wins»."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, UniqueConstraint, select
from sqlalchemy.orm import Session

from desktop_app.sync.records import ENTITIES, EntitySpec, json_value, table_of


@dataclass(frozen=True)
class Matched:
    """The file's records with ids rewritten to the local ones, and the local ids that were matched."""

    data: dict[str, list[dict[str, Any]]]
    independent: frozenset[str]


def natural_key(table: Table) -> tuple[str, ...]:
    """The columns of the table's multi-column unique constraint, or () when it has none."""
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) > 1:
            return tuple(column.name for column in constraint.columns)
    return ()


def match_natural_keys(session: Session, data: dict[str, list[dict[str, Any]]]) -> Matched:
    remap: dict[str, dict[str, str]] = {}  # table name → {id in the file: id here}
    independent: set[str] = set()
    rewritten = dict(data)
    for spec in ENTITIES:
        records = data.get(spec.name)
        if not isinstance(records, list):
            continue
        records = _follow_parents(spec, records, remap)
        mapped = _match(session, spec, records)
        if mapped:
            remap[table_of(spec).name] = mapped
            independent.update(mapped.values())
            records = [_with_id(record, mapped) for record in records]
        rewritten[spec.name] = records
    return Matched(rewritten, frozenset(independent))


def _match(session: Session, spec: EntitySpec, records: list[dict[str, Any]]) -> dict[str, str]:
    table = table_of(spec)
    key = natural_key(table)
    if not key or not records:
        return {}
    local = {
        tuple(json_value(row[name]) for name in key): row["id"]
        for row in session.execute(select(table.c.id, *(table.c[name] for name in key))).mappings()
    }
    mapped = {}
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue  # planning refuses it with the record's number
        here = local.get(tuple(record.get(name) for name in key))
        if here is not None and here != record["id"]:
            mapped[record["id"]] = here
    return mapped


def _follow_parents(spec: EntitySpec, records: list[dict[str, Any]], remap: dict[str, dict[str, str]]) -> list[Any]:
    """Child records point at their parent's local id once the parent was matched."""
    links = [
        (column.name, remap[foreign.column.table.name])
        for column in table_of(spec).columns
        for foreign in column.foreign_keys
        if foreign.column.table.name in remap
    ]
    if not links:
        return records
    result: list[Any] = []
    for record in records:
        if isinstance(record, dict):
            record = dict(record)
            for name, mapped in links:
                value = record.get(name)
                if isinstance(value, str) and value in mapped:
                    record[name] = mapped[value]
        result.append(record)
    return result


def _with_id(record: Any, mapped: dict[str, str]) -> Any:
    if isinstance(record, dict) and record.get("id") in mapped:
        return {**record, "id": mapped[record["id"]]}
    return record
