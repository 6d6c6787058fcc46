"""The catalogue and plan values out to a workbook and back (`opeka catalogue export / import`).

Import matches a group by its program and number (or its title when it has no number), an indicator by its
program and code, a plan value by indicator, period and territory; it creates what is new and changes what
differs. Nothing is deleted by a missing row; an emptied plan value removes that plan. Every wrong cell is
named by its address and then nothing is written: the whole file is one transaction, and a dry run is the
same transaction rolled back, so it reports exactly what a real import would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.exports.catalogue_xlsx import COLUMNS, GROUPS, INDICATORS, PLANS, SheetRow
from desktop_app.services.catalogue_cells import choice_cell, date_cell, number_cell, period_cell, plain
from desktop_app.services.catalogue_plans import WHOLE, PlanCell, program_territories, save_plans
from desktop_app.services.catalogue_rules import IndicatorInput, require_editor
from desktop_app.services.catalogue_store import check_code, fill_changes, fill_indicator, link_measures
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    Measure,
    MeasureIndicator,
    Program,
    ProgramBlock,
)

YES, NO = "да", "нет"
_WHOLE_LABELS = {"регион в целом", "программа в целом", "в целом", ""}


@dataclass(frozen=True)
class Change:
    sheet: str
    address: str  # the row's first cell («Показатели!A7»)
    record: str  # «показатель 1.2», «группа 2.»
    action: str  # «новый», «изменён», «удалён»
    fields: tuple[tuple[str, Any, Any], ...] = ()


@dataclass
class TransferResult:
    changes: list[Change] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell address, message)
    applied: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "changes": [
                {
                    "sheet": c.sheet,
                    "address": c.address,
                    "record": c.record,
                    "action": c.action,
                    "fields": [{"field": f, "old": plain(o), "new": plain(n)} for f, o, n in c.fields],
                }
                for c in self.changes
            ],
            "errors": [{"address": address, "message": message} for address, message in self.errors],
        }


class _DryRun(Exception):
    """Rolls the import's transaction back once everything is checked and counted."""


class CatalogueTransfer:
    def __init__(self, db: Database) -> None:
        self._db = db

    def export_rows(self, actor: Actor, program_id: str | None = None) -> dict[str, list[list[Any]]]:
        """The rows of the three sheets for one program, or for every program that has a catalogue."""
        actor.require(Permission.VIEW_DATA)
        rows: dict[str, list[list[Any]]] = {GROUPS: [], INDICATORS: [], PLANS: []}
        with self._db.reading() as session:
            query = select(Program).order_by(Program.period_start, Program.title)
            if program_id:
                query = query.where(Program.id == program_id)
            programs = list(session.scalars(query))
            if program_id and not programs:
                raise UserError(f"Программа «{program_id}» не найдена: её идентификатор — в opeka info --json.")
            for program in programs:
                _export_program(session, program, rows)
        return rows

    def import_rows(self, actor: Actor, book: dict[str, list[SheetRow]], dry_run: bool = False) -> TransferResult:
        """Check and write the workbook's rows; with errors nothing is written and they are returned."""
        actor.require(Permission.VIEW_DATA)
        result = TransferResult()
        try:
            with self._db.transaction(actor) as session:
                _Import(session, actor, result).run(book)
                if result.errors or dry_run:
                    raise _DryRun
        except _DryRun:
            return result
        result.applied = True
        return result


def _export_program(session: Session, program: Program, rows: dict[str, list[list[Any]]]) -> None:
    groups = list(
        session.scalars(
            select(IndicatorGroup).where(IndicatorGroup.program_id == program.id).order_by(IndicatorGroup.position)
        )
    )
    measures = _measure_numbers(session, program.id)
    links: dict[str, list[str]] = {}
    ids = [indicator.id for group in groups for indicator in group.indicators]
    for measure_id, indicator_id in session.execute(
        select(MeasureIndicator.measure_id, MeasureIndicator.indicator_id).where(MeasureIndicator.indicator_id.in_(ids))
    ):
        links.setdefault(indicator_id, []).append(measures.get(measure_id, ""))
    title = program.short_title or program.title
    for group in groups:
        rows[GROUPS].append([program.id, title, group.number, group.title])
        for ind in group.indicators:
            rows[INDICATORS].append(
                [
                    program.id,
                    group.number or group.title,
                    ind.code,
                    ind.name,
                    ind.unit,
                    IndicatorKind.of(ind.kind).label,
                    YES if ind.cumulative else NO,
                    Direction.of(ind.direction).label,
                    ind.base_value,
                    ind.base_date,
                    ind.source,
                    "; ".join(number for number in links.get(ind.id, []) if number),
                    IndicatorState.of(ind.state).label,
                ]
            )
            plans = session.scalars(select(IndicatorPlan).where(IndicatorPlan.indicator_id == ind.id))
            for plan in sorted(plans, key=lambda p: (Period.parse(p.period).end, p.territory)):
                whole = "Регион в целом" if program.owner == "" else "Программа в целом"
                territory = plan.territory or whole
                rows[PLANS].append([program.id, ind.code, Period.parse(plan.period).label, territory, plan.value])


