"""Charts as reportlab drawings: plan against fact per item (bars) and a trend over periods (lines).

Shades are chosen to stay apart when printed in black and white (a light plan bar beside a dark fact
bar); labels are Liberation Serif so Cyrillic prints, and values are spelt the Russian way.
"""

from __future__ import annotations

import math
import textwrap

from reportlab.graphics.charts.barcharts import VerticalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.graphics.widgets.markers import makeMarker  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer  # type: ignore[import-untyped]

from desktop_app.reports.charts import BarChart, Chart, LineChart
from desktop_app.reports.fonts import REGULAR
from desktop_app.reports.formatting import format_decimal
from desktop_app.reports.model import Align
from desktop_app.reports.pdf_bars import DirectBars, grid_lines, keep_axes_only, placed_bars
from desktop_app.reports.pdf_ranking import ranking_flowables, top_legend
from desktop_app.reports.pdf_style import markup, text_style

CHART_HEIGHT = 80 * mm
MAX_CHART_WIDTH = 240 * mm
# Light grey, dark blue, then shades that remain distinct in greyscale.
PALETTE = (
    colors.Color(0.72, 0.72, 0.72),
    colors.Color(0.13, 0.27, 0.53),
    colors.Color(0.75, 0.35, 0.15),
    colors.Color(0.2, 0.55, 0.3),
    colors.Color(0.45, 0.25, 0.55),
    colors.Color(0.1, 0.1, 0.1),
)
LINE_PALETTE = (colors.Color(0.13, 0.27, 0.53), colors.Color(0.75, 0.35, 0.15), *PALETTE[3:], PALETTE[0])
MARKERS = ("FilledCircle", "FilledSquare", "FilledDiamond", "FilledTriangle", "Circle", "Square")
LABEL_SIZE = 7.5
VALUE_SIZE = 6.5  # the values on the bars
VALUE_GAP = 5.0  # from a bar's end to the middle of its value


def chart_flowables(chart: Chart, width: float, page_height: float) -> list[Flowable]:
    """The chart with its title above, kept on one page; bars across go on over pages if they must."""
    if isinstance(chart, BarChart) and chart.horizontal:
        return ranking_flowables(chart, min(width, MAX_CHART_WIDTH), page_height)
    return [chart_flowable(chart, width)]


def chart_flowable(chart: Chart, width: float) -> Flowable:
    """The chart with its title above, kept on one page."""
    drawing: Flowable
    if isinstance(chart, LineChart):
        drawing = _line_chart(chart, min(width, MAX_CHART_WIDTH))
        drawing.hAlign = "CENTER"
    else:
        assert isinstance(chart, BarChart)
        drawing = _bar_chart(chart, min(width, MAX_CHART_WIDTH))
    title = Paragraph(markup(chart.title), text_style(11, Align.CENTER, bold=True, space_after=2))
    return KeepTogether([Spacer(1, 5 * mm), title, drawing])


def _number(value: float) -> str:
    """Axis ticks and bar values: «1 200», «2,5»."""
    return format_decimal(value, 0 if float(value).is_integer() else 1)


def _category_labels(categories: tuple[str, ...], plot_width: float) -> tuple[list[str], int]:
    """Labels wrapped to their slot, at most two lines, cut with «…»; crowded axes get slanted labels."""
    slot = plot_width / len(categories)
    angle = 0 if slot >= 40 else 30
    chars = max(6, int(slot / (LABEL_SIZE * 0.5))) if angle == 0 else 24
    labels = []
    for category in categories:
        lines = textwrap.wrap(category, chars) or [""]
        if len(lines) > 2 or (angle and len(lines) > 1):
            lines = lines[: 1 if angle else 2]
            lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
        labels.append("\n".join(lines))
    return labels, angle


def _known(chart: Chart) -> list[float]:
    return [value for series in chart.series for value in series.values if value is not None] or [0.0]


def _frame(drawing: Drawing, chart: Chart, names: list[tuple[colors.Color, str]], width: float) -> None:
    drawing.add(top_legend(names, width, CHART_HEIGHT))
    if chart.unit:
        drawing.add(String(0, CHART_HEIGHT - 12, chart.unit, fontName=REGULAR, fontSize=8))


