"""Reading one program's indicators for a district and a period: plan, fact, checks, lock and offers.

The sheet is what the value grid, the dashboard and the CLI show. Each row carries the checks of its
current value against its plan, the previous period and the district's own history, so the screen can
show the reason beside the cell without asking again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound
from desktop_app.domain.indicator_checks import CellIssue, EntryContext, EntryInput, Severity, check_entry
from desktop_app.domain.indicators import (
    Direction,
    IndicatorKind,
    IndicatorSpec,
    IndicatorState,
    Observation,
    combine_periods,
    deviation,
    meets_plan,
    observe,
)
from desktop_app.domain.numbers import format_number
from desktop_app.domain.period_lock import LockState, PeriodLock
from desktop_app.domain.periods import Period, PeriodKind, format_date
from desktop_app.domain.roles import Permission
from desktop_app.domain.validation_rules import ValidationRule
from desktop_app.domain.value_format import shown_unit
from desktop_app.services.catalogue_validation import program_rules
from desktop_app.services.computed_values import ComputedValue, ComputedValues
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorValue,
    Measure,
    MeasureIndicator,
    PeriodClosure,
    Program,
    ProgramBlock,
)


class ValueStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def read(cls, value: str) -> ValueStatus:
        try:
            return cls(value)
        except ValueError:
            return cls.DRAFT


_STATUS_LABELS = {
    ValueStatus.DRAFT: "черновик",
    ValueStatus.SUBMITTED: "представлено",
    ValueStatus.APPROVED: "утверждено",
}


class StoredFigure:
    """What a row of plan and fact says of itself (the sheet's rows and the region's facts share it)."""

    plan: float | None
    value: float | None
    numerator: float | None
    denominator: float | None

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def has_data(self) -> bool:
        """Anything stored: a value, or a numerator and denominator (0 of 0 has no value but is data)."""
        return self.value is not None or self.numerator is not None or self.denominator is not None

    @property
    def deviation(self) -> float | None:
        return deviation(self.value, self.plan)


@dataclass(frozen=True)
class SheetRow(StoredFigure):
    """One indicator in the period: its plan, the district's value and what is wrong with it."""

    indicator_id: str
    code: str
    group: str
    name: str
    unit: str
    spec: IndicatorSpec
    plan: float | None
    plan_text: str
    value_id: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    comment: str
    status: ValueStatus
    source: str
    source_note: str
    row_version: int
    context: EntryContext
    issues: tuple[CellIssue, ...]
    offer_source: str = ""
    computed: ComputedValue | None = None
    base_value: float | None = None
    base_date: date | None = None
    measures: tuple[str, ...] = ()

    @property
    def about(self) -> str:
        """The catalogue entry in words, for a tooltip: kind, running total, direction, base value, measures."""
        parts = [
            self.spec.kind.label,
            "с нарастающим итогом" if self.spec.cumulative else "за период",
            f"желаемое направление — {self.spec.direction.label}",
        ]
        if self.base_value is not None:
            base = f"базовое значение {format_number(self.base_value)}"
            parts.append(base + (f" на {format_date(self.base_date)}" if self.base_date else ""))
        if self.measures:
            parts.append("мероприятия: " + ", ".join(self.measures))
        return f"{self.code} {self.name}\n" + "; ".join(parts) + "."

    @property
    def on_plan(self) -> bool | None:
        return meets_plan(self.spec, self.value, self.plan)

    @property
    def errors(self) -> tuple[CellIssue, ...]:
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def needs_comment(self) -> bool:
        return any(issue.severity is Severity.NEEDS_COMMENT for issue in self.issues)


@dataclass(frozen=True)
class IndicatorSheet:
    program_id: str
    program_title: str
    period: Period
    territory: str
    lock: PeriodLock
    state: LockState
    rows: tuple[SheetRow, ...]
    rules: tuple[ValidationRule, ...] = ()  # the program's rules across indicators, checked on these rows

    @property
    def locked(self) -> bool:
        return self.state is not LockState.OPEN

    def count(self, status: ValueStatus) -> int:
        return sum(1 for row in self.rows if row.has_data and row.status is status)

    @property
    def filled(self) -> int:
        return sum(1 for row in self.rows if row.has_value)

    def row(self, indicator_id: str) -> SheetRow:
        return next(row for row in self.rows if row.indicator_id == indicator_id)


def spec_of(indicator: Indicator) -> IndicatorSpec:
    return IndicatorSpec(IndicatorKind.of(indicator.kind), indicator.cumulative, Direction.of(indicator.direction))


def program_or_missing(session: Session, program_id: str) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound("Программа не найдена: возможно, её удалили. Обновите список.")
    return program


