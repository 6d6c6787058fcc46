"""The report's charts in the workbook: on a sheet of their own, each beside the small table it is drawn from.

A separate sheet keeps the report's sheets printing exactly like the PDF, and an Excel chart needs its
numbers in cells anyway; there they are editable and the chart follows them.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart as XlBarChart
from openpyxl.chart import LineChart as XlLineChart
from openpyxl.chart import Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from desktop_app.reports.charts import BarChart, Chart
from desktop_app.reports.model import Align, Report
from desktop_app.reports.xlsx_buffer import BufferedSheet
from desktop_app.reports.xlsx_style import GRID, HEADER_FILL, TABLE_SIZE, alignment, font, set_text

SHEET_TITLE = "Диаграммы"
LABEL_WIDTH = 34
VALUE_WIDTH = 13
CHART_WIDTH_CM = 20
CHART_HEIGHT_CM = 9
CHART_ROWS = 19  # rows of default height the chart covers
ROW_CM = 0.53  # a row of default height
LINE_CM = 0.6  # per district in a chart of bars across: room for its name


def has_charts(report: Report) -> bool:
    """Whether the workbook needs the sheet «Диаграммы»."""
    return any(section.charts for section in report.printed_sections)


def write_chart_sheet(workbook: Any, name: str, report: Report) -> None:
    """Every chart of the report with its data, one to a printed page."""
    sheet = BufferedSheet(workbook.create_sheet(name))
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    row = 1
    for section in report.printed_sections:
        for chart in section.charts:
            if row > 1:  # each chart with its data on a page of its own
                sheet.row_breaks.append(Break(id=row - 1))
            row = _chart_block(sheet, chart, section.title, row)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.right.text = "стр. &P из &N"
    sheet.flush()


def _chart_block(sheet: BufferedSheet, chart: Chart, section_title: str, top: int) -> int:
    """Title, data table and chart starting at ``top``; returns the first free row after them."""
    title = f"{section_title}: {chart.title}" if section_title else chart.title
    sheet.style(set_text(sheet, top, 1, title), font(TABLE_SIZE + 1, bold=True))
    header = top + 1
    for offset, name in enumerate(("", *(series.name for series in chart.series))):
        cell = set_text(sheet, header, offset + 1, name or (f"ед. изм.: {chart.unit}" if chart.unit else ""))
        sheet.style(cell, font(TABLE_SIZE, bold=True), alignment(Align.CENTER, "center"), GRID, HEADER_FILL)
        if offset:
            sheet.column_dimensions[get_column_letter(offset + 1)].width = VALUE_WIDTH
    for index, category in enumerate(chart.categories):
        row = header + 1 + index
        label = set_text(sheet, row, 1, category)
        sheet.style(label, font(TABLE_SIZE), alignment(Align.LEFT), GRID)
        for offset, series in enumerate(chart.series, start=2):
            cell = sheet.cell(row=row, column=offset, value=series.values[index])
            sheet.style(
                cell, font(TABLE_SIZE), border=GRID, number_format="#,##0" if chart.whole_numbers else "#,##0.##"
            )
    last = header + len(chart.categories)

    plot: Any = XlBarChart() if isinstance(chart, BarChart) else XlLineChart()
    across = isinstance(chart, BarChart) and chart.horizontal
    if isinstance(plot, XlBarChart):
        plot.type = "bar" if across else "col"
        plot.grouping = "clustered"
    plot.title = chart.title
    plot.y_axis.title = chart.unit or None
    plot.x_axis.delete = False
    plot.y_axis.delete = False
    if chart.whole_numbers:  # Excel would put «0,5» between the ticks of small counts
        plot.y_axis.majorUnit = chart.whole_step()
        plot.y_axis.scaling.min = 0
        plot.y_axis.number_format = "0"
    plot.width, plot.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    rows = CHART_ROWS
    if across:
        plot.x_axis.scaling.orientation = "maxMin"  # the first (largest) at the top, as in the table beside it
        plot.height = max(CHART_HEIGHT_CM, LINE_CM * len(chart.categories) + 3)
        rows = max(CHART_ROWS, round(plot.height / ROW_CM) + 1)
        plot.legend = None if len(chart.series) == 1 else plot.legend
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=header, max_row=last)
    plot.add_data(data, titles_from_data=True)
    plot.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    if across:  # beside its table: the two together are a page tall, not two
        sheet.add_chart(plot, f"{get_column_letter(len(chart.series) + 3)}{header}")
        return max(last, header + rows) + 2
    anchor = last + 2
    sheet.add_chart(plot, f"A{anchor}")
    return anchor + rows + 1
