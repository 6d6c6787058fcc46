"""Отчёт об исполнении «дорожной карты»: each measure of the program with its deadline, executors, the
report's status, what was done and the confirming documents, for one period and territory (at the region,
for one district or a section per district)."""

from __future__ import annotations

from desktop_app.domain.actor import Actor
from desktop_app.domain.execution import ReportStatus
from desktop_app.domain.periods import format_date
from desktop_app.reports.builders.common import chosen_program, official_report, subtitle, territories
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, decimal, text
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.registry_export import RegistryExport, registry_export

HEADER = (
    (
        HeaderCell("№ п/п", rowspan=2),
        HeaderCell("Наименование мероприятия", rowspan=2),
        HeaderCell("Срок исполнения", rowspan=2),
        HeaderCell("Исполнители", rowspan=2),
        HeaderCell("Исполнение за период", colspan=5),
    ),
    (
        HeaderCell("Состояние"),
        HeaderCell("Что сделано"),
        HeaderCell("Количество"),
        HeaderCell("Подтверждающие документы"),
        HeaderCell("Утверждено руководителем"),
    ),
    tuple(HeaderCell(str(number)) for number in range(1, 10)),
)
COLUMNS = (
    Column(0.55),
    Column(2.9),
    Column(1.6),  # approved deadlines are prose: «в течение всего срока реализации Программы (не менее …)»
    Column(1.6),
    Column(1.1),
    Column(2.7),
    Column(1.0),
    Column(1.9),
    Column(1.3),
)
DONE = (ReportStatus.DONE, ReportStatus.PARTIALLY_DONE)


def measures_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    program_id, program_title = chosen_program(sources, actor, request, of="measures")
    filters = MeasureFilter(program_id=program_id, period=request.period)
    sections = []
    for territory in territories(sources, actor, request, program_id):
        export = registry_export(sources.db, actor, filters, sources.today, territory)
        sections.append(_section(export, territory if request.all_districts else ""))
    where = None if request.all_districts else (request.district or sources.own_territory)
    title = f"{ReportKind.MEASURES.label}\n{program_title}"
    return official_report(
        sources, actor, title, sections, subtitle(request.period, where), split=request.all_districts
    )


def _section(export: RegistryExport, title: str) -> Section:
    rows: list[Row] = []
    block = None
    due = done = submitted = approved = 0
    for item in export.rows:
        measure, report = item.measure, item.report
        if measure.block_id != block:
            block = measure.block_id
            rows.append(Row.group(f"{measure.block_number} {measure.block_title}".strip()))
        sent = report if report is not None and report.submitted else None  # a draft is no report yet
        if measure.due:
            due += 1
            done += sent is not None and sent.status in DONE
        if sent is not None:
            submitted += 1
            approved += bool(sent.approval)
        rows.append(
            Row.of(
                measure.full_number,
                measure.name,
                # the deadline as the plan approved it; the executors' deadline for the period is the same for
                # every measure and goes in the notes
                text(measure.deadline_text or measure.schedule_summary),
                measure.executors_text,
                item.state,
                sent.done_text if sent else "",
                decimal(sent.quantity, 0) if sent and sent.quantity is not None else text(""),
                "; ".join(report.documents) if report is not None else "",
                sent.approval if sent else "",
            )
        )
    notes = [f"Мероприятий со сроком в периоде: {due}; исполнено полностью или частично: {done}."]
    notes.append(f"Отчёты исполнителей утверждены руководителем: {approved} из {submitted} представленных.")
    deadline = next((item.measure.deadline for item in export.rows if item.measure.deadline), None)
    if deadline is not None:
        notes.append(f"Срок представления отчётов исполнителями за период — {format_date(deadline)}.")
    silent = bool(title) and all(item.report is None for item in export.rows)  # a district that sent nothing
    table = Table(COLUMNS, HEADER, tuple(rows), name="Мероприятия")
    return Section(title, table, tuple(notes), territory=title, no_data=silent)
