"""The journal in people's words: which family, measure, indicator, form and period an entry is about, and
its old and new values as a specialist reads them («утверждено», «01.07.2026», «да»), never ids or JSON.

Entries keep what was stored at the time (storage/audit.py); the names are looked up when the journal is
read, so a form's title or an indicator's name is today's, and a deleted record is named from its own
«create» or «delete» entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.execution import ReportStatus
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.placements import LEGAL_FORM_LABELS, OUTCOME_LABELS, SEX_LABELS, LegalForm, Outcome
from desktop_app.domain.program_definition import DEPARTMENT_LABELS
from desktop_app.domain.reporting_chain import StepKind
from desktop_app.domain.roles import Role
from desktop_app.domain.schedules import Schedule
from desktop_app.domain.validation_rules import Expression, Importance
from desktop_app.services.case_journal import CASE_ENTITIES, case_choice, case_subject, route_choice
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.base import Base
from desktop_app.storage.models import AuditEntry

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
GONE = "запись удалена"
VERBS = {"create": "Создано", "update": "Изменено", "delete": "Удалено"}

# A field holding another record's id, and the table that record lives in.
REFERENCES = {
    "family_id": "resource_family",
    "measure_id": "measure",
    "indicator_id": "indicator",
    "report_id": "execution_report",
    "program_id": "program",
    "section_id": "program_section",
    "block_id": "program_block",
    "group_id": "indicator_group",
    "organisation_id": "organisation",
    "peer_id": "sync_peer",
    "step_id": "reporting_step",
    "case_id": "family_case",
}
_WORKFLOW_ENTITIES = frozenset({"indicator_value", "indicator_plan", "form_answer"})
_SOURCE_LABELS = {"entered": "введено вручную", "computed": "рассчитано по реестрам"}


def _enum_label(enum: Any, value: str) -> str | None:
    try:
        return str(enum(value).label)
    except ValueError:
        return None


def _choice(entity: str, field: str, value: str) -> str | None:
    """The Russian word of a stored code («approved» → «утверждено»), or None if the field has no codes."""
    if entity in CASE_ENTITIES:
        return case_choice(field, value)
    if (label := route_choice(entity, field, value)) is not None:
        return label
    if field == "status":
        if entity in _WORKFLOW_ENTITIES:
            return _enum_label(ValueStatus, value)
        if entity == "execution_report":
            return _enum_label(ReportStatus, value)
        if entity == "resource_family":
            return _enum_label(FamilyStage, value)
    if field == "stage":
        return _enum_label(FamilyStage, value)
    if field == "legal_form":
        return LEGAL_FORM_LABELS.get(LegalForm(value)) if value in set(LegalForm) else None
    if field == "outcome":
        return OUTCOME_LABELS.get(Outcome(value)) if value in set(Outcome) else None
    if field == "child_sex":
        return SEX_LABELS.get(value)
    if field == "kind" and entity == "indicator":
        return _enum_label(IndicatorKind, value)
    if field == "kind" and entity == "reporting_step":
        return _enum_label(StepKind, value)
    if field == "direction":
        return _enum_label(Direction, value)
    if field == "state" and entity == "indicator":
        return _enum_label(IndicatorState, value)
    if field == "role":
        return _enum_label(Role, value)
    if field == "importance" and entity == "indicator_rule":
        return _enum_label(Importance, value)
    if field == "department":
        return DEPARTMENT_LABELS.get(value)
    if field == "source" and entity == "indicator_value":
        return _SOURCE_LABELS.get(value)
    if field in ("reporting_period_kind", "reporting_period"):
        return _enum_label(PeriodKind, value)
    if field in ("period",):
        return period_label(value)
    return None


def choice_label(entity: str, field: str, value: Any) -> Any:
    """A stored code in Russian («rate_per_1000» → «на 1000 …») where the field has codes; anything else as is."""
    if isinstance(value, str) and value:
        return _choice(entity, field, value) or value
    return value


def period_label(code: str) -> str:
    try:
        return Period.parse(code).label
    except ValueError:
        return code


def _date_text(text: str) -> str | None:
    if _ISO_DATETIME.fullmatch(text[:16]) and len(text) > 10:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        local = moment.astimezone() if moment.tzinfo else moment
        return local.strftime("%d.%m.%Y %H:%M")
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text).strftime("%d.%m.%Y")
        except ValueError:
            return None
    return None


class Names:
    """What the records an entry mentions are called, looked up once for a page of entries."""

    def __init__(self, session: Session, rows: Iterable[Any], form_titles: Mapping[str, str]) -> None:
        self.form_titles = form_titles
        self.records: dict[str, tuple[str, dict[str, Any]]] = {}  # id → (table, values)
        self._load(session, rows)

    def _load(self, session: Session, rows: Iterable[Any]) -> None:
        wanted: dict[str, set[str]] = {}
        rows = list(rows)
        for row in rows:
            if row.entity_id and row.entity in _MODELS:
                wanted.setdefault(row.entity, set()).add(row.entity_id)
            for values in (row.old_values, row.new_values):
                for field, table in REFERENCES.items():
                    if values and isinstance(values.get(field), str):
                        wanted.setdefault(table, set()).add(values[field])
        # second round: the parents the records above point to (a report's measure, a step's family)
        for _round in range(3):
            for table, ids in list(wanted.items()):
                missing = [record_id for record_id in ids if record_id not in self.records]
                self._fetch(session, table, missing)
            for _table, values in list(self.records.values()):
                for field, parent in REFERENCES.items():
                    if isinstance(values.get(field), str) and values[field] not in self.records:
                        wanted.setdefault(parent, set()).add(values[field])

    def _fetch(self, session: Session, table: str, ids: list[str]) -> None:
        model = _MODELS.get(table)
        if model is None or not ids:
            return
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for record in session.scalars(select(model).where(model.id.in_(chunk))):
                values = {column.key: getattr(record, column.key) for column in model.__table__.columns}
                self.records[record.id] = (table, values)
            gone = [record_id for record_id in chunk if record_id not in self.records]
            if gone:  # deleted since: named from the snapshot its own entries kept
                query = select(AuditEntry).where(AuditEntry.entity_id.in_(gone), AuditEntry.action != "update")
                for entry in session.scalars(query):
                    snapshot = entry.new_values or entry.old_values or {}
                    self.records[entry.entity_id] = (entry.entity, dict(snapshot))  # type: ignore[index]

    def values(self, record_id: str | None) -> dict[str, Any]:
        return dict(self.records[record_id][1]) if record_id in self.records else {}

    def of(self, table: str, record_id: Any) -> str:
        """The people's name of a referenced record: «семья РС-0003», «мероприятие I.2.» …"""
        if not isinstance(record_id, str) or record_id not in self.records:
            return GONE
        _table, values = self.records[record_id]
        return _NAMERS.get(table, _generic_name)(self, values)

    def family(self, values: Mapping[str, Any]) -> str:
        family = self.values(values.get("family_id"))
        return str(family.get("code") or "без кода") if family else GONE

    def measure(self, values: Mapping[str, Any]) -> str:
        measure = self.values(values.get("measure_id"))
        return self.measure_number(measure) if measure else GONE

    def measure_number(self, measure: Mapping[str, Any]) -> str:
        """«III.2.», the block's number followed by the measure's, as the plan prints it."""
        block = self.values(measure.get("block_id"))
        return f"{block.get('number') or ''}{measure.get('number') or ''}" or "без номера"

    def indicator(self, values: Mapping[str, Any]) -> str:
        indicator = self.values(values.get("indicator_id"))
        return _indicator_name(indicator) if indicator else GONE

    def form(self, form_id: Any) -> str:
        return f"«{self.form_titles.get(str(form_id), 'форма, которой больше нет в программе')}»"


