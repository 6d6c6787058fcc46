"""What a user asks for: which report, for which period, district and form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.periods import Period

ALL_DISTRICTS = "*"  # at the region: every district, a section (a sheet) each


class ReportKind(StrEnum):
    MEASURES = "measures"
    INDICATORS = "indicators"
    FAMILIES = "families"
    FORM = "form"
    CONSOLIDATED = "consolidated"
    CASES = "cases"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def needs_form(self) -> bool:
        return self is ReportKind.FORM

    @property
    def region_only(self) -> bool:
        return self is ReportKind.CONSOLIDATED


_LABELS = {
    ReportKind.MEASURES: "Отчёт об исполнении «дорожной карты»",
    ReportKind.INDICATORS: "Ключевые показатели реализации программы",
    ReportKind.FAMILIES: "Реестр ресурсных семей и статистика размещений",
    ReportKind.FORM: "Заполненная форма (анкета, отчёт)",
    ReportKind.CONSOLIDATED: "Сводные показатели по региону",
    ReportKind.CASES: "Нагрузка по сопровождению семей",
}


@dataclass(frozen=True)
class ReportRequest:
    """``district`` is a district's name, ALL_DISTRICTS, or None for this installation's own territory."""

    kind: ReportKind
    period: Period
    district: str | None = None
    form_id: str | None = None
    program_id: str | None = None

    @property
    def all_districts(self) -> bool:
        return self.district == ALL_DISTRICTS
