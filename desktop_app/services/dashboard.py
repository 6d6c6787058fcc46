"""The start screen's summary: plan against fact of the period being reported, overdue measures (and, at a district,
overdue casework with families), ready families against the target of five, and forms not yet filled. Read-only;
one call per refresh."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.actor import Actor
from desktop_app.domain.matching import TargetRow
from desktop_app.domain.reporting_period import reported_among as reported_period
from desktop_app.domain.roles import Permission
from desktop_app.services.casework_due import CaseworkDue, CaseworkDueService
from desktop_app.services.family_register import FamilyRegister
from desktop_app.services.form_answers import FormAnswers, FormSummary
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_sheet import IndicatorSheet
from desktop_app.services.measure_list import MeasureFilter, MeasureRow
from desktop_app.services.registry import RegistryService

OVERDUE_SHOWN = 50


@dataclass(frozen=True)
class Dashboard:
    today: date
    sheet: IndicatorSheet | None
    overdue: tuple[MeasureRow, ...]
    overdue_total: int
    targets: tuple[TargetRow, ...]
    forms: tuple[FormSummary, ...]
    casework: CaseworkDue | None = None  # None where cases are not worked with (the region)

    @property
    def forms_unfilled(self) -> list[FormSummary]:
        return [summary for summary in self.forms if not summary.filled]


class DashboardService:
    def __init__(
        self,
        indicators: IndicatorEntry,
        registry: RegistryService,
        families: FamilyRegister,
        forms: FormAnswers,
        today: Callable[[], date] = date.today,
        casework: CaseworkDueService | None = None,
    ) -> None:
        self._indicators = indicators
        self._registry = registry
        self._families = families
        self._forms = forms
        self._today = today
        self._casework = casework

    def summary(self, actor: Actor, territory: str, program_id: str | None = None) -> Dashboard:
        """Everything the start screen shows, for the newest program with indicators unless one is named."""
        actor.require(Permission.VIEW_DATA)
        today = self._today()
        sheet = None
        programs = self._indicators.sheets.programs(actor)
        chosen = program_id or (programs[0][0] if programs else None)
        if chosen:
            period = reported_period(self._indicators.sheets.periods(actor, chosen), today)
            if period is not None:
                sheet = self._indicators.sheets.sheet(actor, chosen, period, territory)
        overdue = self._registry.measures(actor, filters=MeasureFilter(overdue_only=True), today=today)
        return Dashboard(
            today=today,
            sheet=sheet,
            overdue=tuple(overdue[:OVERDUE_SHOWN]),
            overdue_total=len(overdue),
            targets=tuple(self._families.targets(actor, [territory] if territory else [])),
            forms=tuple(self._forms.overview(actor, territory, today)),
            casework=self._casework.summary(actor, today) if self._casework is not None else None,
        )
