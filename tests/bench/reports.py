"""Issue 26 §2: every report kind at region scale — 60 districts — built from the region's database and
rendered as PDF and as XLSX (< 3 s each; the families register of 60 000 rows < 10 s), each beside its
renderer's floor: the same cells written by the bare renderer (reportlab tables of plain strings, one per printed
table; an openpyxl write-only workbook of the same values, a sheet per table when the report has a sheet per
section) from data already in memory, as a ratio (target ≤ 3×). The PDF floor draws each chart's marks with bare
canvas calls (BareChart); the XLSX floor adds openpyxl charts of the same values.

The region is made directly in its tables (the program of the demo, 60 districts that sent their bundles, their
indicator values for every half-year, their reports on every measure, 1 000 families each with steps and
placements), so the figure is the report — the queries, the builder and the renderer — not the import.
``python -m tests.bench.reports`` prints it alone (``families`` or another kind for that kind only, ``--rounds 3``
for the median of three rounds).
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable  # type: ignore[import-untyped]
from sqlalchemy import insert, select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program, territory_directory
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    ChildPlacement,
    ExecutionReport,
    FamilyStep,
    ImportLogEntry,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    Measure,
    Program,
    ResourceFamily,
    SyncPeer,
)
from tests.bench.targets import verdict

DISTRICTS = 60
FAMILIES = 1000  # per district: 60 000 in the region's register
REGION = SetupRequest(
    kind=InstallationKind.REGION,
    region_code="29",
    district_name="",
    organisation_name="Министерство",
    admin_login="coordinator",
    admin_full_name="Координатор",
    admin_password="region-2025",
)
TODAY = date(2026, 7, 10)
Row = tuple[str, float, float | None, str]


def district_names() -> list[str]:
    """The directory's districts of the region first, then made-up ones up to DISTRICTS."""
    names = [district.name for district in territory_directory().region(REGION.region_code).districts]
    names = names[:DISTRICTS]
    names += [f"Муниципальный округ № {n}" for n in range(1, DISTRICTS - len(names) + 1)]
    return names


