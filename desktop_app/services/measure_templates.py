"""Co-executors without the program: the period's measures as an Excel template per executor, and the
reports they fill in taken back.

Taking a template back is two steps, as with every import here: a preview that lists each report to be
created or changed (old → new, field by field, with the cell's address) and every wrong cell, then an
all-or-nothing save through ExecutionService.save_reports with the row versions the preview read. A
template of another program, period or district is refused with one sentence; a row of a measure the
sheet's executor does not execute is a problem of that row. An approved report is changed only by a head
(the preview says the approval will be withdrawn); a saved one is replaced only after the preview says whose.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.roles import Permission
from desktop_app.domain.schedules import Schedule
from desktop_app.domain.text import search_key
from desktop_app.form_templates.model import TemplateIssue
from desktop_app.measure_templates.model import ExecutorSheet, Field, FilledMeasureTemplate, MeasureLine
from desktop_app.measure_templates.reader import read_measure_template, row_input
from desktop_app.services.execution import ExecutionService, ReportEntry
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    ExecutionReport,
    Installation,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
)
from desktop_app.storage.territory import own_territory

NO_SUCH_MEASURE = "Этого мероприятия нет в программе (его удалили?): строка не принята."
_FILE_NAME_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # what Windows refuses in a name


@dataclass(frozen=True)
class ExecutorChoice:
    """An executor with how many of the program's measures it answers for in the period."""

    id: str
    name: str
    measures: int


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    address: str


@dataclass(frozen=True)
class MeasureChange:
    """A report the template would create or change."""

    measure_id: str
    number: str
    name: str
    executor: str
    created: bool
    fields: tuple[FieldChange, ...]
    note: str  # what is replaced or withdrawn, "" for a new report
    entry: ReportEntry


@dataclass(frozen=True)
class MeasureLoadPreview:
    source: Path
    program_id: str
    program_title: str
    period: Period
    district: str
    changes: tuple[MeasureChange, ...]
    issues: tuple[TemplateIssue, ...]
    unchanged: int = 0
    empty: int = 0

    @property
    def can_apply(self) -> bool:
        return not self.issues and bool(self.changes)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"№ {change.number}: {change.note}" for change in self.changes if change.note)


class MeasureTemplates:
    def __init__(self, db: Database, execution: ExecutionService, installation: str = "") -> None:
        self._db = db
        self._execution = execution
        self._installation = installation

    # ------------------------------------------------------------------------------------------ writing

    def executors(self, actor: Actor, program_id: str, period: Period) -> list[ExecutorChoice]:
        """The executors with measures of ``program_id`` due (or already reported) in ``period``."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            sheets = _sheets(session, program_id, period, None)
        return [ExecutorChoice(item.organisation_id, item.name, len(item.measures)) for item in sheets]

    def write(
        self,
        actor: Actor,
        program_id: str,
        period: Period,
        folder: Path,
        executor_ids: Collection[str] | None = None,
        *,
        one_file: bool = False,
    ) -> list[Path]:
        """Templates of the executors' measures for ``period`` in ``folder``: a file per executor, or one
        file with a sheet per executor; the reports already entered are filled in."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = _program(session, program_id)
            _check_period(program, period)
            sheets = _sheets(session, program_id, period, executor_ids)
            title, district = program.title, _district(session)
        if not sheets:
            raise UserError(f"За {period.label} у выбранных исполнителей нет мероприятий: шаблон не нужен.")
        from desktop_app.measure_templates.writer import write_measure_template

        written: list[Path] = []
        groups = [sheets] if one_file else [[item] for item in sheets]
        for group in groups:
            what = "" if one_file else f" — {group[0].name}"
            path = folder / _file_name(f"Отчёт по мероприятиям {period.label}{what}")
            write_measure_template(path, program_id, title, period, district, group, installation=self._installation)
            written.append(path)
        return written

    # ------------------------------------------------------------------------------------------ reading

    def preview(
        self, actor: Actor, path: Path, program_id: str | None = None, period: Period | None = None
    ) -> MeasureLoadPreview:
        """What loading the filled template at ``path`` would do; UserError when it was made for another
        program (than ``program_id``, when given), period or district."""
        actor.require(Permission.EDIT_DATA)
        filled = read_measure_template(path)
        with self._db.reading() as session:
            program = session.get(Program, filled.program_id)
            if program is None:
                raise UserError(
                    f"Шаблон сделан для программы «{filled.program_title or filled.program_id}», которой нет в этой "
                    "базе: загрузите его в установке, где эта программа есть."
                )
            if program_id is not None and program_id != program.id:
                chosen = session.get(Program, program_id)
                raise UserError(
                    f"Шаблон сделан для программы «{program.title}», а выбрана программа "
                    f"«{chosen.title if chosen else program_id}»: выберите программу шаблона."
                )
            _check_target(filled, program, period, _district(session))
            return _preview(session, actor, path, filled, program)

    def apply(self, actor: Actor, preview: MeasureLoadPreview) -> int:
        """Save the reports of ``preview`` all or nothing; UserError when one changed since the preview."""
        if preview.issues:
            raise UserError("Шаблон не загружен: исправьте ошибки в файле и загрузите его снова.")
        entries = [change.entry for change in preview.changes]
        self._execution.save_reports(actor, preview.period, entries)
        return len(entries)


