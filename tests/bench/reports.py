"""Issue 7: the consolidated report for 60 districts × 40 indicators, as PDF and as XLSX (< 3 s each), against
a bare reportlab table and a bare openpyxl sheet of the same cells (no merged header, styles or page setup).

The region's data is made up in memory (an overview of 60 districts and 40 indicators in five groups), so the
figure is the builder and the renderers, not the database. ``python -m tests.bench.reports`` prints it alone.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.indicators import IndicatorKind, IndicatorSpec, Observation, combine_districts
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.consolidated import consolidated_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.services.installation import InstallationInfo
from desktop_app.sync.region_view import ConsolidatedRow, DistrictStatus, RegionOverview

DISTRICTS, INDICATORS = 60, 40
PERIOD = Period.parse("2026-H1")


def _overview() -> RegionOverview:
    rnd = random.Random(7)
    names = [f"Муниципальный округ № {n}" for n in range(1, DISTRICTS + 1)]
    statuses = tuple(
        DistrictStatus(
            name, datetime(2026, 7, 2, tzinfo=UTC) if n % 9 else None, 3, "вовремя" if n % 9 else "нет пакета"
        )
        for n, name in enumerate(names, 1)
    )
    rows = []
    for number in range(INDICATORS):
        spec = IndicatorSpec(IndicatorKind.PERCENTAGE if number % 3 == 0 else IndicatorKind.COUNT)
        own = []
        for status in statuses:
            if not status.reported:
                continue
            if spec.kind is IndicatorKind.PERCENTAGE:
                denominator = rnd.randint(1, 40)
                numerator = rnd.randint(0, denominator)
                own.append((status.district, Observation(100 * numerator / denominator, numerator, denominator)))
            else:
                own.append((status.district, Observation(float(rnd.randint(0, 300)))))
        code = f"{number // 8 + 1}.{number % 8 + 1}"
        rows.append(
            ConsolidatedRow(
                code,
                f"Показатель {code}: количество семей и детей, получивших помощь в рамках программы",
                "%" if spec.kind is IndicatorKind.PERCENTAGE else "единиц",
                combine_districts(spec, [observation for _, observation in own]),
                tuple(name for name, _ in own),
                f"{number // 8 + 1}. Группа показателей {number // 8 + 1}",
                spec,
                tuple(own),
            )
        )
    return RegionOverview(PERIOD, date(2026, 7, 3), statuses, tuple(rows))


@dataclass(frozen=True)
class _Sheets:
    def programs(self, _actor: Any) -> list[tuple[str, str]]:
        return [("program", "Региональная программа по профилактике социального сиротства")]


@dataclass(frozen=True)
class _RegionView:
    overview_data: RegionOverview

    def overview(self, _actor: Any, _program: str, _period: Period) -> RegionOverview:
        return self.overview_data


@dataclass(frozen=True)
class _Sources:
    """Just what the consolidated builder reads."""

    info: InstallationInfo
    sheets: _Sheets
    region_view: _RegionView
    today: date
    auth: None = None


def build() -> Any:
    info = InstallationInfo(
        InstallationKind.REGION, "29", "Архангельская область", None, "Министерство", PERIOD.kind, False
    )
    sources = _Sources(info, _Sheets(), _RegionView(_overview()), date(2026, 7, 10))
    return consolidated_report(sources, SYSTEM_ACTOR, ReportRequest(ReportKind.CONSOLIDATED, PERIOD))  # type: ignore[arg-type]


def _cells(report: Any) -> list[list[str]]:
    from desktop_app.reports.formatting import cell_text

    return [[cell_text(cell) for cell in row.cells] for table in report.tables for row in table.rows]


def bare_pdf(cells: list[list[str]]) -> float:
    from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
    from reportlab.platypus import LongTable, SimpleDocTemplate  # type: ignore[import-untyped]

    started = time.perf_counter()
    width = max(len(row) for row in cells)
    padded = [row + [""] * (width - len(row)) for row in cells]
    SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4)).build([LongTable(padded, repeatRows=1)])
    return time.perf_counter() - started


def bare_xlsx(cells: list[list[str]]) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    workbook = Workbook()
    sheet = workbook.active
    for row in cells:
        sheet.append(row)
    workbook.save(io.BytesIO())
    return time.perf_counter() - started


def report_rows() -> list[tuple[str, float, float | None, str]]:
    from desktop_app.reports.pdf import pdf_bytes
    from desktop_app.reports.xlsx import xlsx_bytes

    pdf_bytes(build())  # fonts registered and modules warm, as in the window after the first report
    started = time.perf_counter()
    report = build()
    pdf_bytes(report)
    pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    xlsx_bytes(build())
    xlsx_seconds = time.perf_counter() - started
    cells = _cells(report)
    return [
        (
            f"Сводный отчёт {DISTRICTS}×{INDICATORS}, PDF, с (база: голая таблица reportlab)",
            pdf_seconds,
            bare_pdf(cells),
            "< 3",
        ),
        (
            f"Сводный отчёт {DISTRICTS}×{INDICATORS}, XLSX, с (база: голый лист openpyxl)",
            xlsx_seconds,
            bare_xlsx(cells),
            "< 3",
        ),
    ]


if __name__ == "__main__":
    for name, value, base, target in report_rows():
        ratio = f"{value / base:.2f}" if base else "—"
        print(f"{name:75} {value:8.3f} {target:>6} {base or 0:8.3f} {ratio:>8}")