def build_region(folder: Path) -> tuple[Database, DataPaths, Period]:
    """The region's database with every district's data; the period the reports are made for."""
    paths = DataPaths(folder / "region")
    db = create_installation(paths, REGION)
    paths.ensure()
    with db.transaction() as session:
        store_program(session, demo_program())
    rnd = random.Random(26)
    with db.transaction() as session:
        program = session.scalars(select(Program)).one()
        indicators = list(
            session.execute(
                select(Indicator.id, Indicator.kind)
                .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
                .where(IndicatorGroup.program_id == program.id)
            )
        )
        measures = list(session.scalars(select(Measure.id)))
        periods = _half_years(program.period_start, program.period_end)
        period = periods[min(len(periods) - 1, 2)]
        names = district_names()
        peers, log, values, reports, families, steps, placements = [], [], [], [], [], [], []
        for number, name in enumerate(names):
            installation = str(uuid.uuid4())
            peers.append({"installation_id": installation, "kind": "district", "district": name, "name": name})
            if number % 10 == 9:
                continue  # one district in ten sent nothing for the period
            at = datetime.combine(period.end, datetime.min.time(), tzinfo=UTC) + timedelta(days=number % 30)
            log.append({"at": at, "source_installation": installation, "result": "applied", "periods": [period.code]})
            for when in periods[: periods.index(period) + 1]:
                for indicator_id, kind in indicators:
                    if kind == "percentage":
                        denominator = rnd.randint(1, 40)
                        numerator = rnd.randint(0, denominator)
                        value = 100 * numerator / denominator
                        parts: tuple[float | None, float | None] = (numerator, denominator)
                    else:
                        value, parts = float(rnd.randint(0, 300)), (None, None)
                    values.append(
                        {
                            "id": str(uuid.uuid4()),
                            "indicator_id": indicator_id,
                            "period": when.code,
                            "territory": name,
                            "value": value,
                            "numerator": parts[0],
                            "denominator": parts[1],
                            "status": "submitted",
                        }
                    )
            for measure_id in measures:
                reports.append(
                    {
                        "id": str(uuid.uuid4()),
                        "measure_id": measure_id,
                        "period": period.code,
                        "territory": name,
                        "status": rnd.choice(["done", "partially_done", "in_progress"]),
                        "done_text": "Проведены занятия с семьями, консультации специалистов, выезды на дом.",
                        "quantity": float(rnd.randint(1, 40)),
                        "reported_by": "Специалист",
                        "reported_at": at,
                        "approved_by": "Руководитель" if rnd.random() < 0.7 else "",
                        "approved_at": at if rnd.random() < 0.7 else None,
                    }
                )
            for n in range(1, FAMILIES + 1):
                family = str(uuid.uuid4())
                since = period.start - timedelta(days=rnd.randint(0, 900))
                families.append(
                    {
                        "id": family,
                        "code": f"РС-{number + 1:02d}-{n:04d}",
                        "display_name": f"РС-{number + 1:02d}-{n:04d}",
                        "municipality": name,
                        "status": rnd.choice(["candidate", "in_register", "active"]),
                        "status_since": since,
                        "capacity_children": rnd.randint(1, 4),
                        "supervisor": f"Куратор {n % 7 + 1}",
                        "search_key": f"рс-{number + 1:02d}-{n:04d}",
                    }
                )
                steps.append({"id": str(uuid.uuid4()), "family_id": family, "stage": "candidate", "on_date": since})
                if n % 3 == 0:
                    start = since + timedelta(days=rnd.randint(30, 400))
                    ended = start + timedelta(days=rnd.randint(30, 500)) if n % 2 else None
                    placements.append(
                        {
                            "id": str(uuid.uuid4()),
                            "family_id": family,
                            "child_code": f"Р-{number}-{n}",
                            "child_birth_date": date(2020, 1, 1),
                            "child_sex": "м",
                            "start_date": start,
                            "end_date": ended,
                            "legal_form": rnd.choice(["parental_request", "preliminary", "other"]),
                            "outcome": rnd.choice(["returned", "permanent", "institution"]) if ended else "ongoing",
                        }
                    )
        for model, rows in (
            (SyncPeer, peers),
            (ImportLogEntry, log),
            (IndicatorValue, values),
            (ExecutionReport, reports),
            (ResourceFamily, families),
            (FamilyStep, steps),
            (ChildPlacement, placements),
        ):
            if rows:
                session.execute(insert(model), rows)
    return db, paths, period


def _half_years(start: date, end: date) -> list[Period]:
    found = [Period.parse(f"{start.year}-H{1 if start.month <= 6 else 2}")]
    while found[-1].end < end:
        found.append(found[-1].next())
    return found


def report_cells(report: Any) -> list[list[list[str]]]:
    """The body cells of every printed table, as text, table by table."""
    from desktop_app.reports.formatting import cell_text

    return [[[cell_text(cell) for cell in row.cells] for row in table.rows] for table in report.tables]


def report_charts(report: Any) -> list[Any]:
    """The charts of the printed sections, in order."""
    return [chart for section in report.printed_sections for chart in section.charts]


def bare_pdf(tables: list[list[list[str]]], charts: tuple[Any, ...] | list[Any] = ()) -> float:
    """The same cells as reportlab tables of plain strings, a table per printed table, each on new pages, and the
    same charts' marks put straight on the canvas, a page each (BareChart). One LongTable of every row
    (the floor before) re-lays the whole remainder at every page, quadratic in the rows (60 000 rows did not
    finish), which no renderer of the report does; and a floor without the charts set a report of 96 charts
    against its few small tables."""
    from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
    from reportlab.platypus import LongTable, PageBreak, SimpleDocTemplate  # type: ignore[import-untyped]

    from desktop_app.reports.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    # The report's font: reportlab's default Helvetica has no Cyrillic, and spelling Cyrillic in it letter by
    # letter (into missing glyphs) cost more than the whole report.
    style = [("FONT", (0, 0), (-1, -1), REGULAR, 9)]
    started = time.perf_counter()
    document = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4))
    story: list[Any] = []
    for cells in tables:
        width = max(len(row) for row in cells)
        padded = [row + [""] * (width - len(row)) for row in cells]
        # Columns of a set width, as the report's: left to itself reportlab measures every string to size them,
        # and a table wider than the page makes it try every page in turn.
        columns = [document.width / width] * width
        story += [LongTable(padded, colWidths=columns, repeatRows=1, style=style), PageBreak()]
    story += [BareChart(chart, REGULAR, BOLD) for chart in charts]
    document.build(story)
    return time.perf_counter() - started


