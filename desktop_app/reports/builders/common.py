"""What the reports share: the program a report is about, the districts at the region, the signature block."""

from __future__ import annotations

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.request import ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Signature


def chosen_program(sources: ReportSources, actor: Actor, request: ReportRequest) -> tuple[str, str]:
    """(id, title) of the program asked for, or of the newest one with indicators."""
    programs = sources.sheets.programs(actor)
    if request.program_id:
        for program_id, title in programs:
            if program_id == request.program_id:
                return program_id, title
        raise UserError("Программа не найдена: выберите её в списке заново.")
    if not programs:
        raise UserError("В базе нет программы с показателями: загрузите план мероприятий или пакет региона.")
    return programs[0]


def territories(sources: ReportSources, actor: Actor, request: ReportRequest, program_id: str) -> list[str]:
    """The territories the report covers: the one asked for, every district at the region, or our own."""
    if request.all_districts:
        if sources.info.kind is not InstallationKind.REGION:
            raise UserError("Отчёт по всем муниципальным образованиям формирует региональный координатор.")
        return [status.district for status in district_statuses(sources, actor, program_id, request.period)]
    return [request.district or sources.own_territory]


def district_statuses(sources: ReportSources, actor: Actor, program_id: str, period: Period) -> list:  # type: ignore[type-arg]
    return list(sources.region_view.overview(actor, program_id, period).districts)


def subtitle(period: Period, territory: str | None) -> str:
    where = f", {territory}" if territory else ""
    return f"за {period.label}{where}"


def signatures(sources: ReportSources, actor: Actor) -> tuple[Signature, ...]:
    """The head signs the form and the specialist who made it is named as the executor."""
    head = "Руководитель органа опеки и попечительства"
    if sources.info.kind is InstallationKind.REGION:
        head = "Руководитель (заместитель руководителя)"
    return (Signature(head, ""), Signature("Исполнитель", actor.full_name))