# ------------------------------------------------------------------------------------------ helpers


def _program(session: Session, program_id: str) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound("Программа не найдена: возможно, её удалили.")
    return program


def _district(session: Session) -> str:
    """The name the templates carry: the district's, or the region's at a regional installation."""
    own = own_territory(session)
    if own:
        return own
    return session.scalars(select(Installation.region_name)).first() or ""


def _check_period(program: Program, period: Period) -> None:
    periods = procedure_of(program).periods(program.period_start, program.period_end)
    if period not in periods:
        raise ValidationError(
            f"«{period.label}» не отчётный период программы «{program.title}»: отчёты по ней сдаются за "
            f"{procedure_of(program).period_kind.label}."
        )


def _check_target(filled: FilledMeasureTemplate, program: Program, period: Period | None, district: str) -> None:
    if period is not None and filled.period != period:
        raise UserError(
            f"Шаблон сделан за {filled.period.label}, а выбран период {period.label}: "
            "выберите период шаблона или запросите новый шаблон."
        )
    if search_key(filled.district) != search_key(district):
        raise UserError(
            f"Шаблон сделан для района «{filled.district}», а эта установка — «{district}»: "
            "загрузите шаблон в установке своего района."
        )
    try:
        _check_period(program, filled.period)
    except ValidationError as error:
        raise UserError(error.message) from None


def _sheets(
    session: Session, program_id: str, period: Period, executor_ids: Collection[str] | None
) -> list[ExecutorSheet]:
    program = _program(session, program_id)
    rows = session.execute(
        select(Measure, ProgramBlock.number, Organisation)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .join(MeasureExecutor, MeasureExecutor.measure_id == Measure.id)
        .join(Organisation, MeasureExecutor.organisation_id == Organisation.id)
        .where(ProgramBlock.program_id == program_id)
        .order_by(ProgramBlock.position, Measure.position, MeasureExecutor.position)
    ).all()
    reports = {
        report.measure_id: report
        for report in session.scalars(
            select(ExecutionReport)
            .join(Measure, ExecutionReport.measure_id == Measure.id)
            .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
            .where(ProgramBlock.program_id == program_id, ExecutionReport.period == period.code)
            .where(ExecutionReport.territory == own_territory(session))
        )
    }
    wanted = set(executor_ids) if executor_ids is not None else None
    lines: dict[str, list[MeasureLine]] = {}
    names: dict[str, str] = {}
    for measure, block_number, organisation in rows:
        if wanted is not None and organisation.id not in wanted:
            continue
        report = reports.get(measure.id)
        due = Schedule.from_dict(measure.schedule).is_due_in(period, program.period_start, program.period_end)
        if not due and (report is None or report.reported_at is None):
            continue
        names[organisation.id] = organisation.short_name or organisation.full_name
        lines.setdefault(organisation.id, []).append(_line(measure, block_number, report))
    return [ExecutorSheet(key, names[key], tuple(items)) for key, items in lines.items()]


def _line(measure: Measure, block_number: str, report: ExecutionReport | None) -> MeasureLine:
    number = f"{block_number}{measure.number}"
    if report is None or report.reported_at is None:
        return MeasureLine(measure.id, number, measure.name, measure.deadline_text)
    return MeasureLine(
        measure.id,
        number,
        measure.name,
        measure.deadline_text,
        ReportStatus.read(report.status).label,
        report.done_text,
        report.quantity,
        report.notes,
    )


def _file_name(text: str) -> str:
    cleaned = " ".join(_FILE_NAME_FORBIDDEN.sub(" ", text).split())[:150].rstrip(" .")
    return f"{cleaned}.xlsx"