def _quoted(text: Any, limit: int = 80) -> str:
    text = str(text or "").strip()
    return f"«{text[:limit]}{'…' if len(text) > limit else ''}»" if text else ""


def _indicator_name(values: Mapping[str, Any]) -> str:
    return " ".join(part for part in (str(values.get("code") or ""), _quoted(values.get("name"))) if part)


def _generic_name(_names: Names, values: Mapping[str, Any]) -> str:
    for key in ("number", "code", "short_name", "login", "title", "name", "full_name"):
        if values.get(key):
            return _quoted(values[key])
    return ""


_NAMERS: dict[str, Callable[[Names, Mapping[str, Any]], str]] = {
    "resource_family": lambda _n, v: f"семья {v.get('code') or 'без кода'}",
    "family_case": lambda _n, v: f"случай {v.get('code') or 'без кода'}",
    "measure": lambda n, v: f"мероприятие {n.measure_number(v)}",
    "indicator": lambda _n, v: f"показатель {_indicator_name(v)}",
    "execution_report": lambda n, v: f"отчёт по мероприятию {n.measure(v)}, {period_label(str(v.get('period')))}",
    "program": lambda _n, v: f"программа {_quoted(v.get('short_title') or v.get('title'))}",
    "program_section": lambda _n, v: f"раздел {v.get('number') or ''} {_quoted(v.get('title'))}".replace("  ", " "),
    "program_block": lambda _n, v: f"блок {v.get('number') or ''} {_quoted(v.get('title'))}".replace("  ", " "),
    "indicator_group": lambda _n, v: f"группа {v.get('number') or ''} {_quoted(v.get('title'))}".replace("  ", " "),
    "organisation": lambda _n, v: _quoted(v.get("short_name") or v.get("full_name")),
    "reporting_step": lambda _n, v: f"шаг {_quoted(v.get('title'))}",
}