class BareChart(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """The marks the report's chart shows, each drawn by one bare canvas call, a chart a page: its title, the
    legend (a swatch and a name per series when there are several) and the unit, the value axis with its ticks,
    numbers and grid lines, each category's name, the bars — or a line with a marker per point — and the values
    the report prints on them (on every bar laid across, on upright bars while there are at most 24). The floor
    before drew only the names, the bars and a value on every bar: set against axes, legends and titles it
    compared unlike work."""

    def __init__(self, chart: Any, font: str, bold: str) -> None:
        super().__init__()
        self.chart, self.font, self.bold = chart, font, bold

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height - 1

    def draw(self) -> None:
        from desktop_app.reports.charts import LineChart
        from desktop_app.reports.formatting import format_decimal

        canvas, chart = self.canv, self.chart
        top = max((v for series in chart.series for v in series.values if v is not None), default=1.0) or 1.0
        width, height = self.width, self.height
        canvas.setFont(self.bold, 11)
        canvas.drawCentredString(width / 2, height - 12, chart.title)
        canvas.setFont(self.font, 8)
        if chart.unit:
            canvas.drawString(0, height - 26, chart.unit)
        for number, series in enumerate(chart.series if len(chart.series) > 1 else ()):
            canvas.rect(width / 2 + number * 90, height - 28, 8, 8, stroke=1, fill=1)
            canvas.drawString(width / 2 + number * 90 + 12, height - 27, series.name)
        left, bottom, plot_height = 150.0, 20.0, height - 60
        canvas.line(left, bottom, left, bottom + plot_height)
        canvas.line(left, bottom, width - 20, bottom)
        for tick in range(6):
            y = bottom + plot_height * tick / 5
            canvas.line(left - 5, y, width - 20, y)
            canvas.drawRightString(left - 7, y - 3, format_decimal(top * tick / 5, 0))
        slots = len(chart.categories) * max(1, len(chart.series))
        step = plot_height / slots
        values_shown = getattr(chart, "horizontal", False) or slots <= 24
        canvas.setFont(self.font, 7)
        for index, category in enumerate(chart.categories):
            canvas.drawRightString(left - 30, bottom + index * len(chart.series) * step, category[:40])
        for number, series in enumerate(chart.series):
            points = []
            for index, value in enumerate(series.values):
                if value is None:
                    continue
                y = bottom + (index * len(chart.series) + number) * step
                length = (width - left - 60) * value / top
                if isinstance(chart, LineChart):
                    points.append((left + length, y))
                    canvas.circle(left + length, y, 2, stroke=1, fill=1)
                    continue
                canvas.rect(left, y, length, step * 0.8, stroke=1, fill=1)
                if values_shown:
                    canvas.drawString(left + length + 3, y, format_decimal(value, 0 if value.is_integer() else 1))
            if len(points) > 1:
                path = canvas.beginPath()
                path.moveTo(*points[0])
                for point in points[1:]:
                    path.lineTo(*point)
                canvas.drawPath(path, stroke=1, fill=0)


def bare_xlsx(tables: list[list[list[str]]], split: bool, charts: tuple[Any, ...] | list[Any] = ()) -> float:
    """The same cells as values of an openpyxl write-only workbook, a sheet per table when the report splits
    its sections into sheets (every write-only sheet is a file of its own until saved), and the same charts as
    openpyxl charts of their values on one more sheet."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart as XlBarChart
    from openpyxl.chart import LineChart as XlLineChart
    from openpyxl.chart import Reference

    from desktop_app.reports.charts import LineChart

    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for number, cells in enumerate(tables):
        if split and number:
            sheet = workbook.create_sheet()
        for row in cells:
            sheet.append(row)
    if charts:
        sheet = workbook.create_sheet()
        row = 1
        for chart in charts:
            sheet.append(["", *(series.name for series in chart.series)])
            for index, category in enumerate(chart.categories):
                sheet.append([category, *(series.values[index] for series in chart.series)])
            plot = XlLineChart() if isinstance(chart, LineChart) else XlBarChart()
            last = row + len(chart.categories)
            plot.add_data(Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=row, max_row=last), True)
            plot.set_categories(Reference(sheet, min_col=1, min_row=row + 1, max_row=last))
            sheet.add_chart(plot, f"E{row}")
            row = last + 1
    workbook.save(io.BytesIO())
    return time.perf_counter() - started


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


KINDS = (
    (ReportKind.CONSOLIDATED, "Сводный отчёт", "< 3, ≤ 3×"),
    (ReportKind.INDICATORS, "Показатели по всем МО", "< 3, ≤ 3×"),
    (ReportKind.MEASURES, "«Дорожная карта» по всем МО", "< 3, ≤ 3×"),
    (ReportKind.FAMILIES, f"Реестр семей по всем МО ({DISTRICTS * FAMILIES:,} семей)".replace(",", " "), "< 10, ≤ 3×"),
)


def report_rows(
    folder: Path | None = None,
    kinds: tuple[ReportKind, ...] = (),
    show: Callable[[list[Row]], None] | None = None,
    rounds: int = 1,
) -> list[Row]:
    """The rows of every report kind (or of ``kinds``); ``show`` is given each kind's rows as they are measured.
    With ``rounds`` above one each figure (the report's and its floor's alike) is the median of that many rounds,
    the rounds of a kind taken one after the other so that a report and its floor meet the same load."""
    from desktop_app.reports.pdf import pdf_bytes
    from desktop_app.reports.xlsx import xlsx_bytes

    with tempfile.TemporaryDirectory() as work:
        db, paths, period = build_region(Path(folder or work))
        try:
            sources = ReportSources.open(db, paths, TODAY)
            pdf_bytes(build_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.CONSOLIDATED, period)))  # warm
            rows: list[Row] = []
            for kind, label, target in KINDS:
                if kinds and kind not in kinds:
                    continue
                request = ReportRequest(kind, period, None if kind is ReportKind.CONSOLIDATED else ALL_DISTRICTS)
                figures = [_round(sources, request, pdf_bytes, xlsx_bytes) for _ in range(max(1, rounds))]
                built, rendered, pdf_floor, rebuilt, written, xlsx_floor = (
                    statistics.median(round_[index] for round_ in figures) for index in range(6)
                )
                rows.append((f"{label}, PDF, с (база: голые таблицы и диаграммы)", built + rendered, pdf_floor, target))
                rows.append(("  из них построение из базы, с", built, None, "—"))
                rows.append((f"{label}, XLSX, с (база: openpyxl write-only)", rebuilt + written, xlsx_floor, target))
                if show is not None:
                    show(rows[-3:])
        finally:
            db.close()
    return rows


def _round(sources: ReportSources, request: ReportRequest, pdf_bytes: Any, xlsx_bytes: Any) -> tuple[float, ...]:
    """One round of a kind: built and rendered as PDF, its floor; built again and written as XLSX, its floor."""
    built, report = _timed(lambda: build_report(sources, SYSTEM_ACTOR, request))
    rendered, _ = _timed(lambda: pdf_bytes(report))
    cells, charts = report_cells(report), report_charts(report)
    pdf_floor = bare_pdf(cells, charts)
    del report, cells, charts
    rebuilt, report = _timed(lambda: build_report(sources, SYSTEM_ACTOR, request))
    written, _ = _timed(lambda: xlsx_bytes(report))
    xlsx_floor = bare_xlsx(report_cells(report), report.split_sections, report_charts(report))
    return built, rendered, pdf_floor, rebuilt, written, xlsx_floor


def _show(rows: list[Row]) -> None:
    for name, value, base, target in rows:
        ratio, floor = (f"{value / base:.2f}", f"{base:8.3f}") if base else ("—", f"{'—':>8}")
        print(f"{name:80} {value:8.3f} {target:>6} {floor} {ratio:>8}", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    times = 1
    if "--rounds" in arguments:  # «--rounds 3»: the median of three rounds, for a machine shared with others
        at = arguments.index("--rounds")
        times = int(arguments[at + 1])
        del arguments[at : at + 2]
    measured = report_rows(kinds=tuple(ReportKind(arg) for arg in arguments), show=_show, rounds=times)
    print(verdict(measured))