def _measure_numbers(session: Session, program_id: str) -> dict[str, str]:
    """Measure id → its printed number with the block's («III.2.»), as the workbook names it."""
    query = (
        select(Measure.id, ProgramBlock.number, Measure.number)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .where(ProgramBlock.program_id == program_id)
    )
    return {mid: "".join(f"{block}{number}".split()) for mid, block, number in session.execute(query)}


class _Import:
    """One workbook's rows checked and written in the caller's session."""

    def __init__(self, session: Session, actor: Actor, result: TransferResult) -> None:
        self.session, self.actor, self.result = session, actor, result
        self.programs: dict[str, Program | None] = {}

    def error(self, address: str, message: str) -> None:
        self.result.errors.append((address, message))

    def program(self, row: SheetRow) -> Program | None:
        program_id = row.text("program_id")
        if program_id not in self.programs:
            program = self.session.get(Program, program_id) if program_id else None
            if program is not None:
                try:
                    require_editor(self.session, self.actor, program.id)
                except UserError as exc:
                    self.error(row.address("program_id"), exc.message)
                    program = None
            elif program_id:
                self.error(row.address("program_id"), f"Программа «{program_id}» не найдена.")
            self.programs[program_id] = program
        if not program_id:
            self.error(row.address("program_id"), "Укажите ID программы (скопируйте из строки выше).")
        return self.programs[program_id]

    def run(self, book: dict[str, list[SheetRow]]) -> None:
        for row in book.get(GROUPS, []):
            self.group_row(row)
        self.session.flush()
        for row in book.get(INDICATORS, []):
            self.indicator_row(row)
        self.session.flush()
        for row in book.get(PLANS, []):
            self.plan_row(row)

    def find_group(self, program: Program, key: str) -> IndicatorGroup | None:
        groups = self.session.scalars(select(IndicatorGroup).where(IndicatorGroup.program_id == program.id))
        return next((g for g in groups if key and key in (g.number, g.title)), None)

    def group_row(self, row: SheetRow) -> None:
        program = self.program(row)
        number, title = row.text("number"), row.text("title")
        if not title:
            self.error(row.address("title"), "Укажите наименование группы.")
        if program is None or not title:
            return
        group = self.find_group(program, number or title)
        if group is None:
            last = max((g.position for g in program.indicator_groups), default=0)
            self.session.add(IndicatorGroup(program_id=program.id, number=number, title=title, position=last + 1))
            self.result.changes.append(Change(GROUPS, row.address("program_id"), f"группа {number or title}", "новая"))
        elif group.title != title:
            self.result.changes.append(
                Change(
                    GROUPS, row.address("program_id"), f"группа {number}", "изменена", (("title", group.title, title),)
                )
            )
            group.title = title

    def indicator_row(self, row: SheetRow) -> None:
        program = self.program(row)
        entry, state = self.read_indicator(row, program)
        if program is None or entry is None or state is None:
            return
        group = self.find_group(program, row.text("group"))
        if group is None:
            self.error(row.address("group"), f"Группы «{row.text('group')}» нет ни на листе «Группы», ни в каталоге.")
            return
        existing = self.session.scalars(
            select(Indicator)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program.id, Indicator.code == entry.code)
        ).first()
        record, address = f"показатель {entry.code}", row.address("program_id")
        if existing is None:
            indicator = Indicator(group_id=group.id, code=entry.code, name=entry.name, state=state.value)
            indicator.position = max((item.position for item in group.indicators), default=0) + 1
            fill_indicator(indicator, entry)
            self.session.add(indicator)
            self.session.flush()
            link_measures(self.session, indicator.id, entry.measure_ids, program.id)
            self.result.changes.append(Change(INDICATORS, address, record, "новый"))
            return
        check_code(self.session, program.id, entry.code, existing.id)
        changes = fill_changes(existing, entry)
        if existing.group_id != group.id:
            before = self.session.get(IndicatorGroup, existing.group_id) if existing.group_id else None
            changes.append(("group_id", _group_label(before), _group_label(group)))
            existing.group_id = group.id
        if existing.state != state.value:
            changes.append(("state", existing.state, state.value))
            existing.state = state.value
        fill_indicator(existing, entry)
        links = {link.measure_id for link in existing.measure_links}
        link_measures(self.session, existing.id, entry.measure_ids, program.id)
        if links != set(entry.measure_ids):
            changes.append(("measures", len(links), len(entry.measure_ids)))
        if changes:
            self.result.changes.append(Change(INDICATORS, address, record, "изменён", tuple(changes)))

    def read_indicator(
        self, row: SheetRow, program: Program | None
    ) -> tuple[IndicatorInput | None, IndicatorState | None]:
        problems: list[tuple[str, str]] = []
        kind = choice_cell(
            row, "kind", {k.label: k for k in IndicatorKind} | {k.value: k for k in IndicatorKind}, problems
        )
        state = choice_cell(row, "state", {s.label: s for s in IndicatorState} | {"": IndicatorState.ACTIVE}, problems)
        direction = choice_cell(row, "direction", {d.label: d for d in Direction} | {"": Direction.INCREASE}, problems)
        cumulative = choice_cell(row, "cumulative", {YES: True, NO: False, "": False}, problems)
        base_value = number_cell(row, "base_value", problems)
        base_date = date_cell(row, "base_date", problems)
        measure_ids: list[str] = []
        if program is not None and row.text("measures"):
            numbers = {number: mid for mid, number in _measure_numbers(self.session, program.id).items()}
            for wanted in (part.strip() for part in row.text("measures").split(";")):
                key = "".join(wanted.split())
                if key and key in numbers:
                    measure_ids.append(numbers[key])
                elif key:
                    problems.append(("measures", f"Мероприятия № {wanted} в программе нет."))
        entry = None
        if kind is not None and direction is not None and cumulative is not None:
            try:
                entry = IndicatorInput(
                    row.text("code"),
                    row.text("name"),
                    row.text("unit"),
                    kind,
                    bool(cumulative),
                    direction,
                    base_value,
                    base_date,
                    row.text("source"),
                    tuple(measure_ids),
                ).checked()
            except ValidationError as exc:
                known = {key for key, _, _ in COLUMNS[INDICATORS]}
                problems += [(key if key in known else "code", message) for key, message in exc.field_errors.items()]
        for key, message in problems:
            self.error(row.address(key), message)
        return (entry, state) if not problems else (None, None)

    def plan_row(self, row: SheetRow) -> None:
        program = self.program(row)
        if program is None:
            return
        problems: list[tuple[str, str]] = []
        value = number_cell(row, "value", problems)
        code = row.text("code")
        indicator = self.session.scalars(
            select(Indicator)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program.id, Indicator.code == code)
        ).first()
        if indicator is None:
            problems.append(("code", f"Показателя с кодом «{code}» нет в каталоге программы."))
        period = period_cell(row, program, problems)
        territory = self.territory(row, program, problems)
        if indicator is not None and period is not None and territory is not None and not problems:
            before = self.session.scalars(
                select(IndicatorPlan).where(
                    IndicatorPlan.indicator_id == indicator.id,
                    IndicatorPlan.period == period.code,
                    IndicatorPlan.territory == territory,
                )
            ).first()
            old = before.value if before else None
            if value is None and old is None:
                return  # an empty cell where the plan is blank too («-» in the printed table) changes nothing
            try:
                if save_plans(self.session, indicator, program, [PlanCell(territory, period, value)]):
                    action = "новое" if before is None else ("удалено" if value is None else "изменено")
                    record = f"план {code}, {period.label}, {territory or 'в целом'}"
                    fields = (("value", old, value),)
                    self.result.changes.append(Change(PLANS, row.address("program_id"), record, action, fields))
            except ValidationError as exc:
                message = next(iter(exc.field_errors.values()), exc.message)
                problems.append(("period" if "период" in message.casefold() else "value", message))
        for key, message in problems:
            self.error(row.address(key), message)

    def territory(self, row: SheetRow, program: Program, problems: list[tuple[str, str]]) -> str | None:
        text = row.text("territory")
        if text.casefold() in _WHOLE_LABELS:
            return WHOLE
        planned = self.session.scalars(
            select(IndicatorPlan.territory)
            .join(Indicator, IndicatorPlan.indicator_id == Indicator.id)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program.id)
            .distinct()
        )
        names = program_territories(self.session, program, list(planned))
        known = {name.casefold().replace("ё", "е"): name for name in names}
        found = known.get(text.casefold().replace("ё", "е"))
        if found:
            return found
        problems.append(
            ("territory", f"Территория «{text}» не найдена: укажите «Регион в целом» или муниципальное образование.")
        )
        return None


__all__: Sequence[str] = ("CatalogueTransfer", "Change", "TransferResult")


def _group_label(group: IndicatorGroup | None) -> str:
    """«2. Ключевые целевые показатели»: a group as the workbook names it, not by its id."""
    return " ".join(part for part in (group.number, group.title) if part) if group else ""
