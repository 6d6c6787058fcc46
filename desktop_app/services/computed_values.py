"""Numbers the registers can give for a period, each with a note saying where it came from.

Forms and indicators name these by key (``"source": "placements.started"``, see forms/README.md); the
screens offer the computed number beside the field and the user decides to take it. A district
installation holds only its own district's register, so the whole local register is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_figures import AT_END, PEOPLE, window_of
from desktop_app.domain.execution import ReportStatus
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.placements import Outcome
from desktop_app.domain.register_sources import SOURCE_LABELS, family_count
from desktop_app.domain.roles import Permission
from desktop_app.services.case_figures import figure
from desktop_app.services.measure_list import MeasureFilter, load_measure_rows
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    ChildPlacement,
    ExecutionReport,
    FamilyStep,
    Indicator,
    IndicatorGroup,
    Program,
    ResourceFamily,
)
from desktop_app.storage.territory import own_territory

_CODES_SHOWN = 8


@dataclass(frozen=True)
class ComputedValue:
    source: str
    value: float
    note: str


class ComputedValues:
    """Counts over the local registers for a period; read-only."""

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    def compute(
        self, actor: Actor, sources: Iterable[str], period: Period, program_id: str | None = None
    ) -> dict[str, ComputedValue]:
        """The known ``sources`` for ``period``; unknown keys are left out."""
        actor.require(Permission.VIEW_DATA)
        wanted = [source for source in dict.fromkeys(sources) if source in SOURCE_LABELS]
        if not wanted:
            return {}
        with self._db.reading() as session:
            found: dict[str, ComputedValue] = {}
            if any(source.startswith("families.") for source in wanted):
                found.update(_family_values(session, period))
            if any(source.startswith("placements.") for source in wanted):
                found.update(_placement_values(session, period))
            if any(source.startswith("measures.") for source in wanted):
                found.update(_measure_values(session, period, program_id, self._today()))
            cases = [source for source in wanted if source.startswith("cases.")]
            if cases:
                found.update(_case_values(session, cases, period, program_id))
        return {source: found[source] for source in wanted if source in found}


def _value(source: str, codes: list[str], tail: str) -> ComputedValue:
    shown = ", ".join(codes[:_CODES_SHOWN]) + (
        f" и ещё {len(codes) - _CODES_SHOWN}" if len(codes) > _CODES_SHOWN else ""
    )
    note = f"{SOURCE_LABELS[source].capitalize()}: {format_number(len(codes))} {tail}" + (
        f" ({shown})" if shown else ""
    )
    return ComputedValue(source, float(len(codes)), note + ".")


def _stage_at(steps: list[tuple[date, str]], current: str, created: date, day: date) -> FamilyStage | None:
    """A family's stage on ``day`` from its steps; None before it was entered."""
    earlier = [stage for on_date, stage in steps if on_date <= day]
    if earlier:
        return FamilyStage.read(earlier[-1])
    if steps or created > day:
        return None  # its first step (or its entry) came later: not on the way yet
    return FamilyStage.read(current)  # a family kept without steps: its stage as recorded


def _family_values(session: Session, period: Period) -> dict[str, ComputedValue]:
    steps: dict[str, list[tuple[date, str]]] = {}
    for family_id, on_date, step_stage in session.execute(
        # two steps on one day (documents and ШПР the same morning) stand in the order they were recorded
        select(FamilyStep.family_id, FamilyStep.on_date, FamilyStep.stage).order_by(
            FamilyStep.on_date, FamilyStep.created_at
        )
    ):
        steps.setdefault(family_id, []).append((on_date, step_stage))
    candidates, ready, registered = [], [], []
    families = session.execute(
        select(ResourceFamily.id, ResourceFamily.code, ResourceFamily.status, ResourceFamily.created_at).order_by(
            ResourceFamily.code
        )
    )
    for family_id, code, status, created_at in families:
        own = steps.get(family_id, [])
        counted = family_count(_stage_at(own, status, created_at.date(), period.end))
        if counted == "families.candidates":
            candidates.append(code)
        elif counted == "families.ready":
            ready.append(code)
        if any(period.contains(on_date) and s == FamilyStage.IN_REGISTER for on_date, s in own):
            registered.append(code)
    on_end = f"на {format_date(period.end)}"
    return {
        "families.candidates": _value("families.candidates", candidates, on_end),
        "families.ready": _value("families.ready", ready, on_end),
        "families.registered_in_period": _value("families.registered_in_period", registered, f"за {period.label}"),
    }