def _axes(plot: VerticalBarChart | HorizontalLineChart, chart: Chart, labels: list[str], angle: int) -> None:
    values = _known(chart)
    plot.valueAxis.valueMin = min(0.0, min(values))
    if chart.whole_numbers:  # reportlab would put «0,5» between the ticks of small counts
        step = chart.whole_step()
        plot.valueAxis.valueStep = step
        plot.valueAxis.valueMax = step * max(1, math.ceil(max(values) / step))
    plot.valueAxis.labels.fontName = REGULAR
    plot.valueAxis.labels.fontSize = LABEL_SIZE
    plot.valueAxis.labelTextFormat = _number
    plot.valueAxis.visibleGrid = 1
    plot.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    plot.valueAxis.gridStrokeWidth = 0.3
    plot.categoryAxis.categoryNames = labels
    plot.categoryAxis.labels.fontName = REGULAR
    plot.categoryAxis.labels.fontSize = LABEL_SIZE
    plot.categoryAxis.labels.angle = angle
    plot.categoryAxis.labels.boxAnchor = "ne" if angle else "n"
    plot.categoryAxis.labels.dy = -3


def _geometry(width: float, angle: int) -> tuple[float, float, float, float]:
    bottom = 70.0 if angle else 34.0
    left = 40.0
    return left, bottom, width - left - 10, CHART_HEIGHT - bottom - 28


def _bar_chart(chart: BarChart, width: float) -> Flowable:
    """Axes, legend and unit as a drawing; grid, bars and their values straight on the page (pdf_bars.py)."""
    left, _bottom, plot_width, _height = _geometry(width, 0)
    labels, angle = _category_labels(chart.categories, plot_width)
    drawing = Drawing(width, CHART_HEIGHT)
    drawing.hAlign = "CENTER"
    plot = VerticalBarChart()
    plot.x, plot.y, plot.width, plot.height = _geometry(width, angle)
    plot.data = [list(series.values) for series in chart.series]
    plot.groupSpacing = 6
    plot.barSpacing = 1
    plot.strokeColor = None
    _axes(plot, chart, labels, angle)
    names = [(PALETTE[index % len(PALETTE)], series.name) for index, series in enumerate(chart.series)]
    bars = placed_bars(plot)
    chart_bars = DirectBars(drawing, bars, PALETTE, grid_lines(plot))
    if len(chart.categories) * len(chart.series) <= 24:  # values on the bars while they still fit
        for x, y, bar_width, height, _series, value in bars:
            # where reportlab sets a value: centred VALUE_GAP past the bar's end
            middle = y + height + (VALUE_GAP if height >= 0 else -VALUE_GAP)
            chart_bars.texts.append(
                (x + bar_width / 2, middle - 0.4 * VALUE_SIZE, _number(value), VALUE_SIZE, "middle")
            )
    keep_axes_only(plot)
    drawing.add(plot)
    _frame(drawing, chart, names, width)
    return chart_bars


def _line_chart(chart: LineChart, width: float) -> Drawing:
    _left, _bottom, plot_width, _height = _geometry(width, 0)
    labels, angle = _category_labels(chart.categories, plot_width)
    drawing = Drawing(width, CHART_HEIGHT)
    plot = HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = _geometry(width, angle)
    plot.data = [list(series.values) for series in chart.series]
    plot.joinedLines = 1
    plot.strokeColor = None
    _axes(plot, chart, labels, angle)
    names = []
    for index, series in enumerate(chart.series):
        color = LINE_PALETTE[index % len(LINE_PALETTE)]
        plot.lines[index].strokeColor = color
        plot.lines[index].strokeWidth = 1.5
        marker = makeMarker(MARKERS[index % len(MARKERS)])
        marker.fillColor = color
        marker.strokeColor = color
        marker.size = 4
        plot.lines[index].symbol = marker
        names.append((color, series.name))
    drawing.add(plot)
    _frame(drawing, chart, names, width)
    return drawing
