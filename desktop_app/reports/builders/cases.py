"""Нагрузка по сопровождению семей (the caseload report) for a period: per curator at a district (per district at
the region, where no person is named) and per category — open at the start, taken, closed by outcome, open at the
end and reviews overdue — from services/caseload.py, one report model for the PDF and the workbook."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import InstallationKind
from desktop_app.reports.builders.common import official_report, subtitle
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, integer
from desktop_app.services.caseload import Caseload, CaseloadRow

OUTCOMES = tuple(CaseOutcome)
# the outcomes' labels are too long for a column of numbers: short ones for the header
OUTCOME_HEADERS = {
    CaseOutcome.OVERCOME: "ситуация преодолена",
    CaseOutcome.CHILD_RETURNED: "ребёнок возвращён в семью",
    CaseOutcome.FAMILY_PLACEMENT: "ребёнок устроен в семью",
    CaseOutcome.INSTITUTION: "помещён в учреждение",
    CaseOutcome.RIGHTS_DEPRIVED: "лишение прав",
    CaseOutcome.MOVED_AWAY: "переезд семьи",
    CaseOutcome.REFUSED: "отказ семьи",
    CaseOutcome.OTHER: "другое",
}
NO_CURATOR = "куратор не назначен"
NUMBERS = 5 + len(OUTCOMES)  # at start, taken, closed, …by outcome, at end, overdue


def caseload_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    at_region = sources.info.kind is InstallationKind.REGION
    rows = Caseload(sources.db, lambda: sources.today).rows(
        actor, request.period, "municipality" if at_region else "curator"
    )
    if at_region and request.district and request.district != ALL_DISTRICTS:
        rows = [row for row in rows if row.group == request.district]
    who = "Муниципальное образование" if at_region else "Куратор"
    sections = [
        _section(
            "По муниципальным образованиям" if at_region else "По кураторам",
            who,
            _by(rows, lambda row: row.group or ("—" if at_region else NO_CURATOR)),
            "Кураторы" if not at_region else "Округа",
        ),
        _section("По категориям семей", "Категория", _by(rows, _category_label), "Категории", _notes(request)),
    ]
    where = None if at_region and not request.district else (request.district or sources.info.district_name)
    if where == ALL_DISTRICTS:
        where = None
    return official_report(
        sources, actor, ReportKind.CASES.label, sections, subtitle(request.period, where), approved=False
    )


def _notes(request: ReportRequest) -> tuple[str, ...]:
    start, end = format_date(request.period.start), format_date(request.period.end)
    return (
        f"«На начало периода» — случаи, взятые на сопровождение до {start} и не снятые с него до этой даты; "
        f"«На конец периода» — открытые на {end}. На начало + взято − снято = на конец.",
        f"«Пересмотр просрочен» — открытые на {end} случаи, дата следующего пересмотра которых уже прошла.",
    )


def _category_label(row: CaseloadRow) -> str:
    try:
        return CaseCategory(row.category).label
    except ValueError:
        return row.category


def _by(rows: Iterable[CaseloadRow], key: Callable[[CaseloadRow], str]) -> dict[str, list[int]]:
    """Label → the summed numbers of its rows, in the order first met (the query orders them)."""
    found: dict[str, list[int]] = {}
    for row in rows:
        numbers = found.setdefault(key(row), [0] * NUMBERS)
        for index, value in enumerate(_numbers(row)):
            numbers[index] += value
    return found


def _numbers(row: CaseloadRow) -> list[int]:
    return [
        row.at_start,
        row.opened,
        row.closed,
        *(row.closed_by_outcome.get(outcome.value, 0) for outcome in OUTCOMES),
        row.at_end,
        row.overdue,
    ]


def _header(who: str) -> tuple[tuple[HeaderCell, ...], ...]:
    return (
        (
            HeaderCell("№ п/п", rowspan=2),
            HeaderCell(who, rowspan=2),
            HeaderCell("На начало периода", rowspan=2),
            HeaderCell("Взято за период", rowspan=2),
            HeaderCell("Снято с сопровождения за период", colspan=1 + len(OUTCOMES)),
            HeaderCell("На конец периода", rowspan=2),
            HeaderCell("Пересмотр просрочен", rowspan=2),
        ),
        (HeaderCell("всего"), *(HeaderCell(OUTCOME_HEADERS[outcome]) for outcome in OUTCOMES)),
    )


def _section(title: str, who: str, groups: dict[str, list[int]], sheet: str, notes: tuple[str, ...] = ()) -> Section:
    columns = (Column(0.5), Column(2.4), *(Column(1.0) for _ in range(NUMBERS)))
    body = [
        Row.of(str(number), label, *(integer(value) for value in values))
        for number, (label, values) in enumerate(groups.items(), 1)
    ]
    totals = [sum(values[index] for values in groups.values()) for index in range(NUMBERS)]
    body.append(Row.total("", "Итого", *(integer(value) for value in totals)))
    return Section(title, Table(columns, _header(who), tuple(body), name=sheet), notes, sheet_name=sheet)
