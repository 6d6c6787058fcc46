"""Отчёт об исполнении «дорожной карты»: each measure of the program with its deadline, executors, the
report's status, what was done and the confirming documents, for one period and territory (at the region,
for one district or a section per district)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop_app.domain.actor import Actor
from desktop_app.domain.execution import ReportStatus
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.reporting_chain import ChainStep, StepKind, StepMark, chain_state
from desktop_app.reports.builders.common import chosen_program, official_report, subtitle, territories
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, decimal, text
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.region_measures import chain_marks, registry_exports
from desktop_app.services.registry_export import RegistryExport
from desktop_app.services.reporting_chain import ALL_REPORTED, NOTHING_DUE

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
    covered = territories(sources, actor, request, program_id)
    # every territory's reports and marks in a few queries, not a registry export and a chain read each
    exports = registry_exports(sources.db, actor, filters, sources.today, covered)
    steps, marks = chain_marks(sources.db, actor, program_id, request.period, covered)
    for territory in covered:
        export = exports[territory]
        chain = chain_notes(steps, marks[territory], export, request.period, sources.today)
        sections.append(_section(export, territory if request.all_districts else "", chain))
    where = None if request.all_districts else (request.district or sources.own_territory)
    title = f"{ReportKind.MEASURES.label}\n{program_title}"
    return official_report(
        sources, actor, title, sections, subtitle(request.period, where), split=request.all_districts
    )


def chain_notes(
    steps: tuple[ChainStep, ...], marks: dict[str, StepMark], export: RegistryExport, period: Period, today: date
) -> list[str]:
    """«Порядок отчётности за период: шаг — срок — выполнено (кто, когда)», the executors' step and the approval
    read from the reports printed above, the other steps from their marks."""
    marks = dict(marks)
    due = [item for item in export.rows if item.measure.due]
    missing = [item for item in due if item.report is None or not item.report.submitted]
    sent = [item.report for item in export.rows if item.report is not None and item.report.submitted]
    for step in steps:
        if step.key in marks:
            continue
        if step.kind is StepKind.EXECUTORS and not missing:
            last = max((r.reported_at for r in sent if r.reported_at is not None), default=None)
            marks[step.key] = StepMark(ALL_REPORTED if due else NOTHING_DUE, last)
        elif step.kind is StepKind.APPROVAL and sent and all(r.approved_at is not None for r in sent):
            latest = max(sent, key=lambda r: r.approved_at or datetime.min.replace(tzinfo=UTC))
            marks[step.key] = StepMark(latest.approved_by, latest.approved_at)
    leads = tuple(dict.fromkeys(item.measure.lead_executor or item.measure.executors_text for item in missing))
    state = chain_state(steps, period, marks, lambda step: leads if step.kind is StepKind.EXECUTORS else ())
    lines = [f"Порядок отчётности за {period.label}: шаг — срок — выполнено (кто, когда)."]
    for item in state.steps:
        if item.mark is not None:
            when = f", {format_date(item.mark.done_at.date())}" if item.mark.done_at else ""
            done = f"выполнено ({item.mark.done_by}{when})"
        elif item.late(today):
            done = "не выполнено, срок прошёл; не выполнили: " + ", ".join(item.pending)
        else:
            done = "не выполнено"
        lines.append(f"{item.position}. {item.step.title} — до {format_date(item.deadline)} — {done}.")
    return lines


def _section(export: RegistryExport, title: str, chain: list[str] | None = None) -> Section:
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
    notes.extend(chain or [])
    silent = bool(title) and all(item.report is None for item in export.rows)  # a district that sent nothing
    table = Table(COLUMNS, HEADER, tuple(rows), name="Мероприятия")
    return Section(title, table, tuple(notes), territory=title, no_data=silent)
