"""Records as they travel in exchange files: which tables, in which order, and how a row becomes JSON and
back. The tables are listed parents first, so that inserting in this order never breaks a reference."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Float, Integer, Table, inspect
from sqlalchemy.sql.schema import Column

from desktop_app.domain.errors import UserError
from desktop_app.storage.base import Base, IsoDate, JsonText, UtcDateTime
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseReferral,
    CaseService,
    CaseStage,
    CaseSupportMeasure,
    CaseTeamMember,
    ChildPlacement,
    ConsiliumMeeting,
    ConsiliumReview,
    ExecutionReport,
    FamilyCase,
    FamilyDocument,
    FamilyMember,
    FamilyStep,
    FormAnswer,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorRule,
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
    ReportingStep,
    ReportingStepMark,
    ResourceFamily,
    ResourceService,
    SupportMeasureKind,
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
        found = _COLUMNS.get(self.name)
        if found is None:
            found = _COLUMNS[self.name] = [table_of(self).c[attr.key] for attr in inspect(self.model).column_attrs]
        return found

    @property
    def by_key(self) -> dict[str, Column[Any]]:
        found = _BY_KEY.get(self.name)
        if found is None:
            found = _BY_KEY[self.name] = {column.key: column for column in self.columns}
        return found


# Looked up for every record of an import: computed once per table.
_COLUMNS: dict[str, list[Column[Any]]] = {}
_BY_KEY: dict[str, dict[str, Column[Any]]] = {}


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
    EntitySpec("indicator_rules", IndicatorRule, True, "Правила проверки показателей"),
    EntitySpec("reporting_steps", ReportingStep, True, "Шаги порядка отчётности"),
    EntitySpec("support_measure_kinds", SupportMeasureKind, True, "Виды мер поддержки"),
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
    EntitySpec("reporting_step_marks", ReportingStepMark, False, "Отметки о выполнении шагов"),
    # family support cases: to the region only as sync/projection.py leaves them
    EntitySpec("resource_services", ResourceService, False, "Ресурсная карта"),
    EntitySpec("family_cases", FamilyCase, False, "Случаи сопровождения"),
    EntitySpec("case_adults", CaseAdult, False, "Взрослые в случаях сопровождения"),
    EntitySpec("case_children", CaseChild, False, "Дети в случаях сопровождения"),
    EntitySpec("case_stages", CaseStage, False, "Этапы сопровождения"),
    EntitySpec("case_team_members", CaseTeamMember, False, "Команды сопровождения"),
    EntitySpec("case_services", CaseService, False, "Услуги маршрутов семей"),
    EntitySpec("case_support_measures", CaseSupportMeasure, False, "Меры поддержки семей"),
    EntitySpec("case_referrals", CaseReferral, False, "Направления семей"),
    EntitySpec("consilium_meetings", ConsiliumMeeting, False, "Заседания консилиума"),
    EntitySpec("consilium_reviews", ConsiliumReview, False, "Рассмотрения случаев консилиумом"),
)
BY_NAME = {spec.name: spec for spec in ENTITIES}
REFERENCE = tuple(spec for spec in ENTITIES if spec.reference)


CHUNK = 500  # ids per IN (...): far below SQLite's limit of bound parameters


def chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def json_value(value: Any) -> Any:
    """A stored value in its JSON form: dates and times as ISO text."""
    return value.isoformat() if isinstance(value, datetime | date) else value


def to_json(row: Base, spec: EntitySpec) -> dict[str, Any]:
    """The row's columns as JSON values: dates and times in ISO form, everything else as stored."""
    record: dict[str, Any] = {}
    for column in spec.columns:
        value = getattr(row, column.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        record[column.key] = value
    return record


def content_hash(record: Mapping[str, Any], spec: EntitySpec) -> str:
    """What the record says, whoever saved it when: equal hashes mean nothing to merge.

    The values are taken in the table's column order, tracking columns left out, in their JSON form (as
    files carry them and as ``json_value`` gives them for rows read here).
    """
    keys = _content_keys(spec)
    return hashlib.sha256(repr(list(map(record.get, keys))).encode("utf-8")).hexdigest()


def content_hashes(records: Sequence[Mapping[str, Any]], spec: EntitySpec) -> list[str]:
    """``content_hash`` of each record, the values taken a record at a time by one C-level getter; a record
    lacking some column (a file of an older program) sends the lot back to ``content_hash``."""
    keys = _content_keys(spec)
    sha256 = hashlib.sha256
    try:
        values = list(map(itemgetter(*keys), records)) if len(keys) > 1 else None
    except KeyError:
        values = None
    if values is None:
        return [content_hash(record, spec) for record in records]
    return [sha256(repr(list(row)).encode("utf-8")).hexdigest() for row in values]


_CONTENT_KEYS: dict[str, list[str]] = {}


def _content_keys(spec: EntitySpec) -> list[str]:
    found = _CONTENT_KEYS.get(spec.name)
    if found is None:
        found = _CONTENT_KEYS[spec.name] = [column.key for column in spec.columns if column.key not in TRACKING]
    return found


class RecordError(UserError):
    exit_code = 2


def from_json(record: Any, spec: EntitySpec, where: str) -> dict[str, Any]:
    """Check a record from a file against the table and convert its values for insertion.

    A missing column takes the table's default (an older program wrote the file); an unknown one, a
    value of the wrong type or a missing id refuses the file with the place named.
    """
    if not isinstance(record, Mapping):
        raise RecordError(f"{where}: запись должна быть объектом с полями.")
    converters = _converters(spec)
    values: dict[str, Any] = {}
    for key, raw in record.items():
        convert = converters.get(key)
        if convert is None:
            raise RecordError(f"{where}: неизвестное поле «{key}» — файл сделан более новой версией программы.")
        try:
            values[key] = convert(raw)
        except _Refused as refusal:
            raise RecordError(f"{where}, поле «{key}»: {refusal.args[0]}") from None
    record_id = values.get("id")
    if not isinstance(record_id, str) or not 8 <= len(record_id) <= 36:
        raise RecordError(f"{where}: нет идентификатора записи.")
    return values


class _Refused(Exception):
    """A value that does not fit its column; the message says why, the caller says where."""


_CONVERTERS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def _converters(spec: EntitySpec) -> dict[str, Callable[[Any], Any]]:
    found = _CONVERTERS.get(spec.name)
    if found is None:
        found = _CONVERTERS[spec.name] = {column.key: _converter(column) for column in spec.columns}
    return found


def _converter(column: Column[Any]) -> Callable[[Any], Any]:
    """One function per column, chosen once by its type, so that thousands of records convert quickly."""
    kind = column.type
    required = not column.nullable and column.default is None and not column.primary_key
    length = getattr(kind, "length", None)

    def missing() -> None:
        if required:
            raise _Refused("значение обязательно.")

    def parse(reader: Callable[[str], Any]) -> Callable[[Any], Any]:
        def convert(raw: Any) -> Any:
            if raw is None:
                return missing()
            try:
                return reader(str(raw))
            except ValueError:
                raise _Refused(f"значение «{str(raw)[:40]}» не подходит.") from None

        return convert

    def typed(check: Callable[[Any], bool], cast: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def convert(raw: Any) -> Any:
            if raw is None:
                return missing()
            if not check(raw):
                raise _Refused(f"значение «{str(raw)[:40]}» не подходит.")
            return cast(raw)

        return convert

    def text(raw: Any) -> Any:
        if raw is None:
            return missing()
        if not isinstance(raw, str):
            raise _Refused("ожидается текст.")
        if length is not None and len(raw) > length:
            raise _Refused(f"текст длиннее {length} знаков.")
        return raw

    if isinstance(kind, UtcDateTime):
        return parse(datetime.fromisoformat)
    if isinstance(kind, IsoDate):
        return parse(date.fromisoformat)
    if isinstance(kind, JsonText):
        return lambda raw: raw
    if isinstance(kind, Boolean):
        return typed(lambda raw: isinstance(raw, bool), bool)
    if isinstance(kind, Integer):  # SQLite keeps 64-bit integers; a bigger one would fail at the insert
        return typed(lambda raw: type(raw) is int and -(2**63) <= raw < 2**63, int)
    if isinstance(kind, Float):  # a JSON integer of 400 digits is no float
        return typed(lambda raw: type(raw) is float or (type(raw) is int and abs(raw) < 10**308), float)
    return text


def stored_row(record: Mapping[str, Any], spec: EntitySpec, where: str) -> tuple[Any, ...] | None:
    """The record as the database stores it, in ``spec.columns`` order, checked like ``from_json``; None
    when the record lacks some column (a file of an older program), for the slower path with defaults."""
    keys = _column_keys(spec)
    if record.keys() != keys:
        return None
    row = []
    try:
        for key, bind in _key_binders(spec):
            row.append(bind(record[key]))
    except _Refused as refusal:
        raise RecordError(f"{where}, поле «{keys_in_order(spec)[len(row)]}»: {refusal.args[0]}") from None
    record_id = record["id"]
    if not isinstance(record_id, str) or not 8 <= len(record_id) <= 36:
        raise RecordError(f"{where}: нет идентификатора записи.")
    return tuple(row)


_KEY_SETS: dict[str, frozenset[str]] = {}
_KEY_BINDERS: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {}


def _column_keys(spec: EntitySpec) -> frozenset[str]:
    found = _KEY_SETS.get(spec.name)
    if found is None:
        found = _KEY_SETS[spec.name] = frozenset(keys_in_order(spec))
    return found


def keys_in_order(spec: EntitySpec) -> list[str]:
    return [column.key for column in spec.columns]


def _key_binders(spec: EntitySpec) -> list[tuple[str, Callable[[Any], Any]]]:
    found = _KEY_BINDERS.get(spec.name)
    if found is None:
        found = _KEY_BINDERS[spec.name] = list(zip(keys_in_order(spec), _binders(spec), strict=True))
    return found


_BINDERS: dict[str, list[Callable[[Any], Any]]] = {}


def _binders(spec: EntitySpec) -> list[Callable[[Any], Any]]:
    """Per column: the value checked and turned into what the column's type stores (as its TypeDecorator
    would), so new records can be written with a plain executemany."""
    found = _BINDERS.get(spec.name)
    if found is None:
        converters = _converters(spec)
        found = _BINDERS[spec.name] = [_binder(column, converters[column.key]) for column in spec.columns]
    return found


def _binder(column: Column[Any], convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, UtcDateTime | IsoDate | JsonText):

        def bind(raw: Any) -> Any:
            value = convert(raw)
            return None if value is None else kind.process_bind_param(value, _DIALECT)

        return bind
    return convert


_DIALECT: Any = None  # the program's TypeDecorators do not look at the dialect
