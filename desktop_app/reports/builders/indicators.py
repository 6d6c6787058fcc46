"""Ключевые показатели реализации Программы in the layout of the program document (seed 002): №, name, unit,
the planned values for every period of the program, then the fact for the chosen period and its deviation
from that period's plan; with a plan-against-fact chart and the trend of the facts over the periods."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.actor import Actor
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.periods import Period
from desktop_app.domain.value_format import shown_unit
from desktop_app.reports.builders.common import (
    chosen_program,
    deviation_cell,
    indicator_cell,
    official_report,
    subtitle,
    territories,
)
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.charts import BarChart, LineChart, Series
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table
from desktop_app.services.indicator_facts import FactRow, indicator_facts

MAX_BARS = 12  # more bars than this are unreadable on a page: the chart shows the first ones
MAX_LINES = 6


def indicators_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    program_id, program_title = chosen_program(sources, actor, request)
    plan_periods = [p for p in sources.sheets.periods(actor, program_id) if p.kind is request.period.kind]
    if request.period not in plan_periods:
        plan_periods = sorted([*plan_periods, request.period], key=lambda p: p.start)
    covered = territories(sources, actor, request, program_id)
    # one read of every territory's plans and values for every period, not a sheet each
    facts = indicator_facts(sources.db, actor, program_id, plan_periods, covered)
    sections = [
        _section(facts[territory], request.period, territory if request.all_districts else "") for territory in covered
    ]
    where = None if request.all_districts else (request.district or sources.own_territory)
    title = f"{ReportKind.INDICATORS.label}\n{program_title}"
    return official_report(
        sources, actor, title, sections, subtitle(request.period, where), split=request.all_districts
    )


def _section(sheets: dict[Period, tuple[FactRow, ...]], period: Period, title: str) -> Section:
    periods = list(sheets)
    current = sheets[period]
    plans = {p: {row.indicator_id: row.plan for row in rows} for p, rows in sheets.items()}
    header = (
        (
            HeaderCell("№ п/п", rowspan=2),
            HeaderCell("Наименование показателя реализации Программы", rowspan=2),
            HeaderCell("Единица измерения", rowspan=2),
            HeaderCell("Прогнозируемые значения выполнения показателя Программы", colspan=len(periods)),
            HeaderCell(f"Факт за {period.label}", rowspan=2),
            HeaderCell("Отклонение от плана", rowspan=2),
        ),
        tuple(HeaderCell(p.label) for p in periods),
        tuple(HeaderCell(str(number)) for number in range(1, len(periods) + 6)),
    )
    columns = (Column(0.6), Column(4.0), Column(1.1), *(Column(1.1) for _ in periods), Column(1.1), Column(1.1))
    rows: list[Row] = []
    group = None
    missing = []
    for row in current:
        if row.group != group:
            group = row.group
            rows.append(Row.group(group))
        planned = [indicator_cell(row.spec.kind, plans[p].get(row.indicator_id), row.unit) for p in periods]
        if not row.has_data:
            missing.append(row.code)
        rows.append(
            Row.of(
                row.code,
                row.name,
                shown_unit(row.spec.kind, row.unit),
                *planned,
                indicator_cell(row.spec.kind, row.value, row.unit),
                deviation_cell(row.spec.kind, row.deviation, row.unit),
            )
        )
    notes = ["Отклонение — факт минус план периода; для долей — в процентных пунктах."]
    if missing:
        notes.append(f"Нет данных за период по показателям: {', '.join(missing)}.")
    commented = [f"{row.code}: {row.comment}" for row in current if row.comment.strip()]
    if commented:
        notes.append("Пояснения: " + "; ".join(commented) + ".")
    return Section(
        title,
        Table(columns, header, tuple(rows), name="Показатели"),
        tuple(notes),
        _charts(current, sheets, period),
        sheet_name=title[:31],
        territory=title,
        # in a report on every district, one that entered nothing for the period is named, not printed
        no_data=bool(title) and not any(row.has_data for row in current),
    )


def _charts(rows: Sequence[FactRow], sheets: dict[Period, tuple[FactRow, ...]], period: Period) -> tuple:  # type: ignore[type-arg]
    charts: list[BarChart | LineChart] = []
    for kind, unit in ((IndicatorKind.COUNT, "ед."), (IndicatorKind.PERCENTAGE, "%")):
        items = [(row.code, row.plan, row.value) for row in rows if row.spec.kind is kind and row.has_value]
        if items:
            title = "План и факт: " + ("количественные показатели" if kind is IndicatorKind.COUNT else "доли, %")
            charts.append(BarChart.plan_vs_fact(f"{title}, {period.label}", items[:MAX_BARS], unit))
    past = [p for p in sheets if p.start <= period.start]
    if len(past) > 1:
        facts = {p: {row.indicator_id: row.value for row in sheets[p]} for p in past}
        known = [row for row in rows if any(facts[p].get(row.indicator_id) is not None for p in past)]
        shares = [row for row in known if row.spec.kind is IndicatorKind.PERCENTAGE]
        traced = shares or known  # one unit on one axis: the shares, when there are any
        series = tuple(
            Series(row.code, tuple(facts[p].get(row.indicator_id) for p in past)) for row in traced[:MAX_LINES]
        )
        if series:
            unit = "%" if shares else ""
            charts.append(LineChart("Динамика фактических значений", tuple(p.label for p in past), series, unit))
    return tuple(charts)
