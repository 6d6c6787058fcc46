"""Charts of a report as data: plan against fact per item (bars) and a trend over periods (lines).

Both renderers draw them from these values: the PDF with reportlab's graphics, the workbook as Excel charts
beside their numbers. A value that is not known is None and leaves its bar or point out, rather than
showing a zero that was never reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from desktop_app.reports.model import ReportShapeError


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category; ints and Decimals are taken as floats."""

    name: str
    values: tuple[float | None, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(None if v is None else float(v) for v in self.values))


@dataclass(frozen=True)
class _Chart:
    """What both kinds share; the number of values of every series must match the categories."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # value axis caption: «чел.», «%»
    whole_numbers: bool = False  # counts of children or families: no «0,5» between the axis ticks

    def whole_step(self) -> int:
        """The axis step for a chart of counts: 1, 2, 5, 10, 20 … so that about five ticks cover the largest value."""
        top = max((value for series in self.series for value in series.values if value is not None), default=0.0)
        wanted, magnitude = max(top, 1.0) / 5, 1
        while True:
            for factor in (1, 2, 5):
                if factor * magnitude >= wanted:
                    return factor * magnitude
            magnitude *= 10

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))
        if not self.categories or not self.series:
            raise ReportShapeError(f"Диаграмма «{self.title}»: нет данных.")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ReportShapeError(
                    f"Диаграмма «{self.title}», ряд «{series.name}»: {len(series.values)} значений "
                    f"на {len(self.categories)} подписей."
                )


@dataclass(frozen=True)
class BarChart(_Chart):
    """Bars side by side per category: plan against fact per indicator. ``horizontal`` lays the bars across,
    one category a line, with its whole name beside it: for many categories with long names (districts)."""

    horizontal: bool = False

    @classmethod
    def ranking(cls, title: str, name: str, items: Sequence[tuple[str, float | None]], unit: str = "") -> BarChart:
        """One bar per item, across, the largest value first; items without a value come last, without a bar.
        ``items`` are (label, value); ``name`` names the series in the legend."""
        ordered = sorted(items, key=lambda item: (item[1] is None, -(item[1] or 0.0)))
        return cls(
            title,
            tuple(label for label, _value in ordered),
            (Series(name, tuple(value for _label, value in ordered)),),
            unit,
            horizontal=True,
        )

    @classmethod
    def plan_vs_fact(
        cls, title: str, items: Sequence[tuple[str, float | None, float | None]], unit: str = ""
    ) -> BarChart:
        """``items`` are (label, plan, fact); a missing value leaves its bar out."""
        return cls(
            title,
            tuple(label for label, _plan, _fact in items),
            (Series("План", tuple(p for _l, p, _f in items)), Series("Факт", tuple(f for _l, _p, f in items))),
            unit,
        )


@dataclass(frozen=True)
class LineChart(_Chart):
    """A trend over periods (the categories), one line per series; a missing value leaves a gap."""


Chart: TypeAlias = BarChart | LineChart
