"""Реестр ресурсных семей (an extract: each family's stage, places and supervisor) and the statistics of
children's placements for the chosen period and the three before it: begun by legal form, ended by outcome,
still placed at the period's end. At the region: one district's families, or a section per district."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from desktop_app.domain.actor import Actor
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.placements import LegalForm, Outcome, PlacementCounts
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.common import official_report, subtitle
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.charts import BarChart, Series
from desktop_app.reports.model import Cell, Column, HeaderCell, Report, Row, Section, Table, as_cell, day, integer, text
from desktop_app.services.family_register_region import placement_statistics_of, registers_on
from desktop_app.services.family_rows import RegisterOnDay

PERIODS_SHOWN = 4
REGISTER_COLUMNS = (
    Column(0.5),
    Column(0.9),
    Column(2.6),
    Column(1.8),
    Column(1.3),
    Column(0.9),
    Column(0.6),
    Column(0.8),
    Column(0.8),
    Column(1.6),
)
FORMS = tuple(LegalForm)
OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.ONGOING)


def families_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    """The register and the placements as they stood at the end of the period, whenever the report is made."""
    periods = _periods(request.period)
    sections = []
    municipalities = _municipalities(sources, actor, request)
    named = [name for name in municipalities if name]
    registers: dict[str, RegisterOnDay] = {}
    statistics: dict[str, list[PlacementCounts]] = {}
    if len(named) == len(municipalities):  # every district's families read at once, not a register each
        registers = registers_on(sources.db, actor, request.period.end, named)
        statistics = placement_statistics_of(sources.db, actor, periods, named)
    for municipality in municipalities:
        if municipality in registers:
            register, counts = registers[municipality], statistics[municipality]
        else:  # the whole register, as one
            register = sources.families.register_on(actor, request.period.end, municipality)
            counts = sources.families.placement_statistics(actor, periods, municipality)
        heading = (municipality or "") if request.all_districts else ""
        sections.append(_register(register, heading))
        sections.append(_statistics(_from_first(counts, register.first_step), heading))
    where = None if request.all_districts else (request.district or sources.info.district_name)
    return official_report(
        sources,
        actor,
        ReportKind.FAMILIES.label,
        sections,
        subtitle(request.period, where),
        approved=False,
        split=request.all_districts,
    )


def _municipalities(sources: ReportSources, actor: Actor, request: ReportRequest) -> list[str | None]:
    if request.district == ALL_DISTRICTS:
        return list(sources.families.municipalities(actor))
    if request.district:
        return [request.district]
    # a district's own register holds only its families; the region without a choice shows them all
    return [None] if sources.info.kind is InstallationKind.REGION else [sources.info.district_name]


def _periods(period: Period) -> list[Period]:
    found = [period]
    while len(found) < PERIODS_SHOWN:
        found.insert(0, found[0].previous())
    return found


def _from_first(counts: list[PlacementCounts], first_step: date | None) -> list[PlacementCounts]:
    """The periods from the one the first family entered the lists in (or the first placement, should the
    steps be missing); the chosen period always stays, so the table is never empty."""
    start = 0
    while (
        start < len(counts) - 1
        and _empty(counts[start])
        and (first_step is None or counts[start].period.end < first_step)
    ):
        start += 1
    return counts[start:]


def _empty(item: PlacementCounts) -> bool:
    return not (item.started or item.ended or item.ongoing_at_end)


def _register_header(day_text: str) -> tuple[tuple[HeaderCell, ...], ...]:
    return (
        (
            HeaderCell("№ п/п"),
            HeaderCell("Код семьи"),
            HeaderCell("Семья (законные представители)"),
            HeaderCell("Муниципальное образование"),
            HeaderCell(f"Этап на {day_text}"),
            HeaderCell("С даты"),
            HeaderCell("Мест"),
            HeaderCell(f"Размещено на {day_text}"),
            HeaderCell("Свободно"),
            HeaderCell("Куратор"),
        ),
    )


def _register(register: RegisterOnDay, district: str) -> Section:
    rows = register.rows
    # A district's families share their municipality, stages, supervisors, dates and small counts: each such
    # cell is made once (cells are immutable) rather than once per family, 600 000 of them at the region.
    shared: dict[tuple[object, ...], Cell] = {}

    def once(kind: object, value: object, make: Callable[[Any], Cell]) -> Cell:
        key = (kind, value)
        found = shared.get(key)
        if found is None:
            found = shared[key] = make(value)
        return found

    body = [
        Row(
            (
                text(str(number)),
                as_cell(row.code),
                as_cell(row.name),
                once(str, row.municipality, as_cell),
                once(str, row.stage.label, as_cell),
                once(date, row.status_since, day),
                once(int, row.capacity, integer),
                once(int, row.placed, integer),
                once(int, row.free_places, integer),
                once(str, row.supervisor, as_cell),
            )
        )
        for number, row in enumerate(rows, 1)
    ]
    ready = register.ready
    body.append(
        Row.total(
            "",
            "Итого",
            f"семей: {len(rows)}, готовы принять детей: {len(ready)}",
            "",
            "",
            "",
            integer(sum(row.capacity for row in rows)),
            integer(sum(row.placed for row in rows)),
            integer(sum(row.free_places for row in ready)),
            "",
        )
    )
    title = f"{district}: реестр" if district else "Реестр ресурсных семей"
    day_text = format_date(register.day)
    notes = (
        f"Этапы семей и размещённые дети — на {day_text}, конец отчётного периода; семьи, появившиеся позже, "
        "в выписку не входят.",
        "«Свободно» в строке «Итого» — свободные места в семьях, готовых принять детей.",
    )
    table = Table(REGISTER_COLUMNS, _register_header(day_text), tuple(body), name="Реестр")
    return Section(title, table, notes, sheet_name=(f"{district[:20]} — реестр" if district else "Реестр"))


def _statistics(counts: list[PlacementCounts], district: str) -> Section:
    header = (
        (
            HeaderCell("Период", rowspan=2),
            HeaderCell("Начато размещений", colspan=len(FORMS) + 1),
            HeaderCell("Завершено размещений", colspan=len(OUTCOMES) + 1),
            HeaderCell("Размещено на конец периода", rowspan=2),
        ),
        (
            HeaderCell("всего"),
            *(HeaderCell(form.label) for form in FORMS),
            HeaderCell("всего"),
            *(HeaderCell(outcome.label) for outcome in OUTCOMES),
        ),
    )
    columns = (Column(1.6), *(Column(1.0) for _ in range(len(FORMS) + len(OUTCOMES) + 3)))
    body = [
        Row.of(
            item.period.label,
            integer(item.started),
            *(integer(item.started_by_form.get(form.value, 0)) for form in FORMS),
            integer(item.ended),
            *(integer(item.ended_by_outcome.get(outcome.value, 0)) for outcome in OUTCOMES),
            integer(item.ongoing_at_end),
        )
        for item in counts
    ]
    chart = BarChart(
        "Размещения детей по периодам",
        tuple(item.period.label for item in counts),
        (
            Series("Начато", tuple(float(item.started) for item in counts)),
            Series("Завершено", tuple(float(item.ended) for item in counts)),
            Series("На конец периода", tuple(float(item.ongoing_at_end) for item in counts)),
        ),
        "детей",
        whole_numbers=True,
    )
    title = f"{district}: размещения" if district else "Статистика размещений детей"
    table = Table(columns, header, tuple(body), name="Размещения")
    return Section(
        title, table, charts=(chart,), sheet_name=(f"{district[:20]} — размещения" if district else "Размещения")
    )
