"""Read-only, set-based: the plan and fact of every indicator of a program for many territories and periods at
once, for the printed reports. What ``IndicatorSheets.sheet`` gives one territory and period at a time (the
same indicators, plans and values), without the checks, locks and offers a report does not print: at the
region a report over 60 districts and five periods is four queries, not one sheet (and a dozen queries) each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.indicators import IndicatorSpec, IndicatorState, observe
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.domain.value_format import shown_unit
from desktop_app.services.indicator_sheet import StoredFigure, program_or_missing, spec_of
from desktop_app.services.measure_list import chunks
from desktop_app.storage.database import Database
from desktop_app.storage.models import Indicator, IndicatorGroup, IndicatorPlan, IndicatorValue


@dataclass(frozen=True)
class FactRow(StoredFigure):
    """One indicator of a territory in a period: its plan (the territory's own or the program's) and value."""

    indicator_id: str
    code: str
    group: str
    name: str
    unit: str
    spec: IndicatorSpec
    plan: float | None
    value: float | None
    numerator: float | None
    denominator: float | None
    comment: str


@dataclass(frozen=True)
class _Indicator:
    id: str
    code: str
    name: str
    active: bool
    group: str
    spec: IndicatorSpec
    unit: str


Facts = dict[str, dict[Period, tuple[FactRow, ...]]]  # territory → period → rows in the program's order


def indicator_facts(
    db: Database, actor: Actor, program_id: str, periods: Sequence[Period], territories: Sequence[str]
) -> Facts:
    """Every territory's rows for every period, as ``IndicatorSheets.sheet`` would list them: the program's
    active indicators and the retired ones that have a value in that period."""
    actor.require(Permission.VIEW_DATA)
    codes = [period.code for period in periods]
    wanted = set(territories)
    with db.reading() as session:
        program_or_missing(session, program_id)
        query = (
            select(Indicator, IndicatorGroup.number, IndicatorGroup.title)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program_id)
            .where(Indicator.state.in_([IndicatorState.ACTIVE.value, IndicatorState.RETIRED.value]))
            .order_by(IndicatorGroup.position, Indicator.position)
        )
        indicators = [  # plain values: nothing of the session is read after it closes
            _Indicator(
                indicator.id,
                indicator.code,
                indicator.name,
                indicator.state == IndicatorState.ACTIVE.value,
                f"{number} {title}".strip(),
                spec_of(indicator),
                shown_unit(spec_of(indicator).kind, indicator.unit),
            )
            for indicator, number, title in session.execute(query)
        ]
        ids = [indicator.id for indicator in indicators]
        retired = [indicator.id for indicator in indicators if not indicator.active]
        shown_retired: set[tuple[str, str]] = set()  # (indicator, period): a retired one with a value anywhere
        if retired:
            shown_retired = {
                (str(indicator_id), str(code))
                for indicator_id, code in session.execute(
                    select(IndicatorValue.indicator_id, IndicatorValue.period)
                    .where(IndicatorValue.indicator_id.in_(retired), IndicatorValue.period.in_(codes))
                    .distinct()
                )
            }
        plans: dict[tuple[str, str, str], float | None] = {}  # (indicator, period, territory or "")
        values: dict[tuple[str, str, str], tuple[float | None, float | None, float | None, str]] = {}
        for part in chunks(ids):
            plan_query = select(
                IndicatorPlan.indicator_id, IndicatorPlan.period, IndicatorPlan.territory, IndicatorPlan.value
            ).where(IndicatorPlan.indicator_id.in_(part), IndicatorPlan.period.in_(codes))
            for indicator_id, code, territory, value in session.execute(plan_query):
                if territory == "" or territory in wanted:
                    plans[(indicator_id, code, territory)] = value
            value_query = select(
                IndicatorValue.indicator_id,
                IndicatorValue.period,
                IndicatorValue.territory,
                IndicatorValue.value,
                IndicatorValue.numerator,
                IndicatorValue.denominator,
                IndicatorValue.comment,
            ).where(IndicatorValue.indicator_id.in_(part), IndicatorValue.period.in_(codes))
            for indicator_id, code, territory, value, numerator, denominator, comment in session.execute(value_query):
                if territory in wanted:
                    values[(indicator_id, code, territory)] = (value, numerator, denominator, comment or "")
    facts: Facts = defaultdict(dict)
    for territory in territories:
        for period in periods:
            rows = []
            for indicator in indicators:
                key = (indicator.id, period.code)
                if not indicator.active and key not in shown_retired:
                    continue
                own = (*key, territory)
                plan = plans[own] if own in plans else plans.get((*key, ""))
                value, numerator, denominator, comment = values.get(own, (None, None, None, ""))
                rows.append(
                    FactRow(
                        indicator.id,
                        indicator.code,
                        indicator.group,
                        indicator.name,
                        indicator.unit,
                        indicator.spec,
                        plan,
                        observe(indicator.spec, value, numerator, denominator).value,
                        numerator,
                        denominator,
                        comment,
                    )
                )
            facts[territory][period] = tuple(rows)
    return dict(facts)
