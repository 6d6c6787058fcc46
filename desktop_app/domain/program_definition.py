"""A roadmap program as data: what a plan file, the built-in demo or a region package describes.

The definition is parsed and checked here, before anything touches the database, so a malformed file
is refused with one clear message and nothing half-loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain.deadlines import ReportingProcedure, parse_month_day
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.json_fields import JsonFieldReader
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.register_sources import source_problem
from desktop_app.domain.text import collapse_spaces

PROGRAM_FORMAT = "opeka-program/1"

DEPARTMENT_LABELS = {
    "guardianship": "опека и попечительство",
    "commission": "комиссия по делам несовершеннолетних",
    "education": "образование",
    "health": "здравоохранение",
    "social_protection": "социальная защита",
    "culture_sport_youth": "культура, спорт, молодёжная политика",
    "employment": "занятость",
    "law_enforcement": "правоохранительные органы",
    "local_government": "органы местного самоуправления",
    "ngo": "НКО",
    "business": "бизнес",
    "collective": "группа исполнителей",
}

INDICATOR_KINDS = ("count", "percentage", "rate_per_1000", "population_share")
DIRECTIONS = ("increase", "decrease")


@dataclass(frozen=True)
class OrganisationDef:
    key: str
    full_name: str
    short_name: str
    department: str
    territory: str = ""


@dataclass(frozen=True)
class MeasureDef:
    number: str
    name: str
    deadline_text: str
    executors_text: str
    executor_keys: tuple[str, ...]
    expected_result: str
    document_type: str = ""
    indicator_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockDef:
    number: str
    title: str
    expected_result: str
    measures: tuple[MeasureDef, ...]


@dataclass(frozen=True)
class PlanValueDef:
    period: Period
    value: float | None
    text: str


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    kind: str
    cumulative: bool
    direction: str
    base_value: float | None
    base_date: date | None
    plan: tuple[PlanValueDef, ...]
    # A register count that gives the value («placements.started», see forms/README.md); empty if none.
    source: str = ""


@dataclass(frozen=True)
class IndicatorGroupDef:
    number: str
    title: str
    indicators: tuple[IndicatorDef, ...]


@dataclass(frozen=True)
class ApprovingAct:
    body: str
    kind: str
    number: str
    date: date | None

    @property
    def label(self) -> str:
        return act_label(self.kind, self.body, self.date, self.number)


def act_label(kind: str, body: str, on: date | None, number: str) -> str:
    """«постановление от 27.06.2025 № 230-па (администрация Плесецкого муниципального округа)».

    A plan names the body as its stamp prints it, in the nominative («администрация …», «комиссия …»), so the body
    stands apart in brackets rather than after the act's kind, where Russian would need the genitive."""
    parts = [kind]
    if on is not None:
        parts.append(f"от {on:%d.%m.%Y}")
    if number:
        parts.append(f"№ {number}")
    label = " ".join(part for part in parts if part)
    if body:
        label = f"{label} ({body})" if label else body
    return label


@dataclass(frozen=True)
class ProgramDefinition:
    title: str
    short_title: str
    level: str
    act: ApprovingAct
    period_start: date
    period_end: date
    strategic_goal: str
    goals: tuple[str, ...]
    tasks: tuple[str, ...]
    organisations: tuple[OrganisationDef, ...]
    blocks: tuple[BlockDef, ...]
    indicator_groups: tuple[IndicatorGroupDef, ...]
    notes: str = ""
    reporting: ReportingProcedure = field(default_factory=ReportingProcedure)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def measures(self) -> list[MeasureDef]:
        return [measure for block in self.blocks for measure in block.measures]

    @property
    def indicators(self) -> list[IndicatorDef]:
        return [indicator for group in self.indicator_groups for indicator in group.indicators]


