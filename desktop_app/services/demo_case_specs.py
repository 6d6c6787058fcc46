"""The demo's family support cases as rows of a table (services/demo_cases.py): a ``CaseSpec`` holds the family as
identified and how far it went along the steps every case takes; ``enter`` makes it through the services, each step
on its own day counted from the demo's day or from the identification."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.case_record import AdultInput, ChildInput
from desktop_app.domain.case_terms import CaseCategory, CaseStage, IdentificationSource, SupportLevel
from desktop_app.services.case_card import CaseCard
from desktop_app.services.demo_case_builder import CaseBuilder, DemoDays

When = Callable[[DemoDays, date], date]  # a step's day from the demo's days and the case's identification day
Member = tuple[str, str, str]  # (provider key, person, role in the team)


def ago(days: int) -> When:
    return lambda demo, _identified: demo.ago(days)


def ahead(days: int) -> When:
    return lambda demo, _identified: demo.ahead(days)


def after(days: int) -> When:
    """``days`` after the identification, never after the demo's day."""
    return lambda demo, identified: min(identified + timedelta(days=days), demo.today)


@dataclass(frozen=True)
class CaseSpec:
    """One demo case: the family as identified, then how far it went along the steps every case takes."""

    name: str  # «Орловых»: the family's name as the register shows it
    category: CaseCategory
    source: IdentificationSource
    identified: Callable[[DemoDays], date]
    adults: tuple[AdultInput, ...]
    children: Callable[[date], tuple[ChildInput, ...]]  # from the identification day
    address: str
    assessed: tuple[SupportLevel, When, When | None] | None = None  # level, day, next review (None: the default)
    request: tuple[str, When] | None = None
    team: tuple[When, tuple[Member, ...]] | None = None  # the curator first
    route: tuple[When, When] | None = None  # the route drawn, services begun
    rest: Callable[[CaseBuilder, str, date], None] | None = None  # the case's own steps (id, identification day)


def enter(b: CaseBuilder, spec: CaseSpec) -> CaseCard:
    """The case as a specialist enters it, step by step, each on its own day."""
    identified = spec.identified(b.days)

    def day(when: When) -> date:
        return when(b.days, identified)

    card = b.case(
        spec.name, spec.category, spec.source, identified, spec.adults, spec.children(identified), spec.address
    )
    if spec.assessed is not None:
        level, on, review = spec.assessed
        b.assess(card.id, level, day(on), day(review) if review else None)
    if spec.request is not None:
        b.request(card.id, spec.request[0], day(spec.request[1]))
    if spec.team is not None:
        on, (curator, *others) = spec.team
        b.team(card.id, day(on), curator, *others)
    if spec.route is not None:
        b.stage(card.id, CaseStage.ROUTE, day(spec.route[0]))
        b.stage(card.id, CaseStage.SERVICES, day(spec.route[1]))
    if spec.rest is not None:
        spec.rest(b, card.id, identified)
    return card
