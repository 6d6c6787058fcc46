"""Records as they travel in exchange files: which tables, in which order, and how a row becomes JSON and
back. The tables are listed parents first, so that inserting in this order never breaks a reference."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Float, Integer, Table, inspect
from sqlalchemy.sql.schema import Column

from desktop_app.domain.errors import UserError
from desktop_app.storage.base import Base, IsoDate, JsonText, UtcDateTime
from desktop_app.storage.models import (
    ChildPlacement,
    ExecutionReport,
    FamilyDocument,
    FamilyMember,
    FamilyStep,
    FormAnswer,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorValue,
    Measure,
    MeasureExecutor,
    MeasureIndicator,
    Organisation,
    PeriodClosure,
    Program,
    ProgramBlock,
    ProgramSection,
    ReportDocument,
    ResourceFamily,
)

# What changes with every save without changing what the record says: left out of the content hash.
TRACKING = frozenset({"updated_at", "changed_by", "row_version", "created_at"})


@dataclass(frozen=True)
class EntitySpec:
    """One table in exchange files: its payload name, its model and whether it is reference data."""

    name: str
    model: type[Base]
    reference: bool
    label: str
    attachment_column: str = ""

    @property
    def columns(self) -> list[Column[Any]]:
        return [table_of(self).c[attr.key] for attr in inspect(self.model).column_attrs]


def table_of(spec: EntitySpec) -> Table:
    """The table behind an entity, for bulk statements."""
    table = spec.model.__table__
    assert isinstance(table, Table)
    return table


ENTITIES: tuple[EntitySpec, ...] = (
    EntitySpec("organisations", Organisation, True, "Организации"),
    EntitySpec("programs", Program, True, "Программы"),
    EntitySpec("program_sections", ProgramSection, True, "Разделы программ"),
    EntitySpec("program_blocks", ProgramBlock, True, "Блоки мероприятий"),
    EntitySpec("measures", Measure, True, "Мероприятия"),
    EntitySpec("measure_executors", MeasureExecutor, True, "Исполнители мероприятий"),
    EntitySpec("indicator_groups", IndicatorGroup, True, "Группы показателей"),
    EntitySpec("indicators", Indicator, True, "Показатели"),
    EntitySpec("measure_indicators", MeasureIndicator, True, "Связи мероприятий и показателей"),
    EntitySpec("indicator_plans", IndicatorPlan, True, "Плановые значения"),
    EntitySpec("execution_reports", ExecutionReport, False, "Отчёты об исполнении"),
    EntitySpec("report_documents", ReportDocument, False, "Документы отчётов", attachment_column="sha256"),
    EntitySpec("resource_families", ResourceFamily, False, "Ресурсные семьи"),
    EntitySpec("family_members", FamilyMember, False, "Члены семей"),
    EntitySpec("family_steps", FamilyStep, False, "Этапы семей"),
    EntitySpec("child_placements", ChildPlacement, False, "Размещения детей"),
    EntitySpec("family_documents", FamilyDocument, False, "Документы семей", attachment_column="sha256"),
    EntitySpec("indicator_values", IndicatorValue, False, "Значения показателей"),
    EntitySpec("form_answers", FormAnswer, False, "Ответы на формы"),
    EntitySpec("period_closures", PeriodClosure, False, "Закрытые периоды"),
)
BY_NAME = {spec.name: spec for spec in ENTITIES}
REFERENCE = tuple(spec for spec in ENTITIES if spec.reference)


def to_json(row: Base, spec: EntitySpec) -> dict[str, Any]:
    """The row's columns as JSON values: dates and times in ISO form, everything else as stored."""
    record: dict[str, Any] = {}
    for column in spec.columns:
        value = getattr(row, column.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        record[column.key] = value
    return record


def content_hash(record: Mapping[str, Any]) -> str:
    """What the record says, whoever saved it when: equal hashes mean nothing to merge."""
    content = {key: value for key, value in record.items() if key not in TRACKING}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


class RecordError(UserError):
    exit_code = 2


def from_json(record: Any, spec: EntitySpec, where: str) -> dict[str, Any]:
    """Check a record from a file against the table and convert its values for insertion.

    A missing column takes the table's default (an older program wrote the file); an unknown one, a
    value of the wrong type or a missing id refuses the file with the place named.
    """
    if not isinstance(record, Mapping):
        raise RecordError(f"{where}: запись должна быть объектом с полями.")
    known = {column.key: column for column in spec.columns}
    unknown = sorted(set(record) - set(known))
    if unknown:
        raise RecordError(f"{where}: неизвестное поле «{unknown[0]}» — файл сделан более новой версией программы.")
    values: dict[str, Any] = {}
    for key, raw in record.items():
        values[key] = _convert(known[key], raw, f"{where}, поле «{key}»")
    record_id = values.get("id")
    if not isinstance(record_id, str) or not 8 <= len(record_id) <= 36:
        raise RecordError(f"{where}: нет идентификатора записи.")
    return values


def _convert(column: Column[Any], raw: Any, where: str) -> Any:
    if raw is None:
        if not column.nullable and column.default is None and not column.primary_key:
            raise RecordError(f"{where}: значение обязательно.")
        return None
    kind = column.type
    try:
        if isinstance(kind, UtcDateTime):
            moment = datetime.fromisoformat(str(raw))
            return moment
        if isinstance(kind, IsoDate):
            return date.fromisoformat(str(raw))
        if isinstance(kind, JsonText):
            return raw
        if isinstance(kind, Boolean):
            if not isinstance(raw, bool):
                raise ValueError(raw)
            return raw
        if isinstance(kind, Integer):
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise ValueError(raw)
            return raw
        if isinstance(kind, Float):
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise ValueError(raw)
            return float(raw)
    except (ValueError, TypeError):
        raise RecordError(f"{where}: значение «{str(raw)[:40]}» не подходит.") from None
    if not isinstance(raw, str):
        raise RecordError(f"{where}: ожидается текст.")
    length = getattr(kind, "length", None)
    if length is not None and len(raw) > length:
        raise RecordError(f"{where}: текст длиннее {length} знаков.")
    return raw
