"""Plan (target) values of one indicator as a grid: territories (the region or program as a whole, then each
district) × periods (the program's reporting periods and its years). A cell left empty removes its plan;
the district grid then falls back to the plan for the whole (services/indicator_sheet.py: district_plans)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.resources import territory_directory
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.services.catalogue_rules import (
    edit_refusal,
    period_problem,
    plan_value_problem,
    program_or_missing,
    require_editor,
)
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import Indicator, IndicatorGroup, IndicatorPlan, Installation, Program

WHOLE = ""  # the territory of a plan for the region (or the district's own program) as a whole


@dataclass(frozen=True)
class PlanCell:
    territory: str
    period: Period
    value: float | None  # None removes the plan


@dataclass(frozen=True)
class PlanGrid:
    indicator_id: str
    code: str
    name: str
    kind: IndicatorKind
    whole_label: str  # «Регион в целом» or «Программа в целом»
    territories: tuple[str, ...]  # WHOLE first
    periods: tuple[Period, ...]
    values: dict[tuple[str, str], float]  # (territory, period code) → plan value
    read_only_reason: str = ""

    def territory_label(self, territory: str) -> str:
        return self.whole_label if territory == WHOLE else territory

    def value(self, territory: str, period: Period) -> float | None:
        return self.values.get((territory, period.code))


def cell_key(territory: str, period: Period) -> str:
    """How a grid cell is named in ValidationError.field_errors."""
    return f"{territory}|{period.code}"


class CataloguePlans:
    def __init__(self, db: Database) -> None:
        self._db = db

    def grid(self, actor: Actor, indicator_id: str) -> PlanGrid:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            indicator, program = _indicator_program(session, indicator_id)
            return _grid(session, indicator, program, edit_refusal(session, actor, program))

    def save(self, actor: Actor, indicator_id: str, cells: Sequence[PlanCell]) -> PlanGrid:
        """Write the changed cells in one transaction; every wrong cell is named, nothing is written then."""
        with self._db.transaction(actor) as session:
            indicator, program = _indicator_program(session, indicator_id)
            require_editor(session, actor, program.id)
            save_plans(session, indicator, program, cells)
            session.flush()
            return _grid(session, indicator, program, "")


def save_plans(session: Session, indicator: Indicator, program: Program, cells: Sequence[PlanCell]) -> int:
    """Set the plans of ``cells`` inside the caller's transaction; returns how many rows changed."""
    kind = IndicatorKind.of(indicator.kind)
    errors: dict[str, str] = {}
    for cell in cells:
        problem = period_problem(program, cell.period) or plan_value_problem(kind, cell.value)
        if problem:
            errors[cell_key(cell.territory, cell.period)] = problem
    if errors:
        first = next(iter(errors.values()))
        raise ValidationError(f"Плановые значения не сохранены: {first[:1].lower()}{first[1:]}", errors)
    stored = {
        (plan.territory, plan.period): plan
        for plan in session.scalars(select(IndicatorPlan).where(IndicatorPlan.indicator_id == indicator.id))
    }
    changed = 0
    for cell in cells:
        plan = stored.get((cell.territory, cell.period.code))
        if cell.value is None:
            if plan is not None:
                session.delete(plan)
                changed += 1
            continue
        text = format_number(cell.value, 3)
        if plan is None:
            session.add(
                IndicatorPlan(
                    indicator_id=indicator.id,
                    period=cell.period.code,
                    territory=cell.territory,
                    value=cell.value,
                    value_text=text,
                )
            )
            changed += 1
        elif plan.value != cell.value:
            plan.value, plan.value_text = cell.value, text
            changed += 1
    return changed


def program_periods(program: Program) -> list[Period]:
    """The reporting periods of the program, then the years it runs through (a plan is often set per year)."""
    periods = list(procedure_of(program).periods(program.period_start, program.period_end))
    if periods and periods[0].kind is not PeriodKind.YEAR:
        years = range(program.period_start.year, program.period_end.year + 1)
        periods += [Period.parse(str(year)) for year in years]
    return periods


def region_districts(session: Session) -> list[str]:
    """The districts of this installation's region from the territory directory (none outside a region)."""
    row = session.execute(select(Installation.kind, Installation.region_code).limit(1)).first()
    if row is None or row[0] != InstallationKind.REGION:
        return []
    try:
        return [district.name for district in territory_directory().region(row[1]).districts]
    except ValidationError:
        return []


def program_territories(session: Session, program: Program, planned: Sequence[str] = ()) -> list[str]:
    """Where a plan of the program may be set: the whole first, then the region's districts (a regional
    program), then any territory a plan already names (a district's own program stored under its name)."""
    own = region_districts(session) if program.owner == "" else []
    return list(dict.fromkeys([WHOLE, *own, *sorted(set(planned) - {WHOLE})]))


def _indicator_program(session: Session, indicator_id: str) -> tuple[Indicator, Program]:
    indicator = session.get(Indicator, indicator_id)
    group = session.get(IndicatorGroup, indicator.group_id) if indicator and indicator.group_id else None
    if indicator is None or group is None or group.program_id is None:
        raise NotFound("Показатель не найден: возможно, его удалили. Обновите каталог.")
    return indicator, program_or_missing(session, group.program_id)


def _grid(session: Session, indicator: Indicator, program: Program, read_only: str) -> PlanGrid:
    plans = list(session.scalars(select(IndicatorPlan).where(IndicatorPlan.indicator_id == indicator.id)))
    periods = set(program_periods(program)) | {Period.parse(plan.period) for plan in plans}
    regional = program.owner == ""
    territories = program_territories(session, program, [plan.territory for plan in plans])
    return PlanGrid(
        indicator_id=indicator.id,
        code=indicator.code,
        name=indicator.name,
        kind=IndicatorKind.of(indicator.kind),
        whole_label="Регион в целом" if regional else "Программа в целом",
        territories=tuple(territories),
        periods=tuple(sorted(periods, key=lambda period: (period.end, period.kind.months))),  # a year after its halves
        values={(plan.territory, plan.period): plan.value for plan in plans if plan.value is not None},
        read_only_reason=read_only,
    )
