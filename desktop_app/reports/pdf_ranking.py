"""Bars laid across, one category a line (districts ranked by a value), as reportlab drawings.

Every category keeps its whole name: a name too long for the label column wraps onto more lines and its line
grows, so two districts can never read alike. A chart with more lines than a page holds goes on as a second
part with the same scale, so bars on different pages still compare.

The grid, the bars, their values and the names are drawn straight on the page (pdf_bars.py).
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer  # type: ignore[import-untyped]

from desktop_app.reports.charts import BarChart
from desktop_app.reports.fonts import REGULAR
from desktop_app.reports.formatting import format_decimal
from desktop_app.reports.model import Align
from desktop_app.reports.pdf_bars import DirectBars, grid_lines, keep_axes_only, placed_bars
from desktop_app.reports.pdf_style import markup, text_style

LABEL_SIZE = 8.0
LEADING = LABEL_SIZE * 1.2
LABEL_SHARE = 0.4  # of the chart's width at most for the names; longer names wrap
LABEL_GAP = 5.0
BAR_GAP = 4.0  # points between neighbouring lines' bars
AXIS_ROOM = 18.0  # below the plot: the value axis and its numbers
TOP_ROOM = 24.0  # above the plot: the legend and the unit
TITLE_ROOM = 12 * mm  # the spacer and the title above the drawing
VALUE_ROOM = 34.0  # right of the longest bar: its number
VALUE_GAP = 3.0  # between a bar's end and its value
VALUE_SIZE = LABEL_SIZE - 0.5
# From the middle of a bar down to its value's baseline, as reportlab's label puts it: a box 1.2 sizes high
# centred on the bar, the baseline one size below its top.
VALUE_DROP = 0.4 * VALUE_SIZE
PALETTE = (colors.Color(0.13, 0.27, 0.53), colors.Color(0.75, 0.35, 0.15), colors.Color(0.2, 0.55, 0.3))


def ranking_flowables(chart: BarChart, width: float, page_height: float) -> list[Flowable]:
    """The chart with its title, in as many parts as the page height needs, each part kept on one page."""
    label_width = _label_width(chart.categories, width)
    labels = ["\n".join(simpleSplit(name, REGULAR, LABEL_SIZE, label_width)) or " " for name in chart.categories]
    # reportlab spaces the lines evenly: each gets the height of the tallest name
    band = max(_band(label, len(chart.series)) for label in labels)
    per_part = max(1, int((page_height - TITLE_ROOM - AXIS_ROOM - TOP_ROOM - 4) // band))
    parts = [(start, min(start + per_part, len(labels))) for start in range(0, len(labels), per_part)]
    known = [value for series in chart.series for value in series.values if value is not None] or [0.0]
    scale = (min(0.0, min(known)), max(0.0, max(known)))
    flowables: list[Flowable] = []
    for number, (first, last) in enumerate(parts):
        title = chart.title if number == 0 else f"{chart.title} (продолжение)"
        drawing = _drawing(chart, labels[first:last], (first, last), band * (last - first), width, label_width, scale)
        heading = Paragraph(markup(title), text_style(11, Align.CENTER, bold=True, space_after=2))
        flowables.append(KeepTogether([Spacer(1, 5 * mm), heading, drawing]))
    return flowables


def _label_width(categories: tuple[str, ...], width: float) -> float:
    longest = max(stringWidth(name, REGULAR, LABEL_SIZE) for name in categories)
    return min(longest + 2, width * LABEL_SHARE)


def _band(label: str, series: int) -> float:
    """The height of one category's line: its name's lines, or its bars, whichever is taller."""
    bars = series * 9.0
    return max(label.count("\n") * LEADING + LABEL_SIZE + 4, bars) + BAR_GAP


def _drawing(
    chart: BarChart,
    labels: list[str],
    span: tuple[int, int],
    plot_height: float,
    width: float,
    label_width: float,
    scale: tuple[float, float],
) -> Flowable:
    first, last = span
    height = plot_height + AXIS_ROOM + TOP_ROOM
    drawing = Drawing(width, height)
    plot = HorizontalBarChart()
    plot.x = label_width + LABEL_GAP
    plot.y = AXIS_ROOM
    plot.width = width - plot.x - VALUE_ROOM
    plot.height = plot_height
    plot.data = [list(series.values[first:last]) for series in chart.series]
    plot.strokeColor = None
    # The names are drawn beside the plot by hand: reportlab's axis labels would not wrap onto several lines.
    plot.categoryAxis.categoryNames = [""] * (last - first)
    plot.categoryAxis.visibleLabels = 0  # an empty label per district still costs a widget each
    plot.categoryAxis.reverseDirection = 1  # the first (largest) at the top
    plot.categoryAxis.visibleTicks = 0
    plot.groupSpacing = BAR_GAP
    plot.barSpacing = 1
    plot.valueAxis.valueMin, plot.valueAxis.valueMax = scale
    if scale[1] == scale[0]:
        plot.valueAxis.valueMax = scale[0] + 1
    plot.valueAxis.labels.fontName = REGULAR
    plot.valueAxis.labels.fontSize = LABEL_SIZE
    plot.valueAxis.labelTextFormat = _number
    bars = placed_bars(plot)
    ranking = DirectBars(drawing, bars, PALETTE, grid_lines(plot))
    for x, y, length, thickness, _series, value in bars:
        # where reportlab sets a bar's value: just past its end, in the middle of its thickness
        end = x + length + (VALUE_GAP if length >= 0 else -VALUE_GAP)
        ranking.texts.append((end, y + thickness / 2 - VALUE_DROP, _number(value), VALUE_SIZE, "start"))
    keep_axes_only(plot)
    drawing.add(plot)
    slot = plot_height / (last - first)
    for offset, label in enumerate(labels):
        lines = label.split("\n")
        middle = plot.y + plot_height - (offset + 0.5) * slot
        top = middle + (len(lines) - 1) * LEADING / 2 - LABEL_SIZE * 0.35
        for line_number, line in enumerate(lines):
            ranking.texts.append((label_width, top - line_number * LEADING, line, LABEL_SIZE, "end"))
        if all(series.values[first + offset] is None for series in chart.series):  # not a zero: unknown
            ranking.texts.append((plot.x + 3, middle - LABEL_SIZE * 0.35, "нет данных", LABEL_SIZE - 0.5, "start"))
    _legend(drawing, chart, width, height)
    return ranking


def _legend(drawing: Drawing, chart: BarChart, width: float, height: float) -> None:
    if chart.unit:
        drawing.add(String(0, height - 12, chart.unit, fontName=REGULAR, fontSize=8))
    if len(chart.series) == 1:  # the title names the one value shown
        return
    names = [(PALETTE[i % len(PALETTE)], series.name) for i, series in enumerate(chart.series)]
    drawing.add(top_legend(names, width, height))


def top_legend(names: list[tuple[colors.Color, str]], width: float, height: float) -> Legend:
    """The legend of every chart in the PDF (pdf_charts.py too): one row of swatches, centred at the top."""
    legend = Legend()
    legend.colorNamePairs = names
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 10
    legend.dxTextSpace = 4
    legend.dx = legend.dy = 8
    legend.boxAnchor = "n"
    legend.x = width / 2
    legend.y = height - 2
    return legend


def _number(value: float) -> str:
    return format_decimal(value, 0 if float(value).is_integer() else 1)
