"""Indicator kinds and the aggregation rules the region and multi-period reports use.

- A count adds up across districts and across the periods of a longer period.
- A percentage, a rate per 1000 or a share of a population is recomputed from the summed numerators
  and denominators — never an average of percentages (3 of 4 and 1 of 6 children is 40 %, not 43,75 %).
- A cumulative indicator («с нарастающим итогом») of a longer period takes its last known value; across
  districts it still adds up, since each district's running total is its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.periods import Period


class IndicatorKind(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    RATE_PER_1000 = "rate_per_1000"
    POPULATION_SHARE = "population_share"
    MONEY = "money"  # a sum (рублей, тыс. руб.): adds up across districts and periods like a count

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def scale(self) -> float:
        """What numerator / denominator is multiplied by: 100 for shares, 1000 for rates, 1 for counts."""
        return _SCALES[self]

    @property
    def needs_ratio(self) -> bool:
        return self not in (IndicatorKind.COUNT, IndicatorKind.MONEY)

    @property
    def bounded(self) -> bool:
        """A share can't exceed its whole: numerator ≤ denominator and 0–100 %."""
        return self in (IndicatorKind.PERCENTAGE, IndicatorKind.POPULATION_SHARE)

    @classmethod
    def of(cls, value: str) -> IndicatorKind:
        try:
            return cls(value)
        except ValueError:
            return cls.COUNT


_KIND_LABELS = {
    IndicatorKind.COUNT: "количество",
    IndicatorKind.PERCENTAGE: "процент (числитель / знаменатель)",
    IndicatorKind.RATE_PER_1000: "на 1000 (числитель / знаменатель)",
    IndicatorKind.POPULATION_SHARE: "доля населения",
    IndicatorKind.MONEY: "денежный (сумма)",
}
_SCALES = {
    IndicatorKind.COUNT: 1.0,
    IndicatorKind.PERCENTAGE: 100.0,
    IndicatorKind.RATE_PER_1000: 1000.0,
    IndicatorKind.POPULATION_SHARE: 100.0,
    IndicatorKind.MONEY: 1.0,
}


class IndicatorState(StrEnum):
    """Where an indicator is in the catalogue's life."""

    DRAFT = "draft"  # read from a plan document, not yet confirmed: nobody enters values for it
    ACTIVE = "active"
    RETIRED = "retired"  # removed from the catalogue; its values and plans stay as history

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @classmethod
    def of(cls, value: str) -> IndicatorState:
        try:
            return cls(value)
        except ValueError:
            return cls.ACTIVE


_STATE_LABELS = {
    IndicatorState.DRAFT: "черновик",
    IndicatorState.ACTIVE: "действует",
    IndicatorState.RETIRED: "исключён",
}


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"

    @property
    def label(self) -> str:
        return "рост" if self is Direction.INCREASE else "снижение"

    @classmethod
    def of(cls, value: str) -> Direction:
        return cls.DECREASE if value == "decrease" else cls.INCREASE


@dataclass(frozen=True)
class IndicatorSpec:
    """What the rules need to know about an indicator."""

    kind: IndicatorKind = IndicatorKind.COUNT
    cumulative: bool = False
    direction: Direction = Direction.INCREASE


@dataclass(frozen=True)
class Observation:
    """A value with, for ratios, the numerator and denominator it was computed from."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


EMPTY = Observation(None)


def ratio_value(kind: IndicatorKind, numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator × scale; None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator * kind.scale


def observe(
    spec: IndicatorSpec, value: float | None, numerator: float | None, denominator: float | None
) -> Observation:
    """The observation as stored: a ratio's value always follows from its numerator and denominator."""
    if spec.kind.needs_ratio and numerator is not None and denominator is not None:
        return Observation(ratio_value(spec.kind, numerator, denominator), numerator, denominator)
    return Observation(value, numerator, denominator)


def _sum_ratio(spec: IndicatorSpec, items: Sequence[Observation]) -> Observation:
    parts = [item for item in items if item.numerator is not None and item.denominator is not None]
    if not parts:
        return EMPTY
    numerator = sum(item.numerator for item in parts if item.numerator is not None)
    denominator = sum(item.denominator for item in parts if item.denominator is not None)
    return Observation(ratio_value(spec.kind, numerator, denominator), numerator, denominator)


def _sum_counts(items: Sequence[Observation]) -> Observation:
    values = [item.value for item in items if item.value is not None]
    return Observation(sum(values)) if values else EMPTY


def combine_districts(spec: IndicatorSpec, observations: Iterable[Observation]) -> Observation:
    """The region's value from its districts' values for the same period."""
    items = [item for item in observations if not item.is_empty]
    if spec.kind.needs_ratio:
        return _sum_ratio(spec, items)
    return _sum_counts(items)


def combine_periods(spec: IndicatorSpec, series: Iterable[tuple[Period, Observation]]) -> Observation:
    """A longer period's value from the values of the periods inside it (months of a quarter, halves of a year)."""
    ordered = [item for _, item in sorted(series, key=lambda pair: pair[0].start) if not item.is_empty]
    if not ordered:
        return EMPTY
    if spec.cumulative:
        return ordered[-1]
    if spec.kind.needs_ratio:
        return _sum_ratio(spec, ordered)
    return _sum_counts(ordered)


def deviation(fact: float | None, plan: float | None) -> float | None:
    """Fact minus plan, in the indicator's own unit (percentage points for a percentage)."""
    if fact is None or plan is None:
        return None
    return fact - plan


def meets_plan(spec: IndicatorSpec, fact: float | None, plan: float | None) -> bool | None:
    """True when the fact is on the desired side of the plan (or equal to it); None when either is missing."""
    if fact is None or plan is None:
        return None
    return fact >= plan if spec.direction is Direction.INCREASE else fact <= plan