class _Reader(JsonFieldReader):
    """A program file: every text field is required unless the caller says otherwise."""

    FILE_KIND = "Файл программы"
    TEXT_REQUIRED = True

    def iso_date(self, data: Mapping[str, Any], key: str, where: str, required: bool = True) -> date | None:
        raw = data.get(key)
        if raw in (None, ""):
            if required:
                raise self.fail(where, f"не заполнено поле «{key}»")
            return None
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise self.fail(where, f"дата «{raw}» в поле «{key}» должна быть в виде ГГГГ-ММ-ДД") from None

    def number(self, data: Mapping[str, Any], key: str, where: str) -> float | None:
        return self.optional_number(data, key, where, None)


def parse_program_definition(data: Any, source: str = "программа") -> ProgramDefinition:
    """Check and convert a parsed program file (format ``opeka-program/1``) into a ProgramDefinition."""
    r = _Reader(source)
    root = r.mapping(data, "файл")
    if root.get("format") != PROGRAM_FORMAT:
        raise r.fail("заголовок", f"ожидается формат «{PROGRAM_FORMAT}», указан «{root.get('format')}»")
    program = r.mapping(root.get("program"), "раздел program")
    act_data = r.mapping(program.get("approving_act", {}), "утверждающий акт")
    organisations = tuple(
        _parse_organisation(r, item, i) for i, item in enumerate(r.items(root, "organisations", "файл"), 1)
    )
    keys = [org.key for org in organisations]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise r.fail("справочник организаций", f"ключ «{duplicates[0]}» повторяется")
    blocks = tuple(_parse_block(r, item, set(keys)) for item in r.items(root, "blocks", "файл"))
    groups = tuple(_parse_group(r, item) for item in r.items(root, "indicator_groups", "файл"))
    start = r.iso_date(program, "period_start", "программа")
    end = r.iso_date(program, "period_end", "программа")
    assert start is not None and end is not None
    if end < start:
        raise r.fail("программа", "окончание срока раньше его начала")
    codes = [ind.code for group in groups for ind in group.indicators]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise r.fail("показатели", f"код «{repeated[0]}» повторяется")
    return ProgramDefinition(
        title=r.text(program, "title", "программа"),
        short_title=r.text(program, "short_title", "программа", required=False),
        level=r.text(program, "level", "программа"),
        act=ApprovingAct(
            body=r.text(act_data, "body", "утверждающий акт", required=False),
            kind=r.text(act_data, "kind", "утверждающий акт", required=False),
            number=r.text(act_data, "number", "утверждающий акт", required=False),
            date=r.iso_date(act_data, "date", "утверждающий акт", required=False),
        ),
        period_start=start,
        period_end=end,
        strategic_goal=r.text(program, "strategic_goal", "программа", required=False),
        goals=tuple(collapse_spaces(str(g)) for g in r.items(program, "goals", "программа")),
        tasks=tuple(collapse_spaces(str(t)) for t in r.items(program, "tasks", "программа")),
        organisations=organisations,
        blocks=blocks,
        indicator_groups=groups,
        notes=r.text(program, "base_value_note", "программа", required=False),
        reporting=_parse_reporting(r, program.get("reporting") or {}),
    )


def _parse_reporting(r: _Reader, data: Any) -> ReportingProcedure:
    """``{"period": "half_year", "working_days_after": 3, "year_end_date": "01-20"}``; every key optional."""
    where = "порядок отчётности"
    reporting = r.mapping(data, where)
    try:
        kind = PeriodKind(reporting.get("period", PeriodKind.HALF_YEAR.value))
    except ValueError:
        raise r.fail(where, "период должен быть month, quarter, half_year или year") from None
    days = reporting.get("working_days_after", 3)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise r.fail(where, "число рабочих дней должно быть целым от 1 до 60")
    year_end_code = str(reporting.get("year_end_date") or "")
    year_end = parse_month_day(year_end_code)
    if year_end_code and year_end is None:
        raise r.fail(where, f"дата «{year_end_code}» должна быть в виде ММ-ДД")
    return ReportingProcedure(kind, days, year_end)