def _placement_values(session: Session, period: Period) -> dict[str, ComputedValue]:
    rows = session.execute(
        select(
            ChildPlacement.child_code,
            ChildPlacement.start_date,
            ChildPlacement.end_date,
            ChildPlacement.outcome,
            ResourceFamily.code,
        )
        .join(ResourceFamily, ChildPlacement.family_id == ResourceFamily.id)
        .order_by(ChildPlacement.start_date)
    ).all()
    started = [f"{child} в {family}" for child, start, _, _, family in rows if period.contains(start)]
    active = [
        f"{child} в {family}"
        for child, start, end, _, family in rows
        if start <= period.end and (end is None or end > period.end)
    ]
    ended = [
        (child, family, outcome) for child, _, end, outcome, family in rows if end is not None and period.contains(end)
    ]
    during = f"за {period.label}"

    def ended_with(outcome: Outcome) -> list[str]:
        return [f"{child} из {family}" for child, family, o in ended if o == outcome.value]

    return {
        "placements.started": _value("placements.started", started, during),
        "placements.active_at_end": _value("placements.active_at_end", active, f"на {format_date(period.end)}"),
        "placements.ended": _value("placements.ended", [f"{c} из {f}" for c, f, _ in ended], during),
        "placements.returned_home": _value("placements.returned_home", ended_with(Outcome.RETURNED), during),
        "placements.permanent_family": _value("placements.permanent_family", ended_with(Outcome.PERMANENT), during),
        "placements.institution": _value("placements.institution", ended_with(Outcome.INSTITUTION), during),
    }


def _measure_values(session: Session, period: Period, program_id: str | None, today: date) -> dict[str, ComputedValue]:
    rows = load_measure_rows(session, MeasureFilter(program_id=program_id, period=period), today)
    numbers = {row.id: row.full_number for row in rows}
    done = [
        numbers[measure_id]
        for measure_id, status in session.execute(
            select(ExecutionReport.measure_id, ExecutionReport.status).where(
                ExecutionReport.period == period.code, ExecutionReport.territory == own_territory(session)
            )
        )
        if measure_id in numbers and status == ReportStatus.DONE.value
    ]
    overdue = [row.full_number for row in rows if row.overdue_in_period]
    during = f"за {period.label}"
    return {
        "measures.done": _value("measures.done", sorted(done), during),
        "measures.overdue": _value("measures.overdue", overdue, during),
    }


def _case_values(session: Session, keys: list[str], period: Period, program_id: str | None) -> dict[str, ComputedValue]:
    """The case register's figures (codes only in the note: it is stored with the value). A key that a cumulative
    indicator of the program names is read as a running total from the program's start, as the indicator's values
    are kept (a longer period takes the last value, domain/indicators.py), so a family helped in both half-years
    is counted once in the year, not once per half-year."""
    running = _running_totals(session, keys, program_id)
    found = {}
    for key in keys:
        since = running.get(key)
        window = window_of(period.start, period.end, since)
        result = figure(session, key, window)
        if key in AT_END:
            tail = f"на {format_date(period.end)}"
        elif window.start < period.start:
            tail = f"с {format_date(window.start)} по {format_date(window.end)} (с нарастающим итогом)"
        else:
            tail = f"за {period.label}"
        codes = result.codes
        shown = ", ".join(codes[:_CODES_SHOWN]) + (
            f" и ещё {len(codes) - _CODES_SHOWN}" if len(codes) > _CODES_SHOWN else ""
        )
        where = (f"в случаях {shown}" if key in PEOPLE else shown) if codes else ""
        note = f"{SOURCE_LABELS[key].capitalize()}: {format_number(result.count)} {tail}" + (
            f" ({where})" if where else ""
        )
        found[key] = ComputedValue(key, float(result.count), note + ".")
    return found


def _running_totals(session: Session, keys: list[str], program_id: str | None) -> dict[str, date]:
    """Key → the program's start, for the keys a cumulative indicator of the program takes its value from."""
    if program_id is None:
        return {}
    query = (
        select(Indicator.source, Program.period_start)
        .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
        .join(Program, IndicatorGroup.program_id == Program.id)
        .where(Program.id == program_id, Indicator.source.in_(keys), Indicator.cumulative.is_(True))
    )
    return {source: start for source, start in session.execute(query)}
