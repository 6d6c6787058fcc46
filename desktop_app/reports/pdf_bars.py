"""Bar charts drawn straight on the page: reportlab's chart places the bars and configures the axes (its own
arithmetic), the drawing keeps the axes, their labels, the legend and the unit, and the grid, the bars and the
values on them are drawn here with the canvas. Made as a drawing's shapes and labels, the charts of a region's
report took seconds; the page looks the same to the pixel.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from desktop_app.reports.fonts import REGULAR

GRID_GREY = colors.Color(0.85, 0.85, 0.85)
GRID_WIDTH = 0.3
BAR_EDGE = colors.Color(0.3, 0.3, 0.3)
BAR_EDGE_WIDTH = 0.3

Bar = tuple[float, float, float, float, int, float]  # x, y, width, height, series, value
Line = tuple[float, float, float, float]
Text = tuple[float, float, str, float, str]  # x, baseline, text, size, anchor: start, middle or end


def placed_bars(plot: Any) -> list[Bar]:
    """Where reportlab puts the bars of ``plot`` (a Vertical or HorizontalBarChart), without a shape of each;
    the value axis is configured as it will be drawn."""
    categories, values = plot.categoryAxis, plot.valueAxis
    values.joinAxis, categories.joinAxis = categories, values
    if plot._flipXY:
        categories.setPosition(plot._drawBegin(plot.x, plot.width), plot.y, plot.height)
    else:
        categories.setPosition(plot.x, plot._drawBegin(plot.y, plot.height), plot.width)
    categories.configure(plot._configureData)
    plot.calcBarPositions()
    bars: list[Bar] = []
    for series, row in enumerate(plot._barPositions):
        for index, (x, y, width, height) in enumerate(row):
            value = plot.data[series][index]
            if value is not None:
                bars.append((x, y, width, height, series, value))
    return bars


def grid_lines(plot: Any) -> list[Line]:
    """The value axis's grid across the plot, one line per tick."""
    axis = plot.valueAxis
    if plot._flipXY:
        return [(axis.scale(v), plot.y, axis.scale(v), plot.y + plot.height) for v in axis._tickValues]
    return [(plot.x, axis.scale(v), plot.x + plot.width, axis.scale(v)) for v in axis._tickValues]


def keep_axes_only(plot: Any) -> None:
    """Leave the drawing's chart its axes as configured now (the same ticks), without bars, values or grid."""
    axis = plot.valueAxis
    axis.valueMin, axis.valueMax, axis.valueSteps = axis._valueMin, axis._valueMax, list(axis._tickValues)
    axis.visibleGrid = 0
    plot.data = [[None] * len(row) for row in plot.data]
    plot.barLabelFormat = None


class DirectBars(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Grid and bars first, the drawing (axes, legend, unit) over them as reportlab orders a chart, then texts."""

    def __init__(self, drawing: Drawing, bars: list[Bar], palette: tuple[Any, ...], grid: list[Line]) -> None:
        super().__init__()
        self.drawing, self.bars, self.palette, self.grid = drawing, bars, palette, grid
        self.texts: list[Text] = []
        self.hAlign = drawing.hAlign  # placed as the drawing alone was

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The drawing's size."""
        return float(self.drawing.width), float(self.drawing.height)

    def draw(self) -> None:
        """Everything, in reportlab's order."""
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(GRID_GREY)
        canvas.setLineWidth(GRID_WIDTH)
        for line in self.grid:
            canvas.line(*line)
        canvas.setStrokeColor(BAR_EDGE)
        canvas.setLineWidth(BAR_EDGE_WIDTH)
        for x, y, width, height, series, _value in self.bars:
            canvas.setFillColor(self.palette[series % len(self.palette)])
            canvas.rect(x, y, width, height, stroke=1, fill=1)
        canvas.restoreState()
        self.drawing.drawOn(canvas, 0, 0)
        if not self.texts:
            return
        text = canvas.beginText()
        text.setFillColor(colors.black)
        for x, baseline, line, size, anchor in self.texts:
            text.setFont(REGULAR, size)
            shift = 0.0 if anchor == "start" else stringWidth(line, REGULAR, size) * (1.0 if anchor == "end" else 0.5)
            text.setTextOrigin(x - shift, baseline)
            text.textLine(line)
        canvas.drawText(text)