def subject(entity: str, values: Mapping[str, Any], names: Names, personal: bool) -> str | None:
    """What an entry is about, as a specialist names it; None leaves the stored summary as it is.

    ``personal`` is False for a role without access to personal data: a family is then named by its code only.
    """
    if entity in CASE_ENTITIES:
        return case_subject(entity, values, names, personal)
    period = period_label(str(values.get("period"))) if values.get("period") else ""
    if entity == "resource_family":
        name = f" {_quoted(values.get('display_name'))}" if personal and values.get("display_name") else ""
        return f"Ресурсная семья {values.get('code') or 'без кода'}{name}"
    if entity == "family_member":
        name = f" {_quoted(values.get('full_name'))}" if personal and values.get("full_name") else ""
        return f"Член семьи {names.family(values)}{name}"
    if entity == "family_step":
        stage = _choice(entity, "stage", str(values.get("stage") or "")) or ""
        when = _date_text(str(values.get("on_date") or "")) or ""
        return f"Этап семьи {names.family(values)}: {', '.join(part for part in (stage, when) if part)}"
    if entity == "child_placement":
        return f"Размещение ребёнка {values.get('child_code') or ''} в семье {names.family(values)}".replace("  ", " ")
    if entity == "family_document":
        title = f" {_quoted(values.get('title'))}" if personal and values.get("title") else ""
        return f"Документ семьи {names.family(values)}{title}"
    if entity == "measure":
        return f"Мероприятие {names.measure_number(values)} {_quoted(values.get('name'))}".rstrip()
    if entity == "measure_executor":
        organisation = names.of("organisation", values.get("organisation_id"))
        return f"Исполнитель мероприятия {names.measure(values)}: {organisation}"
    if entity == "measure_indicator":
        return f"Связь мероприятия {names.measure(values)} с показателем {names.indicator(values)}"
    if entity == "execution_report":
        return f"Отчёт об исполнении мероприятия {names.measure(values)}, {period}"
    if entity == "report_document":
        report = names.values(values.get("report_id"))
        about = names.of("execution_report", values.get("report_id")) if report else GONE
        return f"Подтверждающий документ {_quoted(values.get('title'))} — {about}".replace("  ", " ")
    if entity == "indicator":
        return f"Показатель {_indicator_name(values)}"
    if entity == "indicator_plan":
        return f"Плановое значение показателя {names.indicator(values)}, {period}"
    if entity == "indicator_value":
        return f"Значение показателя {names.indicator(values)}, {period}"
    if entity == "indicator_rule":
        program = names.of("program", values.get("program_id"))
        return f"Правило проверки показателей {_quoted(values.get('name'))}: {program}"
    if entity == "form_answer":
        return f"Ответы на форму {names.form(values.get('form_id'))}, {period}"
    if entity == "reporting_step":
        return f"Шаг порядка отчётности {_quoted(values.get('title'))}: {names.of('program', values.get('program_id'))}"
    if entity == "reporting_step_mark":
        return f"Отметка о выполнении: {names.of('reporting_step', values.get('step_id'))}, {period}"
    if entity == "period_closure":
        return f"Закрытие периода {period}: {names.of('program', values.get('program_id'))}"
    return None


def value_text(entity: str, field: str, value: Any, names: Names) -> str:
    """A stored value as the journal shows it: Russian words, dd.MM.yyyy dates, «да/нет», names for ids."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if field in REFERENCES:
        return names.of(REFERENCES[field], value)
    if entity == "indicator_rule" and field in ("left", "right") and isinstance(value, str):
        try:
            return Expression.parse(value).words  # «числитель 1.2», not the stored #{1.2.числитель}
        except ValidationError:
            return value
    if field == "form_id":
        return names.form(value)
    if field == "schedule" and isinstance(value, dict):
        return Schedule.from_dict(value).summary
    if field == "periods" and isinstance(value, list):
        return ", ".join(period_label(str(item)) for item in value)
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_text(entity, str(key), item, names)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(value_text(entity, field, item, names) for item in value)
    text = str(value)
    choice = _choice(entity, field, text)
    if choice is not None:
        return choice
    as_date = _date_text(text)
    if as_date is not None:
        return as_date
    return UUID.sub(lambda match: names.of(_table_of(names, match.group(0)), match.group(0)), text)


def _table_of(names: Names, record_id: str) -> str:
    return names.records[record_id][0] if record_id in names.records else ""


def answer_rows(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, names: Names, question_text: Callable[[str], str]
) -> list[tuple[str, str, str]]:
    """A form's answers, one line per question whose answer changed, named by the question's number and text."""
    old, new = old or {}, new or {}
    lines: list[tuple[str, str, str]] = []
    for key in sorted(set(old) | set(new), key=str):
        if old.get(key) == new.get(key):
            continue
        before, after = (value_text("form_answer", "", values.get(key), names) for values in (old, new))
        lines.append((question_text(str(key)), before, after))
    return lines


_MODELS: dict[str, type[Any]] = {
    mapper.class_.__tablename__: mapper.class_
    for mapper in Base.registry.mappers
    if hasattr(mapper.class_, "__tablename__") and "id" in mapper.class_.__table__.columns
}
