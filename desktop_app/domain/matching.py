"""Choosing a resource family for a child, and the target of ready families per municipality.

Every ready family is listed with the reasons it fits or does not: free places, the ages it takes,
readiness for a child with disability or ОВЗ, for brothers and sisters together, and the municipality
(the same one is better: the child stays near the birth family and the guardianship office).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.placements import age_in_months, age_text
from desktop_app.domain.text import search_key

READY_FAMILIES_TARGET = 5  # seed 000: at least five ready families in every municipality


@dataclass(frozen=True)
class ChildNeeds:
    birth_date: date
    on_date: date
    has_disability: bool = False
    children: int = 1  # brothers and sisters placed together
    municipality: str = ""

    @property
    def age_months(self) -> int:
        return age_in_months(self.birth_date, self.on_date)


@dataclass(frozen=True)
class FamilyProfile:
    id: str
    name: str
    municipality: str
    capacity: int
    placed: int
    age_from_months: int
    age_to_months: int
    accepts_disability: bool
    accepts_siblings: bool

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.placed, 0)


@dataclass(frozen=True)
class Match:
    family: FamilyProfile
    fits: bool
    same_municipality: bool
    reasons: tuple[str, ...]  # each begins with «+» (fits) or «−» (does not)

    @property
    def failures(self) -> int:
        return sum(1 for reason in self.reasons if reason.startswith("−") and "другое МО" not in reason)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def match_families(needs: ChildNeeds, families: Iterable[FamilyProfile]) -> list[Match]:
    """Every family with why it fits or not: fitting ones first, then those failing fewest conditions;
    within each, the same municipality and the most free places first."""
    matches = [_match(needs, family) for family in families]
    return sorted(
        matches,
        key=lambda m: (
            m.failures,
            not m.same_municipality,
            -m.family.free_places,
            search_key(m.family.name),
        ),
    )


def _match(needs: ChildNeeds, family: FamilyProfile) -> Match:
    reasons: list[str] = []
    fits = True
    free = family.free_places
    if free >= needs.children:
        reasons.append(f"+ свободных мест: {free} из {family.capacity}")
    else:
        fits = False
        wanted = f", нужно {needs.children}" if needs.children > 1 else ""
        reasons.append(f"− свободных мест: {free} из {family.capacity}{wanted}")
    age, low, high = needs.age_months, family.age_from_months, family.age_to_months
    ages = f"{age_text(low)} – {age_text(high)}"
    if low <= age <= high:
        reasons.append(f"+ возраст {age_text(age)} входит в принимаемый ({ages})")
    else:
        fits = False
        reasons.append(f"− возраст {age_text(age)} вне принимаемого ({ages})")
    if needs.has_disability:
        if family.accepts_disability:
            reasons.append("+ готова принять ребёнка с инвалидностью или ОВЗ")
        else:
            fits = False
            reasons.append("− не готова принять ребёнка с инвалидностью или ОВЗ")
    if needs.children > 1:
        if family.accepts_siblings:
            reasons.append("+ готова принять братьев и сестёр вместе")
        else:
            fits = False
            reasons.append("− не принимает братьев и сестёр вместе")
    same = bool(needs.municipality) and search_key(needs.municipality) == search_key(family.municipality)
    if needs.municipality:
        reasons.append("+ то же муниципальное образование" if same else f"− другое МО: {family.municipality}")
    return Match(family, fits, same, tuple(reasons))


@dataclass(frozen=True)
class TargetRow:
    municipality: str
    ready: int
    target: int

    @property
    def shortfall(self) -> int:
        return max(self.target - self.ready, 0)


def ready_family_targets(
    ready_by_municipality: Mapping[str, int], municipalities: Iterable[str], target: int = READY_FAMILIES_TARGET
) -> list[TargetRow]:
    """One row per municipality (those given and those with families), the largest shortfall first."""
    names = {search_key(name): name for name in municipalities if name}
    counts: dict[str, int] = {}
    for name, count in ready_by_municipality.items():
        key = search_key(name)
        names.setdefault(key, name)
        counts[key] = counts.get(key, 0) + count
    rows = [TargetRow(names[key], counts.get(key, 0), target) for key in names]
    return sorted(rows, key=lambda row: (-row.shortfall, search_key(row.municipality)))
