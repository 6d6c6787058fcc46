"""Rows of a family list → families checked by the register's own rules, or the reason a row cannot be read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput, check_step, enters_register
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.text import search_key
from desktop_app.family_import.fields import FIELD_BY_KEY
from desktop_app.family_import.mapping import ColumnMapping
from desktop_app.family_import.reader import MAX_CELL_CHARS, FamilySheet, SheetRow
from desktop_app.family_import.values import CellProblem, parse_ages, parse_count, parse_day, parse_stage, parse_yes_no

T = TypeVar("T")
AdultKey = tuple[str, date]  # search_key(full name), birth date: the same adult in any spelling of case or ё


@dataclass(frozen=True)
class ReadFamily:
    """A row that makes a valid family with its first step."""

    number: int
    entry: FamilyInput
    step: StepInput
    adults: tuple[AdultKey, ...]


@dataclass(frozen=True)
class RowProblem:
    number: int
    name: str  # what the row calls the family (its first adult), to show beside the reason
    reason: str  # «строка 7: дата рождения «31.02.1985» — нет такой даты»


RowOutcome = ReadFamily | RowProblem


def imported_reason(source: str) -> str:
    """Why a family enters the register past «кандидат» without the steps between: it came from a list."""
    return f"внесено из списка {source}"


def register_without_papers(stage: FamilyStage, missing: tuple[str, ...]) -> str:
    """Why a row in the register without the ШПР certificate or the conclusion is not loaded, and what to do."""
    return (
        f"этап «{stage.label}», но в списке нет {' и '.join(missing)} — впишите номер и дату в список "
        f"или загрузите семью на этапе «{FamilyStage.DIAGNOSTICS.label}» и включите её в реестр в карточке, "
        "указав причину"
    )


def read_rows(sheet: FamilySheet, mapping: ColumnMapping, today: date, recorded_by: str) -> list[RowOutcome]:
    """Every non-empty row as a family or a problem, in sheet order; ValidationError if the mapping does not fit.

    ``recorded_by`` is named as who took the first step when the row has no supervisor.
    """
    columns = mapping.resolve(sheet.headers)
    outcomes: list[RowOutcome] = []
    for row in sheet.rows:
        cells = {key: row.cells[index].strip() for key, index in columns.items()}
        if not any(cells.values()):
            continue  # a numbered but empty line, or notes in columns nobody maps
        outcomes.append(_RowReader(sheet.source, mapping, row, cells).read(today, recorded_by))
    return outcomes


class _RowReader:
    def __init__(self, source: str, mapping: ColumnMapping, row: SheetRow, cells: dict[str, str]) -> None:
        self.source = source
        self.mapping = mapping
        self.number = row.number
        self.cells = cells
        self.problems: list[str] = []

    def text(self, key: str) -> str:
        return self.cells.get(key, "")

    def value(self, key: str, parse: Callable[[str], T | None], default: T) -> T:
        """The parsed cell, or ``default`` with the problem noted."""
        text = self.text(key)
        try:
            parsed = parse(text)
        except CellProblem as problem:
            self.problems.append(f"{FIELD_BY_KEY[key].noun} «{text}» — {problem.reason}")
            return default
        return default if parsed is None else parsed

    def read(self, today: date, recorded_by: str) -> RowOutcome:
        name = " ".join(self.text("adult1_name").split()) or " ".join(self.text("adult2_name").split())
        long = [FIELD_BY_KEY[key].noun for key, text in self.cells.items() if len(text) > MAX_CELL_CHARS]
        if long:
            return self.problem(name, [f"{noun} — в ячейке больше {MAX_CELL_CHARS} знаков" for noun in long])
        members, slots = self.members()
        ages = self.value("ages", parse_ages, None)
        stage = self.value("stage", parse_stage, FamilyStage.CANDIDATE)
        stage_date = self.value("stage_date", parse_day, None)
        entry = FamilyInput(
            municipality=self.text("municipality") or self.mapping.default_municipality,
            members=members,
            address=self.text("address"),
            household=self.text("household"),
            housing=self.text("housing"),
            capacity=self.value("capacity", parse_count, 1),
            age_from_months=ages[0] if ages else FamilyInput.age_from_months,
            age_to_months=ages[1] if ages else FamilyInput.age_to_months,
            accepts_disability=self.value("accepts_disability", parse_yes_no, False),
            accepts_siblings=self.value("accepts_siblings", parse_yes_no, False),
            shpr_certificate=self.text("shpr_certificate"),
            shpr_date=self.value("shpr_date", parse_day, None),
            conclusion_number=self.text("conclusion_number"),
            conclusion_date=self.value("conclusion_date", parse_day, None),
            supervisor=self.text("supervisor"),
            notes=self.text("notes"),
        )
        if self.problems:
            return self.problem(name, self.problems)
        notes = [imported_reason(self.source)] if stage is FamilyStage.CANDIDATE else []
        if stage_date is None:
            notes.append("дата этапа в списке не указана: поставлена дата загрузки")
        step = StepInput(
            stage=stage,
            on_date=stage_date or today,
            done_by=self.text("supervisor") or recorded_by,
            reason="" if stage is FamilyStage.CANDIDATE else imported_reason(self.source),
            notes="; ".join(notes),
        )
        try:
            checked = entry.checked(today)
        except ValidationError as exc:
            return self.problem(name, [self.explain(key, message, slots) for key, message in exc.field_errors.items()])
        if enters_register(None, stage) and (missing := checked.papers.missing()):
            # The list's own reason («внесено из списка») explains the skipped steps, not a family registered
            # without its papers: that takes a person's reason, given in the family's card.
            return self.problem(name, [register_without_papers(stage, missing)])
        try:
            checked_step = check_step(None, None, step, today)
        except ValidationError as exc:
            keys = {"stage": "stage", "on_date": "stage_date", "done_by": "supervisor", "reason": "stage"}
            return self.problem(
                name, [self.explain(keys[key], message, slots) for key, message in exc.field_errors.items()]
            )
        adults = tuple((search_key(m.full_name), m.birth_date) for m in checked.members if m.birth_date is not None)
        return ReadFamily(self.number, checked, checked_step, adults)

    def members(self) -> tuple[tuple[MemberInput, ...], list[int]]:
        """The adults the row names, and which of the file's adult columns (1 or 2) each came from."""
        members: list[MemberInput] = []
        slots: list[int] = []
        for number in (1, 2):
            prefix = f"adult{number}_"
            if not any(self.text(prefix + kind) for kind in ("name", "birth_date", "phone", "relation")):
                continue
            members.append(
                MemberInput(
                    full_name=self.text(prefix + "name"),
                    birth_date=self.value(prefix + "birth_date", parse_day, None),
                    relation=self.text(prefix + "relation"),
                    phone=self.text(prefix + "phone"),
                )
            )
            slots.append(number)
        return tuple(members), slots

    def explain(self, error_key: str, message: str, slots: list[int]) -> str:
        """A field error of the domain rules, said of the column it came from («дата рождения «…» — …»)."""
        key = _ERROR_FIELDS.get(error_key, error_key)
        if error_key.startswith("members."):
            _members, index, member_field = error_key.split(".", 2)
            key = f"adult{slots[int(index)]}_{'name' if member_field == 'full_name' else member_field}"
        spec = FIELD_BY_KEY.get(key)
        reason = message[:1].lower() + message[1:].rstrip(".")
        if spec is None:
            return reason
        text = self.text(key)
        return f"{spec.noun} «{text}» — {reason}" if text else f"{spec.noun} — {reason}"

    def problem(self, name: str, reasons: list[str]) -> RowProblem:
        return RowProblem(self.number, name, f"строка {self.number}: " + "; ".join(reasons))


_ERROR_FIELDS = {
    "members": "adult1_name",
    "age_from_months": "ages",
    "age_to_months": "ages",
}
