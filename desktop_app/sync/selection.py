"""Which records an exchange file carries. Without a period, everything the installation holds; with one, the
records of that period and whatever they stand on — and nothing that stands on a record left out, so a period's
bundle holds together by itself: a report's confirming documents travel with their report, never without it
(FORMAT.md, «Records»)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.sync.records import EntitySpec, table_of, to_json

Records = dict[str, list[dict[str, Any]]]


def in_period(code: Any, period: Period | None) -> bool:
    """Whether a record's period code lies within ``period`` (every code does when there is none)."""
    if period is None or not isinstance(code, str):
        return True
    try:
        inner = Period.parse(code)
    except UserError:
        return False
    return period.start <= inner.start and inner.end <= period.end


def selected_records(session: Session, specs: tuple[EntitySpec, ...], period: Period | None) -> Records:
    """The records of each entity the file carries, in the order of ``specs`` (parents before children)."""
    selected: Records = {}
    # table → ids of the records kept, for the tables some of whose records were left out
    partial: dict[str, set[str]] = {}
    for spec in specs:
        records = _all_records(session, spec)
        kept = [record for record in records if in_period(record.get("period"), period)]
        kept = _standing(spec, kept, partial)
        if len(kept) < len(records):
            partial[table_of(spec).name] = {record["id"] for record in kept}
        selected[spec.name] = kept
    return selected


def _standing(spec: EntitySpec, records: list[dict[str, Any]], partial: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The records whose every reference points to a record the file carries: a document of a report of
    another period would point the recipient to a report it has not got (and be refused there)."""
    links = [
        (key.parent.key, partial[key.column.table.name])
        for key in table_of(spec).foreign_keys
        if key.column.table.name in partial
    ]
    if not links:
        return records
    return [
        record
        for record in records
        if all(record.get(column) is None or record[column] in kept for column, kept in links)
    ]


def _all_records(session: Session, spec: EntitySpec) -> list[dict[str, Any]]:
    rows = session.scalars(select(spec.model).order_by(spec.model.id))  # type: ignore[attr-defined]
    return [to_json(row, spec) for row in rows]


def counts(session: Session, specs: tuple[EntitySpec, ...]) -> dict[str, int]:
    """How many records of each entity a file of every record would carry (entities with none left out)."""
    found = {spec.name: session.scalar(select(func.count()).select_from(spec.model)) or 0 for spec in specs}
    return {name: n for name, n in found.items() if n}


def counted(data: Records) -> dict[str, int]:
    """How many records of each kind ``data`` holds (kinds with none left out)."""
    return {name: len(records) for name, records in data.items() if records}


def periods_of(session: Session, specs: tuple[EntitySpec, ...], period: Period | None) -> tuple[str, ...]:
    """The reporting periods of the district's own records the file carries."""
    found: set[str] = set()
    for spec in specs:
        if not spec.reference and hasattr(spec.model, "period"):
            found.update(
                code for code in session.scalars(select(spec.model.period).distinct()) if in_period(code, period)
            )
    return tuple(sorted(found))
