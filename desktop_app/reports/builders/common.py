"""What the reports share: the program a report is about, the districts at the region, the signature block."""

from __future__ import annotations

from typing import Literal

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.domain.value_format import ValueKind, decimals_for, rounded, value_kind
from desktop_app.reports.builders.request import ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Approval, Cell, Report, Section, Signature, decimal, empty, integer, percent
from desktop_app.services.program_choice import ProgramChoice, program_choices

Contents = Literal["indicators", "measures"]
_MISSING = {
    "indicators": "показателей, поэтому отчёт по показателям для неё не формируется",
    "measures": "мероприятий, поэтому отчёт об исполнении «дорожной карты» для неё не формируется",
}


def chosen_program(
    sources: ReportSources, actor: Actor, request: ReportRequest, *, of: Contents = "indicators"
) -> tuple[str, str]:
    """(id, title) of the program asked for, or of the newest one that has ``of`` (its indicators or its
    measures); any program may be asked for, and one without what the report prints is named as such."""
    programs = program_choices(sources.db, actor)
    if not programs:
        raise UserError("В базе нет программы мероприятий: загрузите план мероприятий или пакет региона.")
    if request.program_id:
        program = next((p for p in programs if p.id == request.program_id), None)
        if program is None:
            raise UserError("Программа не найдена: выберите её в списке заново.")
    else:
        program = next((p for p in programs if _count(p, of)), programs[0])
    if not _count(program, of):
        raise UserError(f"В программе «{program.title}» нет {_MISSING[of]}.")
    return program.id, program.title


def _count(program: ProgramChoice, of: Contents) -> int:
    return program.indicators if of == "indicators" else program.measures


def territories(sources: ReportSources, actor: Actor, request: ReportRequest, program_id: str) -> list[str]:
    """The territories the report covers: the one asked for, every district at the region, or our own."""
    if request.all_districts:
        if sources.info.kind is not InstallationKind.REGION:
            raise UserError("Отчёт по всем муниципальным образованиям формирует региональный координатор.")
        return [status.district for status in district_statuses(sources, actor, program_id, request.period)]
    return [request.district or sources.own_territory]


def district_statuses(sources: ReportSources, actor: Actor, program_id: str, period: Period) -> list:  # type: ignore[type-arg]
    return list(sources.region_view.overview(actor, program_id, period).districts)


def indicator_cell(kind: IndicatorKind, value: float | None, unit: str = "") -> Cell:
    """A value as domain.value_format spells it, kept a number for the workbook: a share with «%» and one
    decimal, a whole count without decimals, a rate with one, money with two; «—» when unknown."""
    if value is None:
        return empty()
    shown = value_kind(kind)
    decimals = decimals_for(shown, value, unit)
    if shown.is_share:
        return percent(value, decimals)
    if shown is ValueKind.COUNT and decimals == 0:
        return integer(int(rounded(value, 0)))
    return decimal(value, decimals)


def deviation_cell(kind: IndicatorKind, gap: float | None, unit: str = "") -> Cell:
    """Fact minus plan in the value's own decimals (a share's in percentage points, so without «%»)."""
    if gap is None:
        return empty()
    decimals = decimals_for(kind, gap, unit)
    if value_kind(kind) is ValueKind.COUNT and decimals == 0:
        return integer(int(rounded(gap, 0)))
    return decimal(gap, decimals)


def subtitle(period: Period, territory: str | None) -> str:
    where = f", {territory}" if territory else ""
    return f"за {period.label}{where}"


def official_report(
    sources: ReportSources,
    actor: Actor,
    title: str,
    sections: list[Section],
    subtitle_text: str,
    *,
    approved: bool = True,
    split: bool = False,
) -> Report:
    """The form around a report's sections: the organisation, «УТВЕРЖДАЮ» for the head (when the report is
    approved) and the signatures — the head's, and the maker's as executor — from one look at the accounts."""
    people = sources.auth.signatories(actor) if sources.auth is not None else None
    head_position = (people.head_position if people else "") or _HEAD[sources.info.kind]
    head_name = people.head_name if people else ""
    executor = (people.own_position if people else "") or "Исполнитель"
    # Only a signed-in person signs: the program acting for itself (the command line, which asks no password)
    # leaves the name blank to be written in by whoever signs the paper.
    maker = actor.full_name if actor.user_id is not None else ""
    if maker and head_name == maker:
        signed: tuple[Signature, ...] = (Signature(head_position, maker),)
    else:
        signed = (Signature(head_position, head_name), Signature(executor, maker))
    return Report(
        title=title,
        sections=tuple(sections),
        organisation=sources.info.organisation_name,
        subtitle=subtitle_text,
        approval=Approval(head_position, head_name) if approved else None,
        signatures=signed,
        split_sections=split,
        made_on=sources.today,
    )


_HEAD = {
    InstallationKind.DISTRICT: "Руководитель органа опеки и попечительства",
    InstallationKind.REGION: "Руководитель (заместитель руководителя)",
}
