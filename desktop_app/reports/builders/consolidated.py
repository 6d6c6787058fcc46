"""Сводные показатели по региону: for each group of indicators a table with the districts as rows and the
indicators as columns, each district's value, whether and when its bundle came, and «Всего по региону»
combined by the aggregation rules (counts add up, shares are recomputed from the summed parts). A district
that has not reported is marked so, and its cells show «—», never a zero."""

from __future__ import annotations

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.indicators import IndicatorKind, Observation
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.common import chosen_program, indicator_cell, official_report, subtitle
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.charts import BarChart
from desktop_app.reports.model import (
    Cell,
    Column,
    HeaderCell,
    Report,
    Row,
    Section,
    Table,
    empty,
)
from desktop_app.sync.region_view import ConsolidatedRow, DistrictStatus, RegionOverview

COLUMNS_PER_TABLE = 8  # indicators side by side on a landscape A4 page, each still readable


def consolidated_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    if sources.info.kind is not InstallationKind.REGION:
        raise UserError("Сводный отчёт по муниципальным образованиям формирует региональный координатор.")
    program_id, program_title = chosen_program(sources, actor, request)
    overview = sources.region_view.overview(actor, program_id, request.period)
    districts = [
        status
        for status in overview.districts
        if not request.district or request.all_districts or status.district == request.district
    ]
    sections = [_section(title, rows, districts) for title, rows in _tables(overview)]
    sections.append(_reporting(overview, districts))
    title = f"{ReportKind.CONSOLIDATED.label}\n{program_title}"
    # A group a sheet (and a page): each with its own header frozen and printed on every page of it.
    where = subtitle(request.period, sources.info.region_name)
    return official_report(sources, actor, title, sections, where, split=True)


def _tables(overview: RegionOverview) -> list[tuple[str, list[ConsolidatedRow]]]:
    """Indicators by group, a group wider than a page split into parts."""
    groups: dict[str, list[ConsolidatedRow]] = {}
    for row in overview.rows:
        groups.setdefault(row.group, []).append(row)
    tables = []
    for group, rows in groups.items():
        parts = [rows[i : i + COLUMNS_PER_TABLE] for i in range(0, len(rows), COLUMNS_PER_TABLE)]
        for number, part in enumerate(parts, 1):
            suffix = f" (часть {number} из {len(parts)})" if len(parts) > 1 else ""
            tables.append((f"{group}{suffix}", part))
    return tables


def _section(title: str, rows: list[ConsolidatedRow], districts: list[DistrictStatus]) -> Section:
    header = (
        (
            HeaderCell("№ п/п", rowspan=2),
            HeaderCell("Муниципальное образование", rowspan=2),
            HeaderCell("Отчёт за период", rowspan=2),
            HeaderCell("Показатели", colspan=len(rows)),
        ),
        tuple(HeaderCell(f"{row.code} {_short(row.name)}, {row.unit}".strip(", ")) for row in rows),
    )
    columns = (Column(0.5), Column(2.4), Column(1.1), *(Column(1.2) for _ in rows))
    values = [dict(row.by_district) for row in rows]
    body = [
        Row.of(
            str(number),
            status.district,
            status.state,
            *(
                _cell(row, found.get(status.district)) if status.reported else empty()
                for row, found in zip(rows, values, strict=True)
            ),
        )
        for number, status in enumerate(districts, 1)
    ]
    body.append(Row.total("", "Всего по региону", "", *(_cell(row, row.value) for row in rows)))
    notes = tuple(f"{row.code} — {row.name}." for row in rows)
    reported = [status.district for status in districts if status.reported]
    charts = tuple(
        _ranking(row, reported)
        for row in rows
        if row.spec.kind is IndicatorKind.COUNT and row.value.value is not None and reported
    )
    return Section(title, Table(columns, header, tuple(body), name=title), notes, charts)


def _ranking(row: ConsolidatedRow, reported: list[str]) -> BarChart:
    """Every district that reported, the largest value first, each under its whole name."""
    found = dict(row.by_district)
    return BarChart.ranking(
        f"{row.code} {_short(row.name, 90)}: по муниципальным образованиям",
        row.code,
        [(district, _number(found.get(district))) for district in reported],
        row.unit,
    )


def _reporting(overview: RegionOverview, districts: list[DistrictStatus]) -> Section:
    header = (
        (
            HeaderCell("№ п/п"),
            HeaderCell("Муниципальное образование"),
            HeaderCell("Отчёт"),
            HeaderCell("Пакет получен"),
        ),
    )
    body = [
        Row.of(
            str(n),
            status.district,
            status.state,
            status.received_at.astimezone().date() if status.received_at else None,
        )
        for n, status in enumerate(districts, 1)
    ]
    reported = sum(status.reported for status in districts)
    notes = (
        f"Срок представления: {overview.deadline:%d.%m.%Y}. Отчитались {reported} из {len(districts)}"
        f" муниципальных образований.",
    )
    table = Table((Column(0.5), Column(3.0), Column(1.3), Column(1.3)), header, tuple(body), name="Представление")
    return Section("Представление отчётов муниципальными образованиями", table, notes, sheet_name="Представление")


def _cell(row: ConsolidatedRow, observation: Observation | None) -> Cell:
    return indicator_cell(row.spec.kind, observation.value if observation is not None else None)


def _number(observation: Observation | None) -> float | None:
    return observation.value if observation is not None else None


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
