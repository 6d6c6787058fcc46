"""The figures the screens and reports must show, computed here from the story's inputs by plain arithmetic:
counts summed over the districts that reported, shares from the summed numerators and denominators."""

from __future__ import annotations

from datetime import date

from tests.scenario.calendar_by_hand import nth_working_day_after
from tests.scenario.inputs import (
    DUE_IN_H1,
    H1,
    HALF_YEAR,
    INDICATORS,
    ONEGA,
    PLESETSK,
    VELSK,
    VELSK_CORRECTED_1_3,
)

# H1 ends on Tuesday 30 June; the executors report by the 3rd working day after it.
DEADLINE = nth_working_day_after(H1.end, 3)
assert DEADLINE == date(2026, 7, 3)
REPORTED = (PLESETSK, VELSK)  # whose bundles reached the region
ON_TIME, LATE, MISSING = (PLESETSK,), (VELSK,), (ONEGA,)


def values_of(district: str) -> dict[str, float | tuple[int, int]]:
    """The values the district holds after the story: Вельский's corrected count, Плесецкий's main PC's."""
    values = dict(HALF_YEAR[district].values)
    if district == VELSK:
        values["1.3"] = VELSK_CORRECTED_1_3
    return values


def share(numerator: float, denominator: float) -> float:
    return 100.0 * numerator / denominator


def district_value(district: str, code: str) -> float:
    typed = values_of(district)[code]
    return share(*typed) if isinstance(typed, tuple) else float(typed)


def region_value(code: str) -> float:
    """Counts (cumulative ones too: each district's running total) add up; a share is recomputed."""
    typed = [values_of(district)[code] for district in REPORTED]
    if INDICATORS[code][0] == "percentage":
        return share(sum(n for n, _ in typed), sum(d for _, d in typed))  # type: ignore[misc]
    return float(sum(typed))  # type: ignore[arg-type]


def overdue_measures(district: str) -> list[str]:
    """Measures due in H1 the district wrote no report for (the deadline has passed by the day looked at)."""
    return [number for number in DUE_IN_H1 if number not in HALF_YEAR[district].reports]


def ready_families(district: str) -> int:
    """Families whose last step is the register (a family with a child placed stays ready)."""
    return sum(family.steps[-1][0] == "in_register" for family in HALF_YEAR[district].families)


def placements(district: str) -> tuple[int, int, int]:
    """(started in H1, ended in H1 with the child back home, still placed on 30 June)."""
    placed = [family.placement for family in HALF_YEAR[district].families if family.placement]
    started = sum(H1.start <= start <= H1.end for start, _, _ in placed)
    returned = sum(end is not None and end <= H1.end and outcome == "returned" for _, end, outcome in placed)
    ongoing = sum(end is None or end > H1.end for _, end, _ in placed)
    return started, returned, ongoing
