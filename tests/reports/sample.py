"""A report shaped like the key indicators report: two-level header, groups, totals, notes, charts."""

from __future__ import annotations

from datetime import date

from desktop_app.reports.charts import BarChart, LineChart, Series
from desktop_app.reports.model import (
    Align,
    Approval,
    Column,
    HeaderCell,
    Report,
    Row,
    Section,
    Signature,
    Table,
    decimal,
    integer,
    percent,
)

COLUMNS = (
    Column(0.6, Align.CENTER),
    Column(5.0),
    Column(1.1, Align.CENTER),
    Column(1.2),
    Column(1.2),
    Column(1.2),
    Column(1.2),
    Column(1.3),
    Column(1.2),
)
HEADER = (
    (
        HeaderCell("№ п/п", rowspan=2),
        HeaderCell("Наименование показателя", rowspan=2),
        HeaderCell("Единица измерения", rowspan=2),
        HeaderCell("Базовое значение", rowspan=2),
        HeaderCell("I полугодие 2026 г.", colspan=3),
        HeaderCell("Отклонение", colspan=2),
    ),
    (
        HeaderCell("план"),
        HeaderCell("факт"),
        HeaderCell("исполнено, %"),
        HeaderCell("абс."),
        HeaderCell("дата оценки"),
    ),
)


def indicator_rows(count: int) -> list[Row]:
    rows: list[Row] = []
    for number in range(1, count + 1):
        if number % 40 == 1:
            rows.append(Row.group(f"Раздел {number // 40 + 1}. Профилактика социального сиротства"))
        plan = 1000 + number * 7.25
        fact = plan * (0.9 + (number % 5) * 0.04)
        rows.append(
            Row.of(
                f"{number}.",
                f"Численность детей, переданных на воспитание в семьи граждан, показатель № {number}",
                "чел.",
                integer(900 + number),
                decimal(plan, 1),
                decimal(fact, 1),
                percent(fact / plan * 100, 1),
                decimal(fact - plan, 1),
                date(2026, 7, 1 + number % 28),
            )
        )
    rows.append(Row.total("", "Итого", "", integer(123456), decimal(1234.5, 1), decimal(2345.25, 1), None, None, None))
    return rows


def sample_report(rows: int = 120, *, long_cell: str = "") -> Report:
    body = indicator_rows(rows)
    if long_cell:
        body.insert(3, Row.of("3а.", long_cell, "чел.", 1, 2.0, 3.0, None, None, None))
    table = Table(COLUMNS, HEADER, tuple(body), name="Показатели")
    chart = BarChart.plan_vs_fact(
        "План и факт по ключевым показателям",
        [("Дети в семьях", 120, 118), ("Ресурсные семьи", 5, 3), ("Возвраты детей", 4, None), ("Патронат", 10, 12.5)],
        unit="чел.",
    )
    trend = LineChart(
        "Динамика по полугодиям",
        ("I пол. 2025", "II пол. 2025", "I пол. 2026", "II пол. 2026"),
        (Series("Выявлено детей", (40, 35, 31, None)), Series("Устроено в семьи", (30, 29, 30, 28))),
        unit="чел.",
    )
    return Report(
        title="Отчёт о достижении ключевых показателей программы «Дети в семье»",
        subtitle="за I полугодие 2026 г.",
        organisation="Отдел опеки и попечительства администрации Плесецкого муниципального округа",
        approval=Approval("Глава Плесецкого муниципального округа", "А. А. Смирнов"),
        sections=(
            Section(
                table=table,
                notes=(
                    "Примечание. Фактические значения приведены по данным реестра ресурсных семей на 01.07.2026.",
                    "Показатели со знаком «—» за период не рассчитываются.",
                ),
                charts=(chart, trend),
            ),
        ),
        signatures=(
            Signature("Начальник отдела опеки и попечительства", "Е. В. Петрова", date(2026, 7, 3)),
            Signature("Исполнитель: главный специалист", "О. Н. Кузнецова"),
        ),
        made_on=date(2026, 7, 3),
    )
