"""Reading a benchmark row's target («< 1000», «≤ 2×», «< 100, ≤ 2×», «≤ 3× базы», «—») and telling whether the
figure meets it, for the closing line that names the rows which miss."""

from __future__ import annotations

import re

Row = tuple[str, float, float | None, str]
_BELOW = re.compile(r"^<\s*([\d\s]+(?:[.,]\d+)?)$")
_RATIO = re.compile(r"^≤\s*(\d+(?:[.,]\d+)?)\s*×")


def misses(row: Row) -> list[str]:
    """What the row's figure misses: each clause of its target it does not meet, in words."""
    _name, value, base, target = row
    missed: list[str] = []
    for clause in (part.strip() for part in re.split(r",\s+", target)):  # «1,5» is one number
        below = _BELOW.match(clause)
        ratio = _RATIO.match(clause)
        if below and not value < float(below.group(1).replace(" ", "").replace(",", ".")):
            missed.append(f"{value:.0f} при цели {clause}")
        elif ratio and base and not value / base <= float(ratio.group(1).replace(",", ".")):
            missed.append(f"{value / base:.1f}× при цели {clause}")
    return missed


def verdict(rows: list[Row]) -> str:
    """One line: which rows miss their targets, or that none does."""
    missing = [f"{row[0]} ({'; '.join(found)})" for row in rows if (found := misses(row))]
    if not missing:
        return "Все показатели укладываются в свои цели."
    return "Не укладываются в цель: " + " | ".join(missing)