def period_lock(session: Session, program: Program, period: Period, territory: str) -> PeriodLock:
    closure = session.scalars(
        select(PeriodClosure).where(
            PeriodClosure.program_id == program.id,
            PeriodClosure.period == period.code,
            PeriodClosure.territory == territory,
        )
    ).first()
    return PeriodLock(
        period=period,
        deadline=procedure_of(program).deadline(period),
        expiry_days=program.value_lock_days,
        closed=closure is not None,
        closed_by=closure.closed_by if closure else "",
    )


def program_indicators(
    session: Session, program_id: str, shown_in: Period | None = None
) -> list[tuple[Indicator, IndicatorGroup]]:
    """The program's active indicators; with ``shown_in``, also the retired ones that have a value in that
    period (an old period's report still shows them). A draft read from a plan is never offered."""
    kept = Indicator.state == IndicatorState.ACTIVE.value
    if shown_in is not None:
        with_values = select(IndicatorValue.indicator_id).where(IndicatorValue.period == shown_in.code)
        kept = or_(kept, and_(Indicator.state == IndicatorState.RETIRED.value, Indicator.id.in_(with_values)))
    query = (
        select(Indicator, IndicatorGroup)
        .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
        .where(IndicatorGroup.program_id == program_id, kept)
        .order_by(IndicatorGroup.position, Indicator.position)
    )
    return [(indicator, group) for indicator, group in session.execute(query)]


def entry_context(
    spec: IndicatorSpec, plan: float | None, period: Period, history: dict[Period, float]
) -> EntryContext:
    """Compare with the plan, the previous period (for a running total) and earlier periods of the same kind."""
    earlier = [value for when, value in sorted(history.items()) if when < period and when.kind is period.kind]
    return EntryContext(
        plan=plan, previous=history.get(period.previous()) if spec.cumulative else None, history=earlier
    )


class IndicatorSheets:
    """Read-only: programs with indicators, their periods and the sheet of one period."""

    def __init__(self, db: Database, computed: ComputedValues, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._computed = computed
        self._today = today

    def programs(self, actor: Actor) -> list[tuple[str, str]]:
        """(id, title) of every program that has indicators, newest first."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = (
                select(Program.id, Program.title)
                .where(Program.id.in_(select(IndicatorGroup.program_id)))
                .order_by(Program.period_start.desc(), Program.title)
            )
            return [(program_id, title) for program_id, title in session.execute(query)]

    def periods(self, actor: Actor, program_id: str) -> list[Period]:
        """The program's reporting periods and every period it has plan values for, in order."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = program_or_missing(session, program_id)
            found = set(procedure_of(program).periods(program.period_start, program.period_end))
            codes = session.scalars(
                select(IndicatorPlan.period)
                .join(Indicator, IndicatorPlan.indicator_id == Indicator.id)
                .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
                .where(IndicatorGroup.program_id == program_id)
                .distinct()
            )
            found.update(Period.parse(code) for code in codes)
        return sorted(found, key=lambda period: (period.start, -period.kind.months))

    def combined(self, actor: Actor, program_id: str, period: Period, territory: str) -> dict[str, Observation]:
        """Indicator code → the value over a longer period (a year from its half-years, a quarter from its
        months): counts add up, ratios are recomputed from summed parts, running totals take the last value."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program_or_missing(session, program_id)
            return _combined(session, program_indicators(session, program_id, period), period, territory)

    def sheet(self, actor: Actor, program_id: str, period: Period, territory: str) -> IndicatorSheet:
        """Every indicator of the program with plan and value for ``territory`` in ``period``."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = program_or_missing(session, program_id)
            pairs = program_indicators(session, program_id, period)
            lock = period_lock(session, program, period, territory)
            plans = district_plans(session, [indicator.id for indicator, _ in pairs], period, territory)
            values, history = _values(session, [indicator.id for indicator, _ in pairs], territory)
            linked = _linked_measures(session, program_id)
            title = program.short_title or program.title
            rules = program_rules(session, program_id)
            rows = [
                _row(
                    linked.get(indicator.id, ()),
                    indicator,
                    group,
                    plans.get(indicator.id),
                    values.get((indicator.id, period.code)),
                    history.get(indicator.id, {}),
                    period,
                )
                for indicator, group in pairs
            ]
        sources = [row.offer_source for row in rows if row.offer_source]
        if sources:
            offers = self._computed.compute(actor, sources, period, program_id)
            rows = [replace(row, computed=offers.get(row.offer_source)) for row in rows]
        state = lock.state(self._today())
        return IndicatorSheet(program_id, title, period, territory, lock, state, tuple(rows), rules)


def _combined(
    session: Session, pairs: list[tuple[Indicator, IndicatorGroup]], period: Period, territory: str
) -> dict[str, Observation]:
    """Each indicator over ``period``: its own value when one is stored for the period, otherwise combined
    by its rule from the shorter periods of one kind — the longest kind entered — so that half-years and
    the quarters inside them are never counted twice."""
    ids = [indicator.id for indicator, _ in pairs]
    direct: dict[str, Observation] = {}
    inner: dict[str, dict[PeriodKind, list[tuple[Period, Observation]]]] = defaultdict(lambda: defaultdict(list))
    query = select(IndicatorValue).where(IndicatorValue.indicator_id.in_(ids), IndicatorValue.territory == territory)
    for item in session.scalars(query):
        when = Period.parse(item.period)
        observation = Observation(item.value, item.numerator, item.denominator)
        if when == period:
            direct[item.indicator_id] = observation
        elif when.kind.months < period.kind.months and period.start <= when.start and when.end <= period.end:
            inner[item.indicator_id][when.kind].append((when, observation))
    combined = {}
    for indicator, _ in pairs:
        if indicator.id in direct:
            combined[indicator.code] = direct[indicator.id]
            continue
        by_kind = inner.get(indicator.id, {})
        longest = max(by_kind, key=lambda kind: kind.months, default=None)
        combined[indicator.code] = combine_periods(spec_of(indicator), by_kind[longest] if longest else [])
    return combined


def district_plans(
    session: Session, indicator_ids: list[str], period: Period, territory: str
) -> dict[str, tuple[float | None, str]]:
    """The district's own plan where it has one, else the program-wide plan."""
    found: dict[str, tuple[float | None, str]] = {}
    query = select(IndicatorPlan).where(
        IndicatorPlan.indicator_id.in_(indicator_ids),
        IndicatorPlan.period == period.code,
        IndicatorPlan.territory.in_(["", territory]),
    )
    for plan in sorted(session.scalars(query), key=lambda item: item.territory != ""):
        found[plan.indicator_id] = (plan.value, plan.value_text)
    return found


def _values(
    session: Session, indicator_ids: Iterable[str], territory: str
) -> tuple[dict[tuple[str, str], IndicatorValue], dict[str, dict[Period, float]]]:
    by_key: dict[tuple[str, str], IndicatorValue] = {}
    history: dict[str, dict[Period, float]] = defaultdict(dict)
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_id.in_(list(indicator_ids)), IndicatorValue.territory == territory
    )
    for item in session.scalars(query):
        session.expunge(item)
        by_key[(item.indicator_id, item.period)] = item
        if item.value is not None:
            history[item.indicator_id][Period.parse(item.period)] = item.value
    return by_key, history


