"""Plan against fact per indicator, as bars one can take in at a glance (the dashboard's chart).

Each indicator is a row of two bars, the plan above and the fact below, drawn to the row's own scale:
the indicators count different things (families, children, per cent), so one common axis would flatten
the small ones. The fact is green when it meets the plan in the wanted direction, red when it falls
behind, grey when there is nothing to compare with — the dashboard's table uses the same colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.value_format import format_value

PLAN_COLOUR = QColor("#9fb3c8")
ON_PLAN_COLOUR = QColor("#3f9d63")
BEHIND_COLOUR = QColor("#d9534f")
NO_JUDGEMENT_COLOUR = QColor("#8c8c8c")
_STRIPE = QColor("#f5f7f9")
_TEXT = QColor("#333333")
_MUTED = QColor("#666666")

ROW_HEIGHT = 26
LEGEND_HEIGHT = 24
CODE_WIDTH = 44
VALUES_WIDTH = 170


@dataclass(frozen=True)
class Bar:
    code: str
    name: str
    plan: float | None
    fact: float | None
    on_plan: bool | None
    kind: IndicatorKind = IndicatorKind.COUNT
    unit: str = ""

    @property
    def colour(self) -> QColor:
        if self.on_plan is None:
            return NO_JUDGEMENT_COLOUR
        return ON_PLAN_COLOUR if self.on_plan else BEHIND_COLOUR

    def text(self, value: float | None) -> str:
        if value is None:
            return "—"
        return format_value(value, self.kind, self.unit, with_unit=True)

    @property
    def values_text(self) -> str:
        return f"план {self.text(self.plan)} · факт {self.text(self.fact)}"


class PlanFactChart(QWidget):
    """``bars`` are drawn top to bottom; a double click emits ``activated`` with the indicator's code."""

    activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planFactChart")
        self.bars: list[Bar] = []
        self.empty_text = "Фактических значений за период пока нет."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#ffffff"))
        self.setPalette(palette)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, LEGEND_HEIGHT + max(len(self.bars), 1) * ROW_HEIGHT + 6)

    # geometry ---------------------------------------------------------------------------------------
    def _row_rect(self, number: int) -> QRect:
        return QRect(0, LEGEND_HEIGHT + number * ROW_HEIGHT, self.width(), ROW_HEIGHT)

    def row_at(self, point: QPoint) -> int:
        number = (point.y() - LEGEND_HEIGHT) // ROW_HEIGHT
        return number if point.y() >= LEGEND_HEIGHT and 0 <= number < len(self.bars) else -1

    def bar_lengths(self, number: int) -> tuple[int, int]:
        """The plan's and the fact's lengths in pixels, on the row's own scale."""
        bar = self.bars[number]
        width = max(self.width() - CODE_WIDTH - VALUES_WIDTH - 16, 20)
        top = max(bar.plan or 0.0, bar.fact or 0.0)
        if top <= 0:
            return 0, 0
        scale = width / (top * 1.05)
        return round(max(bar.plan or 0.0, 0.0) * scale), round(max(bar.fact or 0.0, 0.0) * scale)

    # drawing ----------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_legend(painter)
        if not self.bars:
            painter.setPen(_MUTED)
            painter.drawText(self._row_rect(0).adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            return
        for number, bar in enumerate(self.bars):
            self._draw_row(painter, number, bar)

    def _draw_legend(self, painter: QPainter) -> None:
        x = CODE_WIDTH
        metrics = painter.fontMetrics()
        for colour, label in (
            (PLAN_COLOUR, "план"),
            (ON_PLAN_COLOUR, "факт в плане"),
            (BEHIND_COLOUR, "факт отстаёт от плана"),
            (NO_JUDGEMENT_COLOUR, "факт без сравнения"),
        ):
            painter.fillRect(QRect(x, 7, 12, 10), colour)
            painter.setPen(_MUTED)
            painter.drawText(QPoint(x + 16, 7 + metrics.ascent() - 1), label)
            x += 16 + metrics.horizontalAdvance(label) + 18

    def _draw_row(self, painter: QPainter, number: int, bar: Bar) -> None:
        rect = self._row_rect(number)
        if number % 2 == 0:
            painter.fillRect(rect, _STRIPE)
        painter.setPen(_TEXT)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRect(rect.x() + 6, rect.y(), CODE_WIDTH - 6, ROW_HEIGHT), left, bar.code)
        plan, fact = self.bar_lengths(number)
        x = rect.x() + CODE_WIDTH
        middle = rect.y() + ROW_HEIGHT // 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLAN_COLOUR)
        painter.drawRoundedRect(QRect(x, middle - 9, max(plan, 2 if bar.plan is not None else 0), 7), 2, 2)
        painter.setBrush(bar.colour)
        painter.drawRoundedRect(QRect(x, middle, max(fact, 2 if bar.fact is not None else 0), 9), 2, 2)
        painter.setPen(_TEXT)
        values = QRect(rect.right() - VALUES_WIDTH, rect.y(), VALUES_WIDTH - 6, ROW_HEIGHT)
        painter.drawText(values, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, bar.values_text)

    # interaction ------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            number = self.row_at(event.pos())
            if number >= 0:
                bar = self.bars[number]
                QToolTip.showText(event.globalPos(), f"{bar.code} {bar.name}\n{bar.values_text}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        number = self.row_at(event.position().toPoint())
        if number >= 0:
            self.activated.emit(self.bars[number].code)
