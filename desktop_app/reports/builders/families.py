"""Реестр ресурсных семей (an extract: each family's stage, places and supervisor) and the statistics of
children's placements for the chosen period and the three before it: begun by legal form, ended by outcome,
still placed at the period's end. At the region: one district's families, or a section per district."""

from __future__ import annotations

from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import READY_STAGES
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import LegalForm, Outcome, PlacementCounts
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.common import official_report, subtitle
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.charts import BarChart, Series
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, day, integer
from desktop_app.services.family_register import FamilyFilter, FamilyRow

REGISTER_LIMIT = 100_000
PERIODS_SHOWN = 4
REGISTER_HEADER = (
    (
        HeaderCell("№ п/п"),
        HeaderCell("Код семьи"),
        HeaderCell("Семья (законные представители)"),
        HeaderCell("Муниципальное образование"),
        HeaderCell("Этап"),
        HeaderCell("С даты"),
        HeaderCell("Мест"),
        HeaderCell("Размещено"),
        HeaderCell("Свободно"),
        HeaderCell("Куратор"),
    ),
)
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
    periods = _periods(request.period)
    sections = []
    for municipality in _municipalities(sources, actor, request):
        rows = sources.families.rows(actor, FamilyFilter(municipality=municipality), limit=REGISTER_LIMIT)
        counts = sources.families.placement_statistics(actor, periods, municipality)
        heading = (municipality or "") if request.all_districts else ""
        sections.append(_register(rows, heading))
        sections.append(_statistics(counts, heading))
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


def _register(rows: list[FamilyRow], district: str) -> Section:
    body = [
        Row.of(
            str(number),
            row.code,
            row.name,
            row.municipality,
            row.stage.label,
            day(row.status_since),
            integer(row.capacity),
            integer(row.placed),
            integer(row.free_places),
            row.supervisor,
        )
        for number, row in enumerate(rows, 1)
    ]
    ready = [row for row in rows if row.stage in READY_STAGES]
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
    notes = ("«Свободно» в строке «Итого» — свободные места в семьях, готовых принять детей.",)
    table = Table(REGISTER_COLUMNS, REGISTER_HEADER, tuple(body), name="Реестр")
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
    )
    title = f"{district}: размещения" if district else "Статистика размещений детей"
    table = Table(columns, header, tuple(body), name="Размещения")
    return Section(
        title, table, charts=(chart,), sheet_name=(f"{district[:20]} — размещения" if district else "Размещения")
    )