def _linked_measures(session: Session, program_id: str) -> dict[str, tuple[str, ...]]:
    """Printed numbers («III.2.») of the measures each indicator shows the progress of."""
    query = (
        select(MeasureIndicator.indicator_id, ProgramBlock.number, Measure.number)
        .join(Measure, MeasureIndicator.measure_id == Measure.id)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .where(ProgramBlock.program_id == program_id)
        .order_by(ProgramBlock.position, Measure.position)
    )
    found: dict[str, list[str]] = defaultdict(list)
    for indicator_id, block_number, measure_number in session.execute(query):
        found[indicator_id].append(f"{block_number}{measure_number}")
    return {key: tuple(value) for key, value in found.items()}


def _row(
    measures: tuple[str, ...],
    indicator: Indicator,
    group: IndicatorGroup,
    plan: tuple[float | None, str] | None,
    stored: IndicatorValue | None,
    history: dict[Period, float],
    period: Period,
) -> SheetRow:
    spec = spec_of(indicator)
    plan_value, plan_text = plan or (None, "")
    context = entry_context(spec, plan_value, period, history)
    entry = EntryInput(
        stored.value if stored else None,
        stored.numerator if stored else None,
        stored.denominator if stored else None,
        stored.comment if stored else "",
    )
    shown = observe(spec, entry.value, entry.numerator, entry.denominator)
    return SheetRow(
        indicator_id=indicator.id,
        code=indicator.code,
        group=f"{group.number} {group.title}".strip(),
        name=indicator.name,
        unit=shown_unit(spec.kind, indicator.unit),  # a percentage is «%» whatever the catalogue's text says
        spec=spec,
        plan=plan_value,
        plan_text=plan_text,
        value_id=stored.id if stored else None,
        value=shown.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
        comment=entry.comment,
        status=ValueStatus.read(stored.status) if stored else ValueStatus.DRAFT,
        source=stored.source if stored else "entered",
        source_note=stored.source_note if stored else "",
        row_version=stored.row_version if stored else 0,
        context=context,
        issues=tuple(check_entry(spec, entry, context)) if stored else (),
        offer_source=indicator.source,
        base_value=indicator.base_value,
        base_date=indicator.base_date,
        measures=measures,
    )