def _parse_organisation(r: _Reader, item: Any, position: int) -> OrganisationDef:
    data = r.mapping(item, f"организация № {position}")
    where = f"организация «{data.get('short_name') or data.get('full_name') or position}»"
    department = r.text(data, "department", where, required=False)
    if department and department not in DEPARTMENT_LABELS:
        raise r.fail(where, f"неизвестная сфера «{department}»")
    return OrganisationDef(
        key=r.text(data, "key", where),
        full_name=r.text(data, "full_name", where),
        short_name=r.text(data, "short_name", where, required=False),
        department=department,
        territory=r.text(data, "territory", where, required=False),
    )


def _parse_block(r: _Reader, item: Any, organisation_keys: set[str]) -> BlockDef:
    data = r.mapping(item, "блок")
    number = r.text(data, "number", "блок")
    where = f"блок {number}"
    measures = []
    for raw in r.items(data, "measures", where):
        m = r.mapping(raw, where)
        m_where = f"мероприятие {number}{r.text(m, 'number', where)}"
        executor_keys = tuple(str(key) for key in r.items(m, "executors", m_where))
        unknown = [key for key in executor_keys if key not in organisation_keys]
        if unknown:
            raise r.fail(m_where, f"исполнитель «{unknown[0]}» отсутствует в справочнике организаций")
        measures.append(
            MeasureDef(
                number=r.text(m, "number", m_where),
                name=r.text(m, "name", m_where),
                deadline_text=r.text(m, "deadline_text", m_where, required=False),
                executors_text=r.text(m, "executors_text", m_where, required=False),
                executor_keys=executor_keys,
                expected_result=r.text(m, "expected_result", m_where, required=False),
                document_type=r.text(m, "document_type", m_where, required=False),
                indicator_codes=tuple(str(code) for code in r.items(m, "indicator_codes", m_where)),
            )
        )
    return BlockDef(
        number=number,
        title=r.text(data, "title", where),
        expected_result=r.text(data, "expected_result", where, required=False),
        measures=tuple(measures),
    )


def _parse_group(r: _Reader, item: Any) -> IndicatorGroupDef:
    data = r.mapping(item, "группа показателей")
    number = r.text(data, "number", "группа показателей")
    where = f"группа показателей {number}"
    indicators = []
    for raw in r.items(data, "indicators", where):
        ind = r.mapping(raw, where)
        code = r.text(ind, "code", where)
        i_where = f"показатель {code}"
        kind = r.text(ind, "kind", i_where)
        if kind not in INDICATOR_KINDS:
            raise r.fail(i_where, f"неизвестный вид показателя «{kind}»")
        direction = r.text(ind, "direction", i_where, required=False) or "increase"
        if direction not in DIRECTIONS:
            raise r.fail(i_where, f"неизвестное направление «{direction}»")
        plan = []
        for raw_plan in r.items(ind, "plan", i_where):
            p = r.mapping(raw_plan, i_where)
            try:
                period = Period.parse(r.text(p, "period", i_where))
            except ValidationError as exc:
                raise r.fail(i_where, exc.message.rstrip(".")) from None
            plan.append(PlanValueDef(period, r.number(p, "value", i_where), r.text(p, "text", i_where, required=False)))
        problem = source_problem(r.text(ind, "source", i_where, required=False))
        if problem:
            raise r.fail(i_where, problem)
        cumulative = ind.get("cumulative", False)
        if not isinstance(cumulative, bool):
            raise r.fail(i_where, "поле «cumulative» должно быть true или false")
        indicators.append(
            IndicatorDef(
                code=code,
                name=r.text(ind, "name", i_where),
                unit=r.text(ind, "unit", i_where, required=False),
                kind=kind,
                cumulative=cumulative,
                direction=direction,
                base_value=r.number(ind, "base_value", i_where),
                base_date=r.iso_date(ind, "base_date", i_where, required=False),
                plan=tuple(plan),
                source=r.text(ind, "source", i_where, required=False),
            )
        )
    return IndicatorGroupDef(number=number, title=r.text(data, "title", where), indicators=tuple(indicators))