def _preview(
    session: Session, actor: Actor, path: Path, filled: FilledMeasureTemplate, program: Program
) -> MeasureLoadPreview:
    measures = {
        measure.id: (measure, block_number)
        for measure, block_number in session.execute(
            select(Measure, ProgramBlock.number)
            .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
            .where(ProgramBlock.program_id == program.id)
        )
    }
    executes = {
        (measure_id, organisation_id)
        for measure_id, organisation_id in session.execute(
            select(MeasureExecutor.measure_id, MeasureExecutor.organisation_id)
            .join(Measure, MeasureExecutor.measure_id == Measure.id)
            .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
            .where(ProgramBlock.program_id == program.id)
        )
    }
    organisations = {org.id: org.short_name or org.full_name for org in session.scalars(select(Organisation))}
    issues: list[TemplateIssue] = []
    taken: dict[str, tuple[ReportInput, str]] = {}  # measure id → (input, sheet it came from)
    changes: list[MeasureChange] = []
    unchanged = empty = 0
    for row in filled.rows:
        entry, problems = row_input(row)
        if entry is None and not problems:
            empty += 1
            continue
        found = measures.get(row.measure_id)
        first = row.addresses.get(Field.STATUS, row.sheet)
        if found is None:
            issues.append(
                TemplateIssue(row.measure_id, "", first, "Этого мероприятия нет в программе: строка не принята.")
            )
            continue
        measure, block_number = found
        number = f"{block_number}{measure.number}"
        executor = organisations.get(row.executor_id, "")
        if (row.measure_id, row.executor_id) not in executes:
            issues.append(
                TemplateIssue(
                    row.measure_id,
                    "",
                    first,
                    f"Мероприятие № {number} не закреплено за исполнителем «{executor or row.sheet}»: "
                    "его отчёт с этого листа не принимается.",
                )
            )
            continue
        issues.extend(problems)
        if entry is None:
            continue
        earlier = taken.get(row.measure_id)
        if earlier is not None:
            if earlier[0] != entry:
                issues.append(
                    TemplateIssue(
                        row.measure_id,
                        "",
                        first,
                        f"Мероприятие № {number} заполнено и на листе «{earlier[1]}», по-другому: "
                        "оставьте отчёт на одном листе.",
                    )
                )
            continue
        taken[row.measure_id] = (entry, row.sheet)
        report = session.scalars(
            select(ExecutionReport).where(
                ExecutionReport.measure_id == row.measure_id,
                ExecutionReport.period == filled.period.code,
                ExecutionReport.territory == own_territory(session),
            )
        ).first()
        change = _change(actor, row.measure_id, row.addresses, (number, measure.name, executor), entry, report, issues)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    issues.sort(key=_issue_order)
    return MeasureLoadPreview(
        source=path,
        program_id=program.id,
        program_title=program.title,
        period=filled.period,
        district=filled.district,
        changes=tuple(changes),
        issues=tuple(issues),
        unchanged=unchanged,
        empty=empty,
    )


def _change(
    actor: Actor,
    measure_id: str,
    addresses: dict[Field, str],
    shown: tuple[str, str, str],
    entry: ReportInput,
    report: ExecutionReport | None,
    issues: list[TemplateIssue],
) -> MeasureChange | None:
    number, name, executor = shown
    reported = report is not None and report.reported_at is not None
    old = (
        (ReportStatus.read(report.status).label, report.done_text, report.quantity, report.notes)
        if report is not None and reported
        else ("", "", None, "")
    )
    new = (ReportStatus(entry.status).label, entry.done_text, entry.quantity, entry.notes)
    if reported and old == new:
        return None
    fields = tuple(
        FieldChange(field.label, _shown(before), _shown(after), addresses.get(field, ""))
        for field, before, after in zip(
            (Field.STATUS, Field.DONE_TEXT, Field.QUANTITY, Field.NOTES), old, new, strict=True
        )
        if before != after
    )
    note = ""
    if report is not None and report.approved_at is not None:
        if not actor.can(Permission.APPROVE_REPORTS):
            issues.append(
                TemplateIssue(
                    measure_id,
                    "",
                    addresses.get(Field.STATUS, ""),
                    f"Отчёт по мероприятию № {number} утверждён руководителем: изменить его может только руководитель.",
                )
            )
            return None
        note = f"отчёт утверждён ({report.approved_by}): после загрузки утверждение снимется"
    elif reported and report is not None:
        when = format_date(report.reported_at.date()) if report.reported_at else ""
        note = f"заменит отчёт, сохранённый {when} ({report.reported_by})"
    loaded_by = actor.full_name or actor.login
    entry_row = ReportEntry(
        measure_id,
        entry,
        report.row_version if report is not None else 0,
        f"{executor} (шаблон Excel, загрузил {loaded_by})" if executor else "",
    )
    return MeasureChange(measure_id, number, name, executor, not reported, fields, note, entry_row)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value, 3)
    return str(value)


def _issue_order(issue: TemplateIssue) -> tuple[str, int, int]:
    from desktop_app.form_templates.ids import address_fits, split_address

    sheet, _, address = issue.address.rpartition("!")
    row, column = split_address(address) if address_fits(address) else (0, 0)
    return sheet, row, column
