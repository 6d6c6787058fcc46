"""Reading the measure registry: the program tree, measure lists and the indicator catalogue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import Period
from desktop_app.domain.program_definition import act_label
from desktop_app.domain.roles import Permission
from desktop_app.services.measure_list import MeasureFilter, MeasureRow, load_measure_rows
from desktop_app.services.reporting_procedure import procedure_of, procedure_read_only
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
    ProgramSection,
)


@dataclass(frozen=True)
class BlockNode:
    id: str
    number: str
    title: str
    expected_result: str
    measure_count: int
    section_id: str | None = None


@dataclass(frozen=True)
class SectionNode:
    """A subproject or section of a program, with its goal."""

    id: str
    number: str
    title: str
    goal: str


@dataclass(frozen=True)
class ProgramNode:
    id: str
    title: str
    short_title: str
    period_start: date
    period_end: date
    act_label: str
    blocks: tuple[BlockNode, ...]
    sections: tuple[SectionNode, ...] = ()
    procedure: ReportingProcedure = ReportingProcedure()
    procedure_read_only: str = ""  # why «Порядок отчётности…» is closed here (another owner's program), or ""

    @property
    def measure_count(self) -> int:
        return sum(block.measure_count for block in self.blocks)

    @property
    def reporting_summary(self) -> str:
        return self.procedure.summary

    @property
    def reporting_periods(self) -> list[Period]:
        return self.procedure.periods(self.period_start, self.period_end)


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    group_number: str
    group_title: str
    code: str
    name: str
    unit: str
    kind: str
    cumulative: bool
    direction: str
    base_value: float | None
    base_date: date | None
    plan: dict[str, tuple[float | None, str]] = field(default_factory=dict)
    state: str = "active"  # IndicatorState: a draft from a plan document, active, or retired


@dataclass(frozen=True)
class ExecutorOption:
    id: str
    name: str
    is_confirmed: bool


def _act_label(program: Program) -> str:
    return act_label(program.act_kind, program.act_body, program.act_date, program.act_number)


class RegistryService:
    """Queries over programs, measures and indicators; results are plain objects for the GUI and CLI."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def program_tree(self, actor: Actor) -> list[ProgramNode]:
        """Programs with their blocks and the number of measures in each, in printed order."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            counts = dict(session.execute(select(Measure.block_id, func.count()).group_by(Measure.block_id)).all())
            blocks: dict[str, list[BlockNode]] = defaultdict(list)
            for block in session.scalars(select(ProgramBlock).order_by(ProgramBlock.program_id, ProgramBlock.position)):
                blocks[block.program_id].append(
                    BlockNode(
                        block.id,
                        block.number,
                        block.title,
                        block.expected_result,
                        counts.get(block.id, 0),
                        block.section_id,
                    )
                )
            sections: dict[str, list[SectionNode]] = defaultdict(list)
            section_query = select(ProgramSection).order_by(ProgramSection.program_id, ProgramSection.position)
            for section in session.scalars(section_query):
                sections[section.program_id].append(
                    SectionNode(section.id, section.number, section.title, section.goal)
                )
            return [
                ProgramNode(
                    id=program.id,
                    title=program.title,
                    short_title=program.short_title,
                    period_start=program.period_start,
                    period_end=program.period_end,
                    act_label=_act_label(program),
                    blocks=tuple(blocks[program.id]),
                    sections=tuple(sections[program.id]),
                    procedure=procedure_of(program),
                    procedure_read_only=procedure_read_only(session, program),
                )
                for program in session.scalars(select(Program).order_by(Program.period_start, Program.title))
            ]

    def measures(
        self,
        actor: Actor,
        program_id: str | None = None,
        block_id: str | None = None,
        search: str = "",
        *,
        filters: MeasureFilter | None = None,
        today: date | None = None,
    ) -> list[MeasureRow]:
        """Measures in printed order with their state, narrowed by ``filters`` (text search in any case)."""
        actor.require(Permission.VIEW_DATA)
        filters = filters or MeasureFilter(program_id=program_id, block_id=block_id, search=search)
        today = today or date.today()
        with self._db.reading() as session:
            return load_measure_rows(session, filters, today)

    def executors(self, actor: Actor) -> list[ExecutorOption]:
        """Organisations that execute at least one measure, by name (for the executor filter)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = (
                select(Organisation)
                .where(Organisation.id.in_(select(MeasureExecutor.organisation_id)))
                .order_by(Organisation.search_key)
            )
            return [
                ExecutorOption(org.id, org.short_name or org.full_name, org.is_confirmed)
                for org in session.scalars(query)
            ]

    def reporting_periods(self, actor: Actor, program_id: str | None = None) -> list[Period]:
        """The reporting periods of one program, or of all programs, in order."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = select(Program)
            if program_id:
                query = query.where(Program.id == program_id)
            periods: set[Period] = set()
            for program in session.scalars(query):
                periods.update(procedure_of(program).periods(program.period_start, program.period_end))
        return sorted(periods, key=lambda period: (period.start, period.end))

    def indicators(self, actor: Actor) -> list[IndicatorRow]:
        """The indicator catalogue with plan values per period (``{"2025-H2": (35.0, "35")}``)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            plans: dict[str, dict[str, tuple[float | None, str]]] = defaultdict(dict)
            # the plan for the whole wins over a district's own (read last), whatever the districts' names
            ordered = select(IndicatorPlan).order_by(IndicatorPlan.territory == "", IndicatorPlan.period)
            for plan in session.scalars(ordered):
                plans[plan.indicator_id][plan.period] = (plan.value, plan.value_text)
            query = (
                select(Indicator, IndicatorGroup)
                .outerjoin(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
                .order_by(Indicator.position)
            )
            return [
                IndicatorRow(
                    id=indicator.id,
                    group_number=group.number if group else "",
                    group_title=group.title if group else "",
                    code=indicator.code,
                    name=indicator.name,
                    unit=indicator.unit,
                    kind=indicator.kind,
                    cumulative=indicator.cumulative,
                    direction=indicator.direction,
                    base_value=indicator.base_value,
                    base_date=indicator.base_date,
                    plan=plans[indicator.id],
                    state=indicator.state,
                )
                for indicator, group in session.execute(query)
            ]
